// The options every optimizer shares, their validation, and reading them from a Keras config.

import { ValueError, fmt } from '../errors.js';
import { LearningRateSchedule, isSchedule } from './schedules/learning_rate_schedule.js';
import { deserialize as deserializeSchedule, type SerializedSchedule } from './schedules/index.js';

/** A constant rate, a schedule of the step, or a function returning the current rate. */
export type LearningRate = number | LearningRateSchedule | (() => number);

/** Options every optimizer takes (Keras `BaseOptimizer.__init__`). */
export interface OptimizerOptions {
  /** A float ≥ 0, a `LearningRateSchedule`, or a zero-argument function. */
  learningRate?: LearningRate;
  /** If set, every step first applies `var -= var · weightDecay · lr`. */
  weightDecay?: number | null;
  /** Clip each gradient to this L2 norm (per variable). */
  clipnorm?: number | null;
  /** Clip each gradient element to [-clipvalue, clipvalue]. */
  clipvalue?: number | null;
  /** Clip all gradients together to this global L2 norm. */
  globalClipnorm?: number | null;
  /** Name of the optimizer, used in its variables' paths. Default: the class name in snake_case (`'adam'`). */
  name?: string;
  /**
   * Keep an exponential moving average of the weights (Keras `use_ema`). Default false.
   * Call `finalizeVariableValues(vars)` (fit does) to swap the average into the weights.
   */
  useEma?: boolean;
  /** `average = emaMomentum·average + (1 − emaMomentum)·weight`, in [0, 1]. Default 0.99. */
  emaMomentum?: number;
  /** With `useEma`, overwrite the weights with their average every N steps. Default null (never). */
  emaOverwriteFrequency?: number | null;
  /**
   * Update the weights every N calls (N ≥ 2) with the mean of the N gradients; the calls
   * in between only accumulate. Schedules see every call; `iterations` counts updates.
   */
  gradientAccumulationSteps?: number | null;
  /** Not supported by kerasm (mixed precision); only null is accepted. */
  lossScaleFactor?: null;
}

/** The option keys every optimizer accepts. */
export const BASE_OPTION_KEYS = [
  'learningRate', 'weightDecay', 'clipnorm', 'clipvalue', 'globalClipnorm', 'name', 'useEma', 'emaMomentum',
  'emaOverwriteFrequency', 'gradientAccumulationSteps', 'lossScaleFactor',
] as const;

/** A Keras-shaped config: snake_case keys, as `get_config()` returns. */
export type OptimizerConfig = Record<string, unknown>;

/** Keras `auto_name`'s snake_case (so RMSprop is 'rm_sprop', as in Keras). */
export { kerasSnakeCase } from '../utils/naming.js';

/** `v` must be a finite number in [lo, hi) (or [lo, hi] when `closed`). */
export function checkRange(who: string, name: string, v: unknown, lo: number, hi: number, closed = false): number {
  const ok = typeof v === 'number' && Number.isFinite(v) && v >= lo && (closed ? v <= hi : v < hi);
  if (!ok) {
    const range = `[${lo}, ${hi}${closed ? ']' : ')'}`;
    throw new ValueError(`${who}: Argument \`${name}\` must be a float in ${range}. Received: ${name}=${fmt(v)}`);
  }
  return v as number;
}

/** `v` must be a finite number ≥ 0. */
export function checkNonNegative(who: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new ValueError(`${who}: Argument \`${name}\` must be a float >= 0. Received: ${name}=${fmt(v)}`);
  }
  return v;
}

/** Rounds to float32 (Keras's hyper-parameter arithmetic is float32). */
export const f32 = Math.fround;

/** A learning rate argument: a finite float >= 0, a schedule, or a function. */
export function checkLearningRate(who: string, lr: unknown): LearningRate {
  if (isSchedule(lr) || typeof lr === 'function') return lr as LearningRate;
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
    throw new ValueError(`${who}: Argument \`learningRate\` should be a float >= 0, an instance of LearningRateSchedule, ` +
      `or a function returning the current rate. Received: learningRate=${fmt(lr)}`);
  }
  return lr;
}

/** Reads the shared options out of a Keras config (snake_case keys). */
export function baseOptionsFromConfig(c: OptimizerConfig): OptimizerOptions {
  if (c.loss_scale_factor != null) {
    throw new ValueError(`Optimizer config: loss_scale_factor is not supported by kerasm yet. Received: loss_scale_factor=${fmt(c.loss_scale_factor)}`);
  }
  const lr = c.learning_rate;
  return {
    name: c.name as string | undefined,
    learningRate: typeof lr === 'object' && lr !== null ? deserializeSchedule(lr as SerializedSchedule) : (lr as number | undefined),
    weightDecay: c.weight_decay as number | null | undefined,
    clipnorm: c.clipnorm as number | null | undefined,
    clipvalue: c.clipvalue as number | null | undefined,
    globalClipnorm: c.global_clipnorm as number | null | undefined,
    useEma: c.use_ema as boolean | undefined,
    emaMomentum: c.ema_momentum as number | undefined,
    emaOverwriteFrequency: c.ema_overwrite_frequency as number | null | undefined,
    gradientAccumulationSteps: c.gradient_accumulation_steps as number | null | undefined,
  };
}

/** The f32 value of `x ** t`, as Keras's `ops.power` on float32 tensors. */
export function powf(x: number, t: number): number {
  return f32(f32(x) ** t);
}
