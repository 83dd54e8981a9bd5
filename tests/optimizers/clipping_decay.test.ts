// Gradient clipping, weight decay and schedules inside optimizers, plus amsgrad, nesterov
// and centered behaviour, on small hand-checkable cases (Keras optimizer_test.py style).

import { describe, expect, it } from 'vitest';
import { Variable } from '../../ts/autograd/variable.js';
import { tensor } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import * as optimizers from '../../ts/optimizers/index.js';
import * as schedules from '../../ts/optimizers/schedules/index.js';
import type { Optimizer } from '../../ts/optimizers/optimizer.js';
import { expectAllClose } from '../helpers/golden.js';

/** Applies `grads` (one per variable) to fresh variables at `init`; returns the new values. */
function run(o: Optimizer, init: number[][], steps: number[][][]): number[][] {
  const vars = init.map((w, i) => new Variable(tensor(w), { name: `v${i}` }));
  for (const grads of steps) {
    const gs: Tensor[] = grads.map((g) => tensor(g));
    o.applyGradients(gs.map((g, i) => [g, vars[i]!] as const));
    gs.forEach((g) => g.dispose());
  }
  const out = vars.map((v) => Array.from(v.dataSync()));
  vars.forEach((v) => v.dispose());
  o.dispose();
  return out;
}

/** The update SGD(lr=1) applied: w0 − w1 is exactly the (clipped) gradient. */
function clippedGrad(opts: optimizers.SGDOptions, grads: number[][]): number[][] {
  const init = grads.map((g) => g.map(() => 0));
  return run(new optimizers.SGD({ learningRate: 1, ...opts }), init, [grads]).map((w) => w.map((x) => -x));
}

describe('gradient clipping', () => {
  it('clipnorm scales each gradient to norm ≤ clipnorm, per variable', () => {
    const [a, b] = clippedGrad({ clipnorm: 1 }, [[100, 100], [0.3, 0.4]]);
    expectAllClose(a!, [Math.SQRT1_2, Math.SQRT1_2], 'clipped', 1e-6, 0);
    expectAllClose(b!, [0.3, 0.4].map(Math.fround), 'under the norm: untouched', 0, 0);
  });

  it('clipvalue clamps each element', () => {
    expectAllClose(clippedGrad({ clipvalue: 1 }, [[100, -100, 0.5, -0.25]])[0]!, [1, -1, 0.5, -0.25], 'clipvalue', 0, 0);
  });

  it('globalClipnorm scales all gradients by one factor', () => {
    const [a, b] = clippedGrad({ globalClipnorm: 1 }, [[50, 100], [20]]);
    const norm = Math.hypot(50, 100, 20);
    expectAllClose([...a!, ...b!], [50 / norm, 100 / norm, 20 / norm], 'global', 1e-6, 0);
    const [c] = clippedGrad({ globalClipnorm: 10 }, [[3, 4]]);
    expectAllClose(c!, [3, 4], 'under the global norm', 1e-7, 0);
  });

  it('clipping happens before the update rule (Adam moments see the clipped gradient)', () => {
    const o = new optimizers.Adam({ learningRate: 0.1, clipvalue: 0.5 });
    run(o, [[0]], [[[10]]]);
    const p = new optimizers.Adam({ learningRate: 0.1, clipvalue: 0.5 });
    const v = new Variable(tensor([0]), { name: 'w' });
    const g = tensor([10]);
    p.applyGradients([[g, v]]);
    const m = p.variables().find((x) => x.name === 'w_momentum')!;
    expectAllClose(m.dataSync(), [0.05], 'm = 0.1 · clip(10, 0.5)', 1e-6, 0);
    g.dispose();
    v.dispose();
    p.dispose();
  });

  it('a non-finite global norm makes every gradient NaN, as in Keras', () => {
    const [a] = clippedGrad({ globalClipnorm: 1 }, [[Infinity, 1]]);
    expect(a!.every(Number.isNaN)).toBe(true);
  });
});

