// Small helpers of Layer (layer.ts): input refusal, handle and shape utilities.

import { ValueError, fmt } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
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
