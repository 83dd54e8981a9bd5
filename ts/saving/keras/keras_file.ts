// The Keras 3 `.keras` file: a zip of metadata.json, config.json (the model's config with
// its compile_config) and model.weights.h5 (weights and optimizer state).

import { ValueError, fmt } from '../../errors.js';
import type { Model } from '../../models/model.js';
import { deserializeModel, serializeModel } from '../config/index.js';
import { readZip, writeZip } from '../zip.js';
import { compileArgsFromConfig, compileConfig } from './compile_config.js';
import { decodeWeightsInto, encodeWeights } from './weights_file.js';
import { kerasJson } from './keras_json.js';
import { readAssets, writeAssets } from './assets.js';

/** The Keras version whose file format kerasm writes (and checked its files against). */
export const KERAS_FORMAT_VERSION = '3.15.1';

/** Options of writing a `.keras` file (`saveModel`, `modelToBytes`). */
export interface KerasSaveOptions {
  /** Save the optimizer's state with the weights (Keras `include_optimizer`). Default true. */
  includeOptimizer?: boolean;
}

/** Options of reading a `.keras` or legacy `.h5` file (`loadModel`). */
export interface KerasLoadOptions {
  /** Classes for custom layers and objects, by class name (Keras `custom_objects`). */
  customObjects?: Record<string, unknown>;
  /** Compile the model as it was saved (and restore the optimizer). Default true. */
  compile?: boolean;
}

const utf8 = new TextEncoder();

function savedAt(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}@${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function encodeKeras(model: Model, opts: KerasSaveOptions = {}): Uint8Array {
  const config = serializeModel(model) as Record<string, unknown>;
  const args = model.trainer.compileArgs;
  delete config.compile_config;
  if (args && model.optimizer) config.compile_config = compileConfig(args, model.optimizer);
  const metadata = { keras_version: KERAS_FORMAT_VERSION, date_saved: savedAt(), producer: 'kerasm' };
  return writeZip([
    ['metadata.json', utf8.encode(JSON.stringify(metadata))],
    ['config.json', utf8.encode(kerasJson(config))],
    ['model.weights.h5', encodeWeights(model, { includeOptimizer: opts.includeOptimizer })],
    ...writeAssets(model),
  ]);
}

export function parseJson(bytes: Uint8Array | string, fileName: string): unknown {
  const text = typeof bytes === 'string' ? bytes : new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ValueError(`'${fileName}' is not valid JSON: ${(e as Error).message}`);
  }
}

export function decodeKeras(bytes: Uint8Array, fileName: string, opts: KerasLoadOptions = {}): Model {
  const files = readZip(bytes, fileName);
  const configBytes = files.get('config.json');
  if (!configBytes) throw new ValueError(`'${fileName}' is not a Keras 3 file: it has no config.json. Received members: ${fmt([...files.keys()])}`);
  const weights = files.get('model.weights.h5');
  if (!weights) {
    const hint = files.has('model.weights.npz') ? ' (weights_format="npz" is not supported; save with the default h5 weights)' : '';
    throw new ValueError(`'${fileName}' has no model.weights.h5${hint}. Received members: ${fmt([...files.keys()])}`);
  }
  const config = parseJson(configBytes, `${fileName}/config.json`);
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new ValueError(`'${fileName}/config.json' must hold an object. Received: ${fmt(config)}`);
  }
  const model = deserializeModel(config as Record<string, unknown>, { customObjects: opts.customObjects });
  try {
    const cc = (config as { compile_config?: Record<string, unknown> }).compile_config;
    // Keras writes compile_config {} or null for a model that was never compiled.
    const compile = opts.compile !== false && cc && Object.keys(cc).length > 0;
    if (compile) model.compile(compileArgsFromConfig(cc, fileName));
    decodeWeightsInto(model, weights, `${fileName}/model.weights.h5`, { loadOptimizer: !!compile });
    readAssets(model, files, fileName);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}
