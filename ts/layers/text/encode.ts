// Keras's `encode_categorical_inputs` for indices already computed on the host: one_hot
// adds an axis of size `depth` (replacing a trailing axis of 1), multi_hot / count / tf_idf
// reduce the last axis to `depth` (a scalar is one sample). Indices outside [0, depth) — the
// lookups' dropped mask positions among them — add nothing, as TF's bincount with
// maxlength and JAX's one_hot do.

import { ValueError, fmt } from '../../errors.js';
import { fromData } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';

export type EncodeMode = 'one_hot' | 'multi_hot' | 'count' | 'tf_idf';

/** The output shape of encoding indices of `shape` (Keras compute_output_shape). */
export function encodedShape<T extends number | null>(shape: readonly T[], mode: EncodeMode, depth: number): (T | number)[] {
  if (shape.length === 0) return [depth];
  if (mode === 'one_hot') return shape.length > 1 && shape[shape.length - 1] === 1 ? [...shape.slice(0, -1), depth] : [...shape, depth];
  return [...shape.slice(0, -1), depth];
}

export interface EncodeArgs {
  where: string;
  mode: EncodeMode;
  depth: number;
  /** Per-index weights (tf_idf's idf), multiplied into the counts. */
  idf?: ArrayLike<number>;
  /** Per-element weights added instead of 1 (CategoryEncoding's count_weights). */
  countWeights?: ArrayLike<number>;
}

export function encodeIndices(indices: ArrayLike<number>, shape: readonly number[], a: EncodeArgs): Tensor {
  const { mode, depth } = a;
  if (!Number.isInteger(depth) || depth < 1) throw new ValueError(`${a.where}: the encoding depth must be a positive integer. Received: ${fmt(depth)}`);
  const outShape = encodedShape(shape, mode, depth) as number[];
  const out = new Float32Array(outShape.reduce((p, q) => p * q, 1));
  if (mode === 'one_hot') {
    for (let i = 0; i < indices.length; i++) {
      const k = indices[i]!;
      if (k >= 0 && k < depth) out[i * depth + k] = 1;
    }
  } else {
    const row = shape.length === 0 ? 1 : shape[shape.length - 1]!;
    for (let i = 0; i < indices.length; i++) {
      const k = indices[i]!;
      if (k < 0 || k >= depth) continue;
      const o = Math.floor(i / row) * depth + k;
      if (mode === 'multi_hot') out[o] = 1;
      else out[o] += a.countWeights ? a.countWeights[i]! : 1;
    }
    if (mode === 'tf_idf') {
      const idf = a.idf!;
      for (let o = 0; o < out.length; o++) if (out[o] !== 0) out[o] *= idf[o % depth]!;
    }
  }
  return fromData(a.where, out, outShape, 'float32');
}
