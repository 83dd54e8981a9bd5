// Saving and restoring optimizer state: a fresh optimizer given getVariables() of a
// trained one continues bit for bit; checks on what comes back; tfjs's layout against
// tfjs-core's own optimizers (Adam, RMSProp, Adagrad, Adadelta, Momentum).

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { Variable } from '../../ts/autograd/variable.js';
import { memory } from '../../ts/autograd/gradients.js';
import { tensor } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import * as optimizers from '../../ts/optimizers/index.js';
import * as schedules from '../../ts/optimizers/schedules/index.js';
import type { Optimizer } from '../../ts/optimizers/optimizer.js';
import { randomArray } from '../helpers/backends.js';
import { expectAllClose } from '../helpers/golden.js';

const LENS = [12, 3, 7];

function makeVars(seed = 1): Variable[] {
  return LENS.map((n, i) => new Variable(tensor(randomArray(n, seed + i)), { name: `dense_${i}/kernel` }));
}

function grads(step: number): Tensor[] {
  return LENS.map((n, i) => tensor(randomArray(n, 7919 * (step + 1) + i)));
}

function steps(o: Optimizer, vars: Variable[], from: number, to: number): void {
  for (let s = from; s < to; s++) {
    const gs = grads(s);
    o.applyGradients(gs.map((g, i) => [g, vars[i]!] as const));
    gs.forEach((g) => g.dispose());
  }
}

/** Every optimizer and every option that adds state. */
function makers(): [string, () => Optimizer][] {
  const O = optimizers;
  const sched = () => new schedules.ExponentialDecay({ initialLearningRate: 0.05, decaySteps: 2, decayRate: 0.7 });
  return [
    ['SGD', () => new O.SGD({ learningRate: 0.05 })],
    ['SGD nesterov', () => new O.SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true })],
    ['SGD schedule', () => new O.SGD({ learningRate: sched(), momentum: 0.5 })],
    ['RMSprop centered momentum', () => new O.RMSprop({ learningRate: 0.01, momentum: 0.5, centered: true })],
    ['Adagrad', () => new O.Adagrad({ learningRate: 0.1 })],
    ['Adadelta', () => new O.Adadelta({ learningRate: 1 })],
    ['Adam amsgrad', () => new O.Adam({ learningRate: 0.01, amsgrad: true })],
    ['AdamW', () => new O.AdamW({ learningRate: 0.01 })],
    ['Adamax', () => new O.Adamax({ learningRate: 0.01 })],
    ['Nadam', () => new O.Nadam({ learningRate: 0.01 })],
    ['Lion', () => new O.Lion({ learningRate: 0.01 })],
    ['Adam EMA', () => new O.Adam({ learningRate: 0.01, useEma: true, emaOverwriteFrequency: 3 })],
    ['Nadam accumulation 3 + EMA', () => new O.Nadam({ learningRate: 0.01, gradientAccumulationSteps: 3, useEma: true, emaMomentum: 0.9 })],
    ['SGD accumulation 2, schedule', () => new O.SGD({ learningRate: sched(), momentum: 0.9, gradientAccumulationSteps: 2 })],
  ];
}

