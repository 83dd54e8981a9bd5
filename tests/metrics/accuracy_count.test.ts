// SparseCategoricalAccuracy's host count (fit's per-step case) against the tensor route it
// replaces: the same total and count for ties, NaN and ±inf scores, float and int labels,
// [b, 1] labels, a time axis; the cases it does not take fall back and still give errors.

import { describe, expect, it } from 'vitest';
import * as metrics from '../../ts/metrics/index.js';
import { batchMean } from '../../ts/metrics/reduction_metrics.js';
import { sparseAccuracyCount } from '../../ts/metrics/accuracy_count.js';
import { tensor } from '../../ts/tensor/creation.js';
import { engine } from '../../ts/tensor/engine.js';
import type { Tensor } from '../../ts/tensor/tensor.js';

/** The tensor route: batchMean over sparseCategoricalAccuracy's per-sample values. */
function viaTensors(t: Tensor, p: Tensor): { total: number; count: number } {
  return engine.tidy(() => batchMean('ref', metrics.sparseCategoricalAccuracy(t, p), null));
}

function lcg(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s / 2 ** 32));
}

describe('sparse categorical accuracy counted on the host', () => {
  it('matches the tensor route on ties, NaN and infinities', () => {
    const b = 40, c = 7;
    const raw = lcg(b * c, 3).map((v) => Math.round(v * 4) / 4); // many ties
    raw[5] = NaN; raw[c * 3 + 4] = NaN; raw[c * 3 + 6] = NaN; raw[c * 5] = NaN; // first NaN wins
    raw[c * 7 + 2] = Infinity; raw[c * 8 + 1] = -Infinity; raw.fill(-Infinity, c * 9, c * 10);
    const labels = lcg(b, 5).map((v) => Math.floor(v * c));
    labels[1] = -1; labels[2] = 99;
    const p = tensor(raw, [b, c]);
    for (const t of [tensor(labels, [b], 'int32'), tensor(labels, [b, 1], 'int32'), tensor(labels.map((l, i) => (i === 3 ? l + 0.5 : l)), [b])]) {
      const fast = sparseAccuracyCount(t, p);
      expect(fast).not.toBeNull();
      expect(fast).toEqual(viaTensors(t, p));
      t.dispose();
    }
    p.dispose();
  });

  it('a time axis averages per sample, as batchMean does', () => {
    const p = tensor(lcg(3 * 5 * 4, 11), [3, 5, 4]);
    const t = tensor(lcg(15, 13).map((v) => Math.floor(v * 4)), [3, 5], 'int32');
    const fast = sparseAccuracyCount(t, p);
    expect(fast).not.toBeNull();
    expect(fast).toEqual(viaTensors(t, p));
    [p, t].forEach((x) => x.dispose());
  });

  it('the metric gives the same result whichever route a batch takes', () => {
    const a = new metrics.SparseCategoricalAccuracy(), ref = new metrics.SparseCategoricalAccuracy();
    for (let s = 0; s < 4; s++) {
      const p = tensor(lcg(6 * 3, 20 + s), [6, 3]);
      const t = tensor(lcg(6, 40 + s).map((v) => Math.floor(v * 3)), [6], 'int32');
      a.updateState(t, p);
      ref.updateState(t.arraySync() as number[], p.arraySync() as number[][]); // arrays: the tensor route
      [p, t].forEach((x) => x.dispose());
    }
    expect(a.getState()).toEqual(ref.getState());
    expect(a.result()).toBe(ref.result());
  });

  it('leaves broadcasting, weights and other shapes to the tensor route', () => {
    const p = tensor(lcg(12, 1), [4, 3]);
    expect(sparseAccuracyCount(tensor([0, 1], [2], 'int32'), p)).toBeNull();
    expect(sparseAccuracyCount(tensor([0, 1, 2, 0], [4, 1, 1], 'int32'), p)).toBeNull();
    expect(sparseAccuracyCount([0, 1, 2, 0], p)).toBeNull();
    expect(sparseAccuracyCount(tensor([0, 1, 2, 0], [4], 'int32'), tensor([1, 2, 3, 4], [4]))).toBeNull();
    const m = new metrics.SparseCategoricalAccuracy();
    expect(() => m.updateState(tensor([0, 1, 2], [3], 'int32'), p)).toThrow();
    m.updateState(tensor([0, 1, 2, 0], [4], 'int32'), p, tensor([1, 0, 1, 0], [4]));
    expect(m.getState().count).toBe(2);
    p.dispose();
  });
});
