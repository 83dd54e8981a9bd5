// Shared by the layer-config tests: the Keras reference file and kerasm's layer classes by name.

import { readFileSync } from 'node:fs';
import * as L from '../../../ts/layers/index.js';
import { layerFromConfig } from '../../../ts/layers/config.js';
import { camelCase } from '../../../ts/utils/config_keys.js';
import * as initializers from '../../../ts/initializers/index.js';
import * as regularizers from '../../../ts/regularizers/index.js';
import * as constraints from '../../../ts/constraints/index.js';

export interface KerasLayerCase {
  class_name: string;
  case: string;
  kwargs: Record<string, unknown>;
  config: Record<string, unknown>;
  serialized: Record<string, unknown>;
}

export interface KerasObjCase {
  class_name: string;
  kwargs: Record<string, unknown>;
  serialized: { class_name: string; config: Record<string, unknown> };
}

export interface KerasConfigs {
  layers: KerasLayerCase[];
  default_names: Record<string, [string, string]>;
  initializers: KerasObjCase[];
  initializer_names: Record<string, unknown>;
  regularizers: KerasObjCase[];
  regularizer_names: Record<string, unknown>;
  constraints: KerasObjCase[];
  constraint_names: Record<string, unknown>;
  activations: Record<string, string>;
}

export const ref = JSON.parse(readFileSync(new URL('./keras_configs.json', import.meta.url), 'utf8')) as KerasConfigs;

export type LayerCtor = (new (args: never) => L.Layer) & { fromConfig?: (c: Record<string, unknown>) => L.Layer };

export function layerClass(name: string): LayerCtor {
  const cls = (L as unknown as Record<string, LayerCtor>)[name];
  if (!cls) throw new Error(`kerasm has no layers.${name}`);
  return cls;
}

/** Builds a layer from a Keras config the way model loading does. */
export function fromKerasConfig(className: string, config: Record<string, unknown>): L.Layer {
  L.registerBuiltinLayers(); // as every config reader does (wrappers read nested layers by class name)
  const cls = layerClass(className);
  return cls.fromConfig ? cls.fromConfig(config) : layerFromConfig(cls, config);
}

/** JSON normalisation: what a config looks like once written and read back. */
export const json = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

/** Keras kwargs (snake_case, nested objects serialized) → kerasm options (camelCase, instances). */
export function optionsFromKwargs(kwargs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(kwargs)) {
    const c = camelCase(k);
    const nested = typeof v === 'object' && v !== null && !Array.isArray(v) && 'class_name' in v;
    const isLayer = (x: unknown) => typeof x === 'object' && x !== null && (x as { module?: unknown }).module === 'keras.layers';
    if (isLayer(v)) out[c] = L.deserializeLayer(v as never);
    else if (Array.isArray(v) && v.length > 0 && v.every(isLayer)) out[c] = v.map((x) => L.deserializeLayer(x as never));
    else if (nested && c.endsWith('Initializer')) out[c] = initializers.deserialize(v as never);
    else if (nested && c.endsWith('Regularizer')) out[c] = regularizers.deserialize(v as never);
    else if (nested && c.endsWith('Constraint')) out[c] = constraints.deserialize(v as never);
    else out[c] = v;
  }
  return out;
}
