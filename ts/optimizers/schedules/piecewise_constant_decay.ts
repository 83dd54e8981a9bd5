// PiecewiseConstantDecay (Keras `schedules.PiecewiseConstantDecay`).

import { ValueError, fmt } from '../../errors.js';
import { LearningRateSchedule, checkArgs, checkNumber, type ScheduleConfig } from './learning_rate_schedule.js';

/** Options of {@link PiecewiseConstantDecay} (Keras `optimizers.schedules.PiecewiseConstantDecay` arguments, camelCase). */
export interface PiecewiseConstantDecayArgs {
  /** Increasing step boundaries. */
  boundaries: number[];
  /** One more value than boundaries. */
  values: number[];
  /** Name of the schedule. Default 'PiecewiseConstant'. */
  name?: string;
}

/** The option keys the constructor accepts (anything else is a typo). */
const KEYS = ['boundaries', 'values', 'name'] as const;

/**
 * `values[0]` while `step ≤ boundaries[0]`, `values[i]` while
 * `boundaries[i-1] < step ≤ boundaries[i]`, and `values.at(-1)` after the last boundary.
 *
 * @param boundaries Increasing step boundaries.
 * @param values One more value than boundaries.
 * @param name Default 'PiecewiseConstant'.
 * @example
 * new PiecewiseConstantDecay({ boundaries: [100000, 110000], values: [1.0, 0.5, 0.1] });
 */
export class PiecewiseConstantDecay extends LearningRateSchedule {
  /** Increasing step boundaries. */
  readonly boundaries: number[];
  /** One more value than boundaries. */
  readonly values: number[];
  /** Name of the schedule. Default 'PiecewiseConstant'. */
  readonly name: string;

  constructor(args: PiecewiseConstantDecayArgs) {
    super();
    checkArgs('PiecewiseConstantDecay', args, KEYS);
    const { boundaries, values } = args;
    if (!Array.isArray(boundaries) || !Array.isArray(values) || boundaries.length !== values.length - 1) {
      throw new ValueError('PiecewiseConstantDecay: The length of boundaries should be 1 less than the length of values. ' +
        `Received: boundaries=${fmt(boundaries)} of length ${boundaries?.length}, and values=${fmt(values)} of length ${values?.length}.`);
    }
    boundaries.forEach((b, i) => checkNumber('PiecewiseConstantDecay', `boundaries[${i}]`, b));
    values.forEach((v, i) => checkNumber('PiecewiseConstantDecay', `values[${i}]`, v));
    this.boundaries = boundaries.slice();
    this.values = values.slice();
    this.name = args.name ?? 'PiecewiseConstant';
  }

  override get className(): string {
    return 'PiecewiseConstantDecay';
  }

  call(step: number): number {
    const b = this.boundaries;
    for (let i = 0; i < b.length; i++) if (step <= b[i]!) return Math.fround(this.values[i]!);
    return Math.fround(this.values.at(-1)!);
  }

  getConfig(): ScheduleConfig {
    return { boundaries: this.boundaries.slice(), values: this.values.slice(), name: this.name };
  }

  /** Builds the schedule from its Keras `get_config()` (snake_case keys), as `schedules.deserialize` does. */
  static fromConfig(c: ScheduleConfig): PiecewiseConstantDecay {
    return new PiecewiseConstantDecay({ boundaries: c.boundaries as number[], values: c.values as number[], name: c.name as string | undefined });
  }
}
