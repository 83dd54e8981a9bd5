// Loading tests/golden/*.json (written by tests/golden/generate.py with Keras 3 on JAX) and
// comparing kerasm's float32 results with them.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { tensor } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';

export interface FixtureTensor {
  shape: number[];
  dtype: 'float32' | 'int32';
  values: (number | string)[];
}

const decode = (v: number | string): number => (typeof v === 'number' ? v : v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : -Infinity);

export function loadGolden<T>(file: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../golden/${file}`, import.meta.url)), 'utf8')) as T;
}

export function values(t: FixtureTensor): number[] {
  return t.values.map(decode);
}

export function toT(t: FixtureTensor): Tensor {
  const v = values(t);
  return tensor(t.dtype === 'int32' ? Int32Array.from(v) : Float32Array.from(v), t.shape, t.dtype);
}

export const num = (v: number | string): number => decode(v);

/** Keras `{from_logits: true}` → `{fromLogits: true}`. */
export function camelKwargs(kwargs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(kwargs)) out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return out;
}

/**
 * |got − want| ≤ rtol·|want| + atol, elementwise. The atol term only matters for values
 * near zero (gradients of clipped entries, exact zeros), where a relative bound is meaningless.
 */
export function expectClose(got: ArrayLike<number> | number, want: ArrayLike<number> | number, what: string, rtol = 1e-5, atol = 1e-7): void {
  const g = typeof got === 'number' ? [got] : Array.from(got);
  const w = typeof want === 'number' ? [want] : Array.from(want);
  expect(g.length, `${what}: length`).toBe(w.length);
  for (let i = 0; i < w.length; i++) {
    const [a, b] = [g[i]!, w[i]!];
    if (Number.isNaN(b)) {
      expect(Number.isNaN(a), `${what}[${i}]: got ${a}, want NaN`).toBe(true);
      continue;
    }
    const ok = a === b || Math.abs(a - b) <= rtol * Math.abs(b) + atol;
    expect(ok, `${what}[${i}]: got ${a}, want ${b} (|diff| ${Math.abs(a - b)}, rtol ${rtol}, atol ${atol})`).toBe(true);
  }
}

/** Keras auto-names a second instance 'precision_1'; compare configs without that suffix. */
export function expectConfigSubset(ours: Record<string, unknown>, keras: Record<string, unknown>, what: string): void {
  for (const [k, v] of Object.entries(keras)) {
    if (k === 'name' && typeof v === 'string') {
      expect(ours.name, `${what}: config.name`).toBe(v.replace(/_\d+$/, ''));
      continue;
    }
    expect(ours[k], `${what}: config.${k}`).toEqual(v);
  }
}
