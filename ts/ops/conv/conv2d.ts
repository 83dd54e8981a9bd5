// 2-D convolution, NHWC, on the im2col + GEMM kernels (crates/kerasm-kernels/src/conv/),
// with the bias and a ReLU fused into the GEMM epilogue.
//
// Gradients (Y = X ⊛ W + b, Z = act(Y)):  dY = dZ ⊙ act'(Y);  dX = conv2d_backward_input(dY, W)
// = col2im(dY·Wᵀ);  dW = conv2d_backward_filter(X, dY) = im2col(X)ᵀ·dY;  db = Σ_{n,y,x} dY.

import { ValueError, fmt } from '../../errors.js';
import { toTensor, type TensorLike } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { empty, record } from '../op.js';
import { check, ex } from '../raw.js';
import { UNARY_OPS } from '../unary.js';
import { checkFloat, checkRank, geomPtr, windowGeometry, type Geom, type Padding2D, type Pair } from './geometry.js';

/** Activation the convolution ops can fuse into their output pass. */
export type ConvActivation = 'linear' | 'relu';

/** Options of {@link conv2d}. */
export interface Conv2DOptions {
  /** Default 1. */
  strides?: Pair;
  /** 'valid' (default), 'same', or explicit [[top, bottom], [left, right]]. */
  padding?: Padding2D;
  /** Default 1. */
  dilationRate?: Pair;
  /** Per-filter bias, shape [filters]. */
  bias?: Tensor | null;
  /** Fused activation: 'linear' (default) or 'relu'. */
  activation?: ConvActivation;
}

/** `dx` of a convolution with geometry `g` (also the forward pass of a transposed convolution). */
export function conv2dInputGrad(op: string, g: Geom, dy: Tensor, w: Tensor): Tensor {
  const dx = empty([g.n, g.h, g.w, g.c], 'float32', op);
  check(op, ex().kx_conv2d_backward_input(geomPtr(g), dy.buf.ptr, w.buf.ptr, dx.buf.ptr));
  return dx;
}

/** `dw` ([kh, kw, c, co]) of a convolution with geometry `g`. */
export function conv2dFilterGrad(op: string, g: Geom, x: Tensor, dy: Tensor): Tensor {
  const dw = empty([g.kh, g.kw, g.c, g.co], 'float32', op);
  check(op, ex().kx_conv2d_backward_filter(geomPtr(g), x.buf.ptr, dy.buf.ptr, dw.buf.ptr));
  return dw;
}

/** The raw forward kernel: `act(conv(x, w) + bias)` with geometry `g`. */
export function conv2dRaw(op: string, g: Geom, x: Tensor, w: Tensor, bias: Tensor | null, act: number): Tensor {
  const y = empty([g.n, g.oh, g.ow, g.co], 'float32', op);
  check(op, ex().kx_conv2d(geomPtr(g), x.buf.ptr, w.buf.ptr, bias ? bias.buf.ptr : 0, y.buf.ptr, act, 0));
  return y;
}

/** Column sums of `dy` viewed as [rows, channels]: the bias gradient. */
export function biasGrad(op: string, dy: Tensor): Tensor {
  const c = dy.shape.at(-1)!;
  const db = empty([c], 'float32', op);
  check(op, ex().kx_reduce(0, dy.buf.ptr, db.buf.ptr, 1, c === 0 ? 0 : dy.size / c, c));
  return db;
}

/** The `kx_unary` code of a fused activation (0 for `'linear'`); throws `ValueError` for anything else. */
export function activationCode(op: string, activation: unknown): number {
  if (activation === undefined || activation === 'linear') return 0;
  if (activation === 'relu') return UNARY_OPS.relu;
  throw new ValueError(`${op}: the fused activation must be 'linear' or 'relu'. Received: activation=${fmt(activation)}`);
}

/** Checks a [kh, kw, c, co]-style filter against the input's channels and an optional bias. */
export function checkFilter(op: string, x: Tensor, filter: Tensor, inAxis: number, bias: Tensor | null | undefined, biasLen: number): void {
  checkRank(op, filter, 4, 'filter', '[kernelHeight, kernelWidth, inChannels, outChannels]');
  if (filter.shape[inAxis] !== x.shape[3]) {
    throw new ValueError(`${op}: the input has ${x.shape[3]} channels but the filter expects ${filter.shape[inAxis]} ` +
      `(filter.shape[${inAxis}]). Received: x.shape=${fmt(x.shape)}, filter.shape=${fmt(filter.shape)}`);
  }
  if (bias && (bias.rank !== 1 || bias.shape[0] !== biasLen)) {
    throw new ValueError(`${op}: bias must have shape [${biasLen}]. Received: bias.shape=${fmt(bias.shape)}, filter.shape=${fmt(filter.shape)}`);
  }
}

/**
 * 2-D convolution of NHWC images with a Keras-layout filter [kh, kw, inChannels, filters],
 * optionally adding a bias and applying ReLU in the same pass.
 *
 * 'same' padding splits as TensorFlow does (the extra cell at the bottom/right).
 * @example conv2d(x /* [64, 28, 28, 1] *\/, w /* [3, 3, 1, 32] *\/, { activation: 'relu', bias: b }) // → [64, 26, 26, 32]
 */
export function conv2d(x: TensorLike, filter: TensorLike, opts: Conv2DOptions = {}): Tensor {
  const op = 'conv2d';
  const X = toTensor(x, op);
  const W = toTensor(filter, op);
  const bias = opts.bias ?? null;
  checkRank(op, X, 4, 'input', '[batch, height, width, channels]');
  checkFilter(op, X, W, 2, bias, W.shape[3] ?? 0);
  checkFloat(op, X, W, ...(bias ? [bias] : []));
  const act = activationCode(op, opts.activation);
  const g = windowGeometry(op, X.shape, { ...opts, kh: W.shape[0]!, kw: W.shape[1]!, co: W.shape[3]! },
    `x.shape=${fmt(X.shape)}, filter.shape=${fmt(W.shape)}`);
  const y = conv2dRaw(op, g, X, W, bias, act);
  const inputs = bias ? [X, W, bias] : [X, W];
  record(op, inputs, [y], (dys, needs, [sx, sw, sy]) => {
    const dy = dys[0]!;
    let dz = dy;
    if (act !== 0) {
      dz = empty(y.shape, 'float32', `${op} backward`);
      // relu'(pre-activation) = [y > 0].
      check(`${op} backward`, ex().kx_unary_backward(act, sy!.buf.ptr, sy!.buf.ptr, dy.buf.ptr, dz.buf.ptr, y.size, 0, 0));
    }
    const dx = needs[0] ? conv2dInputGrad(`${op} backward`, g, dz, sw!) : null;
    const dw = needs[1] ? conv2dFilterGrad(`${op} backward`, g, sx!, dz) : null;
    const db = bias && needs[2] ? biasGrad(`${op} backward`, dz) : null;
    if (dz !== dy) dz.dispose();
    return bias ? [dx, dw, db] : [dx, dw];
  }, act !== 0 ? [X, W, y] : [X, W]);
  return y;
}
