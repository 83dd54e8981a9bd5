// Initializers against Keras 3 (tests/golden/initializers.json). Random streams differ
// between JAX and kerasm, so random initializers are checked against Keras's formulas —
// fans, bounds, standard deviation — and deterministic ones value for value.

import { describe, expect, it } from 'vitest';
import * as initializers from '../../ts/initializers/index.js';
import { computeFans } from '../../ts/initializers/initializer.js';
import { loadGolden, num, type GoldenArray } from '../helpers/golden.js';

interface InitCase {
  class_name: string;
  case: string;
  kwargs: Record<string, number | string>;
  shape: number[];
  deterministic: boolean;
  expected?: Record<string, unknown>;
  output?: GoldenArray;
}

const cases = loadGolden<InitCase>('initializers.json').cases;
const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function make(c: InitCase): initializers.Initializer {
  const kw = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [camel(k), v]));
  if (c.class_name === 'Constant') return new initializers.Constant(kw.value as number);
  // The gain-2 identity case carries its gain only in the expected output.
  if (c.class_name === 'Identity') return new initializers.Identity({ gain: num(c.output!.values[0]!) });
  const Ctor = initializers.get(c.class_name).constructor as new (a: unknown) => initializers.Initializer;
  // Zeros and Ones take no options (unknown keys are rejected); the random ones get a seed.
  return new Ctor(c.deterministic ? kw : { ...kw, seed: 1234 });
}

function stats(v: Float32Array | Int32Array): { mean: number; std: number; min: number; max: number } {
  let s = 0, s2 = 0, min = Infinity, max = -Infinity;
  for (const x of v) {
    s += x;
    s2 += x * x;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  const mean = s / v.length;
  return { mean, std: Math.sqrt(s2 / v.length - mean * mean), min, max };
}

describe('initializers match Keras 3', () => {
  it.each(cases.filter((c) => c.deterministic).map((c) => [c.case, c] as const))('%s (exact)', (_n, c) => {
    const t = make(c).call(c.shape);
    expect(Array.from(t.dataSync())).toEqual(c.output!.values.map((x) => Math.fround(num(x))));
    t.dispose();
  });

  it.each(cases.filter((c) => !c.deterministic && c.class_name !== 'Orthogonal').map((c) => [c.case, c] as const))('%s (formula)', (_n, c) => {
    const e = c.expected!;
    if (e.fan_in !== undefined) expect(computeFans(c.shape)).toEqual([e.fan_in, e.fan_out]);
    const t = make(c).call(c.shape);
    const s = stats(t.dataSync());
    const std = e.std as number;
    const n = t.size;
    expect(Math.abs(s.mean - (e.mean as number))).toBeLessThan(5 * std / Math.sqrt(n));
    expect(Math.abs(s.std - std) / std).toBeLessThan(0.1);
    if (e.distribution === 'uniform') {
      expect(s.min).toBeGreaterThanOrEqual(e.minval as number);
      expect(s.max).toBeLessThanOrEqual(e.maxval as number);
    }
    if (e.distribution === 'truncated_normal') {
      const bound = 2 * (e.stddev_param as number);
      expect(s.min).toBeGreaterThanOrEqual((e.mean as number) - bound - 1e-6);
      expect(s.max).toBeLessThanOrEqual((e.mean as number) + bound + 1e-6);
    }
    t.dispose();
  });

  it.each(cases.filter((c) => c.class_name === 'Orthogonal').map((c) => [c.case, c] as const))('%s (orthogonality)', (_n, c) => {
    const gain = (c.expected!.gain as number) ?? 1;
    const t = make(c).call(c.shape);
    const v = t.dataSync();
    const cols = c.shape.at(-1)!;
    const rows = v.length / cols;
    // Gram matrix of the shorter side must be gain²·I.
    const [a, b, at] = rows >= cols ? [cols, rows, (i: number, k: number) => v[k * cols + i]!] : [rows, cols, (i: number, k: number) => v[i * cols + k]!];
    let worst = 0;
    for (let i = 0; i < a; i++) {
      for (let j = 0; j < a; j++) {
        let dot = 0;
        for (let k = 0; k < b; k++) dot += at(i, k) * at(j, k);
        worst = Math.max(worst, Math.abs(dot - (i === j ? gain * gain : 0)));
      }
    }
    expect(worst).toBeLessThan(1e-4 * gain * gain);
    t.dispose();
  });
});
