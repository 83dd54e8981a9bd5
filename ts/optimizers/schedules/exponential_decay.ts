// ExponentialDecay (Keras `schedules.ExponentialDecay`).

import { LearningRateSchedule, checkArgs, checkNumber, checkPositive, stepOf, type ScheduleConfig } from './learning_rate_schedule.js';

/** Options of {@link ExponentialDecay} (Keras `optimizers.schedules.ExponentialDecay` arguments, camelCase). */
export interface ExponentialDecayArgs {
  /** The rate at step 0. */
  initialLearningRate: number;
  /** Steps per factor of `decayRate` (> 0). */
  decaySteps: number;
  /** The decay factor. */
  decayRate: number;
  /** Floor `step / decaySteps`. Default false. */
  staircase?: boolean;
  /** Name of the schedule. Default 'ExponentialDecay'. */
  name?: string;
}

/** The option keys the constructor accepts (anything else is a typo). */
const KEYS = ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase', 'name'] as const;

/**
 * `initialLearningRate · decayRate^(step / decaySteps)`; with `staircase`, the exponent
 * is floored so the rate drops in steps.
 *
 * @param initialLearningRate The rate at step 0.
 * @param decaySteps Steps per factor of `decayRate` (> 0).
 * @param decayRate The decay factor.
 * @param staircase Floor `step / decaySteps`. Default false.
 * @param name Default 'ExponentialDecay'.
 * @example
 * const lr = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 1000, decayRate: 0.96 });
 * new SGD({ learningRate: lr });
 */
export class ExponentialDecay extends LearningRateSchedule {
  /** The rate at step 0. */
  readonly initialLearningRate: number;
  /** Steps per factor of `decayRate` (> 0). */
  readonly decaySteps: number;
  /** The decay factor. */
  readonly decayRate: number;
  /** Floor `step / decaySteps`. Default false. */
  readonly staircase: boolean;
  /** Name of the schedule. Default 'ExponentialDecay'. */
  readonly name: string;

  constructor(args: ExponentialDecayArgs) {
    super();
    checkArgs('ExponentialDecay', args, KEYS);
    const who = 'ExponentialDecay';
    this.initialLearningRate = checkNumber(who, 'initialLearningRate', args.initialLearningRate);
    this.decaySteps = checkPositive(who, 'decaySteps', args.decaySteps);
    this.decayRate = checkNumber(who, 'decayRate', args.decayRate);
    this.staircase = args.staircase ?? false;
    this.name = args.name ?? 'ExponentialDecay';
  }

  override get className(): string {
    return 'ExponentialDecay';
  }

  call(step: number): number {
    let p = stepOf(step) / this.decaySteps;
    if (this.staircase) p = Math.floor(p);
    return Math.fround(this.initialLearningRate * this.decayRate ** p);
  }

  getConfig(): ScheduleConfig {
    return {
      initial_learning_rate: this.initialLearningRate, decay_steps: this.decaySteps, decay_rate: this.decayRate,
      staircase: this.staircase, name: this.name,
    };
  }

  /** Builds the schedule from its Keras `get_config()` (snake_case keys), as `schedules.deserialize` does. */
  static fromConfig(c: ScheduleConfig): ExponentialDecay {
    return new ExponentialDecay({
      initialLearningRate: c.initial_learning_rate as number, decaySteps: c.decay_steps as number,
      decayRate: c.decay_rate as number, staircase: c.staircase as boolean | undefined, name: c.name as string | undefined,
    });
  }
}