describe('weight decay', () => {
  it('Keras test_weight_decay: var1 = 1.9760959; excluded by name or by list stays 2', () => {
    const zero = tensor(0);
    const mk = (name?: string) => new Variable(tensor(2.0), { name });
    const [v1, v2, v3] = [mk(), mk('exclude'), mk()];
    const o1 = new optimizers.Adam({ learningRate: 1, weightDecay: 0.004 });
    o1.applyGradients([[zero, v1]]);
    const o2 = new optimizers.Adam({ learningRate: 1, weightDecay: 0.004 });
    o2.excludeFromWeightDecay({ varNames: ['exclude'] });
    o2.applyGradients([[zero, v1], [zero, v2]]);
    const o3 = new optimizers.Adam({ learningRate: 1, weightDecay: 0.004 });
    o3.excludeFromWeightDecay({ varList: [v3] });
    o3.applyGradients([[zero, v1], [zero, v3]]);
    expectAllClose(v1.dataSync(), [1.9760959], 'var1', 0, 1e-6);
    expectAllClose(v2.dataSync(), [2], 'var2', 0, 0);
    expectAllClose(v3.dataSync(), [2], 'var3', 0, 0);
    for (const x of [zero, v1, v2, v3]) x.dispose();
    for (const o of [o1, o2, o3]) o.dispose();
  });

  it('is decoupled: w −= w·wd·lr before the rule, never added to the gradient', () => {
    // SGD lr 0.1, wd 0.5, g = 1: w = 2 → 2 − 2·0.5·0.1 = 1.9 → 1.9 − 0.1 = 1.8.
    const [w] = run(new optimizers.SGD({ learningRate: 0.1, weightDecay: 0.5 }), [[2]], [[[1]]]);
    expectAllClose(w!, [1.8], 'decayed', 1e-6, 0);
  });

  it('uses the scheduled learning rate of the step', () => {
    const lr = new schedules.PiecewiseConstantDecay({ boundaries: [0], values: [0.1, 0.01] });
    // Step 0: lr 0.1 → 2 − 2·0.5·0.1 = 1.9, minus 0·… ; step 1: lr 0.01 → 1.9·(1 − 0.005) = 1.8905.
    const [w] = run(new optimizers.SGD({ learningRate: lr, weightDecay: 0.5 }), [[2]], [[[0]], [[0]]]);
    expectAllClose(w!, [1.8905], 'two decays', 1e-6, 0);
  });

  it('AdamW decays by default (0.004) and rejects weightDecay: null', () => {
    expect(new optimizers.AdamW().weightDecay).toBe(0.004);
    expect(() => new optimizers.AdamW({ weightDecay: null })).toThrow(/AdamW: Argument `weightDecay` must be a float\. Received: weightDecay=null/);
  });

  it('cannot change exclusions once built', () => {
    const o = new optimizers.SGD();
    run(o, [[1]], []);
    const p = new optimizers.SGD();
    const v = new Variable(tensor([1]));
    p.build([v]);
    expect(() => p.excludeFromWeightDecay({ varNames: ['bias'] })).toThrow(/only be configured before the optimizer is built/);
    v.dispose();
    p.dispose();
  });
});

describe('schedules inside optimizers', () => {
  it('each step uses schedule(iterations), starting at 0', () => {
    const lr = new schedules.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 });
    const o = new optimizers.SGD({ learningRate: lr });
    const v = new Variable(tensor([0]));
    const g = tensor([-1]);
    const seen: number[] = [];
    for (let i = 0; i < 4; i++) {
      seen.push(o.currentLearningRate);
      o.applyGradients([[g, v]]);
    }
    expectAllClose(seen, [0.1, 0.05, 0.025, 0.0125], 'lr per step', 1e-7, 0);
    expectAllClose(v.dataSync(), [0.1875], 'w = Σ lr', 1e-6, 0);
    expect(o.learningRate).toBeCloseTo(0.00625, 9);
    expect(o.learningRateSchedule).toBe(lr);
    g.dispose();
    v.dispose();
    o.dispose();
  });

  it('a number cannot replace a schedule (Keras TypeError), a schedule can replace a number', () => {
    const lr = new schedules.CosineDecay({ initialLearningRate: 0.1, decaySteps: 10 });
    const o = new optimizers.Adam({ learningRate: lr });
    expect(() => { o.learningRate = 0.01; }).toThrow(/created with a `LearningRateSchedule`.*not settable/);
    const p = new optimizers.Adam({ learningRate: 0.01 });
    p.learningRate = 0.02;
    expect(p.learningRate).toBe(0.02);
    p.learningRate = lr;
    expect(p.learningRate).toBeCloseTo(0.1, 7);
    p.learningRate = () => 0.5;
    expect(p.currentLearningRate).toBe(0.5);
    expect(() => { p.learningRate = -1; }).toThrow(/Adam: Argument `learningRate`.*Received: learningRate=-1/);
  });

  it('setting the rate between steps takes effect on the next step (ReduceLROnPlateau)', () => {
    const o = new optimizers.SGD({ learningRate: 0.1 });
    const v = new Variable(tensor([0]));
    const g = tensor([-1]);
    o.applyGradients([[g, v]]);
    o.learningRate = 0.01;
    o.applyGradients([[g, v]]);
    expectAllClose(v.dataSync(), [0.11], 'w', 1e-6, 0);
    const lrVar = o.variables().find((x) => x.name === 'learning_rate')!;
    expectAllClose(lrVar.dataSync(), [Math.fround(0.01)], 'learning_rate variable follows', 0, 0);
    g.dispose();
    v.dispose();
    o.dispose();
  });
});

