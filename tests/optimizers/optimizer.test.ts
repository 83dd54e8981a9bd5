// The Optimizer object: state and its memory, thread-count independence, the registry,
// configs, and Keras-style errors.

import { describe, expect, it } from 'vitest';
import { backendInfo, setThreadCount } from '../../bindings/index.js';
import { Variable } from '../../ts/autograd/variable.js';
import { memory } from '../../ts/autograd/gradients.js';
import { tensor } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import * as optimizers from '../../ts/optimizers/index.js';
import * as schedules from '../../ts/optimizers/schedules/index.js';
import type { Optimizer } from '../../ts/optimizers/optimizer.js';
import { randomArray } from '../helpers/backends.js';

/** One optimizer of every kind and option family the kernel distinguishes. */
function everyOptimizer(): Optimizer[] {
  const O = optimizers;
  return [
    new O.SGD(), new O.SGD({ momentum: 0.9 }), new O.SGD({ momentum: 0.9, nesterov: true, clipnorm: 0.5 }),
    new O.RMSprop(), new O.RMSprop({ momentum: 0.5 }), new O.RMSprop({ centered: true }),
    new O.RMSprop({ centered: true, momentum: 0.9, globalClipnorm: 1 }),
    new O.Adagrad({ clipvalue: 0.1 }), new O.Adadelta({ weightDecay: 0.01 }),
    new O.Adam(), new O.Adam({ amsgrad: true, globalClipnorm: 2 }), new O.AdamW(),
    new O.Adamax(), new O.Nadam({ clipnorm: 1 }), new O.Lion({ weightDecay: 0.1 }),
    new O.Adam({ learningRate: new schedules.CosineDecayRestarts({ initialLearningRate: 0.01, firstDecaySteps: 3 }) }),
  ];
}

function makeVars(lens: number[], seed = 1): Variable[] {
  return lens.map((n, i) => new Variable(tensor(randomArray(n, seed + i)), { name: `w${i}` }));
}

function makeGrads(lens: number[], step: number): Tensor[] {
  return lens.map((n, i) => tensor(randomArray(n, 1000 * (step + 1) + i)));
}

