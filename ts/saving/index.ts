// Saving and loading models: the format comes from the target's extension (or `format`),
// the storage from its scheme (paths and file:// in Node; indexeddb://, localstorage://,
// downloads:// in browsers; http(s):// anywhere; bytes in memory; custom handlers).
// This module is loaded lazily by Model.save/loadModel, so users who never save never load
// the zip, HDF5 and format code.

import { ValueError, fmt } from '../errors.js';
import type { Model } from '../models/model.js';
import { getLoadHandler, getSaveHandler, type FileSet, type IOHandler } from './io/index.js';
import { decodeKeras, encodeKeras, type KerasLoadOptions, type KerasSaveOptions } from './keras/keras_file.js';
import { decodeLegacyH5, loadLegacyWeights } from './keras/legacy_h5.js';
import { readHdf5 } from './hdf5/index.js';
import { readZip } from './zip.js';
import { decodeWeightsInto, encodeWeights } from './keras/weights_file.js';
import { decodeTfjs, encodeTfjs } from './tfjs/index.js';

/** A saved-model format: `'keras'` (Keras 3 `.keras` zip), `'tfjs'` (TensorFlow.js `model.json` + weight shards), `'h5'` (legacy Keras HDF5, read only) or `'weights.h5'` (Keras 3 weights only). */
export type ModelFormat = 'keras' | 'tfjs' | 'h5' | 'weights.h5';
/** Where `saveModel` writes: a path or URL whose scheme picks the storage (a plain path or `file://` in Node; `indexeddb://`, `localstorage://`, `downloads://` in browsers; `http(s)://` POSTs), or a custom {@link IOHandler}. */
export type SaveTarget = string | IOHandler;
/** What `loadModel` reads: a path or URL (as {@link SaveTarget}), an {@link IOHandler}, the bytes of a file, or a {@link FileSet} (e.g. a tfjs `model.json` with its shards). */
export type LoadSource = string | IOHandler | Uint8Array | ArrayBuffer | FileSet;

/**
 * Options of `saveModel` / `model.save`.
 * @example await saveModel(model, 'model.keras', { includeOptimizer: false })
 */
export interface SaveOptions extends KerasSaveOptions {
  /** Overrides the format implied by the target's extension. */
  format?: ModelFormat;
}

/**
 * Options of `loadModel`.
 * @example const model = await loadModel('model.keras', { customObjects: { MyLayer } })
 */
export interface LoadOptions extends KerasLoadOptions {
  /** Overrides the format implied by the source's name or its first bytes. */
  format?: ModelFormat;
}

const SCHEMES = /^(indexeddb|localstorage|downloads):\/\//;