describe('resume from getVariables() is bit-exact', () => {
  for (const [what, make] of makers()) {
    // 5 steps then 7 more: the break falls inside an accumulation cycle too.
    it(what, () => {
      const a = make();
      const va = makeVars();
      steps(a, va, 0, 5);
      const saved = a.getVariables();
      const savedWeights = va.map((v) => v.dataSync().slice());
      // A fresh optimizer and model copy, as after loading a file.
      const b = make();
      const vb = makeVars(100);
      vb.forEach((v, i) => v.buf.f32().set(savedWeights[i]!));
      b.build(vb);
      b.setVariables(JSON.parse(JSON.stringify(saved.map((s) => ({ ...s, values: Array.from(s.values) })))));
      expect(b.iterations).toBe(a.iterations);
      // Keras keeps the rate as a float32 variable; a restored rate is that float32.
      expect(b.currentLearningRate).toBe(Math.fround(a.currentLearningRate));
      steps(a, va, 5, 12);
      steps(b, vb, 5, 12);
      va.forEach((v, i) => expect(Array.from(vb[i]!.dataSync()), `${what} ${v.name}`).toEqual(Array.from(v.dataSync())));
      const ga = a.getVariables();
      const gb = b.getVariables();
      gb.forEach((v, i) => expect(Array.from(v.values), `${what} ${v.name}`).toEqual(Array.from(ga[i]!.values)));
      a.finalizeVariableValues(va);
      b.finalizeVariableValues(vb);
      va.forEach((v, i) => expect(Array.from(vb[i]!.dataSync()), `${what} finalized ${v.name}`).toEqual(Array.from(v.dataSync())));
      [...va, ...vb].forEach((v) => v.dispose());
      a.dispose();
      b.dispose();
    });
  }

  it('iterations come back as int32, learning rate as the saved float32', () => {
    const o = new optimizers.Adam({ learningRate: 0.01 });
    const vs = makeVars();
    steps(o, vs, 0, 3);
    const [it0, lr] = o.getVariables();
    expect(it0).toMatchObject({ name: 'iteration', path: 'adam/iteration', shape: [], dtype: 'int32' });
    expect(Array.from(it0!.values)).toEqual([3]);
    expect(lr).toMatchObject({ name: 'learning_rate', shape: [], dtype: 'float32' });
    expect(lr!.values[0]).toBe(Math.fround(0.01));
    // A TF-backend Keras file stores `iteration` as int64.
    const all = o.getVariables();
    const p = new optimizers.Adam({ learningRate: 0.5 });
    p.build(vs);
    p.setVariables([{ ...all[0]!, dtype: 'int64', values: BigInt64Array.of(9n) }, ...all.slice(1)]);
    expect(p.iterations).toBe(9);
    expect(p.learningRate).toBe(Math.fround(0.01));
    vs.forEach((v) => v.dispose());
    o.dispose();
    p.dispose();
  });
});

describe('setVariables checks before it assigns', () => {
  function built(): { o: Optimizer; vs: Variable[] } {
    const o = new optimizers.Adam();
    const vs = makeVars();
    o.build(vs);
    return { o, vs };
  }
  const done = ({ o, vs }: { o: Optimizer; vs: Variable[] }) => {
    vs.forEach((v) => v.dispose());
    o.dispose();
  };

  it('wrong count, naming the optimizer and every expected variable', () => {
    const s = built();
    expect(() => s.o.setVariables(s.o.getVariables().slice(1)))
      .toThrow(/Adam 'adam'\.setVariables: expected 8 values \(iteration, learning_rate, dense_0_kernel_momentum, .*\)\. Received: 7 values/);
    done(s);
  });

  it('wrong shape, naming the variable; nothing is assigned', () => {
    const s = built();
    const vals = s.o.getVariables();
    vals[1]!.values[0] = 0.5;
    vals[3] = { ...vals[3]!, shape: [3, 4] };
    expect(() => s.o.setVariables(vals)).toThrow(/variable 3 'dense_0_kernel_velocity' has shape \[12\]\. Received: shape=\[3,4\]/);
    expect(s.o.learningRate).toBe(0.001);
    done(s);
  });

  it('wrong length, dtype, or a negative iteration count', () => {
    const s = built();
    const vals = s.o.getVariables();
    expect(() => s.o.setVariables([vals[0]!, vals[1]!, new Float32Array(11), ...vals.slice(3)]))
      .toThrow(/variable 2 'dense_0_kernel_momentum' has 12 values \(shape \[12\]\)\. Received: 11 values/);
    expect(() => s.o.setVariables([{ ...vals[0]!, dtype: 'float32' }, ...vals.slice(1)]))
      .toThrow(/variable 0 'iteration' is int32\. Received: dtype='float32'/);
    expect(() => s.o.setVariables([Int32Array.of(-1), ...vals.slice(1)])).toThrow(/'iteration' must hold non-negative int32 counts\. Received: -1/);
    done(s);
  });

  it('before build, only the scalars exist: the error says to build first', () => {
    const o = new optimizers.Adam();
    expect(() => o.setVariables([Int32Array.of(1), Float32Array.of(0.1), Float32Array.of(0)]))
      .toThrow(/expected 2 values \(iteration, learning_rate\)\. The optimizer is not built yet: call `optimizer\.build\(variables\)` first/);
    o.dispose();
  });

  it('a schedule has no learning_rate variable (as in Keras)', () => {
    const o = new optimizers.SGD({ learningRate: new schedules.CosineDecay({ initialLearningRate: 0.1, decaySteps: 10 }) });
    expect(o.getVariables().map((v) => v.name)).toEqual(['iteration']);
    o.setVariables([Int32Array.of(5)]);
    expect(o.currentLearningRate).toBeCloseTo(0.05, 6);
    o.dispose();
  });
});