describe('state and memory', () => {
  it('slots are created on the first step; no WASM buffer or tensor is allocated once warm', () => {
    const lens = [6, 2, 33];
    for (const o of everyOptimizer()) {
      const vars = makeVars(lens);
      const grads = makeGrads(lens, 0);
      const before = memory();
      o.applyGradients(grads.map((g, i) => [g, vars[i]!] as const));
      const warm = memory();
      expect(warm.numBuffers, `${o.className}: slots + table + hyper`).toBeGreaterThanOrEqual(before.numBuffers + 2);
      for (let s = 0; s < 5; s++) o.applyGradients(grads.map((g, i) => [g, vars[i]!] as const));
      const after = memory();
      expect(after.numBuffers, o.className).toBe(warm.numBuffers);
      expect(after.numTensors, o.className).toBe(warm.numTensors);
      expect(after.numBytes, o.className).toBe(warm.numBytes);
      o.dispose();
      expect(memory().numBuffers, `${o.className}: dispose frees everything it made`).toBe(before.numBuffers);
      expect(memory().numTensors, o.className).toBe(before.numTensors);
      [...vars, ...grads].forEach((t) => t.dispose());
    }
  });

  it('iterations counts applied steps; variables() are in Keras order with Keras names', () => {
    const o = new optimizers.Adam({ amsgrad: true });
    expect(o.iterations).toBe(0);
    const [k, b] = makeVars([4, 2]);
    const gs = makeGrads([4, 2], 0);
    expect(o.applyGradients([[gs[0]!, k!], [gs[1]!, b!]])).toBe(1);
    o.applyGradients([[gs[0]!, k!], [gs[1]!, b!]]);
    expect(o.iterations).toBe(2);
    expect(o.variables().map((v) => v.name)).toEqual([
      'iteration', 'learning_rate', 'w0_momentum', 'w0_velocity', 'w1_momentum', 'w1_velocity', 'w0_velocity_hat', 'w1_velocity_hat',
    ]);
    expect(o.variables()[0]!.dataSync()[0]).toBe(2);
    expect(o.variables().every((v) => !v.trainable)).toBe(true);
    [k, b, ...gs].forEach((t) => t!.dispose());
    o.dispose();
    expect(o.variables()).toEqual([]);
  });

  it('null gradients are skipped (their slots stay untouched)', () => {
    const o = new optimizers.SGD({ momentum: 0.9 });
    const [a, b] = makeVars([3, 3]);
    const g = tensor([1, 1, 1]);
    const b0 = Array.from(b!.dataSync());
    o.applyGradients([[g, a!], [null, b!]]);
    expect(Array.from(b!.dataSync())).toEqual(b0);
    expect(Array.from(o.variables().find((v) => v.name === 'w1_momentum')!.dataSync())).toEqual([0, 0, 0]);
    [a, b, g].forEach((t) => t!.dispose());
    o.dispose();
  });

  it('setWeights copies another optimizer’s state (Keras test_set_weights)', () => {
    const [x] = makeVars([4]);
    const g = tensor([1, 2, 3, 4]);
    const o1 = new optimizers.Nadam();
    o1.applyGradients([[g, x!]]);
    o1.applyGradients([[g, x!]]);
    const o2 = new optimizers.Nadam();
    expect(() => o2.setWeights(o1.variables())).toThrow(/Nadam 'nadam'\.setVariables: expected 2 values \(iteration, learning_rate\)\. The optimizer is not built yet.*Received: 5 values/);
    const [y] = makeVars([4]);
    y!.assign(x!);
    o2.build([y!]);
    o2.setWeights(o1.variables());
    expect(o2.iterations).toBe(2);
    o1.applyGradients([[g, x!]]);
    o2.applyGradients([[g, y!]]);
    expect(Array.from(y!.dataSync())).toEqual(Array.from(x!.dataSync()));
    [x, y, g].forEach((t) => t!.dispose());
    o1.dispose();
    o2.dispose();
  });

  it('a disposed optimizer refuses to step', () => {
    const o = new optimizers.SGD();
    o.dispose();
    const [v] = makeVars([2]);
    const g = tensor([1, 1]);
    expect(() => o.applyGradients([[g, v!]])).toThrow(/SGD 'sgd' has been disposed/);
    [v, g].forEach((t) => t!.dispose());
  });
});

