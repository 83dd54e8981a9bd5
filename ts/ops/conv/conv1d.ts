// 1-D convolution (Keras Conv1D) as a 2-D convolution over a height-1 image: x [n, w, c] →
// [n, 1, w, c], filter [k, c, f] → [1, k, c, f]. 'causal' padding pads the left only.
// Gradients flow through the reshapes and conv2d.

import { ValueError, fmt } from '../../errors.js';
import { toTensor, type TensorLike } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { reshape } from '../reshape.js';
import { conv2d, type ConvActivation } from './conv2d.js';
import { checkRank, type Padding2D } from './geometry.js';

/** Options of {@link conv1d}. */
export interface Conv1DOptions {
  /** Default 1. */
  strides?: number;
  /** 'valid' (default), 'same', 'causal', or explicit [left, right]. */
  padding?: 'valid' | 'same' | 'causal' | readonly [number, number];
  /** Default 1. */
  dilationRate?: number;
  /** Per-filter bias, shape [filters]. */
  bias?: Tensor | null;
  /** Activation fused into the output pass. Default `'linear'`. */
  activation?: ConvActivation;
}

/**
 * 1-D convolution of [batch, steps, channels] sequences with a [kernelSize, channels, filters] filter.
 * @example conv1d(x /* [2, 7, 3] *\/, w /* [3, 3, 4] *\/) // → [2, 5, 4]
 */
export function conv1d(x: TensorLike, filter: TensorLike, opts: Conv1DOptions = {}): Tensor {
  const op = 'conv1d';
  const X = toTensor(x, op);
  const W = toTensor(filter, op);
  checkRank(op, X, 3, 'input', '[batch, steps, channels]');
  checkRank(op, W, 3, 'filter', '[kernelSize, inChannels, filters]');
  for (const [what, v] of [['strides', opts.strides], ['dilationRate', opts.dilationRate]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new ValueError(`${op}: ${what} must be a positive integer. Received: ${what}=${fmt(v)}`);
  }
  const p = opts.padding ?? 'valid';
  let padding: Padding2D;
  if (p === 'causal') padding = [[0, 0], [((W.shape[0]! - 1) * (opts.dilationRate ?? 1)), 0]];
  else if (p === 'valid' || p === 'same') padding = p;
  else if (Array.isArray(p) && p.length === 2) padding = [[0, 0], [p[0], p[1]]];
  else throw new ValueError(`${op}: padding must be 'valid', 'same', 'causal' or [left, right]. Received: padding=${fmt(p)}`);
  if (W.shape[1] !== X.shape[2]) {
    throw new ValueError(`${op}: the input has ${X.shape[2]} channels but the filter expects ${W.shape[1]} (filter.shape[1]). ` +
      `Received: x.shape=${fmt(X.shape)}, filter.shape=${fmt(W.shape)}`);
  }
  const keff = (W.shape[0]! - 1) * (opts.dilationRate ?? 1) + 1;
  const padded = X.shape[1]! + (typeof padding === 'string' ? 0 : padding[1][0] + padding[1][1]);
  if (padding !== 'same' && padded < keff) {
    throw new ValueError(`${op}: the ${keff > W.shape[0]! ? 'dilated ' : ''}kernel (${keff}) is longer than the padded input (${padded}). ` +
      `Received: x.shape=${fmt(X.shape)}, filter.shape=${fmt(W.shape)}, padding=${fmt(p)}`);
  }
  const x4 = reshape(X, [X.shape[0]!, 1, X.shape[1]!, X.shape[2]!]);
  const w4 = reshape(W, [1, ...W.shape]);
  // Strides and dilations of 1 along the height-1 axis keep 'same' from padding it.
  const y4 = conv2d(x4, w4, { strides: [1, opts.strides ?? 1], dilationRate: [1, opts.dilationRate ?? 1], padding, bias: opts.bias, activation: opts.activation });
  const y = reshape(y4, [y4.shape[0]!, y4.shape[2]!, y4.shape[3]!]);
  [x4, w4, y4].forEach((t) => t.dispose());
  return y;
}
