// Window geometry shared by the convolution and pooling ops: argument normalisation, Keras
// output sizes and padding (TF-style 'same': the extra cell goes at the bottom/right), the
// input checks every window op makes, and the 15-word block the kernels read.

import { ValueError, fmt } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { meta } from '../raw.js';

/** 'valid', 'same', or explicit [[top, bottom], [left, right]] padding. */
export type Padding2D = 'valid' | 'same' | readonly [readonly [number, number], readonly [number, number]];
/** One number for both spatial axes, or [height, width]. */
export type Pair = number | readonly [number, number];

/** One window op on NHWC data; mirrors `Geom` in crates/kerasm-kernels/src/conv.rs. */
export interface Geom {
  n: number; h: number; w: number; c: number;
  oh: number; ow: number;
  kh: number; kw: number;
  sh: number; sw: number;
  dh: number; dw: number;
  pt: number; pl: number;
  /** Filters (conv2d), depth multiplier (depthwise), or 0 (pooling). */
  co: number;
}

/** `n` or `[a, b]` as a pair of positive integers; `ValueError` naming `what` otherwise. */
export function pair(op: string, what: string, v: Pair | undefined, dflt: number): [number, number] {
  const p: readonly number[] = v === undefined ? [dflt, dflt] : typeof v === 'number' ? [v, v] : v;
  if (!Array.isArray(p) || p.length !== 2 || p.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new ValueError(`${op}: ${what} must be a positive integer or a pair of positive integers. Received: ${what}=${fmt(v)}`);
  }
  return [p[0]!, p[1]!];
}

/** Output size and [before, after] padding along one axis. */
export function axisGeometry(size: number, k: number, s: number, d: number, pad: 'valid' | 'same' | readonly [number, number]): { out: number; before: number; after: number } {
  const keff = (k - 1) * d + 1;
  if (pad === 'same') {
    const out = Math.ceil(size / s);
    const total = Math.max((out - 1) * s + keff - size, 0);
    return { out, before: Math.floor(total / 2), after: total - Math.floor(total / 2) };
  }
  const [before, after] = pad === 'valid' ? [0, 0] : pad;
  const padded = size + before + after;
  return { out: padded >= keff ? Math.floor((padded - keff) / s) + 1 : 0, before, after };
}

function checkPadding(op: string, padding: unknown): void {
  if (padding === 'valid' || padding === 'same') return;
  const ok = Array.isArray(padding) && padding.length === 2 &&
    padding.every((p) => Array.isArray(p) && p.length === 2 && p.every((v) => Number.isInteger(v) && v >= 0));
  if (!ok) {
    throw new ValueError(`${op}: padding must be 'valid', 'same' or [[top, bottom], [left, right]] of non-negative integers. Received: padding=${fmt(padding)}`);
  }
}

export interface WindowArgs {
  kh: number;
  kw: number;
  strides?: Pair;
  dilationRate?: Pair;
  padding?: Padding2D;
  co: number;
}

/**
 * The geometry of a window op over `xShape` ([n, h, w, c]). Throws a `ValueError` naming `op`
 * for bad strides, dilations or padding, and when the (dilated) window is larger than the
 * padded input. `describe` adds the op's own arguments to that message.
 */
export function windowGeometry(op: string, xShape: readonly number[], a: WindowArgs, describe: string): Geom {
  const [n, h, w, c] = xShape as [number, number, number, number];
  const [sh, sw] = pair(op, 'strides', a.strides, 1);
  const [dh, dw] = pair(op, 'dilationRate', a.dilationRate, 1);
  const padding = a.padding ?? 'valid';
  checkPadding(op, padding);
  const py = typeof padding === 'string' ? padding : padding[0];
  const px = typeof padding === 'string' ? padding : padding[1];
  const gy = axisGeometry(h, a.kh, sh, dh, py);
  const gx = axisGeometry(w, a.kw, sw, dw, px);
  const [keh, kew] = [(a.kh - 1) * dh + 1, (a.kw - 1) * dw + 1];
  if (padding !== 'same' && (h + gy.before + gy.after < keh || w + gx.before + gx.after < kew)) {
    throw new ValueError(`${op}: the ${dh > 1 || dw > 1 ? 'dilated ' : ''}window (${keh}×${kew}) is larger than the padded input ` +
      `(${h + gy.before + gy.after}×${w + gx.before + gx.after}). Received: ${describe}, padding=${fmt(padding)}` +
      (dh > 1 || dw > 1 ? `, dilationRate=${fmt([dh, dw])}` : ''));
  }
  return { n, h, w, c, oh: gy.out, ow: gx.out, kh: a.kh, kw: a.kw, sh, sw, dh, dw, pt: gy.before, pl: gx.before, co: a.co };
}

/** Writes the geometry into the kernels' metadata scratch; returns its byte offset. */
export function geomPtr(g: Geom): number {
  return meta([g.n, g.h, g.w, g.c, g.oh, g.ow, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw, g.pt, g.pl, g.co]);
}

export function checkRank(op: string, t: Tensor, rank: number, name: string, layout: string): void {
  if (t.rank !== rank) {
    throw new ValueError(`${op}: expected a rank-${rank} ${name} ${layout}. Received: ${name}.shape=${fmt(t.shape)}`);
  }
}

export function checkFloat(op: string, ...ts: Tensor[]): void {
  for (const t of ts) {
    if (t.dtype !== 'float32') throw new ValueError(`${op}: expected float32 tensors. Received: dtype=${t.dtype} for shape=${fmt(t.shape)}`);
  }
}
