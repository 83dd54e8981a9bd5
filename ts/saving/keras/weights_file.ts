// `model.weights.h5` in Keras 3's layout (also `x.weights.h5` on its own):
//   /vars                       attr name=<model>            (the root model's own variables)
//   /layers/<snake>[_k]/vars/i  attr name=<layer>            (trainable, then non-trainable)
//   /optimizer/vars/i           attr name=<optimizer>        (iterations, learning_rate, slots)
// Loading checks every path, count and shape before assigning anything, so a mismatched
// file leaves the model as it was.

import { ValueError, fmt } from '../../errors.js';
import type { Model } from '../../models/model.js';
import type { Variable } from '../../autograd/variable.js';
import { h5dataset, h5get, h5group, readHdf5, writeHdf5, type H5Dataset, type H5Group } from '../hdf5/index.js';
import { walkLayers } from './object_walk.js';
import { optimizerState, restoreOptimizerState, type OptimizerVariable } from './optimizer_state.js';

function ensureGroup(root: H5Group, path: string): H5Group {
  let g = root;
  for (const part of path.split('/').filter(Boolean)) {
    let next = g.children.get(part);
    if (!next) {
      next = h5group();
      g.children.set(part, next);
    }
    if (next.kind !== 'group') throw new ValueError(`weights file: '${path}' is both a dataset and a group.`);
    g = next;
  }
  return g;
}

function varsGroup(root: H5Group, path: string, name: string, values: { shape: readonly number[]; data: Float32Array | Int32Array }[]): H5Group {
  const g = ensureGroup(root, path ? `${path}/vars` : 'vars');
  g.attrs.name = name;
  values.forEach((v, i) => g.children.set(String(i), h5dataset(v.data, [...v.shape], v.data instanceof Int32Array ? 'int32' : 'float32')));
  return g;
}

/**
 * Keras `save_own_variables` / `load_own_variables` beyond the numbered variables: values a
 * layer stores by name in its `vars` group (the lookup layers' tf_idf `idf_weights`).
 */
interface OwnVariables {
  saveOwnVariables(): Record<string, Float32Array>;
  loadOwnVariables(store: Record<string, ArrayLike<number>>): void;
}

function ownVariablesOf(l: unknown): OwnVariables | undefined {
  const o = l as Partial<OwnVariables>;
  return typeof o.saveOwnVariables === 'function' && typeof o.loadOwnVariables === 'function' ? o as OwnVariables : undefined;
}

/** The weights (and, if `includeOptimizer` and built, the optimizer state) as an HDF5 file. */
export function encodeWeights(model: Model, opts: { includeOptimizer?: boolean; attrs?: Record<string, string> } = {}): Uint8Array {
  const root = h5group({ ...opts.attrs });
  for (const o of walkLayers(model)) {
    const g = varsGroup(root, o.path, o.name, o.variables.map((v) => ({ shape: v.shape, data: v.dataSync() })));
    const named = ownVariablesOf(o.layer)?.saveOwnVariables() ?? {};
    for (const [k, v] of Object.entries(named)) g.children.set(k, h5dataset(v, [v.length], 'float32'));
  }
  const opt = model.optimizer;
  if (opts.includeOptimizer !== false && opt) {
    const state = optimizerState(opt);
    if (state) varsGroup(root, 'optimizer', opt.name, state.map((s) => ({ shape: s.shape, data: s.values })));
  }
  return writeHdf5(root);
}

function datasetsOf(g: H5Group | undefined): H5Dataset[] {
  if (!g) return [];
  const out: H5Dataset[] = [];
  for (let i = 0; ; i++) {
    const d = g.children.get(String(i));
    if (!d) break;
    if (d.kind !== 'dataset') throw new ValueError(`weights file: 'vars/${i}' is a group, expected a dataset.`);
    out.push(d);
  }
  return out;
}

const asFloat = (d: H5Dataset): Float32Array | Int32Array => {
  if (d.data instanceof Float32Array || d.data instanceof Int32Array) return d.data;
  if (Array.isArray(d.data)) throw new ValueError(`weights file: expected numbers, found strings (dtype ${d.dtype}).`);
  return d.dtype === 'int64' || d.dtype.startsWith('int') || d.dtype.startsWith('uint')
    ? Int32Array.from(d.data as ArrayLike<number | bigint>, Number)
    : Float32Array.from(d.data as ArrayLike<number>);
};

interface Assignment { variable: Variable; data: Float32Array | Int32Array }

/**
 * Reads a Keras-layout weights file into `model` (and its optimizer when `loadOptimizer`).
 * Everything is validated first; nothing is written on error.
 */
export function decodeWeightsInto(model: Model, file: Uint8Array | H5Group, fileName: string, opts: { loadOptimizer?: boolean } = {}): void {
  const root = file instanceof Uint8Array ? readHdf5(file, fileName) : file;
  // Keras ≤ 2.13 called the layers group `_layer_checkpoint_dependencies`.
  const legacy = !root.children.has('layers') && root.children.has('_layer_checkpoint_dependencies');
  const assignments: Assignment[] = [];
  const ownStores: [OwnVariables, Record<string, ArrayLike<number>>][] = [];
  for (const o of walkLayers(model)) {
    const path = legacy ? o.path.replace(/(^|\/)layers\//g, '$1_layer_checkpoint_dependencies/') : o.path;
    const g = h5get(root, path ? `${path}/vars` : 'vars');
    const own = ownVariablesOf(o.layer);
    if (own && g?.kind === 'group') {
      const store: Record<string, ArrayLike<number>> = {};
      for (const [k, d] of g.children) if (!/^\d+$/.test(k) && d.kind === 'dataset') store[k] = asFloat(d);
      ownStores.push([own, store]);
    }
    const found = datasetsOf(g && g.kind === 'group' ? g : undefined);
    if (found.length !== o.variables.length) {
      if (o.variables.length === 0 && !g) continue;
      throw new ValueError(`Layer '${o.name}' expects ${o.variables.length} variables, but the file '${fileName}' has ${found.length} at '${path || '/'}vars'. ` +
        `Received: variables=[${found.map((d) => fmt(d.shape)).join(', ')}]`);
    }
    o.variables.forEach((v, i) => {
      const d = found[i]!;
      if (d.shape.length !== v.shape.length || d.shape.some((s, k) => s !== v.shape[k])) {
        throw new ValueError(`Layer '${o.name}': variable '${v.name}' has shape ${fmt(v.shape)}, but the file '${fileName}' has ${fmt(d.shape)} at '${path}/vars/${i}'.`);
      }
      assignments.push({ variable: v, data: asFloat(d) });
    });
  }
  // The optimizer validates its whole state before writing any of it, so it goes first:
  // if it refuses the file, the model's weights are still untouched.
  const optGroup = h5get(root, 'optimizer/vars');
  if (opts.loadOptimizer !== false && model.optimizer && optGroup?.kind === 'group') {
    const values: OptimizerVariable[] = datasetsOf(optGroup).map((d) => ({ shape: d.shape, values: asFloat(d) }));
    restoreOptimizerState(model.optimizer, model.trainableWeights, values, fileName);
  }
  for (const a of assignments) a.variable.buf.view().set(a.data.subarray(0, a.variable.size));
  for (const [own, store] of ownStores) own.loadOwnVariables(store);
}