describe('useEma and accumulation: buffers at build time only', () => {
  it('a warm step allocates no tensor or buffer; dispose frees everything', () => {
    for (const [what, make] of makers()) {
      const o = make();
      const vs = makeVars();
      const gs = grads(0);
      const before = memory();
      o.applyGradients(gs.map((g, i) => [g, vs[i]!] as const));
      const warm = memory();
      for (let s = 0; s < 7; s++) o.applyGradients(gs.map((g, i) => [g, vs[i]!] as const));
      const after = memory();
      expect([after.numBuffers, after.numTensors, after.numBytes], what).toEqual([warm.numBuffers, warm.numTensors, warm.numBytes]);
      o.dispose();
      expect(memory().numBuffers, `${what}: dispose`).toBe(before.numBuffers);
      [...vs, ...gs].forEach((t) => t.dispose());
    }
  });

  it('finalizeVariableValues: a no-op without EMA; wrong variable lists are refused', () => {
    const o = new optimizers.Adam({ useEma: true });
    const vs = makeVars();
    steps(o, vs, 0, 2);
    expect(() => o.finalizeVariableValues(vs.slice(1))).toThrow(/Adam: The length of model variables \(2\) to override does not match .* \(3\)/);
    const plain = new optimizers.Adam();
    steps(plain, vs, 0, 1);
    const w = vs.map((v) => Array.from(v.dataSync()));
    plain.finalizeVariableValues(vs);
    expect(vs.map((v) => Array.from(v.dataSync()))).toEqual(w);
    vs.forEach((v) => v.dispose());
    o.dispose();
    plain.dispose();
  });

  it('option checks as Keras', () => {
    expect(() => new optimizers.SGD({ gradientAccumulationSteps: 1 })).toThrow(/SGD: `gradientAccumulationSteps` must be an integer >= 2\. Received: gradientAccumulationSteps=1/);
    expect(() => new optimizers.SGD({ gradientAccumulationSteps: 2.5 })).toThrow(/integer >= 2/);
    expect(() => new optimizers.Adam({ useEma: true, emaMomentum: 1.5 })).toThrow(/Adam: Argument `emaMomentum` must be a float in \[0, 1\]\. Received: emaMomentum=1\.5/);
    expect(() => new optimizers.Adam({ useEma: true, emaOverwriteFrequency: 0 })).toThrow(/`emaOverwriteFrequency` must be an integer >= 1 or null\. Received: emaOverwriteFrequency=0/);
  });
});

// ---- tfjs layout, against tfjs-core's own optimizers ---------------------------------------

const TF_STEPS = 4;

function tfGrads(step: number): Float32Array[] {
  return LENS.map((n, i) => randomArray(n, 7919 * (step + 1) + i));
}

/** Runs a tfjs optimizer for `n` steps on variables named like ours; returns them. */
function tfRun(opt: tf.Optimizer, init: Float32Array[], from: number, to: number, vars?: tf.Variable[]): tf.Variable[] {
  const vs = vars ?? init.map((a, i) => tf.variable(tf.tensor1d(a), true, `tfjs_state_${Math.random()}_${i}`));
  for (let s = from; s < to; s++) {
    const g = tfGrads(s);
    opt.applyGradients(vs.map((v, i) => ({ name: v.name, tensor: tf.tensor1d(g[i]!) })));
  }
  return vs;
}

