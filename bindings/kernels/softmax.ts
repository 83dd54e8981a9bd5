// softmax / log_softmax over the middle axis of a dense [outer, n, inner] view, their
// backward, and fused softmax cross-entropy (`kx_softmax*`, crates/kerasm-kernels/src/softmax.rs).
// The forward subtracts the max first, so large logits are safe; a NaN on the axis makes
// the whole slice NaN. Outputs must not overlap inputs.

import type { Backend } from '../backend.js';
import type { Ptr, Status } from '../exports.js';
import type { WasmBuffer } from '../memory.js';
import { check } from '../status.js';
import { checkBuffer, checkSize } from './check.js';
import { checkDisjoint, checkIndices } from './flat.js';

/** Signatures of this family's WASM exports; part of `KernelExports` (../exports.ts). */
export interface SoftmaxExports {
  kx_softmax(x: Ptr, y: Ptr, outer: number, n: number, inner: number, log: number): Status;
  kx_softmax_backward(y: Ptr, dy: Ptr, dx: Ptr, outer: number, n: number, inner: number, log: number): Status;
  /** dlogits may be 0 (not wanted). */
  kx_softmax_xent_sparse(logits: Ptr, labels: Ptr, loss: Ptr, dlogits: Ptr, batch: number, classes: number, fromLogits: number): Status;
  kx_softmax_xent_dense(logits: Ptr, targets: Ptr, loss: Ptr, dlogits: Ptr, batch: number, classes: number): Status;
}

/** Keras `backend.epsilon()`: probabilities are clipped to [ε, 1 − ε] when `fromLogits` is false. */
export const XENT_EPSILON = 1e-7;

/** A dense [outer, n, inner] operand: sizes, then each buffer's offset. */
interface View {
  /** Product of the axes before the softmax axis. */
  outer: number;
  /** Length of the softmax axis. */
  n: number;
  /** Product of the axes after the softmax axis. */
  inner: number;
}

function checkView(kernel: string, v: View): number {
  checkSize(kernel, 'outer', v.outer);
  checkSize(kernel, 'n', v.n);
  checkSize(kernel, 'inner', v.inner);
  return v.outer * v.n * v.inner;
}

/** Arguments of {@link softmax}: `x` and `y` viewed as `[outer, n, inner]`. */
export interface SoftmaxArgs extends View {
  /** Float32 input logits. */
  x: WasmBuffer;
  /** Float32 output probabilities (or log-probabilities); may be `x` (in place). */
  y: WasmBuffer;
  /** log_softmax instead of softmax. Default false. */
  log?: boolean;
  /** Element offset into `x`. Default 0. */
  xOffset?: number;
  /** Element offset into `y`. Default 0. */
  yOffset?: number;
}

/** y = softmax(x) (or log_softmax) along n. */
export function softmax(be: Backend, g: SoftmaxArgs): void {
  const K = g.log ? 'logSoftmax' : 'softmax';
  const len = checkView(K, g);
  const xo = g.xOffset ?? 0, yo = g.yOffset ?? 0;
  checkBuffer(K, 'x', g.x, len, 'float32', xo);
  checkBuffer(K, 'y', g.y, len, 'float32', yo);
  checkDisjoint(K, 'y', g.y, yo, len, 'x', g.x, xo, len);
  check(K, be.ex.kx_softmax(g.x.ptr + 4 * xo, g.y.ptr + 4 * yo, g.outer, g.n, g.inner, g.log ? 1 : 0), be);
}

/** Arguments of {@link softmaxBackward}: buffers viewed as `[outer, n, inner]`. */
export interface SoftmaxBackwardArgs extends View {
  /** The forward output (softmax or log_softmax). */
  y: WasmBuffer;
  /** Float32 gradient of the forward output. */
  dy: WasmBuffer;
  /** Float32 gradient of the forward input (written); must not overlap `y` or `dy`. */
  dx: WasmBuffer;
  /** The forward was log_softmax. Default false. */
  log?: boolean;
  /** Element offset into `y`. Default 0. */
  yOffset?: number;
  /** Element offset into `dy`. Default 0. */
  dyOffset?: number;
  /** Element offset into `dx`. Default 0. */
  dxOffset?: number;
}

