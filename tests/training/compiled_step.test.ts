// The compiled training step (`compile({ jitCompile })`): bit-for-bit the eager step's
// weights, optimizer state and history; a warm compiled step allocates nothing; models it
// cannot verify fall back (silently for 'auto', with an error for true).

import { describe, expect, it } from 'vitest';
import { Sequential } from '../../ts/models/sequential.js';
import { Model } from '../../ts/models/model.js';
import * as layers from '../../ts/layers/index.js';
import { input } from '../../ts/layers/input_layer.js';
import * as optimizers from '../../ts/optimizers/index.js';
import { LambdaCallback, ReduceLROnPlateau } from '../../ts/callbacks/index.js';
import { tensor } from '../../ts/tensor/creation.js';
import { setSeed } from '../../ts/tensor/random.js';
import { backend } from '../../bindings/index.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import type { Layer } from '../../ts/layers/layer.js';

/** Deterministic pseudo-random data: n samples of `shape`, labels in [0, classes). */
function data(n: number, shape: number[], classes: number, seed = 1): { x: Tensor; y: Tensor } {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const size = shape.reduce((a, b) => a * b, 1);
  const xs = new Float32Array(n * size).map(() => rnd() * 2 - 1);
  const ys = Array.from({ length: n }, () => Math.floor(rnd() * classes));
  return { x: tensor(xs, [n, ...shape]), y: tensor(ys, [n], 'int32') };
}

type Build = () => Model;

const mlp = (): Model => {
  setSeed(11);
  return new Sequential([input({ shape: [20] }), layers.dense({ units: 16, activation: 'relu' }), layers.dense({ units: 5, activation: 'softmax' })]);
};

interface Run { weights: Float32Array[]; opt: Float32Array[]; history: Record<string, number[]>; model: Model }

async function train(build: Build, jit: boolean | 'auto', fitArgs: Record<string, unknown>, opt: () => optimizers.Optimizer, n = 100, metrics: ('accuracy' | 'mse')[] = ['accuracy']): Promise<Run> {
  const { x, y } = data(n, [20], 5);
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

function expectSame(a: Run, b: Run): void {
  expect(a.weights.length).toBe(b.weights.length);
  a.weights.forEach((w, i) => expect(Buffer.from(w.buffer).equals(Buffer.from(b.weights[i]!.buffer))).toBe(true));
  expect(a.opt.length).toBe(b.opt.length);
  a.opt.forEach((w, i) => expect(Buffer.from(w.buffer).equals(Buffer.from(b.opt[i]!.buffer))).toBe(true));
  expect(a.history).toEqual(b.history);
}

describe('compiled training step (jitCompile)', () => {
  for (const batchSize of [8, 32, 30]) {
    it(`MLP, batch ${batchSize}: identical weights, Adam slots and history to the eager step`, async () => {
      const args = { epochs: 3, batchSize };
      const eager = await train(mlp, false, args, () => new optimizers.Adam({ learningRate: 0.01 }));
      const jit = await train(mlp, true, args, () => new optimizers.Adam({ learningRate: 0.01 }));
      expect(jit.model.trainer.lastCompiledStep?.reason).toBeUndefined();
      expect(jit.model.trainer.lastCompiledStep?.replayed).toBe(3 * Math.floor(100 / batchSize) - 3); // all full batches but warm-up and the two recorded
      expectSame(jit, eager);
    });
  }
});
