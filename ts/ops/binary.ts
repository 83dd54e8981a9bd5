// Broadcasting binary ops on the `kx_binary` kernel, with gradients reduced back to each
// operand's shape. Comparisons return float32 0/1 and record no gradient.

import { ValueError } from '../errors.js';
import { scalar, toTensor, type TensorLike } from '../tensor/creation.js';
import { broadcastShapes, broadcastStrides } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { sumTo } from './broadcast.js';
import { empty, record1 } from './op.js';
import { check, ex, meta } from './raw.js';
import { cast } from './cast.js';
import { log, neg } from './unary.js';

import { BINARY_OPS as BINARY } from '../../bindings/kernels/binary.js';

type BinaryName = keyof typeof BINARY;

const MAX_RANK = 8;

/** Runs the kernel; int32 operands are compared as float32 (exact below 2^24). */
function raw(name: BinaryName, a: Tensor, b: Tensor, allowInt: boolean): Tensor {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') {
    if (!allowInt) {
      throw new ValueError(`${name}: expected float32 tensors. Received: a.dtype=${a.dtype}, b.dtype=${b.dtype}` +
        ' (cast int32 tensors with cast(x, "float32") first)');
    }
    const fa = a.dtype === 'float32' ? a : cast(a, 'float32');
    const fb = b.dtype === 'float32' ? b : cast(b, 'float32');
    const y = raw(name, fa, fb, false);
    if (fa !== a) fa.dispose();
    if (fb !== b) fb.dispose();
    return y;
  }
  const out = broadcastShapes(name, a.shape, b.shape);
  if (out.length > MAX_RANK) throw new ValueError(`${name}: rank above ${MAX_RANK} is not supported. Received: rank ${out.length}`);
  const y = empty(out, 'float32', name);
  const m = meta([...out, ...broadcastStrides(a.shape, out), ...broadcastStrides(b.shape, out)]);
  check(name, ex().kx_binary(BINARY[name], a.buf.ptr, b.buf.ptr, y.buf.ptr, out.length, m));
  return y;
}

type Grad = (dy: Tensor, a: Tensor, b: Tensor, y: Tensor) => [Tensor | null, Tensor | null];

function binary(name: BinaryName, x: TensorLike, z: TensorLike, grad?: Grad, saveOut = false): Tensor {
  const a = toTensor(x, name);
  const b = toTensor(z, name);
  const y = raw(name, a, b, grad === undefined);
  if (grad) {
    record1(name, [a, b], y, (dy, needs, [sa, sb, sy]) => {
      const [ga, gb] = grad(dy, sa!, sb!, sy!);
      const ra = needs[0] && ga ? reduceTo(ga, a.shape, dy) : null;
      const rb = needs[1] && gb ? reduceTo(gb, b.shape, dy) : null;
      return [ra, rb];
    }, saveOut ? [a, b, y] : [a, b]);
  }
  return y;
}

/** Sums a broadcast gradient back to `shape`; frees `g` unless it is the incoming `dy`. */
function reduceTo(g: Tensor, shape: readonly number[], dy: Tensor): Tensor {
  const r = sumTo(g, shape);
  if (r !== g && g !== dy) g.dispose();
  return r;
}

const tmp = (f: () => Tensor, ...drop: Tensor[]) => {
  const r = f();
  drop.forEach((t) => t.dispose());
  return r;
};

/**
 * a + b with broadcasting (Keras `ops.add`, tfjs `tf.add`). Either operand may be a number, array or tensor.
 *
 * @example
 * ```ts
 * add(tensor([[1, 2], [3, 4]]), tensor([10, 20])); // [[11, 22], [13, 24]]
 * ```
 */
export const add = (a: TensorLike, b: TensorLike) => binary('add', a, b, (dy) => [dy, dy]);
/** a − b with broadcasting (Keras `ops.subtract`). */
export const sub = (a: TensorLike, b: TensorLike) => binary('sub', a, b, (dy) => [dy, neg(dy)]);
/** a · b elementwise, with broadcasting (Keras `ops.multiply`). */
export const mul = (a: TensorLike, b: TensorLike) => binary('mul', a, b, (dy, sa, sb) => [raw('mul', dy, sb, false), raw('mul', dy, sa, false)]);

