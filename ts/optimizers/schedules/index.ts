// Learning-rate schedules (Keras `keras.optimizers.schedules`): the classes, and
// `serialize` / `deserialize` / `get` in Keras's `{class_name, config}` format.

import { ValueError, fmt } from '../../errors.js';
import { CosineDecay } from './cosine_decay.js';
import { CosineDecayRestarts } from './cosine_decay_restarts.js';
import { ExponentialDecay } from './exponential_decay.js';
import { InverseTimeDecay } from './inverse_time_decay.js';
import { LearningRateSchedule, isSchedule, type ScheduleConfig } from './learning_rate_schedule.js';
import { PiecewiseConstantDecay } from './piecewise_constant_decay.js';
import { PolynomialDecay } from './polynomial_decay.js';

export { LearningRateSchedule, isSchedule, type ScheduleConfig } from './learning_rate_schedule.js';
export { ExponentialDecay, type ExponentialDecayArgs } from './exponential_decay.js';
export { PiecewiseConstantDecay, type PiecewiseConstantDecayArgs } from './piecewise_constant_decay.js';
export { PolynomialDecay, type PolynomialDecayArgs } from './polynomial_decay.js';
export { InverseTimeDecay, type InverseTimeDecayArgs } from './inverse_time_decay.js';
export { CosineDecay, type CosineDecayArgs } from './cosine_decay.js';
export { CosineDecayRestarts, type CosineDecayRestartsArgs } from './cosine_decay_restarts.js';

/** Class name → config reader. */
const CLASSES: Record<string, (c: ScheduleConfig) => LearningRateSchedule> = {
  ExponentialDecay: (c) => ExponentialDecay.fromConfig(c),
  PiecewiseConstantDecay: (c) => PiecewiseConstantDecay.fromConfig(c),
  PolynomialDecay: (c) => PolynomialDecay.fromConfig(c),
  InverseTimeDecay: (c) => InverseTimeDecay.fromConfig(c),
  CosineDecay: (c) => CosineDecay.fromConfig(c),
  CosineDecayRestarts: (c) => CosineDecayRestarts.fromConfig(c),
};

/** A serialised schedule, as Keras writes it into an optimizer config. */
export interface SerializedSchedule {
  /** Keras module, `'keras.optimizers.schedules'`. */
  module?: string;
  /** Keras class name (`'ExponentialDecay'`). */
  class_name?: string;
  /** Same as `class_name`, camelCase spelling. */
  className?: string;
  /** The schedule's Keras `get_config()` (snake_case keys). */
  config: ScheduleConfig;
  /** Keras `registered_name` (null for built-in schedules). */
  registered_name?: string | null;
}

/** Keras `schedules.serialize`. */
export function serialize(s: LearningRateSchedule): SerializedSchedule {
  return { module: 'keras.optimizers.schedules', class_name: s.className, config: s.getConfig(), registered_name: null };
}

/** Keras `schedules.deserialize`; class names match case-insensitively. */
export function deserialize(c: SerializedSchedule, customObjects: Record<string, (c: ScheduleConfig) => LearningRateSchedule> = {}): LearningRateSchedule {
  const name = c?.class_name ?? c?.className;
  const table = { ...CLASSES, ...customObjects };
  const key = typeof name === 'string' ? Object.keys(table).find((k) => k.toLowerCase() === name.toLowerCase()) : undefined;
  if (key === undefined) {
    throw new ValueError(`Unknown learning rate schedule. Expected one of ${Object.keys(table).join(', ')}. Received: ${fmt(name)}`);
  }
  return table[key]!(c.config ?? {});
}

/** A schedule instance, or one described by `{class_name, config}`. */
export function get(id: LearningRateSchedule | SerializedSchedule): LearningRateSchedule {
  if (isSchedule(id)) return id;
  if (typeof id === 'object' && id !== null) return deserialize(id);
  throw new ValueError(`Could not interpret learning rate schedule identifier. Received: ${fmt(id)}`);
}

/** The Keras class names `deserialize` accepts (case-insensitive). */
export const names = /* @__PURE__ */ Object.keys(CLASSES);
