// Keras layer configs (as in `.keras` files and `get_config()`) → kerasm layers.
// snake_case keys become camelCase options; nested initializer / regularizer / constraint
// objects become instances. Used by the fixture tests and by model loading.

import { ValueError, fmt } from '../errors.js';
import * as initializers from '../initializers/index.js';
import { Regularizer } from '../regularizers/index.js';
import * as constraints from '../constraints/index.js';
import type { Layer } from './layer.js';

type LayerClass = new (args: never) => Layer;

const registry = new Map<string, LayerClass>();

/** Makes `className` loadable from Keras configs. */
export function registerLayer(className: string, cls: LayerClass): void {
  registry.set(className, cls);
}

export function registeredLayers(): string[] {
  return [...registry.keys()];
}

const camel = (k: string) => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

// Keys Keras writes that have no kerasm counterpart (or are handled elsewhere).
const IGNORED = new Set(['dtype', 'quantization_config', 'data_format', 'noise_shape', 'sparse', 'ragged', 'optional', 'mask_zero', 'lora_rank', 'lora_alpha', 'input_length', 'build_config']);

function convertValue(key: string, v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  const obj = v as { class_name?: string; config?: Record<string, unknown>; module?: string };
  if (!obj.class_name) return v;
  if (key.endsWith('initializer')) {
    const cfg = Object.fromEntries(Object.entries(obj.config ?? {}).filter(([, x]) => x !== null).map(([k, x]) => [camel(k), x]));
    const made = initializers.get(obj.class_name);
    if (Object.keys(cfg).length === 0) return made;
    const ctor = made.constructor as new (a: unknown) => initializers.Initializer;
    return obj.class_name === 'Constant' ? new initializers.Constant(cfg.value as number) : new ctor(cfg);
  }
  if (key.endsWith('regularizer')) {
    const c = obj.config ?? {};
    return new Regularizer((c.l1 as number) ?? 0, (c.l2 as number) ?? 0);
  }
  if (key.endsWith('constraint')) {
    const c = obj.config ?? {};
    switch (obj.class_name) {
      case 'MaxNorm': return constraints.maxNorm({ maxValue: c.max_value as number, axis: c.axis as number });
      case 'NonNeg': return constraints.nonNeg();
      case 'UnitNorm': return constraints.unitNorm({ axis: c.axis as number });
      case 'MinMaxNorm': return constraints.minMaxNorm({ minValue: c.min_value as number, maxValue: c.max_value as number, rate: c.rate as number, axis: c.axis as number });
    }
  }
  throw new ValueError(`Unsupported Keras object in layer config key '${key}'. Received: class_name=${fmt(obj.class_name)}`);
}

/** Builds a layer from `{ class_name, config }` as Keras serialises it. */
export function deserializeLayer(spec: { class_name: string; config: Record<string, unknown> }): Layer {
  const cls = registry.get(spec.class_name);
  if (!cls) {
    throw new ValueError(`Unknown layer class. Expected one of ${registeredLayers().join(', ')}. Received: class_name=${fmt(spec.class_name)}`);
  }
  const args: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(spec.config ?? {})) {
    if (IGNORED.has(k) || v === null) continue;
    if (k === 'batch_input_shape' || k === 'batch_shape') {
      args.inputShape = (v as (number | null)[]).slice(1);
      continue;
    }
    args[camel(k)] = convertValue(k, v);
  }
  if (args.rmsScaling === true) {
    throw new ValueError(`LayerNormalization: rms_scaling is deprecated in Keras 3 and not supported; use RMSNormalization. Received: rms_scaling=true`);
  }
  delete args.rmsScaling;
  return new cls(args as never);
}
