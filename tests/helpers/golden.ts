// Reading the Keras 3 fixtures in tests/golden/*.json (written by tests/golden/generate.py).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fromData } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';

export interface GoldenArray {
  shape: number[];
  dtype: 'float32' | 'int32';
  values: (number | string)[];
}

export function loadGolden<T = Record<string, unknown>>(file: string): { cases: T[]; keras_version: string } {
  const path = fileURLToPath(new URL(`../golden/${file}`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Non-finite values are stored as strings. */
export function num(v: number | string): number {
  return typeof v === 'number' ? v : v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : -Infinity;
}

export function goldenTensor(a: GoldenArray): Tensor {
  const vals = a.values.map(num);
  return fromData('golden', a.dtype === 'int32' ? Int32Array.from(vals) : Float32Array.from(vals), a.shape, a.dtype === 'int32' ? 'int32' : 'float32');
}

/** Asserts |got − want| ≤ atol + rtol·|want| element-wise, naming the first failure. */
export function expectAllClose(got: ArrayLike<number>, want: ArrayLike<number>, label: string, rtol = 1e-5, atol = 1e-6): void {
  if (got.length !== want.length) throw new Error(`${label}: length ${got.length}, expected ${want.length}`);
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!, w = want[i]!;
    if (Number.isNaN(w) ? !Number.isNaN(g) : !(Math.abs(g - w) <= atol + rtol * Math.abs(w))) {
      throw new Error(`${label}: element ${i}: got ${g}, want ${w} (rtol ${rtol}, atol ${atol})`);
    }
  }
}
