// Keras's generic `serialize_keras_object` / `deserialize_keras_object` over everything kerasm
// can serialize: layers and models, initializers, regularizers, constraints, activations,
// losses, metrics, optimizers and schedules, plus user objects (customObjects or registered).
// `shared_object_id` is tolerated and ignored: kerasm shares nothing that needs it (it marks
// dtype policies, which are plain names here).

import { ValueError, fmt } from '../../errors.js';
import * as initializers from '../../initializers/index.js';
import * as regularizers from '../../regularizers/index.js';
import * as constraints from '../../constraints/index.js';
import * as activations from '../../activations/index.js';
import * as losses from '../../losses/index.js';
import * as metrics from '../../metrics/index.js';
import * as optimizers from '../../optimizers/index.js';
import * as schedules from '../../optimizers/schedules/index.js';
import { Layer } from '../../layers/layer.js';
import { deserializeLayer, registeredLayers } from '../../layers/serialization.js';
import { registerBuiltins } from './builtins.js';
import { serializeEntry } from './entry.js';
import { lookupCustom, own, registeredNameOf, type CustomObjects } from './registry.js';
import { checkDepth, expectRecord, isRecord } from './validate.js';

/** `{ module, class_name, config, registered_name }`, as Keras 3 writes every object. */
export interface KerasObject {
  /** Python module of the class (e.g. `keras.layers`), or null for registered custom objects. */
  module: string | null;
  /** Class name, e.g. `Dense`; looked up in kerasm's registry, then in `customObjects`. */
  class_name: string;
  /** The object's constructor arguments (its `get_config()`), snake_case keys. */
  config: unknown;
  /** `package>Name` of a class registered with `registerKerasSerializable` (Keras `register_keras_serializable`), else null. */
  registered_name: string | null;
  /** Input shapes to build the object with before loading weights (Keras `get_build_config()`). */
  build_config?: Record<string, unknown>;
  /** The compile arguments of a model (optimizer, loss, metrics), when saved compiled. */
  compile_config?: Record<string, unknown>;
  /** Identifies one object referenced several times in a config (Keras shared-object scope). */
  shared_object_id?: number;
  [extra: string]: unknown;
}

/** Options of `deserializeKerasObject`. */
export interface DeserializeOptions {
  /** Classes and functions the config may name besides kerasm's own, by class or registered name (Keras `custom_objects`). */
  customObjects?: CustomObjects;
}

const obj = (module: string, s: { className?: string; class_name?: string; config?: unknown }): KerasObject =>
  ({ module, class_name: (s.class_name ?? s.className)!, config: s.config ?? {}, registered_name: null });

/** Keras `serialize_keras_object`: plain values as they are, objects as KerasObject dicts. */
export function serializeKerasObject(x: unknown): unknown {
  if (x === null || x === undefined) return null;
  if (typeof x === 'boolean' || typeof x === 'number' || typeof x === 'string') return x;
  if (Array.isArray(x)) return x.map(serializeKerasObject);
  if (x instanceof Layer) return serializeEntry(x);
  if (x instanceof initializers.Initializer) return initializers.serialize(x);
  if (x instanceof regularizers.Regularizer) return regularizers.serialize(x);
  if (x instanceof constraints.Constraint) return constraints.serialize(x);
  if (x instanceof losses.Loss) return obj('keras.losses', losses.serialize(x));
  if (x instanceof metrics.Metric) return obj('keras.metrics', metrics.serialize(x));
  if (x instanceof optimizers.Optimizer) return obj('keras.optimizers', optimizers.serialize(x));
  if (x instanceof schedules.LearningRateSchedule) return obj('keras.optimizers.schedules', schedules.serialize(x));
  if (typeof x === 'function') {
    const registered = registeredNameOf(x);
    if (registered) return { module: 'builtins', class_name: 'function', config: registered, registered_name: registered };
    return activations.serialize(x as activations.ActivationFn);
  }
  if (isRecord(x) && Object.getPrototypeOf(x) === Object.prototype) {
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, serializeKerasObject(v)]));
  }
  throw new ValueError(`serializeKerasObject: cannot serialize this object. Received: ${fmt(x)}`);
}

const REFUSED = new Set(['__lambda__', 'Lambda', 'TFOpLambda', 'SlicingOpLambda']);

/** Keras `deserialize_keras_object`, restricted to what kerasm knows or the user supplied. */
export function deserializeKerasObject(spec: unknown, opts: DeserializeOptions = {}): unknown {
  checkDepth(spec, 'deserializeKerasObject');
  registerBuiltins();
  return revive(spec, opts);
}

function revive(spec: unknown, opts: DeserializeOptions): unknown {
  if (spec === null || spec === undefined) return null;
  if (typeof spec === 'boolean' || typeof spec === 'number') return spec;
  if (typeof spec === 'string') {
    const custom = lookupCustom(spec, undefined, opts.customObjects);
    return custom !== undefined && typeof custom === 'function' ? custom : spec;
  }
  if (Array.isArray(spec)) return spec.map((s) => revive(s, opts));
  const s = expectRecord(spec, 'deserializeKerasObject');
  const className = own(s, 'class_name');
  if (typeof className !== 'string') {
    return Object.fromEntries(Object.entries(s).filter(([k]) => k !== '__proto__').map(([k, v]) => [k, revive(v, opts)]));
  }
  const module = own(s, 'module');
  const config = own(s, 'config');
  if (className === '__keras_tensor__') throw new ValueError(`deserializeKerasObject: a symbolic tensor can only be read inside a Functional model config.`);
  const custom = lookupCustom(className, own(s, 'registered_name'), opts.customObjects);
  if (custom !== undefined) {
    if (className === 'function' || (typeof custom === 'function' && !(custom.prototype instanceof Layer) && !('fromConfig' in custom))) return custom;
    if (typeof custom === 'function' && custom.prototype instanceof Layer) return deserializeLayer(s, opts);
    return (custom as { fromConfig(c: unknown, o: DeserializeOptions): unknown }).fromConfig(config ?? {}, opts);
  }
  if (REFUSED.has(className)) {
    throw new ValueError(`Cannot load class '${className}': it holds Python code, which kerasm never executes. Pass a replacement in customObjects: { ${className}: … }.`);
  }
  if (className === 'function') {
    if (typeof config === 'string') return activations.deserialize(config);
    throw new ValueError(`deserializeKerasObject: function entry without a name. Received: config=${fmt(config)}`);
  }
  switch (module) {
    case 'keras.initializers': return initializers.deserialize(s as never);
    case 'keras.regularizers': return regularizers.deserialize(s as never);
    case 'keras.constraints': return constraints.deserialize(s as never);
    case 'keras.losses': return losses.deserialize(s as never);
    case 'keras.metrics': return metrics.deserialize(s as never);
    case 'keras.optimizers': return optimizers.deserialize(s as never);
    case 'keras.optimizers.schedules': return schedules.deserialize(s as never);
  }
  if (className === 'DTypePolicy' && isRecord(config) && typeof own(config, 'name') === 'string') return own(config, 'name');
  if (registeredLayers().includes(className)) return deserializeLayer(s, opts);
  throw new ValueError(`deserializeKerasObject: unknown class '${className}'${typeof module === 'string' ? ` from module '${module}'` : ''}. ` +
    `Register custom classes with registerKerasSerializable('${className}', cls) or pass customObjects: { ${className}: cls }. Received: class_name=${fmt(className)}`);
}
