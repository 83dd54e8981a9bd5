// The keyword arguments of one layer call in a Functional config (`inbound_nodes[i].kwargs`).
// Keras 3 records the defaults its call signature fills in — `training: false` for the
// dropout layers, `training: true` for the image preprocessing layers, `mask: null` for
// layers whose `call` takes a mask — besides what the call
// site passed. These are written the same way and dropped again on reading, so a Keras
// Dropout's recorded `training: false` never switches the layer off during fit.

import { ValueError, fmt } from '../../errors.js';
import { isRecord } from './validate.js';
import { camelCase } from '../../utils/config_keys.js';

const RECORDED_DEFAULTS = new Map<string, Record<string, unknown>>([
  ['Dropout', { training: false }],
  ['SpatialDropout2D', { training: false }],
  ['Softmax', { mask: null }],
  ['GlobalAveragePooling1D', { mask: null }],
  ['BatchNormalization', { mask: null }],
  ['Sequential', { mask: null }],
  ['Functional', { mask: null }],
  // Keras's image preprocessing layers declare `call(data, training=True)`; at run time the
  // model's own mode wins in Keras, so augmentation stays off in predict.
  ...['RandomFlip', 'RandomRotation', 'RandomZoom', 'RandomTranslation', 'RandomCrop', 'RandomContrast', 'RandomBrightness', 'RandomErasing', 'MixUp', 'CutMix',
    'Resizing', 'CenterCrop']
    .map((c): [string, Record<string, unknown>] => [c, { training: true }]),
]);

const isScalar = (v: unknown) => v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string';

/** A node's call arguments as Keras writes them. */
export function kwargsToConfig(kerasClass: string, layerName: string, kwargs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...RECORDED_DEFAULTS.get(kerasClass) };
  for (const [k, v] of Object.entries(kwargs)) {
    // `logits` is the trainer's request, `__…` are kerasm's own markers: neither is a call argument.
    if (v === undefined || k === 'logits' || k.startsWith('__')) continue;
    if (!isScalar(v)) {
      throw new ValueError(`Layer '${layerName}': call argument '${k}' cannot be written to a config (only null, booleans, numbers and strings can). Received: ${k}=${fmt(v)}`);
    }
    // camelCase call options (`useCausalMask`) are Keras's snake_case arguments.
    out[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = v;
  }
  return out;
}

/** Call arguments from a config, without Keras's recorded defaults. */
export function kwargsFromConfig(kerasClass: string, layerName: string, kwargs: unknown): Record<string, unknown> {
  if (kwargs === undefined || kwargs === null) return {};
  if (!isRecord(kwargs)) throw new ValueError(`Layer '${layerName}': the call arguments of an inbound node must be an object. Received: ${fmt(kwargs)}`);
  const defaults = RECORDED_DEFAULTS.get(kerasClass) ?? {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(kwargs)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype' || k.startsWith('__')) continue;
    if (Object.prototype.hasOwnProperty.call(defaults, k) && defaults[k] === v) continue;
    if (k === 'mask' && v === null) continue;
    if (k === 'training' && v !== null && typeof v !== 'boolean') {
      throw new ValueError(`Layer '${layerName}': call argument 'training' must be true, false or null. Received: training=${fmt(v)}`);
    }
    if (!isScalar(v)) {
      throw new ValueError(`Layer '${layerName}': call argument '${k}' holds a tensor or object; kerasm reads only plain values there ` +
        `(masks and extra tensor arguments are not supported). Received: ${k}=${fmt(v)}`);
    }
    if (v !== null) out[camelCase(k)] = v;
  }
  return out;
}
