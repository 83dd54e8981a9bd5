// Shape algebra: sizes, strides, broadcasting and axis normalisation, with errors that
// name the op and the shapes received.

import { ValueError, fmt } from '../errors.js';

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major element strides. */
export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function checkShape(op: string, shape: unknown): number[] {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ValueError(`${op}: shape must be an array of non-negative integers. Received: shape=${fmt(shape)}`);
  }
  return shape.slice();
}

/** NumPy broadcasting of two shapes. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const r = Math.max(a.length, b.length);
  const out = new Array<number>(r);
  for (let i = 0; i < r; i++) {
    const da = a[a.length - r + i] ?? 1;
    const db = b[b.length - r + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ValueError(`${op}: shapes cannot be broadcast together. Received: a.shape=${fmt(a)}, b.shape=${fmt(b)}`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides of `shape` viewed inside the broadcast `out` shape (0 on broadcast axes). */
export function broadcastStrides(shape: Shape, out: Shape): number[] {
  const s = stridesOf(shape);
  const r = out.length;
  const res = new Array<number>(r).fill(0);
  for (let i = 0; i < shape.length; i++) {
    const j = r - shape.length + i;
    res[j] = shape[i] === 1 && out[j] !== 1 ? 0 : s[i]!;
  }
  return res;
}

/** The axes of `out` along which `shape` was broadcast (for reducing gradients back). */
export function broadcastAxes(shape: Shape, out: Shape): number[] {
  const axes: number[] = [];
  const lead = out.length - shape.length;
  for (let i = 0; i < out.length; i++) {
    if (i < lead || (shape[i - lead] === 1 && out[i] !== 1)) axes.push(i);
  }
  return axes;
}

export function normalizeAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= Math.max(rank, 1)) {
    throw new ValueError(`${op}: axis must be an integer in [${-rank}, ${rank}). Received: axis=${axis} for a rank-${rank} tensor`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Sorted, unique, non-negative axes; `undefined` means every axis. */
export function normalizeAxes(op: string, axis: number | readonly number[] | undefined | null, rank: number): number[] {
  if (axis == null) return Array.from({ length: rank }, (_, i) => i);
  const list = (typeof axis === 'number' ? [axis] : axis).map((a) => normalizeAxis(op, a, rank));
  const uniq = [...new Set(list)].sort((x, y) => x - y);
  if (uniq.length !== list.length) throw new ValueError(`${op}: repeated axis. Received: axis=${fmt(axis)}`);
  return uniq;
}
