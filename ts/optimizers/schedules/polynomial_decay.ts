// PolynomialDecay (Keras `schedules.PolynomialDecay`).

import { LearningRateSchedule, checkArgs, checkNumber, checkPositive, stepOf, type ScheduleConfig } from './learning_rate_schedule.js';

/** Options of {@link PolynomialDecay} (Keras `optimizers.schedules.PolynomialDecay` arguments, camelCase). */
export interface PolynomialDecayArgs {
  /** The rate at step 0. */
  initialLearningRate: number;
  /** Steps to reach the end rate (> 0). */
  decaySteps: number;
  /** The rate reached at `decaySteps`. Default 0.0001. */
  endLearningRate?: number;
  /** Exponent of the decay curve. Default 1 (linear). */
  power?: number;
  /** Restart past `decaySteps`. Default false. */
  cycle?: boolean;
  /** Name of the schedule. Default 'PolynomialDecay'. */
  name?: string;
}

/** The option keys the constructor accepts (anything else is a typo). */
const KEYS = ['initialLearningRate', 'decaySteps', 'endLearningRate', 'power', 'cycle', 'name'] as const;

/**
 * `(initial − end) · (1 − step/decaySteps)^power + end`, holding `end` after `decaySteps`;
 * with `cycle`, `decaySteps` grows to the first multiple of itself above `step`.
 *
 * @param initialLearningRate The rate at step 0.
 * @param decaySteps Steps to reach the end rate (> 0).
 * @param endLearningRate Default 0.0001.
 * @param power Default 1 (linear).
 * @param cycle Restart past `decaySteps`. Default false.
 * @param name Default 'PolynomialDecay'.
 * @example
 * new PolynomialDecay({ initialLearningRate: 0.1, decaySteps: 10000, endLearningRate: 0.01, power: 0.5 });
 */
export class PolynomialDecay extends LearningRateSchedule {
  /** The rate at step 0. */
  readonly initialLearningRate: number;
  /** Steps to reach the end rate (> 0). */
  readonly decaySteps: number;
  /** The rate reached at `decaySteps`. Default 0.0001. */
  readonly endLearningRate: number;
  /** Exponent of the decay curve. Default 1 (linear). */
  readonly power: number;
  /** Restart past `decaySteps`. Default false. */
  readonly cycle: boolean;
  /** Name of the schedule. Default 'PolynomialDecay'. */
  readonly name: string;

  constructor(args: PolynomialDecayArgs) {
    super();
    checkArgs('PolynomialDecay', args, KEYS);
    const who = 'PolynomialDecay';
    this.initialLearningRate = checkNumber(who, 'initialLearningRate', args.initialLearningRate);
    this.decaySteps = checkPositive(who, 'decaySteps', args.decaySteps);
    this.endLearningRate = checkNumber(who, 'endLearningRate', args.endLearningRate ?? 0.0001);
    this.power = checkNumber(who, 'power', args.power ?? 1.0);
    this.cycle = args.cycle ?? false;
    this.name = args.name ?? 'PolynomialDecay';
  }

  override get className(): string {
    return 'PolynomialDecay';
  }

  call(step: number): number {
    let s = stepOf(step);
    let steps = this.decaySteps;
    if (this.cycle) {
      steps *= s === 0 ? 1 : Math.ceil(s / this.decaySteps);
    } else {
      s = Math.min(s, steps);
    }
    // 1 − p in float32, as Keras: near the end of a long cycle it cancels to a few bits.
    const rest = Math.fround(1 - Math.fround(s / steps));
    return Math.fround((this.initialLearningRate - this.endLearningRate) * rest ** this.power + this.endLearningRate);
  }

  getConfig(): ScheduleConfig {
    return {
      initial_learning_rate: this.initialLearningRate, decay_steps: this.decaySteps, end_learning_rate: this.endLearningRate,
      power: this.power, cycle: this.cycle, name: this.name,
    };
  }

  /** Builds the schedule from its Keras `get_config()` (snake_case keys), as `schedules.deserialize` does. */
  static fromConfig(c: ScheduleConfig): PolynomialDecay {
    return new PolynomialDecay({
      initialLearningRate: c.initial_learning_rate as number, decaySteps: c.decay_steps as number,
      endLearningRate: c.end_learning_rate as number | undefined, power: c.power as number | undefined,
      cycle: c.cycle as boolean | undefined, name: c.name as string | undefined,
    });
  }
}