describe('threads', () => {
  it('1 thread and 3 threads give bit-identical results for every optimizer', async () => {
    if (!backendInfo().threads) return; // single-thread build: nothing to compare
    // Long enough that both the step and the norm pass split (≥ 32k elements per thread).
    const lens = [250_003, 1, 70_000, 17];
    const runAll = (threads: number): Float32Array[][] => {
      setThreadCount(threads);
      return everyOptimizer().map((o) => {
        const vars = makeVars(lens);
        for (let s = 0; s < 3; s++) {
          const gs = makeGrads(lens, s);
          o.applyGradients(gs.map((g, i) => [g, vars[i]!] as const));
          gs.forEach((g) => g.dispose());
        }
        const out = [...vars, ...o.variables()].map((v) => v.dataSync() as Float32Array);
        vars.forEach((v) => v.dispose());
        o.dispose();
        return out;
      });
    };
    const one = runAll(1);
    setThreadCount(3);
    for (let i = 0; i < 200 && backendInfo().readyWorkers < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(backendInfo().readyWorkers).toBeGreaterThanOrEqual(2);
    const three = runAll(3);
    one.forEach((arrays, k) => arrays.forEach((a, j) => {
      const b = three[k]![j]!;
      const same = a.length === b.length && a.every((x, i) => Object.is(x, b[i]) || (Number.isNaN(x) && Number.isNaN(b[i]!)));
      expect(same, `optimizer ${k}, array ${j}`).toBe(true);
    }));
  });
});

describe('registry and config', () => {
  it('get() accepts instances, Keras names in any case, and {class_name, config}', () => {
    const a = new optimizers.Adam();
    expect(optimizers.get(a)).toBe(a);
    expect(optimizers.get('adam')).toBeInstanceOf(optimizers.Adam);
    expect(optimizers.get('Adam')).toBeInstanceOf(optimizers.Adam);
    expect(optimizers.get('adamw')).toBeInstanceOf(optimizers.AdamW);
    expect(optimizers.get('adam_w')).toBeInstanceOf(optimizers.AdamW);
    expect(optimizers.get('RMSprop')).toBeInstanceOf(optimizers.RMSprop);
    expect(optimizers.get('rmsprop')).toBeInstanceOf(optimizers.RMSprop);
    expect(optimizers.get(null)).toBe(null);
    const s = optimizers.get({ className: 'SGD', config: { learning_rate: 0.1, momentum: 0.9 } }) as optimizers.SGD;
    expect(s.momentum).toBe(0.9);
    expect(s.learningRate).toBe(0.1);
  });

  it('unknown names list the valid ones and say Received', () => {
    expect(() => optimizers.get('foo')).toThrow(
      /Could not interpret optimizer identifier\. Expected one of 'adadelta', 'adagrad', 'adam', 'adamw', 'adamax', 'lion', 'nadam', 'rmsprop', 'sgd'\. Received: 'foo'/);
    expect(() => optimizers.get({ class_name: 'Ftrl', config: {} })).toThrow(/Received: 'Ftrl'/);
  });

  it('serialize → deserialize is the identity on configs, schedules included', () => {
    const lr = new schedules.PolynomialDecay({ initialLearningRate: 0.1, decaySteps: 10, cycle: true });
    for (const o of [...everyOptimizer(), new optimizers.SGD({ learningRate: lr, name: 'mine' })]) {
      const ser = optimizers.serialize(o);
      expect(ser.module).toBe('keras.optimizers');
      const back = optimizers.deserialize(JSON.parse(JSON.stringify(ser)));
      expect(back.getConfig()).toEqual(o.getConfig());
      expect(back.constructor).toBe(o.constructor);
      back.dispose();
      o.dispose();
    }
  });

  it('rejects Keras options kerasm does not implement (loss_scale_factor), reads the EMA and accumulation ones', () => {
    expect(() => optimizers.get({ class_name: 'adam', config: { loss_scale_factor: 128 } }))
      .toThrow(/loss_scale_factor is not supported by kerasm yet\. Received: loss_scale_factor=128/);
    expect(() => new optimizers.Adam({ lossScaleFactor: 128 as unknown as null }))
      .toThrow(/Adam: `lossScaleFactor` is not supported by kerasm.*Received: lossScaleFactor=128/);
    const o = optimizers.get({
      class_name: 'adam', config: { use_ema: true, ema_momentum: 0.9, ema_overwrite_frequency: 3, gradient_accumulation_steps: 2 },
    });
    expect(o.getConfig()).toMatchObject({ use_ema: true, ema_momentum: 0.9, ema_overwrite_frequency: 3, gradient_accumulation_steps: 2 });
    o.dispose();
  });
});

describe('errors name the optimizer and say Received', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['negative lr', () => new optimizers.Adam({ learningRate: -0.1 }), /Adam: Argument `learningRate` should be a float >= 0.*Received: learningRate=-0\.1/],
    ['NaN lr', () => new optimizers.SGD({ learningRate: NaN }), /SGD: .*Received: learningRate=NaN/],
    ['beta1 ≥ 1', () => new optimizers.Adam({ beta1: 1 }), /Adam: Argument `beta1` must be a float in \[0, 1\)\. Received: beta1=1/],
    ['beta2 < 0', () => new optimizers.Nadam({ beta2: -0.5 }), /Nadam: Argument `beta2` must be a float in \[0, 1\)\. Received: beta2=-0\.5/],
    ['Adamax beta', () => new optimizers.Adamax({ beta1: 1.5 }), /Adamax: .*Received: beta1=1\.5/],
    ['AdamW beta', () => new optimizers.AdamW({ beta2: 2 }), /AdamW: .*Received: beta2=2/],
    ['Lion beta1 = 0', () => new optimizers.Lion({ beta1: 0 }), /Lion: Argument `beta1` must be in the \(0, 1\] range.*Received: beta1=0/],
    ['momentum > 1', () => new optimizers.SGD({ momentum: 2 }), /SGD: Argument `momentum` must be a float in \[0, 1\]\. Received: momentum=2/],
    ['rho', () => new optimizers.RMSprop({ rho: 1.2 }), /RMSprop: .*Received: rho=1\.2/],
    ['Adadelta rho', () => new optimizers.Adadelta({ rho: -1 }), /Adadelta: .*Received: rho=-1/],
    ['epsilon', () => new optimizers.Adam({ epsilon: -1e-7 }), /Adam: Argument `epsilon` must be a float >= 0\. Received: epsilon=-1e-7/],
    ['accumulator', () => new optimizers.Adagrad({ initialAccumulatorValue: -1 }), /Adagrad: .*Received: initialAccumulatorValue=-1/],
    ['weight decay', () => new optimizers.SGD({ weightDecay: -1 }), /SGD: Argument `weightDecay` must be a float >= 0\. Received: weightDecay=-1/],
    ['clipnorm 0', () => new optimizers.SGD({ clipnorm: 0 }), /SGD: Argument `clipnorm` must be a float > 0\. Received: clipnorm=0/],
    ['two clips', () => new optimizers.Adam({ clipnorm: 1, clipvalue: 1 }), /Adam: Only one of `clipnorm`, `clipvalue` and `globalClipnorm` can be set\. Received: clipnorm=1, clipvalue=1, globalClipnorm=null/],
  ];
  for (const [what, f, re] of cases) it(what, () => expect(f).toThrow(re));

  it('gradient/variable shape mismatch', () => {
    const o = new optimizers.RMSprop();
    const [v] = makeVars([6]);
    const w = new Variable(tensor([[1, 2, 3], [4, 5, 6]]), { name: 'kernel' });
    const g = tensor([[1, 2], [3, 4], [5, 6]]);
    expect(() => o.applyGradients([[g, w]])).toThrow(/RMSprop: the gradient of variable 'kernel' must be float32 with shape \[2,3\]\. Received: gradient shape=\[3,2\] dtype=float32/);
    [v, w, g].forEach((t) => t!.dispose());
    o.dispose();
  });

  it('unknown variable after build, duplicates, no gradients at all, non-float variables', () => {
    const o = new optimizers.Adam();
    const [a, b] = makeVars([2, 2]);
    const g = tensor([1, 1]);
    o.applyGradients([[g, a!]]);
    expect(() => o.applyGradients([[g, b!]])).toThrow(/Adam: Unknown variable: 'w1'\. This optimizer can only be called for the variables it was originally built with/);
    expect(() => o.applyGradients([[g, a!], [g, a!]])).toThrow(/Adam: variable 'w0' appears twice in one step/);
    expect(() => o.applyGradients([[null, a!]])).toThrow(/Adam: No gradients provided for any variable\./);
    const p = new optimizers.SGD();
    const i = new Variable(tensor([1, 2], undefined, 'int32'), { name: 'count' });
    expect(() => p.applyGradients([[g, i]])).toThrow(/SGD: can only optimize float32 variables\. Received: variable 'count' with dtype=int32/);
    [a, b, g, i].forEach((t) => t!.dispose());
    o.dispose();
    p.dispose();
  });
});
