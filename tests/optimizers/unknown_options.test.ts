// Misspelled or Python-spelled options must not be dropped silently (issue 9, item 6):
// `new Adam({ learning_rate: 10 })` used to keep the default 0.001 and train on.

import { describe, expect, it } from 'vitest';
import * as optimizers from '../../ts/optimizers/index.js';
import * as schedules from '../../ts/optimizers/schedules/index.js';

type Ctor = new (opts: Record<string, unknown>) => { dispose?: () => void };

/** Each class with a Python-style key and the camelCase key it must suggest. */
const OPTIMIZERS: [string, Ctor, string, string][] = [
  ['SGD', optimizers.SGD as unknown as Ctor, 'learning_rate', 'learningRate'],
  ['RMSprop', optimizers.RMSprop as unknown as Ctor, 'global_clipnorm', 'globalClipnorm'],
  ['Adagrad', optimizers.Adagrad as unknown as Ctor, 'initial_accumulator_value', 'initialAccumulatorValue'],
  ['Adadelta', optimizers.Adadelta as unknown as Ctor, 'weight_decay', 'weightDecay'],
  ['Adam', optimizers.Adam as unknown as Ctor, 'learning_rate', 'learningRate'],
  ['AdamW', optimizers.AdamW as unknown as Ctor, 'use_ema', 'useEma'],
  ['Adamax', optimizers.Adamax as unknown as Ctor, 'ema_momentum', 'emaMomentum'],
  ['Nadam', optimizers.Nadam as unknown as Ctor, 'gradient_accumulation_steps', 'gradientAccumulationSteps'],
  ['Lion', optimizers.Lion as unknown as Ctor, 'ema_overwrite_frequency', 'emaOverwriteFrequency'],
];

const SCHEDULES: [string, Ctor, Record<string, unknown>, string, string][] = [
  ['ExponentialDecay', schedules.ExponentialDecay as unknown as Ctor, { initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5 }, 'decay_rate', 'decayRate'],
  ['PiecewiseConstantDecay', schedules.PiecewiseConstantDecay as unknown as Ctor, { boundaries: [1], values: [0.1, 0.01] }, 'boundarys', 'boundaries'],
  ['PolynomialDecay', schedules.PolynomialDecay as unknown as Ctor, { initialLearningRate: 0.1, decaySteps: 2 }, 'end_learning_rate', 'endLearningRate'],
  ['InverseTimeDecay', schedules.InverseTimeDecay as unknown as Ctor, { initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5 }, 'decay_steps', 'decaySteps'],
  ['CosineDecay', schedules.CosineDecay as unknown as Ctor, { initialLearningRate: 0.1, decaySteps: 2 }, 'warmup_target', 'warmupTarget'],
  ['CosineDecayRestarts', schedules.CosineDecayRestarts as unknown as Ctor, { initialLearningRate: 0.1, firstDecaySteps: 2 }, 't_mul', 'tMul'],
];

describe('optimizers reject unknown option keys', () => {
  it("new Adam({ learning_rate: 10 }) throws, suggesting 'learningRate'", () => {
    expect(() => new optimizers.Adam({ learning_rate: 10 } as never))
      .toThrow(/Adam: unknown option 'learning_rate' \(did you mean 'learningRate'\?\).*Received: learning_rate/);
  });

  for (const [name, C, bad, good] of OPTIMIZERS) {
    it(`${name}: '${bad}' → '${good}'; typos too; every documented key is accepted`, () => {
      expect(() => new C({ [bad]: 1 })).toThrow(new RegExp(`^${name}: unknown option '${bad}' \\(did you mean '${good}'\\?\\)`));
      expect(() => new C({ learningRat: 0.1 })).toThrow(new RegExp(`${name}: unknown option 'learningRat' \\(did you mean 'learningRate'\\?\\)`));
      // An undefined value is still a typo.
      expect(() => new C({ epsilom: undefined })).toThrow(/unknown option 'epsilom'/);
      new C({ learningRate: 0.01, name: 'x', useEma: false, emaMomentum: 0.9, emaOverwriteFrequency: null, gradientAccumulationSteps: null }).dispose?.();
    });
  }

  it('the registry reads Keras configs without tripping the check', () => {
    for (const n of optimizers.names) {
      const o = optimizers.get(n);
      const back = optimizers.deserialize(optimizers.serialize(o));
      expect(back.getConfig()).toEqual(o.getConfig());
      o.dispose();
      back.dispose();
    }
  });
});

describe('schedules reject unknown option keys', () => {
  for (const [name, C, ok, bad, good] of SCHEDULES) {
    it(`${name}: '${bad}' → '${good}'`, () => {
      expect(() => new C(ok)).not.toThrow();
      expect(() => new C({ ...ok, [bad]: 1 })).toThrow(new RegExp(`^${name}: unknown option '${bad}' \\(did you mean '${good}'\\?\\)`));
    });
  }

  it('a missing options object is a clear error, not a TypeError', () => {
    expect(() => new schedules.ExponentialDecay(undefined as never))
      .toThrow(/ExponentialDecay: expected an options object with initialLearningRate, decaySteps, decayRate, staircase, name\. Received: undefined/);
  });
});