/** softmax: dx = y ⊙ (dy − Σ dy⊙y); log_softmax: dx = dy − exp(y)·Σ dy (sums along n). */
export function softmaxBackward(be: Backend, g: SoftmaxBackwardArgs): void {
  const K = g.log ? 'logSoftmaxBackward' : 'softmaxBackward';
  const len = checkView(K, g);
  const yo = g.yOffset ?? 0, gyo = g.dyOffset ?? 0, dxo = g.dxOffset ?? 0;
  checkBuffer(K, 'y', g.y, len, 'float32', yo);
  checkBuffer(K, 'dy', g.dy, len, 'float32', gyo);
  checkBuffer(K, 'dx', g.dx, len, 'float32', dxo);
  checkDisjoint(K, 'dx', g.dx, dxo, len, 'y', g.y, yo, len);
  checkDisjoint(K, 'dx', g.dx, dxo, len, 'dy', g.dy, gyo, len);
  check(K, be.ex.kx_softmax_backward(g.y.ptr + 4 * yo, g.dy.ptr + 4 * gyo, g.dx.ptr + 4 * dxo, g.outer, g.n, g.inner, g.log ? 1 : 0), be);
}

interface XentCommon {
  /** [batch, classes] logits (or probabilities for sparse with `fromLogits: false`). */
  logits: WasmBuffer;
  /** [batch] per-sample loss. */
  loss: WasmBuffer;
  /** [batch, classes] gradient of each sample's loss, unscaled; omit when not needed. */
  dlogits?: WasmBuffer;
  /** Number of samples (rows). */
  batch: number;
  /** Number of classes (row length). */
  classes: number;
}

function checkXent(kernel: string, g: XentCommon, target: [string, WasmBuffer, number, 'int32' | 'float32']): void {
  checkSize(kernel, 'batch', g.batch);
  checkSize(kernel, 'classes', g.classes);
  const n = g.batch * g.classes;
  checkBuffer(kernel, 'logits', g.logits, n);
  checkBuffer(kernel, 'loss', g.loss, g.batch);
  const [tn, tb, tl, tt] = target;
  checkBuffer(kernel, tn, tb, tl, tt);
  const ins: [string, WasmBuffer, number][] = [['logits', g.logits, n], [tn, tb, tl]];
  const outs: [string, WasmBuffer, number][] = [['loss', g.loss, g.batch]];
  if (g.dlogits) {
    checkBuffer(kernel, 'dlogits', g.dlogits, n);
    outs.push(['dlogits', g.dlogits, n]);
    checkDisjoint(kernel, 'dlogits', g.dlogits, 0, n, 'loss', g.loss, 0, g.batch);
  }
  for (const [on, ob, ol] of outs) for (const [iname, ib, il] of ins) checkDisjoint(kernel, on, ob, 0, ol, iname, ib, 0, il);
}

/** Arguments of {@link softmaxCrossEntropySparse} (the fused kernel of sparse categorical cross-entropy). */
export interface SoftmaxXentSparseArgs extends XentCommon {
  /** [batch] int32 class indices in [0, classes). */
  labels: WasmBuffer;
  /**
   * Default true. When false, `logits` are probabilities p and, as Keras does, each row is
   * normalised by its sum S and clipped: loss = −ln(clip(p_label/S, ε, 1 − ε)); `dlogits`
   * is then d loss/d p = 1/S − [k = label]/p_label inside the clip range and 0 outside.
   */
  fromLogits?: boolean;
}

/** Per-sample −log softmax(logits)[label]; dlogits = softmax − onehot(label). */
export function softmaxCrossEntropySparse(be: Backend, g: SoftmaxXentSparseArgs): void {
  const K = 'softmaxCrossEntropySparse';
  checkXent(K, g, ['labels', g.labels, g.batch, 'int32']);
  checkIndices(K, 'labels', g.labels, 0, g.batch, g.classes, 'classes');
  const st = be.ex.kx_softmax_xent_sparse(
    g.logits.ptr, g.labels.ptr, g.loss.ptr, g.dlogits ? g.dlogits.ptr : 0, g.batch, g.classes, g.fromLogits === false ? 0 : 1,
  );
  check(K, st, be);
}

/** Arguments of {@link softmaxCrossEntropyDense} (the fused kernel of categorical cross-entropy from logits). */
export interface SoftmaxXentDenseArgs extends XentCommon {
  /** [batch, classes] one-hot or probability targets. */
  targets: WasmBuffer;
}

/** Per-sample −Σ targets·log_softmax(logits); dlogits = softmax·Σtargets − targets (= softmax − targets for rows summing to 1). */
export function softmaxCrossEntropyDense(be: Backend, g: SoftmaxXentDenseArgs): void {
  const K = 'softmaxCrossEntropyDense';
  checkXent(K, g, ['targets', g.targets, g.batch * g.classes, 'float32']);
  check(K, be.ex.kx_softmax_xent_dense(g.logits.ptr, g.targets.ptr, g.loss.ptr, g.dlogits ? g.dlogits.ptr : 0, g.batch, g.classes), be);
}
