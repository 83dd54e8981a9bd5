// Transposed 2-D convolution (Keras Conv2DTranspose): the input gradient of the convolution
// that maps the output back onto the input, so it runs on the same kernels with roles swapped.
//
// With C the convolution y ↦ x of geometry g (input = this op's output), Y = Cᵀ(X) + b:
//   dX = C(dY) (a forward conv2d of dY);  dW = conv2d_backward_filter(dY, X);  db = Σ dY.

import { ValueError, fmt } from '../../errors.js';
import { toTensor, type TensorLike } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { add } from '../binary.js';
import { record1 } from '../op.js';
import { relu } from '../unary.js';
import { activationCode, checkFilter, conv2dFilterGrad, conv2dInputGrad, conv2dRaw, type ConvActivation } from './conv2d.js';
import { checkFloat, checkRank, pair, type Geom, type Pair } from './geometry.js';

/** Options of {@link conv2dTranspose}. */
export interface Conv2DTransposeOptions {
  /** Default 1. */
  strides?: Pair;
  /** 'valid' (default) or 'same'. */
  padding?: 'valid' | 'same';
  /** Default 1. */
  dilationRate?: Pair;
  /** Extra rows/columns at the bottom/right of the output (Keras `output_padding`); must be < stride. */
  outputPadding?: Pair;
  /** Shape [filters]. */
  bias?: Tensor | null;
  /** Activation fused into the output pass. Default `'linear'`. */
  activation?: ConvActivation;
}

/**
 * Output size and the top padding of the equivalent convolution along one axis, exactly as
 * Keras computes them for the JAX backend (`deconv_output_length` and
 * `compute_conv_transpose_padding_args_for_jax`).
 */
function transposeAxis(size: number, k: number, s: number, d: number, padding: 'valid' | 'same', outPad: number | undefined): { out: number; pad: number } {
  const keff = (k - 1) * d + 1;
  let out: number;
  if (outPad === undefined) out = padding === 'valid' ? size * s + Math.max(keff - s, 0) : size * s;
  else out = (size - 1) * s + keff - 2 * (padding === 'same' ? Math.floor(keff / 2) : 0) + outPad;
  let left: number;
  if (padding === 'valid') left = keff - 1;
  else {
    const padLen = outPad === undefined ? s + keff - 2 : keff + (keff % 2) - 2 + outPad;
    left = Math.min(Math.floor(padLen / 2) + (padLen % 2), keff - 1);
  }
  return { out, pad: keff - 1 - left };
}

/**
 * Transposed convolution of NHWC images with a Keras Conv2DTranspose kernel
 * [kh, kw, filters, inChannels]; the output has `filters` channels.
 * @example conv2dTranspose(x /* [2, 3, 3, 2] *\/, w /* [3, 3, 5, 2] *\/, { strides: 2, padding: 'same' }) // → [2, 6, 6, 5]
 */
export function conv2dTranspose(x: TensorLike, filter: TensorLike, opts: Conv2DTransposeOptions = {}): Tensor {
  const op = 'conv2dTranspose';
  const X = toTensor(x, op);
  const W = toTensor(filter, op);
  const bias = opts.bias ?? null;
  checkRank(op, X, 4, 'input', '[batch, height, width, channels]');
  checkFilter(op, X, W, 3, bias, W.shape[2] ?? 0);
  checkFloat(op, X, W, ...(bias ? [bias] : []));
  const act = activationCode(op, opts.activation);
  const padding = opts.padding ?? 'valid';
  if (padding !== 'valid' && padding !== 'same') {
    throw new ValueError(`${op}: padding must be 'valid' or 'same'. Received: padding=${fmt(padding)}`);
  }
  const [sh, sw] = pair(op, 'strides', opts.strides, 1);
  const [dh, dw] = pair(op, 'dilationRate', opts.dilationRate, 1);
  let op2: [number, number] | undefined;
  if (opts.outputPadding !== undefined) {
    const p: readonly number[] = typeof opts.outputPadding === 'number' ? [opts.outputPadding, opts.outputPadding] : opts.outputPadding;
    if (!Array.isArray(p) || p.length !== 2 || p.some((v, i) => !Number.isInteger(v) || v < 0 || v >= [sh, sw][i]!)) {
      throw new ValueError(`${op}: outputPadding must be non-negative integers smaller than the strides. Received: outputPadding=${fmt(opts.outputPadding)}, strides=${fmt([sh, sw])}`);
    }
    op2 = [p[0]!, p[1]!];
  }
  const [n, h, w, cin] = X.shape as [number, number, number, number];
  const [kh, kw, filters] = W.shape as [number, number, number, number];
  const ay = transposeAxis(h, kh, sh, dh, padding, op2?.[0]);
  const ax = transposeAxis(w, kw, sw, dw, padding, op2?.[1]);
  // The convolution this op transposes: from our output [n, oh', ow', filters] to X.
  const g: Geom = { n, h: ay.out, w: ax.out, c: filters, oh: h, ow: w, kh, kw, sh, sw, dh, dw, pt: ay.pad, pl: ax.pad, co: cin };
  const core = conv2dInputGrad(op, g, X, W);
  record1(op, [X, W], core, (dy, needs, [sx, sw2]) => [
    needs[0] ? conv2dRaw(`${op} backward`, g, dy, sw2!, null, 0) : null,
    needs[1] ? conv2dFilterGrad(`${op} backward`, g, dy, sx!) : null,
  ], [X, W]);
  let y = core;
  if (bias) {
    y = add(core, bias);
    core.dispose();
  }
  if (act !== 0) {
    const z = relu(y);
    y.dispose();
    y = z;
  }
  return y;
}