/** The format a target or file name implies. */
export function formatOf(name: string, fallback?: ModelFormat): ModelFormat {
  const n = name.replace(/[?#].*$/, '').toLowerCase();
  if (n.endsWith('.keras')) return 'keras';
  if (n.endsWith('.weights.h5')) return 'weights.h5';
  if (n.endsWith('.h5') || n.endsWith('.hdf5')) return 'h5';
  if (n.endsWith('.json')) return 'tfjs';
  // Browser stores and downloads follow tfjs, whose users expect model.json + weights there.
  if (SCHEMES.test(n)) return 'tfjs';
  if (fallback) return fallback;
  throw new ValueError(`Cannot tell the file format from '${name}'. Use a name ending in .keras (Keras 3), .json (tfjs layers), ` +
    `.weights.h5 (weights only) or .h5 (legacy Keras, read only), or pass { format }. Received: ${fmt(name)}`);
}

/** Sniffs bytes: zip → .keras, HDF5 → .h5 / .weights.h5, '{' → tfjs model.json. */
function formatOfBytes(b: Uint8Array): ModelFormat {
  if (b[0] === 0x50 && b[1] === 0x4b) return 'keras';
  if (b[0] === 0x89 && b[1] === 0x48 && b[2] === 0x44 && b[3] === 0x46) return 'h5';
  if (b[0] === 0x7b) return 'tfjs';
  throw new ValueError(`Unrecognised model bytes: expected a .keras zip, an HDF5 file or a tfjs model.json. Received: ${b.length} bytes starting with ${fmt([...b.subarray(0, 4)])}`);
}

/** The files of a saved model, without writing them anywhere. */
export async function encodeModel(model: Model, opts: SaveOptions & { format: ModelFormat }): Promise<FileSet> {
  switch (opts.format) {
    case 'keras': return { main: 'model.keras', files: new Map([['model.keras', encodeKeras(model, opts)]]) };
    case 'weights.h5': return { main: 'model.weights.h5', files: new Map([['model.weights.h5', encodeWeights(model, { includeOptimizer: false })]]) };
    case 'tfjs': return encodeTfjs(model, { includeOptimizer: opts.includeOptimizer ?? false });
    case 'h5': throw new ValueError(`Writing legacy .h5 model files is not supported (Keras 3 calls the format legacy too). Save as '.keras' instead.`);
  }
  throw new ValueError(`Unknown format. Expected 'keras', 'tfjs', 'weights.h5'. Received: ${fmt(opts.format)}`);
}

/** Keras `model.save`: writes the model to `target`. */
export async function saveModel(model: Model, target: SaveTarget, opts: SaveOptions = {}): Promise<void> {
  const format = opts.format ?? (typeof target === 'string' ? formatOf(target) : 'keras');
  const set = await encodeModel(model, { ...opts, format });
  await getSaveHandler(target).save!(set);
}

/** A `.keras` file as bytes (Keras `model.save` to a file object). */
export function modelToBytes(model: Model, opts: KerasSaveOptions = {}): Uint8Array {
  return encodeKeras(model, opts);
}

async function readSource(source: LoadSource): Promise<FileSet> {
  if (source instanceof Uint8Array) return { main: 'bytes', files: new Map([['bytes', source]]) };
  if (source instanceof ArrayBuffer) return { main: 'bytes', files: new Map([['bytes', new Uint8Array(source)]]) };
  if (typeof source === 'object' && 'files' in source && source.files instanceof Map) return source;
  const h = getLoadHandler(source as string | IOHandler);
  if (!h.load) throw new ValueError(`loadModel: this handler cannot load. Received: ${fmt(source)}`);
  return h.load();
}

/** Keras `keras.saving.load_model` / tfjs `loadLayersModel`. */
export async function loadModel(source: LoadSource, opts: LoadOptions = {}): Promise<Model> {
  const set = await readSource(source);
  const main = set.files.get(set.main);
  if (!main) throw new ValueError(`loadModel: '${set.main}' is missing from the loaded files. Received: ${fmt([...set.files.keys()])}`);
  const label = typeof source === 'string' ? source : set.main;
  const format = opts.format ?? (set.main === 'bytes' ? formatOfBytes(main) : formatOf(set.main, formatOfBytes(main)));
  switch (format) {
    case 'keras': return decodeKeras(main, label, opts);
    case 'h5': return decodeLegacyH5(main, label, opts);
    case 'tfjs': return decodeTfjs(set, { customObjects: opts.customObjects, compile: opts.compile });
    case 'weights.h5': throw new ValueError(`'${label}' holds weights only. Build the model and call model.loadWeights('${label}').`);
  }
}

/** Keras `model.save_weights`: `.weights.h5` (Keras 3 layout). */
export async function saveWeights(model: Model, target: SaveTarget): Promise<void> {
  if (typeof target === 'string' && !target.toLowerCase().endsWith('.weights.h5')) {
    throw new ValueError(`saveWeights: the file name must end in '.weights.h5' (as in Keras 3). Received: ${fmt(target)}`);
  }
  const set: FileSet = { main: 'model.weights.h5', files: new Map([['model.weights.h5', encodeWeights(model, { includeOptimizer: false })]]) };
  await getSaveHandler(target).save!(set);
}

/** Keras `model.load_weights`: a `.weights.h5` file, or the weights inside a `.keras` / legacy `.h5`. */
export async function loadWeights(model: Model, source: LoadSource): Promise<void> {
  const set = await readSource(source);
  const bytes = set.files.get(set.main)!;
  const label = typeof source === 'string' ? source : set.main;
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const w = readZip(bytes, label).get('model.weights.h5');
    if (!w) throw new ValueError(`'${label}' has no model.weights.h5.`);
    decodeWeightsInto(model, w, `${label}/model.weights.h5`, { loadOptimizer: false });
    return;
  }
  const root = readHdf5(bytes, label);
  if (root.children.has('model_weights') || root.attrs.layer_names !== undefined) {
    const g = root.children.get('model_weights');
    loadLegacyWeights(model, g?.kind === 'group' ? g : root, label);
    return;
  }
  decodeWeightsInto(model, root, label, { loadOptimizer: false });
}
