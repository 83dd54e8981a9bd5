// Elementwise comparisons with failure messages that give the label, the flat and the
// multi-dimensional index, the expected and the actual value, and the tolerance used.

import type { Tensor } from '../../ts/tensor/tensor.js';
import { unravel, type NDArray } from './reference.js';

export interface CloseOptions {
  rtol?: number;
  atol?: number;
  label?: string;
}

/** True when got ≈ want: NaN matches NaN, infinities must match exactly. */
export function isClose(got: number, want: number, rtol: number, atol: number): boolean {
  if (Number.isNaN(want)) return Number.isNaN(got);
  if (!Number.isFinite(want)) return got === want;
  return Math.abs(got - want) <= atol + rtol * Math.abs(want);
}

/** Throws on the first element that is not close, naming it. */
export function assertClose(got: ArrayLike<number>, want: ArrayLike<number>, opts: CloseOptions & { shape?: readonly number[] } = {}): void {
  const { rtol = 1e-5, atol = 1e-6, label = 'values' } = opts;
  if (got.length !== want.length) throw new Error(`${label}: length ${got.length}, expected ${want.length}`);
  for (let i = 0; i < want.length; i++) {
    if (!isClose(got[i]!, want[i]!, rtol, atol)) {
      const at = opts.shape && opts.shape.length > 0 ? ` [${unravel(i, opts.shape).join(', ')}]` : '';
      throw new Error(`${label}: element ${i}${at}: got ${got[i]}, expected ${want[i]} (rtol ${rtol}, atol ${atol})`);
    }
  }
}

/** The tensor's shape equals want.shape and its values are close to want.data. */
export function assertTensorClose(t: Tensor, want: NDArray, opts: CloseOptions = {}): void {
  const label = opts.label ?? 'tensor';
  if (t.shape.length !== want.shape.length || t.shape.some((d, i) => d !== want.shape[i])) {
    throw new Error(`${label}: shape [${t.shape.join(', ')}], expected [${want.shape.join(', ')}]`);
  }
  assertClose(t.dataSync(), want.data, { ...opts, label, shape: want.shape });
}

/** Exact equality (NaN equals NaN; +0 equals −0), for values that must be bit-for-bit known. */
export function assertExact(t: Tensor, shape: readonly number[], values: ArrayLike<number>, label = 'tensor'): void {
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new Error(`${label}: shape [${t.shape.join(', ')}], expected [${shape.join(', ')}]`);
  }
  assertClose(t.dataSync(), values, { rtol: 0, atol: 0, label, shape });
}
