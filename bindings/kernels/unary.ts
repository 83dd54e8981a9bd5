// Elementwise unary ops and their backward passes (dx = dy·f'(x)), on `kx_unary` and
// `kx_unary_backward`. Op codes mirror crates/kerasm-kernels/src/unary.rs.

import type { Backend } from '../backend.js';
import type { Ptr, Status } from '../exports.js';
import type { WasmBuffer } from '../memory.js';
import { check } from '../status.js';
import { checkBuffer, checkSize } from './check.js';

/** Signatures of this family's WASM exports; part of `KernelExports` (../exports.ts). */
export interface UnaryExports {
  kx_unary(op: number, x: Ptr, y: Ptr, len: number, a: number, b: number): Status;
  kx_unary_backward(op: number, x: Ptr, y: Ptr, dy: Ptr, dx: Ptr, len: number, a: number, b: number): Status;
}

/** Op name → kernel code. `a`/`b` parameters: leakyRelu a=negative slope, elu a=alpha, clip a=lo b=hi, powScalar a=exponent, affine a·x+b. */
export const UNARY_OPS = {
  identity: 0, relu: 1, leakyRelu: 2, elu: 3, selu: 4, gelu: 5, geluTanh: 6, silu: 7, sigmoid: 8, tanh: 9,
  softplus: 10, softsign: 11, hardSigmoid: 12, exp: 13, log: 14, sqrt: 15, rsqrt: 16, square: 17, abs: 18,
  neg: 19, reciprocal: 20, relu6: 21, hardSilu: 22, mish: 23, clip: 24, sign: 25, floor: 26, ceil: 27,
  round: 28, log1p: 29, expm1: 30, sin: 31, cos: 32, powScalar: 33, affine: 34,
} as const;
/** Name of an elementwise unary kernel op (a key of {@link UNARY_OPS}). */
export type UnaryOpName = keyof typeof UNARY_OPS;

/** Which forward buffer each backward pass reads (the other may be omitted). */
export function unaryBackwardNeeds(op: UnaryOpName): 'x' | 'y' | 'none' {
  switch (op) {
    case 'identity': case 'neg': case 'affine': case 'sign': case 'floor': case 'ceil': case 'round':
      return 'none';
    case 'elu': case 'selu': case 'sigmoid': case 'tanh': case 'exp': case 'sqrt': case 'rsqrt': case 'reciprocal': case 'expm1':
      return 'y';
    default:
      return 'x';
  }
}

/** The kernel code of `op`, or an error listing the valid names. */
export function unaryOpCode(kernel: string, op: string): number {
  if (typeof op === 'string' && Object.hasOwn(UNARY_OPS, op)) return UNARY_OPS[op as UnaryOpName];
  const got = typeof op === 'string' ? `'${op}'` : String(op);
  throw new RangeError(`${kernel}: unknown op ${got}. Expected one of ${Object.keys(UNARY_OPS).join(', ')}. Received: ${got}`);
}

function checkParam(kernel: string, name: string, v: number): void {
  if (typeof v !== 'number') throw new TypeError(`${kernel}: \`${name}\` must be a number. Received: ${name}=${String(v)}`);
}

/** `dst` either is `src` element for element or does not overlap it. */
function checkAlias(kernel: string, dn: string, d: WasmBuffer, doff: number, sn: string, s: WasmBuffer, soff: number, len: number): void {
  if (len === 0 || d.ptr !== s.ptr || doff === soff) return;
  if (doff < soff + len && soff < doff + len) {
    throw new RangeError(`${kernel}: \`${dn}\` partially overlaps \`${sn}\`; use the same offset (in place) or disjoint ranges. ` +
      `Received: ${dn} offset=${doff}, ${sn} offset=${soff}, len=${len}`);
  }
}

/** Arguments of {@link unary}. */
export interface UnaryArgs {
  /** The op to apply; an unknown name throws a `RangeError` listing the valid ones. */
  op: UnaryOpName;
  /** Float32 input buffer. */
  x: WasmBuffer;
  /** May be `x` itself (in place). */
  y: WasmBuffer;
  /** Elements to process; default: all of `x` after `xOffset`. */
  len?: number;
  /** Element offset of the first input element. Default 0. */
  xOffset?: number;
  /** Element offset of the first output element. Default 0. */
  yOffset?: number;
  /** First op parameter (see {@link UNARY_OPS}: leakyRelu slope, elu alpha, clip low, power, affine scale). Default 0. */
  a?: number;
  /** Second op parameter (clip high, affine shift). Default 0. */
  b?: number;
}