/**
 * [what, kerasm, tfjs, suffixes, same rule]. tfjs's Adadelta divides by the accumulated
 * gradient before this step's update (Keras: after), so only its state is compared.
 */
const TFJS: [string, () => Optimizer, () => tf.Optimizer, string[], boolean?][] = [
  ['Adam', () => new optimizers.Adam({ learningRate: 0.01 }), () => tf.train.adam(0.01, 0.9, 0.999, 1e-7), ['m', 'v']],
  ['RMSprop', () => new optimizers.RMSprop({ learningRate: 0.01 }), () => tf.train.rmsprop(0.01, 0.9, 0, 1e-7), ['rms', 'momentum']],
  ['RMSprop centered momentum', () => new optimizers.RMSprop({ learningRate: 0.01, momentum: 0.5, centered: true }),
    () => tf.train.rmsprop(0.01, 0.9, 0.5, 1e-7, true), ['rms', 'momentum', 'mg']],
  ['Adagrad', () => new optimizers.Adagrad({ learningRate: 0.1 }), () => tf.train.adagrad(0.1, 0.1), ['accumulator']],
  ['Adadelta', () => new optimizers.Adadelta({ learningRate: 1 }), () => tf.train.adadelta(1, 0.95, 1e-7), ['accum_grad', 'accum_var'], false],
  ['SGD momentum (tfjs Momentum)', () => new optimizers.SGD({ learningRate: 0.05, momentum: 0.9 }), () => tf.train.momentum(0.05, 0.9), ['momentum']],
  ['SGD nesterov', () => new optimizers.SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true }), () => tf.train.momentum(0.05, 0.9, true), ['momentum']],
  ['SGD', () => new optimizers.SGD({ learningRate: 0.05 }), () => tf.train.sgd(0.05), []],
];

