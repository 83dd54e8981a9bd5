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
import * as dataLib from '../../ts/data/index.js';
import { backend } from '../../bindings/index.js';
import { ExponentialDecay } from '../../ts/optimizers/schedules/exponential_decay.js';
import type { StepData, StepLogs } from '../../ts/training/trainer.js';
import { data, expectSame, mlp, train, withExports, withoutInterpreter, type Run } from './compiled_step_helpers.js';

/** Runs `fn` with the heap's allocator observed; returns `[ptr, bytes]` of what it allocated and did not free. */
async function allocatedAndKept(fn: () => Promise<void>): Promise<Array<[number, number]>> {
  // On the prototype: the recorder puts its own wrappers on the instance and removes them after.
  const proto = Object.getPrototypeOf(backend().heap) as { alloc: (b: number, w?: string) => number; free: (p: number, w?: string) => void };
  const { alloc, free } = proto;
  const kept = new Map<number, number>();
  proto.alloc = function (this: unknown, bytes: number, what?: string) {
    const p = alloc.call(this, bytes, what);
    kept.set(p, bytes);
    return p;
  };
  proto.free = function (this: unknown, ptr: number, what?: string) {
    kept.delete(ptr);
    free.call(this, ptr, what);
  };
  try {
    await fn();
  } finally {
    proto.alloc = alloc;
    proto.free = free;
  }
  return [...kept];
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

  it('follows a learning-rate schedule, ReduceLROnPlateau and validation exactly', async () => {
    const sched = () => new optimizers.Adam({ learningRate: new ExponentialDecay({ initialLearningRate: 0.05, decaySteps: 3, decayRate: 0.5 }) });
    const args = { epochs: 3, batchSize: 16 };
    expectSame(await train(mlp, true, args, sched), await train(mlp, false, args, sched));
    // Plateau: the rate is cut between epochs by a callback; the plan reads it at every step.
    const plateau = () => ({ epochs: 6, batchSize: 16, validationSplit: 0.25, callbacks: [new ReduceLROnPlateau({ monitor: 'loss', patience: 0, factor: 0.5, minDelta: 10 })] });
    const eager = await train(mlp, false, plateau(), () => new optimizers.SGD({ learningRate: 0.1, momentum: 0.9 }));
    const jit = await train(mlp, true, plateau(), () => new optimizers.SGD({ learningRate: 0.1, momentum: 0.9 }));
    expect(jit.model.trainer.optimizer!.learningRate).toBeLessThan(0.1 / 8);
    expect(jit.model.trainer.lastCompiledStep?.replayed).toBeGreaterThan(0);
    expectSame(jit, eager);
  });

  it('compiles a small CNN (Conv2D, MaxPooling2D, Flatten) with identical results', async () => {
    const cnn = (): Model => {
      setSeed(5);
      return new Sequential([input({ shape: [8, 8, 2] }), layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu' }),
        layers.maxPooling2d({ poolSize: 2 }), layers.flatten(), layers.dense({ units: 5, activation: 'softmax' })]);
    };
    const args = { epochs: 2, batchSize: 10 };
    const eager = await train(cnn, false, args, () => new optimizers.Adam(), 60, [8, 8, 2]);
    const jit = await train(cnn, true, args, () => new optimizers.Adam(), 60, [8, 8, 2]);
    expect(jit.model.trainer.lastCompiledStep?.reason).toBeUndefined();
    expect(jit.model.trainer.lastCompiledStep?.replayed).toBe(2 * 6 - 3);
    expectSame(jit, eager);
  });

  // Dropout: the plan patches each mask's seed/offset per step and advances the layers'
  // generators (the global stream, a seeded layer's call count) as the eager step does.
  const dropoutNet = (seed1: number | null, seed2: number | null) => (): Model => {
    setSeed(3);
    return new Sequential([input({ shape: [20] }), layers.dense({ units: 16, activation: 'relu' }), layers.dropout({ rate: 0.5, seed: seed1 }),
      layers.dense({ units: 16, activation: 'relu' }), layers.dropout({ rate: 0.25, seed: seed2 }), layers.dense({ units: 5, activation: 'softmax' })]);
  };

  for (const [label, s1, s2] of [['unseeded', null, null], ['seeded', 7, 8], ['mixed', 7, null]] as const) {
    it(`Dropout (${label}): identical weights, Adam slots and history to the eager step over several epochs`, async () => {
      const args = { epochs: 4, batchSize: 16, validationSplit: 0.2 };
      const eager = await train(dropoutNet(s1, s2), false, args, () => new optimizers.Adam({ learningRate: 0.01 }));
      const after = (await import('../../ts/tensor/random.js')).getRandomState();
      const jit = await train(dropoutNet(s1, s2), true, args, () => new optimizers.Adam({ learningRate: 0.01 }));
      expect(jit.model.trainer.lastCompiledStep?.reason).toBeUndefined();
      expect(jit.model.trainer.lastCompiledStep?.replayed).toBe(4 * 5 - 3);
      expectSame(jit, eager);
      // The global stream ends where the eager run left it.
      expect((await import('../../ts/tensor/random.js')).getRandomState()).toEqual(after);
    });
  }

  it('the noise layers (GaussianNoise, GaussianDropout, AlphaDropout) compile with identical results', async () => {
    for (const seed of [null, 9]) {
      const noisy = (): Model => {
        setSeed(12);
        return new Sequential([input({ shape: [20] }), layers.dense({ units: 16, activation: 'selu' }), layers.gaussianNoise({ stddev: 0.2, seed }),
          layers.alphaDropout({ rate: 0.2, seed, noiseShape: [null, 1] }), layers.dense({ units: 12, activation: 'relu' }), layers.gaussianDropout({ rate: 0.3, seed }),
          layers.alphaDropout({ rate: 0.1 }), layers.dense({ units: 5, activation: 'softmax' })]);
      };
      const args = { epochs: 3, batchSize: 16 };
      const eager = await train(noisy, false, args, () => new optimizers.Adam({ learningRate: 0.01 }));
      const jit = await train(noisy, true, args, () => new optimizers.Adam({ learningRate: 0.01 }));
      expect(jit.model.trainer.lastCompiledStep?.replayed).toBe(3 * 6 - 3);
      expectSame(jit, eager);
    }
  });

  it('two Dropout layers draw different masks, step after step, as in the eager step', async () => {
    const be = backend();
    const ex = be.ex as unknown as Record<string, unknown>;
    const run = async (jit: boolean, s1: number | null, s2: number | null) => {
      const masks: string[] = [];
      const f = ex.kx_dropout as (...a: number[]) => number;
      const spying = { ...ex, kx_dropout: (...a: number[]) => {
        const r = f(...a);
        // Through the memory itself: the recorder would take a heap read for a data-dependent decision.
        masks.push(Buffer.from(be.heap.memory.buffer, a[2]!, 4 * a[3]!).toString('base64'));
        return r;
      } };
      // The JS replay, whose kernel calls can be watched (compiled_step_wasm.test.ts: the interpreter gives the same bits).
      await withExports(() => withoutInterpreter(spying), async () => {
        const m = await train(dropoutNet(s1, s2), jit, { epochs: 2, batchSize: 16 }, () => new optimizers.Adam());
        if (jit) expect(m.model.trainer.lastCompiledStep?.replayed).toBe(2 * 6 - 3);
      });
      return masks;
    };
    for (const [s1, s2] of [[null, null], [7, 8]] as const) {
      const jit = await run(true, s1, s2), eager = await run(false, s1, s2);
      // The compiled run re-checks its first replay eagerly: one step's two masks twice.
      const i = 2 * 4;
      expect([...jit.slice(0, i), ...jit.slice(i + 2)]).toEqual(eager);
      expect(jit.length).toBe(2 * 7 * 2 + 2);
      for (let c = 0; c + 1 < eager.length; c += 2) {
        // Both layers see [16, 16], each its own stream (the global one at different offsets, or their own seeds).
        expect(eager[c]).not.toBe(eager[c + 1]);
        if (c >= 2) expect(eager[c]).not.toBe(eager[c - 2]);
      }
    }
  });

  it('sees weights a callback sets between epochs', async () => {
    const reset = (): Record<string, unknown> => {
      let saved: (Float32Array | Int32Array)[] | undefined;
      let model: Model | undefined;
      const cb = new LambdaCallback({
        onTrainBegin: () => { saved = model!.getWeights(); },
        onEpochEnd: (e: number) => { if (e === 1) model!.setWeights(saved!.map((w) => (w as Float32Array).map((v) => v * 0.5))); },
      });
      return { epochs: 4, batchSize: 16, callbacks: [cb], bind: (m: Model) => (model = m) };
    };
    const run = async (jit: boolean) => {
      const a = reset();
      const bind = a.bind as (m: Model) => void;
      delete a.bind;
      const { x, y } = data(100, [20], 5);
      const m = mlp();
      bind(m);
      m.compile({ optimizer: new optimizers.Adam({ learningRate: 0.01 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'], jitCompile: jit });
      const h = await m.fit(x, y, { verbose: 0, ...a });
      return { weights: m.weights.map((w) => w.dataSync() as Float32Array), opt: m.trainer.optimizer!.getVariables().map((v) => Float32Array.from(v.values)), history: h.history as Record<string, number[]>, model: m };
    };
    const jit = await run(true);
    expect(jit.model.trainer.lastCompiledStep?.replayed).toBe(4 * 6 - 3);
    expectSame(jit, await run(false));
  });

  it('compiles the step of a fit on a data set (partial last batch eager)', async () => {
    const run = async (jit: boolean) => {
      const { x, y } = data(100, [20], 5);
      const m = mlp();
      m.compile({ optimizer: new optimizers.Adam({ learningRate: 0.01 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'], jitCompile: jit });
      const h = await m.fit(dataLib.fromTensorSlices([x, y]).batch(16), { epochs: 3, verbose: 0 });
      return { weights: m.weights.map((w) => w.dataSync() as Float32Array), opt: m.trainer.optimizer!.getVariables().map((v) => Float32Array.from(v.values)), history: h.history as Record<string, number[]>, model: m };
    };
    const jit = await run(true);
    expect(jit.model.trainer.lastCompiledStep?.replayed).toBe(3 * 6 - 3);
    expectSame(jit, await run(false));
  });

  it('compiles every allow-listed layer kind with identical results', async () => {
    const seq1d = (): Model => {
      setSeed(6);
      return new Sequential([input({ shape: [20] }), layers.reshape({ targetShape: [10, 2] }), layers.conv1d({ filters: 3, kernelSize: 3 }),
        layers.leakyReLU(), layers.maxPooling1d({ poolSize: 2 }), layers.averagePooling1d({ poolSize: 2 }), layers.globalMaxPooling1d(),
        layers.dense({ units: 5 }), layers.softmax()]);
    };
    const seq2d = (): Model => {
      setSeed(7);
      return new Sequential([input({ shape: [20] }), layers.reshape({ targetShape: [5, 2, 2] }), layers.conv2d({ filters: 3, kernelSize: 2, padding: 'same' }),
        layers.reLU(), layers.averagePooling2d({ poolSize: [1, 2], padding: 'same' }), layers.globalAveragePooling2d(),
        layers.dense({ units: 6 }), layers.activation({ activation: 'tanh' }), layers.dense({ units: 5, activation: 'softmax' })]);
    };
    const pools = (): Model => {
      setSeed(8);
      return new Sequential([input({ shape: [20] }), layers.reshape({ targetShape: [4, 5] }), layers.globalAveragePooling1d(), layers.dense({ units: 5, activation: 'softmax' })]);
    };
    const pools2 = (): Model => {
      setSeed(9);
      return new Sequential([input({ shape: [20] }), layers.reshape({ targetShape: [2, 5, 2] }), layers.globalMaxPooling2d(), layers.dense({ units: 5, activation: 'softmax' })]);
    };
    for (const build of [seq1d, seq2d, pools, pools2]) {
      const args = { epochs: 2, batchSize: 16 };
      const jit = await train(build, true, args, () => new optimizers.Adam({ learningRate: 0.01 }));
      expect(jit.model.trainer.lastCompiledStep?.replayed).toBe(2 * 6 - 3);
      expectSame(jit, await train(build, false, args, () => new optimizers.Adam({ learningRate: 0.01 })));
    }
  });

  it('a warm compiled step replayed from JS makes a fixed number of WASM calls and no allocator calls', async () => {
    const { x, y } = data(64, [20], 5);
    const m = mlp();
    m.compile({ optimizer: new optimizers.Adam(), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'], jitCompile: true });
    const be = backend();
    const ex = be.ex as unknown as Record<string, unknown>;
    let calls = 0;
    const counting: Record<string, unknown> = {};
    for (const k of Object.keys(ex)) {
      const f = ex[k];
      counting[k] = typeof f === 'function' && k.startsWith('kx_') ? (...a: unknown[]) => (calls++, (f as (...b: unknown[]) => unknown)(...a)) : f;
    }
    const perStep: number[] = [];
    const alloc: number[] = [];
    let before = 0;
    const hook = new LambdaCallback({
      // Batches of the second epoch are all replayed; count from the batch's creation to the end of its step.
      onEpochBegin: (e: number) => {
        if (e !== 1) return;
        alloc.push(be.memoryInfo().allocatorCalls);
        before = calls;
      },
      onTrainBatchEnd: () => {
        perStep.push(calls - before);
        before = calls;
      },
      onEpochEnd: (e: number) => {
        if (e === 1) alloc.push(be.memoryInfo().allocatorCalls);
      },
    });
    // Counting from the start: the plan binds the kernels it recorded. The JS replay here; the interpreter: compiled_step_wasm.test.ts.
    (be as unknown as { ex: unknown }).ex = withoutInterpreter(counting);
    try {
      await m.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, callbacks: [hook] });
    } finally {
      (be as unknown as { ex: unknown }).ex = ex;
    }
    expect(m.trainer.lastCompiledStep?.replayed).toBe(4 + 1);
    const epoch1 = perStep.slice(4);
    expect(epoch1).toHaveLength(4);
    // 14 recorded forward/backward calls + 1 optimizer + 5 accuracy + 2 batch gathers (eager: the same kernels).
    for (const n of epoch1) expect(n).toBeLessThanOrEqual(22);
    expect(new Set(epoch1).size).toBe(1);
    expect(alloc[1]).toBe(alloc[0]);
  });

  it('refuses a plan whose first replay differs from the eager step, and keeps the eager result', async () => {
    const be = backend();
    const ex = be.ex as unknown as Record<string, unknown>;
    const tampered: Record<string, unknown> = withoutInterpreter(ex);
    // A fault only the plan's own kernel calls see: the first GEMM output element is nudged.
    const gemm = ex.kx_gemm as (...a: number[]) => number;
    tampered.kx_gemm = (...a: number[]) => {
      const r = gemm(...a);
      if (new Error().stack!.includes('Plan.run')) be.heap.f32[a[12]! >>> 2] += 1e-3;
      return r;
    };
    (be as unknown as { ex: unknown }).ex = tampered;
    let run: Run;
    try {
      run = await train(mlp, 'auto', { epochs: 10, batchSize: 16 }, () => new optimizers.Adam());
    } finally {
      (be as unknown as { ex: unknown }).ex = ex;
    }
    expect(run.model.trainer.lastCompiledStep?.reason).toMatch(/first replay differed/);
    expect(run.model.trainer.lastCompiledStep?.replayed).toBe(0);
    expectSame(run, await train(mlp, false, { epochs: 10, batchSize: 16 }, () => new optimizers.Adam()));
  });

  it("falls back to the eager step for a stateful layer and a custom trainStep ('auto' silently, true with an error)", async () => {
    const withDropout = (): Model => {
      setSeed(2);
      return new Sequential([input({ shape: [20] }), layers.dense({ units: 8, activation: 'relu' }), layers.batchNormalization(), layers.dense({ units: 5, activation: 'softmax' })]);
    };
    const args = { epochs: 2, batchSize: 16 };
    const auto = await train(withDropout, 'auto', args, () => new optimizers.Adam());
    expect(auto.model.trainer.lastCompiledStep?.reason).toMatch(/BatchNormalization/);
    expect(auto.model.trainer.lastCompiledStep?.replayed).toBe(0);
    expectSame(auto, await train(withDropout, false, args, () => new optimizers.Adam()));
    await expect(train(withDropout, true, args, () => new optimizers.Adam())).rejects.toThrow(/jitCompile=true.*BatchNormalization/);
    const noiseShaped = (): Model => {
      setSeed(2);
      return new Sequential([input({ shape: [20] }), layers.dropout({ rate: 0.5, noiseShape: [null, 1] }), layers.dense({ units: 5, activation: 'softmax' })]);
    };
    await expect(train(noiseShaped, true, args, () => new optimizers.Adam())).rejects.toThrow(/noiseShape/);

    class Custom extends Sequential {
      steps = 0;
      override trainStep(d: StepData): StepLogs {
        this.steps++;
        return super.trainStep(d);
      }
    }
    const custom = (): Model => {
      setSeed(11);
      return new Custom([input({ shape: [20] }), layers.dense({ units: 16, activation: 'relu' }), layers.dense({ units: 5, activation: 'softmax' })]);
    };
    const c = await train(custom, 'auto', args, () => new optimizers.Adam());
    expect((c.model as Custom).steps).toBe(2 * 7);
    expect(c.model.trainer.lastCompiledStep?.reason).toMatch(/overrides trainStep/);
    await expect(train(custom, true, args, () => new optimizers.Adam())).rejects.toThrow(/overrides trainStep/);
  });

  it('falls back for sample weights, and refuses a bad jitCompile value', async () => {
    const { x, y } = data(40, [20], 5);
    const m = mlp();
    m.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', jitCompile: 'auto' });
    await m.fit(x, y, { epochs: 13, batchSize: 8, verbose: 0, classWeight: { 0: 2, 1: 1, 2: 1, 3: 1, 4: 1 } });
    expect(m.trainer.lastCompiledStep?.reason).toMatch(/weights/);
    // 'auto' does not record for a fit too short to pay for it; true does.
    await m.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
    expect(m.trainer.lastCompiledStep?.reason).toMatch(/5 steps, too few/);
    m.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', jitCompile: true });
    await expect(m.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0, sampleWeight: new Float32Array(40).fill(1) })).rejects.toThrow(/sample or class weights/);
    expect(() => m.compile({ optimizer: 'adam', loss: 'mse', jitCompile: 'yes' as never })).toThrow(/jitCompile/);
  });

  it('frees every buffer of the plan when fit ends or throws', async () => {
    const { x, y } = data(96, [20], 5);
    const m = mlp();
    m.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'], jitCompile: true });
    await m.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
    const bad = Int32Array.from(y.dataSync() as Int32Array);
    bad[90] = 9;
    const badY = tensor(Array.from(bad), [96], 'int32');
    // Buffers allocated during a fit and not freed by its end. (Comparing heap totals before and
    // after is not enough: the tensor reclaimer may free an earlier test's garbage in between.)
    const held = await allocatedAndKept(async () => {
      await m.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
    });
    expect(m.trainer.lastCompiledStep?.replayed).toBe(2 * 12 - 3);
    expect(held).toEqual([]);
    const heldAfterThrow = await allocatedAndKept(async () => {
      await expect(m.fit(x, badY, { epochs: 1, batchSize: 8, verbose: 0, shuffle: false })).rejects.toThrow(/labels/);
    });
    expect(heldAfterThrow).toEqual([]);
  });

  it('a label out of range still raises the loss error in a compiled step', async () => {
    const { x, y } = data(64, [20], 5);
    const bad = y.dataSync() as Int32Array;
    bad[60] = 7;
    const y2 = tensor(Array.from(bad), [64], 'int32');
    const m = mlp();
    m.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', jitCompile: true });
    await expect(m.fit(x, y2, { epochs: 1, batchSize: 8, verbose: 0, shuffle: false })).rejects.toThrow(/labels must be integers in \[0, 5\).*=7/);
    expect(m.trainer.lastCompiledStep?.replayed).toBe(4);
  });
});
