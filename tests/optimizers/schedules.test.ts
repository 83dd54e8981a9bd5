// Learning-rate schedules beyond the fixtures: argument errors, restart boundaries, and
// the `get`/`deserialize` registry. (Values at Keras's steps: golden.test.ts.)

import { describe, expect, it } from 'vitest';
import * as schedules from '../../ts/optimizers/schedules/index.js';

describe('schedules', () => {
  it('CosineDecayRestarts restarts exactly at the end of each period (t_mul = 2)', () => {
    // Periods of 2, 4, 8 steps start at steps 0, 2, 6, 14: the rate is back at lr0 there.
    const s = new schedules.CosineDecayRestarts({ initialLearningRate: 0.1, firstDecaySteps: 2 });
    for (const start of [0, 2, 6, 14, 30, 62, 126, 254]) expect(s.call(start), `step ${start}`).toBeCloseTo(0.1, 7);
    // Halfway through the 4-step period: cos(π/2) → 0.05.
    expect(s.call(4)).toBeCloseTo(0.05, 7);
  });

  it('PiecewiseConstantDecay boundaries are inclusive on the right', () => {
    const s = new schedules.PiecewiseConstantDecay({ boundaries: [10, 20], values: [1, 0.5, 0.1] });
    expect([9, 10, 11, 20, 21].map((t) => s.call(t))).toEqual([1, 1, 0.5, 0.5, 0.1].map(Math.fround));
  });

  it('CosineDecay warms up linearly, then decays from the target', () => {
    const s = new schedules.CosineDecay({ initialLearningRate: 0, decaySteps: 10, warmupTarget: 1, warmupSteps: 4 });
    expect([0, 2, 4, 9, 14, 100].map((t) => s.call(t))).toEqual([0, 0.5, 1, 0.5, 0, 0].map(Math.fround));
  });

  it('get() takes instances and serialized configs; unknown classes say Received', () => {
    const s = new schedules.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 5, decayRate: 0.9, staircase: true });
    expect(schedules.get(s)).toBe(s);
    const back = schedules.get(schedules.serialize(s));
    expect(back).toBeInstanceOf(schedules.ExponentialDecay);
    expect(back.getConfig()).toEqual(s.getConfig());
    expect(schedules.get({ className: 'inversetimedecay', config: { initial_learning_rate: 1, decay_steps: 1, decay_rate: 1 } }).call(1)).toBe(0.5);
    expect(() => schedules.get({ class_name: 'OneCycle', config: {} })).toThrow(/Unknown learning rate schedule\. Expected one of .*Received: 'OneCycle'/);
  });

  it('bad arguments name the schedule and say Received', () => {
    expect(() => new schedules.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.5 }))
      .toThrow(/ExponentialDecay: Argument `decaySteps` must be > 0\. Received: decaySteps=0/);
    expect(() => new schedules.PolynomialDecay({ initialLearningRate: 0.1, decaySteps: -3 })).toThrow(/PolynomialDecay: .*Received: decaySteps=-3/);
    expect(() => new schedules.CosineDecayRestarts({ initialLearningRate: 0.1, firstDecaySteps: 0 })).toThrow(/Received: firstDecaySteps=0/);
    expect(() => new schedules.PiecewiseConstantDecay({ boundaries: [1, 2], values: [1, 2] }))
      .toThrow(/The length of boundaries should be 1 less than the length of values\. Received: boundaries=\[1,2\] of length 2, and values=\[1,2\] of length 2/);
    expect(() => new schedules.InverseTimeDecay({ initialLearningRate: NaN, decaySteps: 1, decayRate: 1 })).toThrow(/Received: initialLearningRate=NaN/);
  });

  it('custom schedules work inside optimizers through the base class', () => {
    class Halving extends schedules.LearningRateSchedule {
      call(step: number) { return 0.1 / 2 ** step; }
      getConfig() { return {}; }
    }
    const h = new Halving();
    expect(schedules.isSchedule(h)).toBe(true);
    expect(h.className).toBe('Halving');
    expect(h.call(3)).toBe(0.0125);
  });
});
