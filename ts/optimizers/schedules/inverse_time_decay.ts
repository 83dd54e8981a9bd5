// InverseTimeDecay (Keras `schedules.InverseTimeDecay`).

import { LearningRateSchedule, checkArgs, checkNumber, checkPositive, stepOf, type ScheduleConfig } from './learning_rate_schedule.js';

/** Options of {@link InverseTimeDecay} (Keras `optimizers.schedules.InverseTimeDecay` arguments, camelCase). */
export interface InverseTimeDecayArgs {
  /** The rate at step 0. */
  initialLearningRate: number;
  /** How often to apply the decay (> 0). */
  decaySteps: number;
  /** The decay rate. */
  decayRate: number;
  /** Floor `step / decaySteps`. Default false. */
  staircase?: boolean;
  /** Name of the schedule. Default 'InverseTimeDecay'. */
  name?: string;
}

/** The option keys the constructor accepts (anything else is a typo). */
const KEYS = ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase', 'name'] as const;

/**
 * `initialLearningRate / (1 + decayRate · step / decaySteps)`; with `staircase`,
 * `step / decaySteps` is floored.
 *
 * @param initialLearningRate The rate at step 0.
 * @param decaySteps How often to apply the decay (> 0).
 * @param decayRate The decay rate.
 * @param staircase Floor `step / decaySteps`. Default false.
 * @param name Default 'InverseTimeDecay'.
 * @example
 * new InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 1000, decayRate: 0.5 });
 */
export class InverseTimeDecay extends LearningRateSchedule {
  /** The rate at step 0. */
  readonly initialLearningRate: number;
  /** How often to apply the decay (> 0). */
  readonly decaySteps: number;
  /** The decay rate. */
  readonly decayRate: number;
  /** Floor `step / decaySteps`. Default false. */
  readonly staircase: boolean;
  /** Name of the schedule. Default 'InverseTimeDecay'. */
  readonly name: string;

  constructor(args: InverseTimeDecayArgs) {
    super();
    checkArgs('InverseTimeDecay', args, KEYS);
    const who = 'InverseTimeDecay';
    this.initialLearningRate = checkNumber(who, 'initialLearningRate', args.initialLearningRate);
    this.decaySteps = checkPositive(who, 'decaySteps', args.decaySteps);
    this.decayRate = checkNumber(who, 'decayRate', args.decayRate);
    this.staircase = args.staircase ?? false;
    this.name = args.name ?? 'InverseTimeDecay';
  }

  override get className(): string {
    return 'InverseTimeDecay';
  }

  call(step: number): number {
    let p = stepOf(step) / this.decaySteps;
    if (this.staircase) p = Math.floor(p);
    return Math.fround(this.initialLearningRate / (1 + this.decayRate * p));
  }

  getConfig(): ScheduleConfig {
    return {
      initial_learning_rate: this.initialLearningRate, decay_steps: this.decaySteps, decay_rate: this.decayRate,
      staircase: this.staircase, name: this.name,
    };
  }

  /** Builds the schedule from its Keras `get_config()` (snake_case keys), as `schedules.deserialize` does. */
  static fromConfig(c: ScheduleConfig): InverseTimeDecay {
    return new InverseTimeDecay({
      initialLearningRate: c.initial_learning_rate as number, decaySteps: c.decay_steps as number,
      decayRate: c.decay_rate as number, staircase: c.staircase as boolean | undefined, name: c.name as string | undefined,
    });
  }
}
