// Keras `utils`: toCategorical, normalize.

import { ValueError, fmt } from '../errors.js';
import { oneHot } from '../ops/gather.js';
import { cast } from '../ops/cast.js';
import { div } from '../ops/binary.js';
import { addScalar } from '../ops/unary.js';
import { toTensor, type TensorLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { tidy } from '../autograd/gradients.js';
import { sqrt, square } from '../ops/unary.js';
import { sum } from '../ops/reduce.js';
import { abs } from '../ops/unary.js';

export { padSequences, type PadSequencesOptions } from './pad_sequences.js';
export { imageDatasetFromDirectory, type ImageDatasetOptions, type DirectoryDataset, type LabelMode } from './image_dataset.js';
export { textDatasetFromDirectory, type TextDatasetOptions } from './text_dataset.js';
export { splitDataset, type SplitDatasetOptions } from './split_dataset.js';

/** Integer labels → one-hot float32 rows (Keras `to_categorical`). */
export function toCategorical(y: TensorLike, numClasses?: number): Tensor {
  const t = toTensor(y, 'toCategorical', 'int32');
  const labels = t.dtype === 'int32' ? t : cast(t, 'int32');
  const v = labels.buf.i32();
  let max = -1;
  for (let i = 0; i < labels.size; i++) {
    if (v[i]! < 0) throw new ValueError(`toCategorical: labels must be non-negative. Received: y[${i}]=${v[i]}`);
    max = Math.max(max, v[i]!);
  }
  const n = numClasses ?? max + 1;
  if (max >= n) throw new ValueError(`toCategorical: a label is ≥ numClasses=${n}. Received: max label ${max}`);
  const flat = labels.shape.at(-1) === 1 ? labels.shape.slice(0, -1) : labels.shape;
  const r = oneHot(labels, n);
  const out = r.view([...flat, n]);
  r.dispose();
  if (labels !== t) labels.dispose();
  return out;
}

/** Scales to unit Lp norm along `axis` (Keras `normalize`, default L2 over the last axis). */
export function normalize(x: TensorLike, axis = -1, order: 1 | 2 = 2): Tensor {
  if (order !== 1 && order !== 2) throw new ValueError(`normalize: order must be 1 or 2. Received: order=${fmt(order)}`);
  const t = toTensor(x, 'normalize');
  return tidy(() => {
    const norm = order === 2 ? sqrt(sum(square(t), axis, true)) : sum(abs(t), axis, true);
    return div(t, addScalar(norm, 1e-12));
  });
}