/** y = f(x). */
export function unary(be: Backend, g: UnaryArgs): void {
  const K = 'unary';
  const code = unaryOpCode(K, g.op);
  const xo = g.xOffset ?? 0, yo = g.yOffset ?? 0;
  checkBuffer(K, 'x', g.x, 0, 'float32', xo);
  const len = g.len ?? g.x.length - xo;
  checkSize(K, 'len', len);
  checkBuffer(K, 'x', g.x, len, 'float32', xo);
  checkBuffer(K, 'y', g.y, len, 'float32', yo);
  checkAlias(K, 'y', g.y, yo, 'x', g.x, xo, len);
  const a = g.a ?? 0, b = g.b ?? 0;
  checkParam(K, 'a', a);
  checkParam(K, 'b', b);
  check(K, be.ex.kx_unary(code, g.x.ptr + 4 * xo, g.y.ptr + 4 * yo, len, a, b), be);
}

/** Arguments of {@link unaryBackward}. */
export interface UnaryBackwardArgs {
  /** The forward op whose derivative is applied. */
  op: UnaryOpName;
  /** The forward input; required when `unaryBackwardNeeds(op)` is 'x'. */
  x?: WasmBuffer;
  /** The forward output; required when `unaryBackwardNeeds(op)` is 'y'. */
  y?: WasmBuffer;
  /** Float32 gradient of the forward output. */
  dy: WasmBuffer;
  /** May be `dy` itself (in place). */
  dx: WasmBuffer;
  /** Default: all of `dy` after `dyOffset`. */
  len?: number;
  /** Element offset into `x`. Default 0. */
  xOffset?: number;
  /** Element offset into `y`. Default 0. */
  yOffset?: number;
  /** Element offset into `dy`. Default 0. */
  dyOffset?: number;
  /** Element offset into `dx`. Default 0. */
  dxOffset?: number;
  /** The forward op's first parameter. Default 0. */
  a?: number;
  /** The forward op's second parameter. Default 0. */
  b?: number;
}

/** dx = dy·f'(x), reading x or y as the op needs. */
export function unaryBackward(be: Backend, g: UnaryBackwardArgs): void {
  const K = 'unaryBackward';
  const code = unaryOpCode(K, g.op);
  const dyo = g.dyOffset ?? 0, dxo = g.dxOffset ?? 0;
  checkBuffer(K, 'dy', g.dy, 0, 'float32', dyo);
  const len = g.len ?? g.dy.length - dyo;
  checkSize(K, 'len', len);
  checkBuffer(K, 'dy', g.dy, len, 'float32', dyo);
  checkBuffer(K, 'dx', g.dx, len, 'float32', dxo);
  checkAlias(K, 'dx', g.dx, dxo, 'dy', g.dy, dyo, len);
  const needs = unaryBackwardNeeds(g.op);
  const ptrOf = (name: 'x' | 'y'): Ptr => {
    const buf = g[name];
    if (needs !== name) return 0;
    if (!buf) throw new TypeError(`${K}: op '${g.op}' needs the forward ${name === 'x' ? 'input `x`' : 'output `y`'}. Received: ${name}=undefined`);
    const off = (name === 'x' ? g.xOffset : g.yOffset) ?? 0;
    checkBuffer(K, name, buf, len, 'float32', off);
    checkAlias(K, 'dx', g.dx, dxo, name, buf, off, len);
    return buf.ptr + 4 * off;
  };
  const xp = ptrOf('x'), yp = ptrOf('y');
  const a = g.a ?? 0, b = g.b ?? 0;
  checkParam(K, 'a', a);
  checkParam(K, 'b', b);
  check(K, be.ex.kx_unary_backward(code, xp, yp, g.dy.ptr + 4 * dyo, g.dx.ptr + 4 * dxo, len, a, b), be);
}
