// Keras 3 layer configs, driven by one list per class. Each built-in layer class declares
// `static configKeys`: the snake_case keys its Keras `get_config()` writes after name,
// trainable and dtype. The same list gives
//  - getConfig(): each key's value is the property of the camelCase name, serialized the
//    Keras 3 way (initializers/regularizers/constraints as dicts, activations as names);
//  - the options the constructor accepts (camelCase keys + `extraOptions` + the base ones),
//    so a misspelled option is an error, not a silently different model;
//  - fromConfig(): a Keras config becomes constructor options.

import { ValueError, fmt } from '../errors.js';
import type { DType } from '../tensor/tensor.js';
import * as initializers from '../initializers/index.js';
import * as regularizers from '../regularizers/index.js';
import * as constraints from '../constraints/index.js';
import * as activations from '../activations/index.js';
import { checkOptions } from '../utils/options.js';
import { camelCase, camelKeys } from '../utils/config_keys.js';
import { isKerasObject } from '../utils/keras_object.js';
import type { Layer } from './layer.js';

/**
 * Options every layer takes (Keras base `Layer`), camelCase. `inputDim` (Keras/tfjs: a
 * shorthand for `inputShape: [inputDim]`) and `batchInputShape` (tfjs) become
 * inputShape/batchSize; a class whose own config has `input_dim` (Embedding) keeps its meaning.
 */
export const BASE_OPTIONS = ['name', 'trainable', 'dtype', 'inputShape', 'batchSize', 'inputDim', 'batchInputShape'] as const;

/** What a layer class declares statically. */
export interface LayerClassSpec {
  /** Keras `get_config()` keys after name/trainable/dtype, snake_case. */
  readonly configKeys?: readonly string[];
  /** camelCase options accepted besides BASE_OPTIONS and the config keys. */
  readonly extraOptions?: readonly string[];
}

function specOf(cls: unknown): LayerClassSpec {
  return (cls ?? {}) as LayerClassSpec;
}

/** Every option a layer class accepts. */
export function knownOptions(cls: unknown): string[] {
  const s = specOf(cls);
  return [...BASE_OPTIONS, ...(s.configKeys ?? []).map(camelCase), ...(s.extraOptions ?? [])];
}

function className(cls: unknown): string {
  return (cls as { name?: string }).name || 'Layer';
}

/**
 * Checks a built-in layer's options before construction: unknown keys (with a suggestion)
 * and a `dtype` other than float32 are errors. Returns the options for `super(...)`, with
 * `inputDim`/`batchInputShape` turned into inputShape/batchSize.
 */
export function layerArgs<T extends object | undefined>(cls: unknown, args: T): T {
  const who = className(cls);
  checkOptions(who, args, knownOptions(cls));
  const a = (args ?? {}) as Record<string, unknown>;
  const dt = a.dtype;
  if (dt !== undefined && dt !== null && dt !== 'float32') {
    throw new ValueError(`${who}: dtype ${fmt(dt)} is not supported; kerasm layers compute in float32 ` +
      `(integer inputs go through input({ dtype: 'int32' })). Received: dtype=${fmt(dt)}`);
  }
  const ownInputDim = (specOf(cls).configKeys ?? []).includes('input_dim');
  const shapes = ['inputShape', ...(ownInputDim ? [] : ['inputDim']), 'batchInputShape'].filter((k) => a[k] != null);
  if (shapes.length > 1) throw new ValueError(`${who}: give one of inputShape, inputDim and batchInputShape. Received: ${shapes.join(', ')}`);
  if (!ownInputDim && a.inputDim != null) {
    if (!Number.isInteger(a.inputDim) || (a.inputDim as number) <= 0) throw new ValueError(`${who}: inputDim must be a positive integer. Received: inputDim=${fmt(a.inputDim)}`);
    const { inputDim, ...rest } = a;
    return { ...rest, inputShape: [inputDim] } as T;
  }
  if (a.batchInputShape != null) {
    const s = a.batchInputShape;
    if (!Array.isArray(s) || s.length < 1) throw new ValueError(`${who}: batchInputShape must be a shape with the batch axis first. Received: batchInputShape=${fmt(s)}`);
    const { batchInputShape: _b, ...rest } = a;
    return { ...rest, inputShape: s.slice(1), ...(s[0] != null ? { batchSize: s[0] } : {}) } as T;
  }
  return args;
}