describe('tfjs layout: getWeightsTfjs / setWeightsTfjs against tfjs-core', () => {
  for (const [what, mine, theirs, suffixes, sameRule = true] of TFJS) {
    it(`${what}: names and order as tfjs getWeights; tfjs → kerasm → continue matches tfjs`, async () => {
      const init = LENS.map((n, i) => randomArray(n, 1 + i));
      const tfo = theirs();
      const tvs = tfRun(tfo, init, 0, TF_STEPS);
      const tw = await tfo.getWeights();
      expect(tw.map((w) => w.name)).toEqual(['iter', ...suffixes.flatMap((s) => tvs.map((v) => `${v.name}/${s}`))]);
      // Into kerasm, from what tfjs wrote.
      const o = mine();
      const vs = tvs.map((v, i) => new Variable(tensor(v.dataSync() as Float32Array), { name: `dense_${i}/kernel` }));
      o.build(vs);
      o.setWeightsTfjs(tw.map((w) => ({ name: w.name, shape: w.tensor.shape, dtype: w.tensor.dtype, values: w.tensor.dataSync() as Float32Array })));
      expect(o.iterations).toBe(TF_STEPS);
      const back = o.getWeightsTfjs();
      expect(back.map((w) => w.name)).toEqual(['iter', ...suffixes.flatMap((s) => vs.map((v) => `${v.name}/${s}`))]);
      // What kerasm hands back is what tfjs wrote (SGD's momentum goes through ×(−lr) and back).
      back.forEach((w, i) => {
        // RMSprop without momentum needs no momentum slot: kerasm writes zeros there.
        if (what === 'RMSprop' && w.name.endsWith('/momentum')) expect(w.values.every((x) => x === 0)).toBe(true);
        else expectAllClose(w.values, tw[i]!.tensor.dataSync(), `${what} ${w.name}`, 1e-6, 0);
      });
      if (!sameRule) {
        [vs, tvs, tw.map((w) => w.tensor)].flat().forEach((t) => t.dispose());
        o.dispose();
        tfo.dispose();
        return;
      }
      // Both continue: the same trajectory up to float rounding (tfjs orders its arithmetic differently).
      tfRun(tfo, init, TF_STEPS, TF_STEPS + 3, tvs);
      steps(o, vs, TF_STEPS, TF_STEPS + 3);
      vs.forEach((v, i) => expectAllClose(v.dataSync(), tvs[i]!.dataSync() as Float32Array, `${what} ${v.name}`, 1e-4, 1e-6));
      vs.forEach((v) => v.dispose());
      o.dispose();
      tfo.dispose();
      tvs.forEach((v) => v.dispose());
      tw.forEach((w) => w.tensor.dispose());
    });

    if (sameRule) it(`${what}: kerasm → tfjs setWeights → continue matches kerasm`, async () => {
      const o = mine();
      const vs = makeVars();
      steps(o, vs, 0, TF_STEPS);
      const tfo = theirs();
      const tvs = vs.map((v, i) => tf.variable(tf.tensor1d(v.dataSync() as Float32Array), true, `tfjs_back_${Math.random()}_${i}`));
      // tfjs creates its slots on the first step; restore by setWeights as tfjs-layers' loader does.
      await tfo.setWeights(o.getWeightsTfjs().map((w) => ({ name: w.name, tensor: tf.tensor(w.values, w.shape, w.dtype) })));
      expect(tfo.iterations).toBe(TF_STEPS);
      tfRun(tfo, [], TF_STEPS, TF_STEPS + 3, tvs);
      steps(o, vs, TF_STEPS, TF_STEPS + 3);
      vs.forEach((v, i) => expectAllClose(tvs[i]!.dataSync() as Float32Array, v.dataSync(), `${what} ${v.name}`, 1e-4, 1e-6));
      vs.forEach((v) => v.dispose());
      o.dispose();
      tfo.dispose();
      tvs.forEach((v) => v.dispose());
    });
  }

  it('kerasm round trip through the tfjs layout is exact (Adam, Adamax)', () => {
    for (const make of [() => new optimizers.Adam({ learningRate: 0.01 }), () => new optimizers.Adamax({ learningRate: 0.01 })]) {
      const a = make();
      const va = makeVars();
      steps(a, va, 0, 3);
      const b = make();
      const vb = makeVars();
      vb.forEach((v, i) => v.assign(va[i]!));
      b.build(vb);
      b.setWeightsTfjs(a.getWeightsTfjs());
      steps(a, va, 3, 6);
      steps(b, vb, 3, 6);
      va.forEach((v, i) => expect(Array.from(vb[i]!.dataSync())).toEqual(Array.from(v.dataSync())));
      [...va, ...vb].forEach((v) => v.dispose());
      a.dispose();
      b.dispose();
    }
  });

  it('refuses what tfjs cannot hold, and values in the wrong order', () => {
    const vs = makeVars();
    for (const [o, re] of [
      [new optimizers.Nadam(), /Nadam: tfjs has no Nadam optimizer.*\.keras format/],
      [new optimizers.Lion(), /Lion: tfjs has no Lion optimizer/],
      [new optimizers.Adam({ amsgrad: true }), /Adam: tfjs has no AMSGrad/],
      [new optimizers.Adam({ useEma: true }), /Adam: tfjs optimizers have no EMA or gradient accumulation state.*Received: useEma=true/],
    ] as const) {
      expect(() => o.getWeightsTfjs()).toThrow(re);
      o.dispose();
    }
    const o = new optimizers.Adam();
    o.build(vs);
    const w = o.getWeightsTfjs();
    expect(() => o.setWeightsTfjs([w[0]!, w[4]!, ...w.slice(1, 4), ...w.slice(5)]))
      .toThrow(/value 1 should be '<variable>\/m' for variable 'dense_0\/kernel' \(tfjs order: m, v\)\. Received: name='dense_0\/kernel\/v'/);
    expect(() => o.setWeightsTfjs(w.slice(0, 3))).toThrow(/expected 7 values \('iter', then '\/m', '\/v' for each of 3 variables\)\. Received: 3 values/);
    vs.forEach((v) => v.dispose());
    o.dispose();
  });
});
