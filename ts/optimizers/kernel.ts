// The TS side of `kx_optim_step` (crates/kerasm-wasm/src/exports/optim.rs): kind codes,
// the hyper-parameter layout, and the descriptor table that lets one call update every
// variable. Both buffers are allocated once per optimizer and rewritten in place each step.

import type { Backend } from '../../bindings/index.js';
import type { Exports, Ptr, Status } from '../../bindings/exports.js';
import { check } from '../../bindings/status.js';

/** The optimizer step export (a plain interface: augmenting bindings/exports.ts would not survive the .d.ts bundle). */
export interface OptimExports {
  /** One fused step: `table` holds `nVars` × 8 u32, `hyper` HYPER_LEN f32. */
  kx_optim_step(kind: number, table: Ptr, nVars: number, hyper: Ptr): Status;
}

/** Rule codes; mirror `kerasm_kernels::optim::Kind`. AdamW runs the Adam rule. */
export const KIND = { sgd: 0, rmsprop: 1, adagrad: 2, adadelta: 3, adam: 4, adamax: 5, nadam: 6, lion: 7 } as const;

/** Length of the hyper-parameter array (`kerasm_kernels::optim::HYPER_LEN`). */
export const HYPER_LEN = 16;

/** Shared hyper-parameter indices; kind-specific values start at `H.K` (see each rule). */
export const H = { LR: 0, WEIGHT_DECAY: 1, CLIP_MODE: 2, CLIP: 3, K: 4 } as const;

/** Clip modes at `H.CLIP_MODE`. */
export const CLIP = { none: 0, norm: 1, globalNorm: 2, value: 3 } as const;

/**
 * Zeroes `h` and writes the shared entries: the rate, weight decay (null = off) and the
 * one clip mode that is set (Keras checks clipnorm, then global_clipnorm, then clipvalue).
 */
export function writeShared(
  h: Float32Array, lr: number, weightDecay: number | null,
  clip: { clipnorm: number | null; globalClipnorm: number | null; clipvalue: number | null },
): void {
  h.fill(0);
  h[H.LR] = lr;
  h[H.WEIGHT_DECAY] = weightDecay ?? 0;
  if (clip.clipnorm !== null) {
    h[H.CLIP_MODE] = CLIP.norm;
    h[H.CLIP] = clip.clipnorm;
  } else if (clip.globalClipnorm !== null) {
    h[H.CLIP_MODE] = CLIP.globalNorm;
    h[H.CLIP] = clip.globalClipnorm;
  } else if (clip.clipvalue !== null) {
    h[H.CLIP_MODE] = CLIP.value;
    h[H.CLIP] = clip.clipvalue;
  }
}

/** u32 words per variable in the table: param, grad, slot0..2, len, flags, reserved. */
const WORDS = 8;
/** Table flag: this variable takes weight decay. */
export const FLAG_DECAY = 1;

/**
 * The table and hyper buffers of one optimizer, sized for `capacity` variables: one WASM
 * block (the table, then the hyper-parameters) and its JS mirror. A step writes the mirror
 * and `run` copies it in with one heap access (each access asks the memory for its buffer).
 */
export class StepBuffers {
  readonly table: Ptr;
  readonly hyper: Ptr;
  private readonly words: Int32Array;
  private readonly h: Float32Array;
  private readonly bytes: Uint8Array;

  constructor(readonly be: Backend, readonly capacity: number) {
    const tableBytes = Math.max(1, capacity) * WORDS * 4;
    const mirror = new ArrayBuffer(tableBytes + HYPER_LEN * 4);
    this.table = be.heap.alloc(mirror.byteLength, 'optimizer descriptor table');
    this.hyper = this.table + tableBytes;
    this.words = new Int32Array(mirror, 0, tableBytes / 4);
    this.h = new Float32Array(mirror, tableBytes, HYPER_LEN);
    this.bytes = new Uint8Array(mirror);
  }

  /** The hyper array as f32 (values are rounded to f32 on write); rewrite fully each step. */
  hyperView(): Float32Array {
    return this.h;
  }

  /** Writes entry `i` of the table: `len` f32 at `param`, `grad` and each slot. */
  set(i: number, param: Ptr, grad: Ptr, slots: readonly Ptr[], len: number, decay: boolean): void {
    const w = this.words;
    const o = i * WORDS;
    w[o] = param;
    w[o + 1] = grad;
    w[o + 2] = slots[0] ?? 0;
    w[o + 3] = slots[1] ?? 0;
    w[o + 4] = slots[2] ?? 0;
    w[o + 5] = len;
    w[o + 6] = decay ? FLAG_DECAY : 0;
    w[o + 7] = 0;
  }

  /** Copies the table and hyper-parameters in, then runs the kernel over the first `n` table entries. */
  run(kind: number, n: number, who: string): void {
    this.be.heap.u8Upto(this.table + this.bytes.length).set(this.bytes, this.table);
    check(who, (this.be.ex as Exports & OptimExports).kx_optim_step(kind, this.table, n, this.hyper));
  }

  dispose(): void {
    if (!this.be.heap.isLive(this.table)) return;
    this.be.heap.free(this.table, 'optimizer descriptor table');
  }
}