/** Throws "not supported" when an accepted Keras option has a value kerasm cannot honour. */
export function notSupported(layer: string, option: string, value: unknown, ok: (v: unknown) => boolean, why = ''): void {
  if (value === undefined || ok(value)) return;
  throw new ValueError(`Layer '${layer}': ${option}=${fmt(value)} is not supported by kerasm${why ? ` (${why})` : ''}. Received: ${option}=${fmt(value)}`);
}

/** Keras 3's dtype entry of a layer config. */
export function serializeDType(dtype: DType): Record<string, unknown> {
  return { module: 'keras', class_name: 'DTypePolicy', config: { name: dtype }, registered_name: null };
}

/** A Keras value as it appears in a config: nested objects serialized, arrays copied. */
export function configValue(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (v instanceof initializers.Initializer) return initializers.serialize(v);
  if (v instanceof regularizers.Regularizer) return regularizers.serialize(v);
  if (v instanceof constraints.Constraint) return constraints.serialize(v);
  if (typeof v === 'function') return activations.serialize(v as activations.ActivationFn);
  if (Array.isArray(v)) return v.map(configValue);
  return v;
}

/** The Keras 3 config of a layer: name, trainable, dtype, then its class's configKeys. */
export function layerConfig(layer: Layer): Record<string, unknown> {
  const c: Record<string, unknown> = { name: layer.name, trainable: layer.trainable, dtype: serializeDType(layer.dtype) };
  const keys = specOf(layer.constructor).configKeys ?? [];
  for (const k of keys) c[k] = configValue((layer as unknown as Record<string, unknown>)[camelCase(k)]);
  // Keras's base Layer writes activity_regularizer only when one is set.
  if (layer.activityRegularizer && !keys.includes('activity_regularizer')) c.activity_regularizer = configValue(layer.activityRegularizer);
  return c;
}

/** A dtype entry of a Keras config ('float32' or a DTypePolicy dict) → its name. */
export function dtypeFromConfig(v: unknown): string | undefined {
  if (v == null) return undefined;
  if (typeof v === 'string') return v;
  if (isKerasObject(v) && typeof v.config?.name === 'string') return v.config.name as string;
  throw new ValueError(`Layer config: unreadable dtype. Received: dtype=${fmt(v)}`);
}

/**
 * A Keras layer config (Keras 3, Keras 2 or tfjs) → constructor options: camelCase keys,
 * nested initializer/regularizer/constraint dicts as instances, `batch_input_shape` as
 * inputShape/batchSize. Keys the class does not know are left for its option check to reject.
 */
export function argsFromConfig(where: string, config: Record<string, unknown>): Record<string, unknown> {
  const args = camelKeys(where, config);
  for (const [k, v] of Object.entries(args)) {
    if (k === 'dtype') args.dtype = dtypeFromConfig(v);
    else if (k === 'batchInputShape') {
      delete args.batchInputShape;
      const s = v as (number | null)[];
      args.inputShape = s.slice(1);
      if (s[0] != null) args.batchSize = s[0];
    } else if (k.endsWith('Initializer')) args[k] = initializers.deserialize(v as never);
    else if (k.endsWith('Regularizer')) args[k] = regularizers.deserialize(v as never);
    else if (k.endsWith('Constraint')) args[k] = constraints.deserialize(v as never);
  }
  return args;
}

/**
 * Builds a layer of class `cls` from its Keras config. Keras's base Layer takes an
 * activity_regularizer for every class: one the class does not take as an option is set
 * after construction.
 */
export function layerFromConfig<L>(cls: new (args: never) => L, config: Record<string, unknown>): L {
  const args = argsFromConfig(`${cls.name} config`, config ?? {});
  const { activityRegularizer, ...rest } = args;
  const takesIt = knownOptions(cls).includes('activityRegularizer');
  const layer = new cls((takesIt ? args : rest) as never);
  if (!takesIt && activityRegularizer !== undefined) (layer as unknown as Layer).activityRegularizer = activityRegularizer as regularizers.Regularizer;
  return layer;
}