/** a / b. d/da = 1/b, d/db = −a/b² = −y/b. */
export const div = (a: TensorLike, b: TensorLike) => binary('div', a, b, (dy, _sa, sb, sy) => {
  const da = raw('div', dy, sb, false);
  const db = tmp(() => neg(raw('mul', da, sy, false)));
  // (the inner product is freed with the backward pass's scope)
  return [da, db];
}, true);

/** a^b. d/da = b·a^(b−1) = b·y/a (with a = 0 handled by the pow form), d/db = y·log(a) (0 where a ≤ 0). */
export const pow = (a: TensorLike, b: TensorLike) => binary('pow', a, b, (dy, sa, sb, sy) => {
  const bm1 = tmp(() => raw('sub', sb, onesScalar(), false));
  const p = tmp(() => raw('pow', sa, bm1, false), bm1);
  const da = tmp(() => raw('mul', tmp(() => raw('mul', p, sb, false), p), dy, false));
  // log(a) is taken of max(a, FLT_MIN) and then masked: masking log(a) itself would give
  // NaN·0 = NaN for a < 0, because maximum propagates NaN.
  const clamped = raw('maximum', sa, tinyScalar(), false);
  const la = tmp(() => log(clamped), clamped);
  const pos = raw('greater', sa, zeroScalar(), false);
  const lg = tmp(() => raw('mul', la, pos, false), la, pos);
  const db = tmp(() => raw('mul', tmp(() => raw('mul', sy, lg, false), lg), dy, false));
  return [da, db];
}, true);

/** Ties send the gradient to `a`, as TF does. */
export const maximum = (a: TensorLike, b: TensorLike) => binary('maximum', a, b, (dy, sa, sb) => {
  const m = raw('greaterEqual', sa, sb, false);
  const da = raw('mul', dy, m, false);
  const db = tmp(() => raw('sub', dy, da, false), m);
  return [da, db];
});

/** Elementwise minimum with broadcasting; ties send the gradient to `a`, as TF does (Keras `ops.minimum`). */
export const minimum = (a: TensorLike, b: TensorLike) => binary('minimum', a, b, (dy, sa, sb) => {
  const m = raw('lessEqual', sa, sb, false);
  const da = raw('mul', dy, m, false);
  const db = tmp(() => raw('sub', dy, da, false), m);
  return [da, db];
});

/** (a − b)². d/da = 2(a − b)·dy. */
export const squaredDifference = (a: TensorLike, b: TensorLike) => binary('squaredDifference', a, b, (dy, sa, sb) => {
  const d = raw('sub', sa, sb, false);
  const da = tmp(() => raw('mul', tmp(() => raw('add', d, d, false), d), dy, false));
  return [da, neg(da)];
});

/** 1 where a = b, else 0 (float32), with broadcasting; no gradient (Keras `ops.equal`, which returns bool). */
export const equal = (a: TensorLike, b: TensorLike) => binary('equal', a, b);
/** 1 where a ≠ b, else 0 (float32); no gradient (Keras `ops.not_equal`). */
export const notEqual = (a: TensorLike, b: TensorLike) => binary('notEqual', a, b);
/** 1 where a < b, else 0 (float32); no gradient (Keras `ops.less`). */
export const less = (a: TensorLike, b: TensorLike) => binary('less', a, b);
/** 1 where a ≤ b, else 0 (float32); no gradient (Keras `ops.less_equal`). */
export const lessEqual = (a: TensorLike, b: TensorLike) => binary('lessEqual', a, b);
/** 1 where a > b, else 0 (float32); no gradient (Keras `ops.greater`). */
export const greater = (a: TensorLike, b: TensorLike) => binary('greater', a, b);
/** 1 where a ≥ b, else 0 (float32); no gradient (Keras `ops.greater_equal`). */
export const greaterEqual = (a: TensorLike, b: TensorLike) => binary('greaterEqual', a, b);

// Constants used inside gradients, created once per process and kept.
let one: Tensor | undefined, zero: Tensor | undefined, tiny: Tensor | undefined;
function onesScalar(): Tensor {
  return (one ??= scalar(1).keep());
}
function zeroScalar(): Tensor {
  return (zero ??= scalar(0).keep());
}
/** The smallest normal float32: log of it is finite. */
function tinyScalar(): Tensor {
  return (tiny ??= scalar(1.1754943508222875e-38).keep());
}
