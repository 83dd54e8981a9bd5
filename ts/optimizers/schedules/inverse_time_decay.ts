// InverseTimeDecay (Keras `schedules.InverseTimeDecay`).

import { LearningRateSchedule, checkArgs, checkNumber, checkPositive, stepOf, type ScheduleConfig } from './learning_rate_schedule.js';

export interface InverseTimeDecayArgs {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  staircase?: boolean;
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
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;
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

  static fromConfig(c: ScheduleConfig): InverseTimeDecay {
    return new InverseTimeDecay({
      initialLearningRate: c.initial_learning_rate as number, decaySteps: c.decay_steps as number,
      decayRate: c.decay_rate as number, staircase: c.staircase as boolean | undefined, name: c.name as string | undefined,
    });
  }
}
