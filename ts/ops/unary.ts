// Elementwise unary ops and activations on the `kx_unary` kernel. Each gradient uses the
// fused `kx_unary_backward` kernel (dx = dy·f'(x)), which reads x or y as the op needs.

import { ValueError, fmt } from '../errors.js';
import { toTensor, type TensorLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { empty, record1 } from './op.js';
import { check, ex } from './raw.js';

import { UNARY_OPS } from '../../bindings/kernels/unary.js';

export { UNARY_OPS };
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

export const relu = (x: TensorLike) => unary('relu', x);
export const leakyRelu = (x: TensorLike, negativeSlope = 0.2) => unary('leakyRelu', x, scalarArg('leakyRelu', 'negativeSlope', negativeSlope));
export const elu = (x: TensorLike, alpha = 1) => unary('elu', x, scalarArg('elu', 'alpha', alpha));
export const selu = (x: TensorLike) => unary('selu', x);
/** Keras 3 default is the exact (erf) form; `approximate` uses the tanh form. */
export const gelu = (x: TensorLike, approximate = false) => unary(approximate ? 'geluTanh' : 'gelu', x);
export const silu = (x: TensorLike) => unary('silu', x);
export const swish = silu;
export const sigmoid = (x: TensorLike) => unary('sigmoid', x);
export const tanh = (x: TensorLike) => unary('tanh', x);
export const softplus = (x: TensorLike) => unary('softplus', x);
export const softsign = (x: TensorLike) => unary('softsign', x);
/** Keras 3: relu6(x + 3) / 6. */
export const hardSigmoid = (x: TensorLike) => unary('hardSigmoid', x);
export const hardSilu = (x: TensorLike) => unary('hardSilu', x);
export const relu6 = (x: TensorLike) => unary('relu6', x);
export const mish = (x: TensorLike) => unary('mish', x);
export const exp = (x: TensorLike) => unary('exp', x);
export const log = (x: TensorLike) => unary('log', x);
export const log1p = (x: TensorLike) => unary('log1p', x);
export const expm1 = (x: TensorLike) => unary('expm1', x);
export const sqrt = (x: TensorLike) => unary('sqrt', x);
export const rsqrt = (x: TensorLike) => unary('rsqrt', x);
export const square = (x: TensorLike) => unary('square', x);
export const abs = (x: TensorLike) => unary('abs', x);
export const neg = (x: TensorLike) => unary('neg', x);
export const reciprocal = (x: TensorLike) => unary('reciprocal', x);
export const sign = (x: TensorLike) => unary('sign', x);
export const floor = (x: TensorLike) => unary('floor', x);
export const ceil = (x: TensorLike) => unary('ceil', x);
export const round = (x: TensorLike) => unary('round', x);
export const sin = (x: TensorLike) => unary('sin', x);
export const cos = (x: TensorLike) => unary('cos', x);
/** x·scale + shift in one pass. */
export const affine = (x: TensorLike, scale: number, shift = 0) =>
  unary('affine', x, scalarArg('affine', 'scale', scale), scalarArg('affine', 'shift', shift));
export const mulScalar = (x: TensorLike, s: number) => unary('affine', x, scalarArg('mulScalar', 's', s), 0);
export const addScalar = (x: TensorLike, s: number) => unary('affine', x, 1, scalarArg('addScalar', 's', s));
export const powScalar = (x: TensorLike, p: number) => unary('powScalar', x, scalarArg('powScalar', 'p', p));

/** Clips values to [min, max]; the gradient passes where min ≤ x ≤ max. */
export function clipByValue(x: TensorLike, min: number, max: number): Tensor {
  scalarArg('clipByValue', 'min', min);
  scalarArg('clipByValue', 'max', max);
  if (!(min <= max)) throw new ValueError(`clipByValue: min must be ≤ max. Received: min=${fmt(min)}, max=${fmt(max)}`);
  return unary('clip', x, min, max);
}
