// CosineDecayRestarts, SGDR (Keras `schedules.CosineDecayRestarts`;
// Loshchilov & Hutter 2017, https://arxiv.org/abs/1608.03983).

import { LearningRateSchedule, checkArgs, checkNumber, checkPositive, stepOf, type ScheduleConfig } from './learning_rate_schedule.js';

/** Options of {@link CosineDecayRestarts} (Keras `optimizers.schedules.CosineDecayRestarts` arguments, camelCase). */
export interface CosineDecayRestartsArgs {
  /** The rate at step 0. */
  initialLearningRate: number;
  /** Length of the first period (> 0). */
  firstDecaySteps: number;
  /** Period growth factor. Default 2. */
  tMul?: number;
  /** Restart rate factor. Default 1. */
  mMul?: number;
  /** Floor fraction. Default 0. */
  alpha?: number;
  /** Name of the schedule. Default 'SGDRDecay'. */
  name?: string;
}

/** The option keys the constructor accepts (anything else is a typo). */
const KEYS = ['initialLearningRate', 'firstDecaySteps', 'tMul', 'mMul', 'alpha', 'name'] as const;

/**
 * Cosine decay that restarts: period i lasts `firstDecaySteps · tMul^i` steps and starts
 * from `initialLearningRate · mMul^i`; `alpha` is the floor as a fraction of that.
 *
 * @param initialLearningRate The rate at step 0.
 * @param firstDecaySteps Length of the first period (> 0).
 * @param tMul Period growth factor. Default 2.
 * @param mMul Restart rate factor. Default 1.
 * @param alpha Floor fraction. Default 0.
 * @param name Default 'SGDRDecay'.
 * @example
 * new CosineDecayRestarts({ initialLearningRate: 0.1, firstDecaySteps: 1000 });
 */
export class CosineDecayRestarts extends LearningRateSchedule {
  /** The rate at step 0. */
  readonly initialLearningRate: number;
  /** Length of the first period (> 0). */
  readonly firstDecaySteps: number;
  /** Period growth factor. Default 2. */
  readonly tMul: number;
  /** Restart rate factor. Default 1. */
  readonly mMul: number;
  /** Floor fraction. Default 0. */
  readonly alpha: number;
  /** Name of the schedule. Default 'SGDRDecay'. */
  readonly name: string;

  constructor(args: CosineDecayRestartsArgs) {
    super();
    checkArgs('CosineDecayRestarts', args, KEYS);
    const who = 'CosineDecayRestarts';
    this.initialLearningRate = checkNumber(who, 'initialLearningRate', args.initialLearningRate);
    this.firstDecaySteps = checkPositive(who, 'firstDecaySteps', args.firstDecaySteps);
    this.tMul = checkNumber(who, 'tMul', args.tMul ?? 2.0);
    this.mMul = checkNumber(who, 'mMul', args.mMul ?? 1.0);
    this.alpha = checkNumber(who, 'alpha', args.alpha ?? 0.0);
    this.name = args.name ?? 'SGDRDecay';
  }

  override get className(): string {
    return 'CosineDecayRestarts';
  }

  call(step: number): number {
    let fraction = stepOf(step) / this.firstDecaySteps;
    let restart: number;
    if (this.tMul === 1) {
      restart = Math.floor(fraction);
      fraction -= restart;
    } else {
      // Periods 1, t, t², … end at (1 − tⁱ)/(1 − t); find the one holding `fraction`.
      const t = this.tMul;
      restart = Math.floor(Math.log(1 - fraction * (1 - t)) / Math.log(t));
      // log/log can land a hair below an exact integer at a period boundary.
      if ((1 - t ** (restart + 1)) / (1 - t) <= fraction) restart += 1;
      const done = (1 - t ** restart) / (1 - t);
      fraction = (fraction - done) / t ** restart;
    }
    const cosine = 0.5 * this.mMul ** restart * (1 + Math.cos(Math.PI * fraction));
    return Math.fround(this.initialLearningRate * ((1 - this.alpha) * cosine + this.alpha));
  }

  getConfig(): ScheduleConfig {
    return {
      initial_learning_rate: this.initialLearningRate, first_decay_steps: this.firstDecaySteps,
      t_mul: this.tMul, m_mul: this.mMul, alpha: this.alpha, name: this.name,
    };
  }

  /** Builds the schedule from its Keras `get_config()` (snake_case keys), as `schedules.deserialize` does. */
  static fromConfig(c: ScheduleConfig): CosineDecayRestarts {
    return new CosineDecayRestarts({
      initialLearningRate: c.initial_learning_rate as number, firstDecaySteps: c.first_decay_steps as number,
      tMul: c.t_mul as number | undefined, mMul: c.m_mul as number | undefined, alpha: c.alpha as number | undefined,
      name: c.name as string | undefined,
    });
  }
}
