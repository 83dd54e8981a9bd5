// Small helpers of Layer (layer.ts): input refusal, weight creation and setWeights, handle and shape utilities.

import { ValueError, fmt } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { fromData } from '../tensor/creation.js';
import { Variable } from '../autograd/variable.js';
import { tidy } from '../autograd/gradients.js';
import * as initializers from '../initializers/index.js';
import type { AddWeightArgs, LayerWeight } from './layer_args.js';
import { reshape } from '../ops/reshape.js';
import { isStringTensor, looksLikeStrings } from '../tensor/string_tensor.js';
import { isSymbolic, type SymbolicShape } from './symbolic.js';

/** The ValueError for strings reaching a layer that computes on numbers. */
export function refuseStrings(layer: { readonly name: string; readonly className: string }, list: readonly unknown[]): void {
  for (const t of list) {
    let what: string | undefined;
    if (isStringTensor(t)) what = `a string input of shape ${fmt(t.shape)}`;
    else if (isSymbolic(t) && t.dtype === 'string') what = `a string input (${String(t)})`;
    else if (looksLikeStrings(t)) what = `a string input (${fmt(t)})`;
    if (what) {
      throw new ValueError(`Layer '${layer.name}' (${layer.className}) expects numeric inputs; only TextVectorization, StringLookup and ` +
        `Hashing take strings. Received: ${what}`);
    }
  }
}

export function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

export function isPlainObject(v: object): boolean {
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

export function freshHandle(t: Tensor, firstId: number): Tensor {
  return t.id < firstId ? reshape(t, t.shape) : t;
}

export function withNullBatch(shape: readonly number[]): SymbolicShape {
  return shape.length === 0 ? [] : [null, ...shape.slice(1)];
}

export function isShapeList(s: SymbolicShape | SymbolicShape[]): s is SymbolicShape[] {
  return s.length > 0 && Array.isArray(s[0]);
}

/** Keras `set_weights`: copies `values` (arrays or tensors) into `ws`, in order, after checking counts and sizes. */
export function assignWeights(who: string, ws: readonly Variable[], values: readonly (Float32Array | Int32Array | number[] | Tensor)[]): void {
  if (values.length !== ws.length) throw new ValueError(`${who}: expected ${ws.length} arrays. Received: ${values.length}`);
  ws.forEach((w, i) => {
    const v = values[i]!;
    const t = v instanceof Tensor ? v : fromData('setWeights', v, w.shape, w.dtype);
    if (t.size !== w.size) {
      throw new ValueError(`${who}: weight '${w.name}' has shape ${fmt(w.shape)}. Received: ${t.size} values (shape ${fmt(t.shape)})`);
    }
    w.buf.view().set(t.buf.view().subarray(0, t.size));
    if (t !== v) t.dispose();
  });
}

/** A new weight named `name`, initialised right away (Layer.addWeight). */
export function createWeight(name: string, args: AddWeightArgs): LayerWeight {
  const init = initializers.get(args.initializer ?? 'glorot_uniform');
  const trainable = args.trainable ?? true;
  const value = tidy(() => init.call(args.shape, args.dtype ?? 'float32'));
  const variable = new Variable(value, { name, trainable });
  value.dispose();
  return { variable, trainable, regularizer: args.regularizer, constraint: args.constraint };
}
