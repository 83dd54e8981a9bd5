// Elementwise unary ops and activations on the `kx_unary` kernel. Each gradient uses the
// fused `kx_unary_backward` kernel (dx = dy·f'(x)), which reads x or y as the op needs.

import { ValueError, fmt } from '../errors.js';
import { toTensor, type TensorLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { empty, record1 } from './op.js';
import { check, ex } from './raw.js';

import { UNARY_OPS } from '../../bindings/kernels/unary.js';

export { UNARY_OPS };
/** Names of the elementwise ops of the `kx_unary` kernel, as {@link unary} takes them. */
export type UnaryName = keyof typeof UNARY_OPS;

/** Ops whose derivative is zero almost everywhere: no backward pass is recorded. */
const PIECEWISE_CONSTANT = new Set<UnaryName>(['sign', 'floor', 'ceil', 'round']);

/** A scalar parameter: a number that is not NaN (a string or undefined would become NaN or vanish). */
export function scalarArg(op: string, param: string, v: unknown): number {
  if (typeof v !== 'number' || Number.isNaN(v)) {
    throw new ValueError(`${op}: ${param} must be a number. Received: ${param}=${fmt(v)}`);
  }
  return v;
}

/**
 * Runs the elementwise op `name` on a float32 tensor with its scalar parameters `a`, `b` (the named ops such as {@link relu} call this); records its gradient unless the op is piecewise constant.
 */
export function unary(name: UnaryName, x: TensorLike, a = 0, b = 0): Tensor {
  // Inherited members ('constructor', '__proto__') are not numbers: one typeof covers both.
  const code = (UNARY_OPS as Record<string, unknown>)[name];
  if (typeof code !== 'number') {
    throw new ValueError(`unary: unknown op. Expected one of ${Object.keys(UNARY_OPS).join(', ')}. Received: ${fmt(name)}`);
  }
  // (x === x) is false only for NaN; cheaper than two calls on the small-op path.
  if (typeof a !== 'number' || a !== a) scalarArg(name, 'the first parameter', a);
  if (typeof b !== 'number' || b !== b) scalarArg(name, 'the second parameter', b);
  const t = toTensor(x, name);
  if (t.dtype !== 'float32') throw new ValueError(`${name}: expected a float32 tensor. Received: dtype=${t.dtype}`);
  const y = empty(t.shape, 'float32', name);
  check(name, ex().kx_unary(code, t.buf.ptr, y.buf.ptr, t.size, a, b));
  if (!PIECEWISE_CONSTANT.has(name)) {
    record1(name, [t], y, (dy, _needs, [sx, sy]) => {
      const dx = empty(t.shape, 'float32', `${name} backward`);
      check(`${name} backward`, ex().kx_unary_backward(code, sx!.buf.ptr, sy!.buf.ptr, dy.buf.ptr, dx.buf.ptr, t.size, a, b));
      return [dx];
    }, [t, y]);
  }
  return y;
}

/** max(x, 0), NaN kept (Keras `ops.relu`, tfjs `tf.relu`). */
export const relu = (x: TensorLike) => unary('relu', x);
/** x for x ≥ 0, `negativeSlope`·x otherwise (default 0.2, as Keras `ops.leaky_relu`). */
export const leakyRelu = (x: TensorLike, negativeSlope = 0.2) => unary('leakyRelu', x, scalarArg('leakyRelu', 'negativeSlope', negativeSlope));
/** x for x > 0, `alpha`·(eˣ − 1) otherwise (default alpha 1; Keras `ops.elu`). */
export const elu = (x: TensorLike, alpha = 1) => unary('elu', x, scalarArg('elu', 'alpha', alpha));
/** Scaled ELU with the fixed SELU constants (Keras `ops.selu`). */
export const selu = (x: TensorLike) => unary('selu', x);
/** Keras 3 default is the exact (erf) form; `approximate` uses the tanh form. */
export const gelu = (x: TensorLike, approximate = false) => unary(approximate ? 'geluTanh' : 'gelu', x);
/** x·sigmoid(x) (Keras `ops.silu`, alias {@link swish}). */
export const silu = (x: TensorLike) => unary('silu', x);
/** Alias of {@link silu} (Keras `ops.swish`). */
export const swish = silu;
/** 1 / (1 + e⁻ˣ) (Keras `ops.sigmoid`). */
export const sigmoid = (x: TensorLike) => unary('sigmoid', x);
/** Hyperbolic tangent (Keras `ops.tanh`). */
export const tanh = (x: TensorLike) => unary('tanh', x);
/** ln(1 + eˣ), computed without overflow (Keras `ops.softplus`). */
export const softplus = (x: TensorLike) => unary('softplus', x);
/** x / (1 + |x|) (Keras `ops.softsign`). */
export const softsign = (x: TensorLike) => unary('softsign', x);
/** Keras 3: relu6(x + 3) / 6. */
export const hardSigmoid = (x: TensorLike) => unary('hardSigmoid', x);
/** x·hardSigmoid(x) (Keras `ops.hard_silu`, alias hard_swish). */
export const hardSilu = (x: TensorLike) => unary('hardSilu', x);
/** min(max(x, 0), 6) (Keras `ops.relu6`). */
export const relu6 = (x: TensorLike) => unary('relu6', x);
/** x·tanh(softplus(x)) (Keras `activations.mish`). */
export const mish = (x: TensorLike) => unary('mish', x);
/** eˣ (Keras `ops.exp`). */
export const exp = (x: TensorLike) => unary('exp', x);
/** Natural logarithm; NaN below 0, −∞ at 0 (Keras `ops.log`). */
export const log = (x: TensorLike) => unary('log', x);
/** ln(1 + x), accurate near 0 (Keras `ops.log1p`). */
export const log1p = (x: TensorLike) => unary('log1p', x);
/** eˣ − 1, accurate near 0 (Keras `ops.expm1`). */
export const expm1 = (x: TensorLike) => unary('expm1', x);
/** √x; NaN below 0 (Keras `ops.sqrt`). */
export const sqrt = (x: TensorLike) => unary('sqrt', x);
/** 1 / √x (Keras `ops.rsqrt`). */
export const rsqrt = (x: TensorLike) => unary('rsqrt', x);
/** x² (Keras `ops.square`). */
export const square = (x: TensorLike) => unary('square', x);
/** |x| (Keras `ops.abs`). */
export const abs = (x: TensorLike) => unary('abs', x);
/** −x (Keras `ops.negative`). */
export const neg = (x: TensorLike) => unary('neg', x);
/** 1 / x (Keras `ops.reciprocal`). */
export const reciprocal = (x: TensorLike) => unary('reciprocal', x);
/** −1, 0 or 1 by the sign of x (NaN stays NaN); no gradient (Keras `ops.sign`). */
export const sign = (x: TensorLike) => unary('sign', x);
/** Rounds down; no gradient (Keras `ops.floor`). */
export const floor = (x: TensorLike) => unary('floor', x);
/** Rounds up; no gradient (Keras `ops.ceil`). */
export const ceil = (x: TensorLike) => unary('ceil', x);
/** Rounds half to even, as numpy and Keras `ops.round`; no gradient. */
export const round = (x: TensorLike) => unary('round', x);
/** Sine (Keras `ops.sin`). */
export const sin = (x: TensorLike) => unary('sin', x);
/** Cosine (Keras `ops.cos`). */
export const cos = (x: TensorLike) => unary('cos', x);
/** x·scale + shift in one pass. */
export const affine = (x: TensorLike, scale: number, shift = 0) =>
  unary('affine', x, scalarArg('affine', 'scale', scale), scalarArg('affine', 'shift', shift));
/** x·s for a JS number `s` (one pass, no scalar tensor). */
export const mulScalar = (x: TensorLike, s: number) => unary('affine', x, scalarArg('mulScalar', 's', s), 0);
/** x + s for a JS number `s` (one pass, no scalar tensor). */
export const addScalar = (x: TensorLike, s: number) => unary('affine', x, 1, scalarArg('addScalar', 's', s));
/** xᵖ for a JS number `p` (Keras `ops.power` with a scalar exponent). */
export const powScalar = (x: TensorLike, p: number) => unary('powScalar', x, scalarArg('powScalar', 'p', p));

/** Clips values to [min, max]; the gradient passes where min ≤ x ≤ max. */
export function clipByValue(x: TensorLike, min: number, max: number): Tensor {
  scalarArg('clipByValue', 'min', min);
  scalarArg('clipByValue', 'max', max);
  if (!(min <= max)) throw new ValueError(`clipByValue: min must be ≤ max. Received: min=${fmt(min)}, max=${fmt(max)}`);
  return unary('clip', x, min, max);
}