describe('variants of the rules', () => {
  it('amsgrad keeps the running maximum of v (Keras test_correctness_with_golden)', () => {
    const o = new optimizers.Adam({ amsgrad: true });
    const x = new Variable(tensor(new Float32Array(10).fill(1)));
    const grads = tensor(Array.from({ length: 10 }, (_, i) => 0.1 * (i + 1)));
    const first = tensor(new Float32Array(10).fill(0.01));
    o.applyGradients([[first, x]]);
    for (const want of [0.999, 0.9982, 0.9974, 0.9965, 0.9955]) {
      expectAllClose(x.dataSync(), new Array(10).fill(want), 'amsgrad golden', 5e-4, 5e-4);
      o.applyGradients([[grads, x]]);
    }
    // After a large gradient then small ones, v̂ holds the peak while v decays.
    const vhat = o.variables().find((v) => v.name.endsWith('_velocity_hat'))!.dataSync();
    const vel = o.variables().find((v) => v.name.endsWith('_velocity'))!.dataSync();
    for (let i = 0; i < 10; i++) expect(vhat[i]).toBeGreaterThanOrEqual(vel[i]!);
    for (const t of [x, grads, first]) t.dispose();
    o.dispose();
  });

  it('nesterov differs from classical momentum from the first step', () => {
    const [a] = run(new optimizers.SGD({ learningRate: 0.1, momentum: 0.9 }), [[0]], [[[1]], [[1]]]);
    const [b] = run(new optimizers.SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true }), [[0]], [[[1]], [[1]]]);
    // Classical: m1 = −0.1, w1 = −0.1; m2 = −0.19, w2 = −0.29.
    // Nesterov:  w1 = −0.09 − 0.1 = −0.19; w2 = −0.19 + (0.9·−0.19 − 0.1) = −0.461.
    expectAllClose(a!, [-0.29], 'classical', 1e-6, 0);
    expectAllClose(b!, [-0.461], 'nesterov', 1e-6, 0);
  });

  it('centered RMSprop divides by the variance estimate (larger steps for a constant gradient)', () => {
    // Constant g = 1: v = ā = 0.1 after one step → plain: 1/√0.1; centered: 1/√(0.1 − 0.01).
    const [plain] = run(new optimizers.RMSprop({ learningRate: 0.01 }), [[0]], [[[1]]]);
    const [cent] = run(new optimizers.RMSprop({ learningRate: 0.01, centered: true }), [[0]], [[[1]]]);
    expectAllClose(plain!, [-0.01 / Math.sqrt(0.1)], 'plain', 1e-5, 0);
    expectAllClose(cent!, [-0.01 / Math.sqrt(0.09)], 'centered', 1e-5, 0);
  });

  it('Adagrad starts its accumulators at initialAccumulatorValue', () => {
    const o = new optimizers.Adagrad({ initialAccumulatorValue: 0.5 });
    const v = new Variable(tensor([1, 2]), { name: 'w' });
    o.build([v]);
    expectAllClose(o.variables().find((x) => x.name === 'w_accumulator')!.dataSync(), [0.5, 0.5], 'acc', 0, 0);
    v.dispose();
    o.dispose();
  });
});
