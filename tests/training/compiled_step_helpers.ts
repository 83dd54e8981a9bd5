// Shared by the compiled-step tests: data, the small MLP, a fit that returns every bit of
// state to compare, and a way to run with the backend's exports swapped.

import { expect } from 'vitest';
import { Sequential } from '../../ts/models/sequential.js';
import type { Model } from '../../ts/models/model.js';
import * as layers from '../../ts/layers/index.js';
import { input } from '../../ts/layers/input_layer.js';
import type * as optimizers from '../../ts/optimizers/index.js';
import { tensor } from '../../ts/tensor/creation.js';
import { setSeed } from '../../ts/tensor/random.js';
import { backend } from '../../bindings/index.js';
import type { Tensor } from '../../ts/tensor/tensor.js';

/** Deterministic pseudo-random data: n samples of `shape`, labels in [0, classes). */
export function data(n: number, shape: number[], classes: number, seed = 1): { x: Tensor; y: Tensor } {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const size = shape.reduce((a, b) => a * b, 1);
  const xs = new Float32Array(n * size).map(() => rnd() * 2 - 1);
  const ys = Array.from({ length: n }, () => Math.floor(rnd() * classes));
  return { x: tensor(xs, [n, ...shape]), y: tensor(ys, [n], 'int32') };
}

export type Build = () => Model;

export const mlp = (): Model => {
  setSeed(11);
  return new Sequential([input({ shape: [20] }), layers.dense({ units: 16, activation: 'relu' }), layers.dense({ units: 5, activation: 'softmax' })]);
};

export interface Run { weights: Float32Array[]; opt: Float32Array[]; history: Record<string, number[]>; model: Model }

export async function train(build: Build, jit: boolean | 'auto', fitArgs: Record<string, unknown>, opt: () => optimizers.Optimizer, n = 100, shape = [20]): Promise<Run> {
  const { x, y } = data(n, shape, 5);
  const metrics: 'accuracy'[] = ['accuracy'];
  const m = build();
  m.compile({ optimizer: opt(), loss: 'sparse_categorical_crossentropy', metrics, jitCompile: jit });
  const h = await m.fit(x, y, { verbose: 0, ...fitArgs });
  const o = m.trainer.optimizer!;
  return {
    weights: m.weights.map((w) => w.dataSync() as Float32Array),
    opt: o.getVariables().map((v) => Float32Array.from(v.values)),
    history: h.history as Record<string, number[]>, model: m,
  };
}

export function expectSame(a: Run, b: Run): void {
  expect(a.weights.length).toBe(b.weights.length);
  a.weights.forEach((w, i) => expect(Buffer.from(w.buffer).equals(Buffer.from(b.weights[i]!.buffer))).toBe(true));
  expect(a.opt.length).toBe(b.opt.length);
  a.opt.forEach((w, i) => expect(Buffer.from(w.buffer).equals(Buffer.from(b.opt[i]!.buffer))).toBe(true));
  expect(a.history).toEqual(b.history);
}

/** Runs `fn` with the backend's exports replaced by `edit(original)` (restored after). */
export async function withExports<T>(edit: (ex: Record<string, unknown>) => Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
  const be = backend();
  const ex = be.ex as unknown as Record<string, unknown>;
  (be as unknown as { ex: unknown }).ex = edit(ex);
  try {
    return await fn();
  } finally {
    (be as unknown as { ex: unknown }).ex = ex;
  }
}

/** The exports without the plan interpreter: a compiled step then replays each kernel call from JS. */
export const withoutInterpreter = (ex: Record<string, unknown>): Record<string, unknown> => {
  const { kx_plan_run: _run, ...rest } = ex;
  return rest;
};
