// Initializers by Keras name (`get('heNormal')`, `get('he_normal')`, `get('HeNormal')`), and
// Keras 3 (de)serialization: `serialize(init)` → `{ module: 'keras.initializers', class_name,
// config, registered_name }`, `deserialize(dict | name)` → instance.

import { ValueError, fmt } from '../errors.js';
import { canonicalName } from '../activations/index.js';
import { isKerasObject, kerasObject, lookup, type KerasObject } from '../utils/keras_object.js';
import { camelKeys } from '../utils/config_keys.js';
import * as I from './initializer.js';
import { camelName, type AnyCase } from '../utils/spellings.js';

export * from './initializer.js';

type Ctor = new (opts?: never) => I.Initializer;

/** snake_case Keras name → class, in Keras's order; its keys make `InitializerName`. */
const BY_NAME = {
  zeros: I.Zeros, ones: I.Ones, constant: I.Constant as Ctor, random_normal: I.RandomNormal,
  random_uniform: I.RandomUniform, truncated_normal: I.TruncatedNormal, variance_scaling: I.VarianceScaling as Ctor,
  glorot_uniform: I.GlorotUniform, glorot_normal: I.GlorotNormal, he_normal: I.HeNormal, he_uniform: I.HeUniform,
  lecun_normal: I.LecunNormal, lecun_uniform: I.LecunUniform, orthogonal: I.Orthogonal, identity: I.Identity,
} satisfies Record<string, Ctor>;

/** Keras's legacy aliases. */
const LEGACY = {
  normal: I.RandomNormal, uniform: I.RandomUniform, zero: I.Zeros, one: I.Ones,
  IdentityInitializer: I.Identity, OrthogonalInitializer: I.Orthogonal,
} satisfies Record<string, Ctor>;

const pascal = (snake: string) => camelName(snake).replace(/^./, (c) => c.toUpperCase());

/** Class name → class ('HeNormal'). */
// Pure-marked, so a bundle that never looks names up drops the tables and the classes.
const CLASSES = /* @__PURE__ */ (() => new Map<string, Ctor>(Object.entries(BY_NAME).map(([k, v]) => [pascal(k), v])))();

// Keras's ALL_OBJECTS_DICT: class names, their snake_case, and legacy aliases.
const NAMES = /* @__PURE__ */ (() => new Map<string, Ctor>([...CLASSES, ...Object.entries(BY_NAME), ...Object.entries(LEGACY)]))();

/** Every initializer name `get` accepts: 'he_normal', 'heNormal', 'HeNormal', and Keras's legacy aliases. */
export type InitializerName = AnyCase<keyof typeof BY_NAME> | keyof typeof LEGACY;
/**
 * What a layer's `kernelInitializer`/`biasInitializer` option takes: a name (`'glorotUniform'`, `'he_normal'`, `'HeNormal'`) or an {@link Initializer} instance.
 */
export type InitializerIdentifier = InitializerName | I.Initializer;

/** The snake_case names and legacy aliases (`InitializerName` adds their camelCase and class-name forms). */
export const names = /* @__PURE__ */ (() => [...Object.keys(BY_NAME), ...Object.keys(LEGACY)])();

function byName(name: string): Ctor {
  return NAMES.get(name) ?? lookup(NAMES, canonicalName(name), `initializer '${name}'`);
}

/** An instance for a name (default arguments), or the instance itself. */
export function get(id: InitializerIdentifier | KerasObject | string | null | undefined): I.Initializer {
  if (id instanceof I.Initializer) return id;
  if (isKerasObject(id)) return deserialize(id);
  if (typeof id !== 'string') throw new ValueError(`Unknown initializer: expected a name, a config dict or an Initializer. Received: ${fmt(id)}`);
  return new (byName(id))();
}

/** Keras 3 `initializers.serialize`. */
export function serialize(init: I.Initializer): KerasObject {
  return kerasObject('keras.initializers', init.className, init.getConfig());
}

/** Keras 3 `initializers.deserialize`: a serialized dict (Keras 3, Keras 2 or tfjs) or a name. */
export function deserialize(config: KerasObject | { class_name: string; config?: Record<string, unknown> } | string): I.Initializer {
  if (typeof config === 'string') return get(config);
  if (!isKerasObject(config)) throw new ValueError(`initializers.deserialize: expected { class_name, config }. Received: ${fmt(config)}`);
  const Cls = lookup(CLASSES, config.class_name, 'initializer class');
  return new Cls(camelKeys(`initializer ${config.class_name}`, config.config ?? {}) as never);
}

/** `new Zeros()`: all zeros (Keras `initializers.Zeros`). */
export const zeros = () => new I.Zeros();
/** `new Ones()`: all ones (Keras `initializers.Ones`). */
export const ones = () => new I.Ones();
/** `new Constant(value)`: every element `value` (Keras `initializers.Constant`). */
export const constant = (value: number | { value?: number }) => new I.Constant(value);
/** `new RandomNormal(o)`: normal draws, mean 0 and stddev 0.05 by default (Keras `initializers.RandomNormal`). */
export const randomNormal = (o?: I.RandomNormalArgs) => new I.RandomNormal(o);
/** `new RandomUniform(o)`: uniform in [-0.05, 0.05) by default (Keras `initializers.RandomUniform`). */
export const randomUniform = (o?: I.RandomUniformArgs) => new I.RandomUniform(o);
/** `new TruncatedNormal(o)`: normal draws within two stddevs (Keras `initializers.TruncatedNormal`). */
export const truncatedNormal = (o?: I.RandomNormalArgs) => new I.TruncatedNormal(o);
/** `new VarianceScaling(o)`: variance `scale / fan` (Keras `initializers.VarianceScaling`). */
export const varianceScaling = (o?: I.VarianceScalingArgs) => new I.VarianceScaling(o);
/** `new GlorotUniform(o)`: Glorot/Xavier uniform, the Keras default kernel initializer. */
export const glorotUniform = (o?: I.PresetArgs) => new I.GlorotUniform(o);
/** `new GlorotNormal(o)`: Glorot/Xavier truncated normal. */
export const glorotNormal = (o?: I.PresetArgs) => new I.GlorotNormal(o);
/** `new HeNormal(o)`: He truncated normal (variance 2 / fanIn), for ReLU layers. */
export const heNormal = (o?: I.PresetArgs) => new I.HeNormal(o);
/** `new HeUniform(o)`: He uniform (±√(6 / fanIn)). */
export const heUniform = (o?: I.PresetArgs) => new I.HeUniform(o);
/** `new LecunNormal(o)`: LeCun truncated normal (variance 1 / fanIn), for SELU. */
export const lecunNormal = (o?: I.PresetArgs) => new I.LecunNormal(o);
/** `new LecunUniform(o)`: LeCun uniform (±√(3 / fanIn)). */
export const lecunUniform = (o?: I.PresetArgs) => new I.LecunUniform(o);
/** `new Orthogonal(o)`: a random (semi-)orthogonal matrix times `gain` (default 1). */
export const orthogonal = (o?: { gain?: number; seed?: number }) => new I.Orthogonal(o);
/** `new Identity(o)`: `gain` (default 1) times the identity matrix; 2-D shapes only. */
export const identity = (o?: { gain?: number }) => new I.Identity(o);
