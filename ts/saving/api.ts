// The always-loaded face of saving: thin async functions that load the format code
// (zip, HDF5, tfjs, storage handlers) on first use, so a program that never saves never
// parses it, and bundlers can split it into its own chunk.

import type { Model } from '../models/model.js';
import type { LoadOptions, LoadSource, SaveOptions, SaveTarget } from './index.js';

export type { LoadOptions, LoadSource, SaveOptions, SaveTarget, ModelFormat } from './index.js';
export type { FileSet, IOHandler } from './io/index.js';

const impl = () => import('./index.js');

/**
 * Loads a model saved by kerasm, Keras 3 (`.keras`, legacy `.h5`) or tfjs (`model.json`),
 * from a path or `file://` URL (Node), `http(s)://`, `indexeddb://`, `localstorage://`,
 * bytes, or a custom handler. Keras `keras.saving.load_model`, tfjs `loadLayersModel`.
 * @example const model = await loadModel('out/model.keras');
 */
export async function loadModel(source: LoadSource, opts: LoadOptions = {}): Promise<Model> {
  return (await impl()).loadModel(source, opts);
}

/** Writes `model` to `target` (format from the extension or `opts.format`). Same as `model.save`. */
export async function saveModel(model: Model, target: SaveTarget, opts: SaveOptions = {}): Promise<void> {
  return (await impl()).saveModel(model, target, opts);
}

/** `model` as the bytes of a `.keras` file. */
export async function modelToBytes(model: Model, opts: { includeOptimizer?: boolean } = {}): Promise<Uint8Array> {
  return (await impl()).modelToBytes(model, opts);
}

/** Writes the weights of `model` only, as a Keras 3 `.weights.h5` file (the name must end so; Keras `model.save_weights`). */
export async function saveWeights(model: Model, target: SaveTarget): Promise<void> {
  return (await impl()).saveWeights(model, target);
}

/**
 * Reads into `model` the weights of a `.weights.h5` file, or those inside a `.keras` or legacy `.h5`
 * file, saved by kerasm or Keras (Keras `model.load_weights`).
 */
export async function loadWeights(model: Model, source: LoadSource): Promise<void> {
  return (await impl()).loadWeights(model, source);
}
