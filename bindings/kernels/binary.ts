// Elementwise binary ops with NumPy broadcasting, on `kx_binary`. Op codes mirror
// crates/kerasm-kernels/src/binary.rs. Comparisons write 1.0/0.0; maximum/minimum
// propagate NaN like numpy.

import type { Backend } from '../backend.js';
import type { Ptr, Status } from '../exports.js';
import type { WasmBuffer } from '../memory.js';
import { check } from '../status.js';
import {
  broadcastShapes, broadcastStrides, checkOutAlias, checkShape, checkStridedBuffer, checkStrides, denseStrides, withMeta,
} from './layout.js';

/** Signatures of this family's WASM exports; part of `KernelExports` (../exports.ts). */
export interface BinaryExports {
  /** meta = [out_shape][a_strides][b_strides], `rank` each. */
  kx_binary(op: number, a: Ptr, b: Ptr, out: Ptr, rank: number, meta: Ptr): Status;
}

/** Op name → kernel code of the broadcasting binary kernel (mirrors crates/kerasm-kernels; comparisons write 1 or 0). */
export const BINARY_OPS = {
  add: 0, sub: 1, mul: 2, div: 3, pow: 4, maximum: 5, minimum: 6, equal: 7, notEqual: 8, less: 9,
  lessEqual: 10, greater: 11, greaterEqual: 12, squaredDifference: 13,
} as const;
/** Name of a binary kernel op (a key of {@link BINARY_OPS}). */
export type BinaryOpName = keyof typeof BINARY_OPS;

/** The kernel code of `op`, or a `RangeError` listing the valid names. */
export function binaryOpCode(kernel: string, op: string): number {
  if (typeof op === 'string' && Object.hasOwn(BINARY_OPS, op)) return BINARY_OPS[op as BinaryOpName];
  const got = typeof op === 'string' ? `'${op}'` : String(op);
  throw new RangeError(`${kernel}: unknown op ${got}. Expected one of ${Object.keys(BINARY_OPS).join(', ')}. Received: ${got}`);
}

/** One input of a broadcasting kernel: a buffer and either its shape or explicit strides. */
export interface StridedInput {
  /** The input's float32 buffer. */
  buf: WasmBuffer;
  /** A dense shape that broadcasts to the output shape (default: the output shape). */
  shape?: readonly number[];
  /** Element strides per output axis (0 on broadcast axes); overrides `shape`. */
  strides?: readonly number[];
  /** Element offset of the input's first element. Default 0. */
  offset?: number;
}

/** Resolves an input's strides against `out` and checks its buffer; returns [strides, range]. */
export function resolveInput(kernel: string, name: string, x: StridedInput, out: readonly number[]): [number[], [number, number] | null] {
  let strides: number[];
  if (x.strides !== undefined) {
    checkStrides(kernel, `${name} strides`, x.strides, out.length);
    strides = x.strides.slice();
  } else {
    const shape = x.shape ?? out;
    checkShape(kernel, `${name} shape`, shape);
    const joint = broadcastShapes(kernel, shape, out);
    if (joint.length !== out.length || joint.some((d, i) => d !== out[i])) {
      throw new RangeError(`${kernel}: \`${name}\` of shape [${shape.join(', ')}] does not broadcast to the output shape [${out.join(', ')}].`);
    }
    strides = broadcastStrides(shape, out);
  }
  return [strides, checkStridedBuffer(kernel, name, x.buf, out, strides, x.offset ?? 0)];
}

/** Arguments of {@link binary}. */
export interface BinaryArgs {
  /** The op; an unknown name throws a `RangeError` listing the valid ones. */
  op: BinaryOpName;
  /** Left operand, broadcast to `shape`. */
  a: StridedInput;
  /** Right operand, broadcast to `shape`. */
  b: StridedInput;
  /** Dense row-major output of `shape`; may be an input laid out the same way (in place). */
  out: WasmBuffer;
  /** The output shape (each input's shape must broadcast to it). */
  shape: readonly number[];
  /** Element offset of the output's first element. Default 0. */
  outOffset?: number;
}

/** out = a ∘ b, broadcasting a and b to `shape`. */
export function binary(be: Backend, g: BinaryArgs): void {
  const K = 'binary';
  const code = binaryOpCode(K, g.op);
  checkShape(K, 'shape', g.shape);
  const [sa, ra] = resolveInput(K, 'a', g.a, g.shape);
  const [sb, rb] = resolveInput(K, 'b', g.b, g.shape);
  const dense = denseStrides(g.shape);
  const oo = g.outOffset ?? 0;
  const ro = checkStridedBuffer(K, 'out', g.out, g.shape, dense, oo);
  checkOutAlias(K, g.shape, 'out', g.out, ro, oo, dense, 'a', g.a.buf, ra, g.a.offset ?? 0, sa);
  checkOutAlias(K, g.shape, 'out', g.out, ro, oo, dense, 'b', g.b.buf, rb, g.b.offset ?? 0, sb);
  const st = withMeta(be, [...g.shape, ...sa, ...sb], (meta) => be.ex.kx_binary(
    code, g.a.buf.ptr + 4 * (g.a.offset ?? 0), g.b.buf.ptr + 4 * (g.b.offset ?? 0), g.out.ptr + 4 * oo, g.shape.length, meta,
  ));
  check(K, st, be);
}
