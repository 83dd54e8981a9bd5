// slice and pad, both strided copies; each is the other's gradient.

import { ValueError, fmt } from '../errors.js';
import { toTensor, type TensorLike } from '../tensor/creation.js';
import { stridesOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { empty, record1 } from './op.js';
import { copyStrided } from './strided.js';

/** `x[begin : begin+size]` per axis; a size of -1 means "to the end". */
export function slice(x: TensorLike, begin: readonly number[], size?: readonly number[]): Tensor {
  const t = toTensor(x, 'slice');
  const r = t.rank;
  const bad = (why: string) => new ValueError(`slice: ${why}. Received: begin=${fmt(begin)}, size=${fmt(size)} for shape=${fmt(t.shape)}`);
  if (!Array.isArray(begin) || begin.length !== r) throw bad(`begin must have one entry per axis (${r})`);
  const sz = (size ?? begin.map(() => -1)).map((s, i) => (s === -1 ? t.shape[i]! - begin[i]! : s));
  if (sz.length !== r) throw bad(`size must have one entry per axis (${r})`);
  for (let i = 0; i < r; i++) {
    const b = begin[i]!, s = sz[i]!;
    if (!Number.isInteger(b) || !Number.isInteger(s) || b < 0 || s < 0 || b + s > t.shape[i]!) throw bad(`axis ${i} is out of range`);
  }
  const y = empty(sz, t.dtype, 'slice');
  const st = stridesOf(t.shape);
  const offset = begin.reduce((acc, b, i) => acc + b * st[i]!, 0);
  copyStrided('slice', t, offset, st, y, 0, stridesOf(sz), sz);
  record1('slice', [t], y, (dy) => [pad(dy, begin.map((b, i) => [b, t.shape[i]! - b - sz[i]!] as [number, number]))]);
  return y;
}

/** Pads with a constant; `paddings[i] = [before, after]`. */
export function pad(x: TensorLike, paddings: readonly (readonly [number, number])[], constantValue = 0): Tensor {
  const t = toTensor(x, 'pad');
  if (!Array.isArray(paddings) || paddings.length !== t.rank ||
    paddings.some((p) => !Array.isArray(p) || p.length !== 2 || p.some((v) => !Number.isInteger(v) || v < 0))) {
    throw new ValueError(`pad: paddings must be ${t.rank} pairs of non-negative integers. Received: paddings=${fmt(paddings)}`);
  }
  const outShape = t.shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
  const y = empty(outShape, t.dtype, 'pad');
  y.buf.view().fill(constantValue);
  const ost = stridesOf(outShape);
  const offset = paddings.reduce((acc, p, i) => acc + p[0] * ost[i]!, 0);
  copyStrided('pad', t, 0, stridesOf(t.shape), y, offset, ost, t.shape);
  record1('pad', [t], y, (dy) => [slice(dy, paddings.map((p) => p[0]), t.shape)]);
  return y;
}
