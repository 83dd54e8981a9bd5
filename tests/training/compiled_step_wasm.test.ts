// The compiled step's WASM interpreter (kx_plan_run): a warm step's forward/backward is one
// WASM call, with exactly the bits of the JS replay of each kernel call (and so of the eager
// step); a plan whose interpreted replay differs is refused like any other.

import { describe, expect, it } from 'vitest';
import { Sequential } from '../../ts/models/sequential.js';
import type { Model } from '../../ts/models/model.js';
import * as layers from '../../ts/layers/index.js';
import { input } from '../../ts/layers/input_layer.js';
import * as optimizers from '../../ts/optimizers/index.js';
import { LambdaCallback } from '../../ts/callbacks/index.js';
import { setSeed } from '../../ts/tensor/random.js';
import { backend } from '../../bindings/index.js';
import { data, expectSame, mlp, train, withExports, withoutInterpreter, type Build } from './compiled_step_helpers.js';

/** The bench's CNN shape, small: Conv2D → MaxPooling2D → Conv2D → MaxPooling2D → Flatten → Dense → Dropout → Dense. */
const cnn = (): Model => {
  setSeed(4);
  return new Sequential([input({ shape: [10, 10, 1] }), layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu' }), layers.maxPooling2d({ poolSize: 2 }),
    layers.conv2d({ filters: 6, kernelSize: 2, activation: 'relu' }), layers.maxPooling2d({ poolSize: 2 }), layers.flatten(),
    layers.dense({ units: 8, activation: 'relu' }), layers.dropout({ rate: 0.5 }), layers.dense({ units: 5, activation: 'softmax' })]);
};

const models: Array<[string, Build, number[]]> = [['MLP', mlp, [20]], ['CNN with Dropout', cnn, [10, 10, 1]]];

describe('compiled step interpreter (kx_plan_run)', () => {
  for (const [name, build, shape] of models) {
    it(`${name}: identical weights, Adam slots and history to the JS replay and to the eager step`, async () => {
      const args = { epochs: 3, batchSize: 16 };
      const adam = () => new optimizers.Adam({ learningRate: 0.01 });
      const wasm = await train(build, true, args, adam, 96, shape);
      const js = await withExports(withoutInterpreter, () => train(build, true, args, adam, 96, shape));
      const eager = await train(build, false, args, adam, 96, shape);
      for (const r of [wasm, js]) expect(r.model.trainer.lastCompiledStep?.replayed).toBe(3 * 6 - 3);
      expectSame(wasm, js);
      expectSame(wasm, eager);
    });

    it(`${name}: a warm step calls kx_plan_run once and no other forward/backward kernel, and no allocator`, async () => {
      const { x, y } = data(64, shape, 5);
      const m = build();
      m.compile({ optimizer: new optimizers.Adam(), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'], jitCompile: true });
      const be = backend();
      const byName = new Map<string, number>();
      const counting = (ex: Record<string, unknown>) => Object.fromEntries(Object.entries(ex).map(([k, f]) => [k,
        typeof f === 'function' && k.startsWith('kx_') ? (...a: unknown[]) => (byName.set(k, (byName.get(k) ?? 0) + 1), (f as (...b: unknown[]) => unknown)(...a)) : f]));
      const steps: Array<Map<string, number>> = [];
      const alloc: number[] = [];
      const hook = new LambdaCallback({
        onEpochBegin: (e: number) => void (e === 1 && alloc.push(be.memoryInfo().allocatorCalls)),
        onTrainBatchBegin: () => byName.clear(),
        onTrainBatchEnd: () => void steps.push(new Map(byName)),
        onEpochEnd: (e: number) => void (e === 1 && alloc.push(be.memoryInfo().allocatorCalls)),
      });
      // Counting from the start: the plan binds kx_plan_run when it is made.
      await withExports(counting, () => m.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, callbacks: [hook] }));
      expect(m.trainer.lastCompiledStep?.replayed).toBe(4 + 1);
      const warm = steps.slice(4);
      expect(warm).toHaveLength(4);
      for (const s of warm) {
        expect(s.get('kx_plan_run')).toBe(1);
        // What is left is the eager finish (optimizer, metrics), which H-A's work trims: no forward/backward kernel.
        for (const k of ['kx_gemm', 'kx_unary', 'kx_unary_backward', 'kx_softmax_xent_sparse', 'kx_conv2d', 'kx_max_pool2d', 'kx_dropout']) expect(s.get(k)).toBeUndefined();
        const total = [...s.values()].reduce((a, b) => a + b, 0);
        expect(total).toBeLessThanOrEqual(8);
      }
      expect(alloc[1]).toBe(alloc[0]);
    });
  }

  it('refuses a plan whose first interpreted replay differs from the eager step, and keeps the eager result', async () => {
    const be = backend();
    // A fault only the interpreter sees: the first GEMM's input is nudged while it runs.
    const tamper = (ex: Record<string, unknown>) => {
      const run = ex.kx_plan_run as (...a: number[]) => number;
      return { ...ex, kx_plan_run: (...a: number[]) => {
        const words = new Float64Array(be.heap.memory.buffer, a[0]!, a[1]!);
        const f32 = new Float32Array(be.heap.memory.buffer);
        const p = words[2 + 4]! / 4; // kx_gemm's `a`
        const old = f32[p]!;
        f32[p] = old + 1e-3;
        try {
          return run(...a);
        } finally {
          f32[p] = old;
        }
      } };
    };
    const run = await withExports(tamper, () => train(mlp, 'auto', { epochs: 10, batchSize: 16 }, () => new optimizers.Adam()));
    expect(run.model.trainer.lastCompiledStep?.reason).toMatch(/first replay differed/);
    expect(run.model.trainer.lastCompiledStep?.replayed).toBe(0);
    expectSame(run, await train(mlp, false, { epochs: 10, batchSize: 16 }, () => new optimizers.Adam()));
  });
});
