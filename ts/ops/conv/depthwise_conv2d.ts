// Depthwise 2-D convolution (Keras DepthwiseConv2D), NHWC, kernel [kh, kw, channels,
// depthMultiplier]; output channel c·depthMultiplier + m. Direct SIMD kernels.
//
// Gradients: dX[i, c] = Σ_{windows ∋ i} Σ_m dY[o, c·M+m]·W[tap, c, m];
//            dW[tap, c, m] = Σ_o X[i(o, tap), c]·dY[o, c·M+m];  db = Σ dY.

import { fmt } from '../../errors.js';
import { toTensor, type TensorLike } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { empty, record } from '../op.js';
import { check, ex } from '../raw.js';
import { relu } from '../unary.js';
import { activationCode, biasGrad, checkFilter, type ConvActivation } from './conv2d.js';
import { checkFloat, checkRank, geomPtr, windowGeometry, type Padding2D, type Pair } from './geometry.js';

/** Options of {@link depthwiseConv2d}. */
export interface DepthwiseConv2DOptions {
  /** Default 1. */
  strides?: Pair;
  /** 'valid' (default), 'same', or explicit [[top, bottom], [left, right]]. */
  padding?: Padding2D;
  /** Default 1. */
  dilationRate?: Pair;
  /** Shape [channels·depthMultiplier]. */
  bias?: Tensor | null;
  /** Activation fused into the output pass. Default `'linear'`. */
  activation?: ConvActivation;
}

/**
 * Depthwise convolution: each input channel convolved with its own `depthMultiplier` filters.
 * @example depthwiseConv2d(x /* [2, 5, 5, 2] *\/, w /* [3, 3, 2, 2] *\/, { padding: 'same' }) // → [2, 5, 5, 4]
 */
export function depthwiseConv2d(x: TensorLike, filter: TensorLike, opts: DepthwiseConv2DOptions = {}): Tensor {
  const op = 'depthwiseConv2d';
  const X = toTensor(x, op);
  const W = toTensor(filter, op);
  const bias = opts.bias ?? null;
  checkRank(op, X, 4, 'input', '[batch, height, width, channels]');
  checkFilter(op, X, W, 2, bias, (W.shape[2] ?? 0) * (W.shape[3] ?? 0));
  checkFloat(op, X, W, ...(bias ? [bias] : []));
  const act = activationCode(op, opts.activation);
  const mult = W.shape[3]!;
  const g = windowGeometry(op, X.shape, { ...opts, kh: W.shape[0]!, kw: W.shape[1]!, co: mult },
    `x.shape=${fmt(X.shape)}, filter.shape=${fmt(W.shape)}`);
  const y = empty([g.n, g.oh, g.ow, g.c * mult], 'float32', op);
  check(op, ex().kx_depthwise_conv2d(geomPtr(g), X.buf.ptr, W.buf.ptr, bias ? bias.buf.ptr : 0, y.buf.ptr));
  const inputs = bias ? [X, W, bias] : [X, W];
  record(op, inputs, [y], (dys, needs, [sx, sw]) => {
    const dy = dys[0]!;
    const name = `${op} backward`;
    let dx: Tensor | null = null;
    let dw: Tensor | null = null;
    if (needs[0]) {
      dx = empty(X.shape, 'float32', name);
      check(name, ex().kx_depthwise_conv2d_backward_input(geomPtr(g), dy.buf.ptr, sw!.buf.ptr, dx.buf.ptr));
    }
    if (needs[1]) {
      dw = empty(W.shape, 'float32', name);
      check(name, ex().kx_depthwise_conv2d_backward_filter(geomPtr(g), sx!.buf.ptr, dy.buf.ptr, dw.buf.ptr));
    }
    const db = bias && needs[2] ? biasGrad(name, dy) : null;
    return bias ? [dx, dw, db] : [dx, dw];
  }, [X, W]);
  if (act === 0) return y;
  const z = relu(y);
  y.dispose();
  return z;
}
