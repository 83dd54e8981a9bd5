// The optimizers registry: every optimizer class, and `get(identifier)` so that
// `compile({ optimizer: 'adam' })` works as Keras's `optimizers.get` does.

import { ValueError, fmt } from '../errors.js';
import { Adadelta } from './adadelta.js';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { Adamax } from './adamax.js';
import { AdamW } from './adamw.js';
import { Lion } from './lion.js';
import { Nadam } from './nadam.js';
import { Optimizer, type OptimizerConfig } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

export {
  Optimizer, type OptimizerOptions, type OptimizerConfig, type LearningRate, type OptimizerVariableData, type OptimizerVariableInput,
} from './optimizer.js';
export { SGD, type SGDOptions } from './sgd.js';
export { RMSprop, type RMSpropOptions } from './rmsprop.js';
export { Adagrad, type AdagradOptions } from './adagrad.js';
export { Adadelta, type AdadeltaOptions } from './adadelta.js';
export { Adam, type AdamOptions } from './adam.js';
export { AdamW } from './adamw.js';
export { Adamax, type AdamaxOptions } from './adamax.js';
export { Nadam, type NadamOptions } from './nadam.js';
export { Lion, type LionOptions } from './lion.js';
export * as schedules from './schedules/index.js';

/** Keras's registry keys (lower-cased class names) → config reader (arrow functions: a pure table a bundler can drop). */
const CLASSES = {
  adadelta: { className: 'Adadelta', fromConfig: (c: OptimizerConfig) => Adadelta.fromConfig(c) },
  adagrad: { className: 'Adagrad', fromConfig: (c: OptimizerConfig) => Adagrad.fromConfig(c) },
  adam: { className: 'Adam', fromConfig: (c: OptimizerConfig) => Adam.fromConfig(c) },
  adamw: { className: 'AdamW', fromConfig: (c: OptimizerConfig) => AdamW.fromConfig(c) },
  adamax: { className: 'Adamax', fromConfig: (c: OptimizerConfig) => Adamax.fromConfig(c) },
  lion: { className: 'Lion', fromConfig: (c: OptimizerConfig) => Lion.fromConfig(c) },
  nadam: { className: 'Nadam', fromConfig: (c: OptimizerConfig) => Nadam.fromConfig(c) },
  rmsprop: { className: 'RMSprop', fromConfig: (c: OptimizerConfig) => RMSprop.fromConfig(c) },
  sgd: { className: 'SGD', fromConfig: (c: OptimizerConfig) => SGD.fromConfig(c) },
} as const satisfies Record<string, { className: string; fromConfig: (c: OptimizerConfig) => Optimizer }>;

/** The optimizer names `get` accepts: the registry keys ('adam', 'rmsprop') and class names ('Adam', 'RMSprop'). */
export type OptimizerName = keyof typeof CLASSES | (typeof CLASSES)[keyof typeof CLASSES]['className'];

/** The names `get` accepts (any case; underscores ignored, so 'adam_w' and 'AdamW' work). */
export const names = /* @__PURE__ */ Object.keys(CLASSES) as (keyof typeof CLASSES)[];

/** A serialised optimizer: Keras's `{class_name, config}` (or camelCase `className`). */
export interface SerializedOptimizer {
  /** Keras module, `'keras.optimizers'`. */
  module?: string;
  /** Keras class name (`'Adam'`). */
  class_name?: string;
  /** Same as `class_name`, camelCase spelling. */
  className?: string;
  /** The optimizer's Keras `get_config()` (snake_case keys). */
  config?: OptimizerConfig;
  /** Keras `registered_name` (null for built-in optimizers). */
  registered_name?: string | null;
}

/** What `compile({ optimizer })` takes: a name (`'adam'`, `'AdamW'`, …, default options), an Optimizer instance, or a Keras config dict. */
export type OptimizerIdentifier = Optimizer | OptimizerName | SerializedOptimizer;

function lookup(name: unknown) {
  const key = typeof name === 'string' ? name.toLowerCase().replace(/_/g, '') : undefined;
  return key !== undefined && Object.hasOwn(CLASSES, key) ? CLASSES[key as keyof typeof CLASSES] : undefined;
}

/** Keras `optimizers.serialize`. */
export function serialize(opt: Optimizer): SerializedOptimizer {
  return { module: 'keras.optimizers', class_name: opt.className, config: opt.getConfig(), registered_name: null };
}

/** Keras `optimizers.deserialize`: class names match case-insensitively. */
export function deserialize(c: SerializedOptimizer): Optimizer {
  const name = c?.class_name ?? c?.className;
  const entry = lookup(name);
  if (!entry) {
    throw new ValueError(`Could not interpret optimizer identifier. Expected one of ${names.map((n) => `'${n}'`).join(', ')}. Received: ${fmt(name)}`);
  }
  return entry.fromConfig(c.config ?? {});
}

/**
 * An optimizer from an instance (returned unchanged), a name ('adam', 'Adam', 'rmsprop',
 * 'adamw', …, with Keras defaults), or a `{class_name, config}` object; null gives null.
 */
export function get(identifier: null | undefined): null;
// Any string is accepted here (dynamic names); `compile({ optimizer })` takes the strict `OptimizerIdentifier`.
export function get(identifier: OptimizerIdentifier | (string & {})): Optimizer;
export function get(identifier: OptimizerIdentifier | (string & {}) | null | undefined): Optimizer | null {
  if (identifier == null) return null;
  if (identifier instanceof Optimizer) return identifier;
  if (typeof identifier === 'string') {
    if (!lookup(identifier)) {
      throw new ValueError(`Could not interpret optimizer identifier. Expected one of ${names.map((n) => `'${n}'`).join(', ')}. ` +
        `Received: ${fmt(identifier)}`);
    }
    return deserialize({ class_name: identifier, config: {} });
  }
  if (typeof identifier === 'object' && identifier !== null) return deserialize(identifier);
  throw new ValueError(`Could not interpret optimizer identifier. Received: ${fmt(identifier)}`);
}
