// The learning-rate schedule base class (Keras `optimizers/schedules/learning_rate_schedule.py`).

import { ValueError, fmt } from '../../errors.js';
import { checkOptions } from '../../utils/options.js';

/** A Keras-serialisable schedule config: snake_case keys, as Keras's `get_config()`. */
export type ScheduleConfig = Record<string, unknown>;

/**
 * Maps the optimizer's step counter to a learning rate.
 *
 * Optimizers call `call(iterations)` before each update, with `iterations` counting the
 * updates already applied (0 on the first). Values are computed in float64 and rounded
 * to float32 at the end, as Keras computes them in float32.
 *
 * @example
 * class Halving extends LearningRateSchedule {
 *   call(step: number) { return 0.1 / 2 ** Math.floor(step / 1000); }
 *   getConfig() { return {}; }
 * }
 */
export abstract class LearningRateSchedule {
  /** Always `true`: a duck-typing tag that survives separate copies of the library. */
  readonly isLearningRateSchedule = true;

  /** The learning rate at `step`. */
  abstract call(step: number): number;

  /** The constructor arguments as snake_case keys (Keras `get_config`). */
  abstract getConfig(): ScheduleConfig;

  /** The Keras class name (used by `serialize`). */
  get className(): string {
    return this.constructor.name;
  }
}

/** Whether `x` is a {@link LearningRateSchedule} (by its tag, so it also recognizes another copy's schedules). */
export function isSchedule(x: unknown): x is LearningRateSchedule {
  return typeof x === 'object' && x !== null && (x as { isLearningRateSchedule?: unknown }).isLearningRateSchedule === true;
}

/** Validates `decay_steps`-like arguments: finite and > 0. */
export function checkPositive(who: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new ValueError(`${who}: Argument \`${name}\` must be > 0. Received: ${name}=${fmt(v)}`);
  }
  return v;
}

/** Validates a finite number argument. */
export function checkNumber(who: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ValueError(`${who}: Argument \`${name}\` must be a finite number. Received: ${name}=${fmt(v)}`);
  }
  return v;
}

/** The step as a float (Keras casts it to the schedule's float dtype). */
export function stepOf(step: number): number {
  return Math.fround(step);
}

/**
 * A schedule's constructor arguments: a required object with only known keys, so
 * `{ initial_learning_rate: 0.1 }` is refused with the camelCase spelling suggested.
 */
export function checkArgs(who: string, args: unknown, known: readonly string[]): void {
  if (typeof args !== 'object' || args === null) {
    throw new ValueError(`${who}: expected an options object with ${known.join(', ')}. Received: ${fmt(args)}`);
  }
  checkOptions(who, args, known);
}
