// CutMix (issue 12) against Keras 3 (tests/golden/cut_mix.json, from
// tests/golden/generate_cut_mix.py): inference identity, unbatched pass-through, Keras's
// mask / image / label transforms for explicit boxes; then the properties of the draws:
// labels mixed in proportion to the pasted area, factor 0 pastes all or nothing (each output
// is an input image with its own label, as Keras's Beta(1e-6, 1e-6)), same seed ⇒ same output
// on 1 and 2 threads.

import { describe, expect, it } from 'vitest';
import * as L from '../../ts/layers/index.js';
import { deserializeLayer } from '../../ts/layers/index.js';
import { backendInfo, getThreadCount, setThreadCount } from '../../bindings/index.js';
import { transpose } from '../../ts/ops/transpose.js';
import { tensor } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import { randomUniform } from '../../ts/tensor/random.js';
import { ValueError } from '../../ts/errors.js';
import { mixRows } from '../../ts/layers/preprocessing/mixing.js';
import type { CutMixParams } from '../../ts/layers/preprocessing/cut_mix.js';
import { expectAllClose, goldenTensor, loadGolden, num, type GoldenArray } from '../helpers/golden.js';
import { checkLayerCase, type LayerCase } from '../helpers/layer_case.js';

interface TransformCase {
  case: string; config: Record<string, unknown>; params: CutMixParams; x: GoldenArray; output: GoldenArray;
  mix_weight: (number | string)[]; labels: GoldenArray; labels_output: GoldenArray;
}
const golden = loadGolden<LayerCase>('cut_mix.json') as unknown as { cases: LayerCase[]; transforms: TransformCase[] };
const values = (t: Tensor) => Array.from(t.dataSync());

/** n images of h×w×c, image b filled with the value b (so each pixel names its source). */
function indexImages(n: number, h: number, w: number, c = 1): Tensor {
  return tensor(Float32Array.from({ length: n * h * w * c }, (_, i) => Math.floor(i / (h * w * c))), [n, h, w, c]);
}
const oneHot = (n: number, k: number) => tensor(Float32Array.from({ length: n * k }, (_, i) => (i % k === Math.floor(i / k) % k ? 1 : 0)), [n, k]);

describe('CutMix matches Keras 3', () => {
  it.each(golden.cases.map((c) => [c.case, c] as const))('%s', (_n, c) => {
    checkLayerCase(c, { config: true });
  });

  it.each(golden.transforms.map((c) => [c.case, c] as const))('%s: boxes → mask, pasted images and mixed labels as Keras', (_n, c) => {
    const layer = deserializeLayer({ class_name: 'CutMix', config: c.config }) as L.CutMix;
    expect(layer.getConfig()).toEqual(c.config);
    const x = goldenTensor(c.x);
    const cf = c.config.data_format === 'channels_first';
    const x4 = cf ? transpose(x, [0, 2, 3, 1]) : x;
    const y0 = layer.transformImages(x4, c.params);
    const y = cf ? transpose(y0, [0, 3, 1, 2]) : y0;
    expect(y.shape).toEqual(c.output.shape);
    expect(values(y)).toEqual(c.output.values.map((v) => Math.fround(num(v))));
    const [h, w] = x4.shape.slice(1, 3) as [number, number];
    const weights = L.CutMix.labelWeights(c.params, h, w);
    expectAllClose(weights, c.mix_weight.map(num), `${c.case} mix weights`, 1e-6, 1e-7);
    const labels = mixRows('CutMix', goldenTensor(c.labels), weights, c.params.order);
    expectAllClose(labels.dataSync(), c.labels_output.values.map(num), `${c.case} labels`, 1e-6, 1e-7);
  });
});

describe('CutMix in training', () => {
  it('pastes one box of the partner image and mixes the labels in proportion to its area', () => {
    const n = 32, h = 32, w = 32;
    const layer = L.cutMix({ seed: 11 });
    const out = layer.mixBatch({ images: indexImages(n, h, w), labels: oneHot(n, n) });
    const ys = values(out.images), ls = values(out.labels);
    let pastedTotal = 0, labelTotal = 0, mixed = 0;
    for (let b = 0; b < n; b++) {
      const img = ys.slice(b * h * w, (b + 1) * h * w);
      const sources = new Set(img);
      expect(sources.size, `image ${b}: its own pixels and one partner's`).toBeLessThanOrEqual(2);
      const partner = [...sources].find((s) => s !== b);
      const row = ls.slice(b * n, (b + 1) * n);
      expect(Math.abs(row.reduce((a, v) => a + v, 0) - 1), `labels of ${b} sum to 1`).toBeLessThan(1e-5);
      if (partner === undefined) {
        // Nothing pasted from another image: the box was empty or the partner was itself.
        expect(row[b]! + 1e-6 >= 1 || row.every((v, k) => k === b || v < 0.1), `image ${b}`).toBe(true);
        continue;
      }
      mixed++;
      // The pasted pixels form one rectangle.
      const rows: number[] = [], cols: number[] = [];
      img.forEach((v, i) => {
        if (v === partner) {
          rows.push(Math.floor(i / w));
          cols.push(i % w);
        }
      });
      const bh = Math.max(...rows) - Math.min(...rows) + 1, bw = Math.max(...cols) - Math.min(...cols) + 1;
      expect(rows.length, `image ${b}: the pasted region is a rectangle`).toBe(bh * bw);
      // The label gives the partner the box's (continuous) share of the area: within a
      // pixel's rounding per side of the pixel count.
      const pasted = rows.length / (h * w);
      expect(Math.abs(row[partner]! - pasted), `image ${b}`).toBeLessThanOrEqual((bh + bw + 1) / (h * w));
      expect(Math.abs(row[b]! - (1 - row[partner]!))).toBeLessThan(1e-5);
      pastedTotal += pasted;
      labelTotal += row[partner]!;
    }
    expect(mixed).toBeGreaterThan(n / 2);
    expect(Math.abs(pastedTotal - labelTotal) / mixed).toBeLessThan(0.02);
  });

  it('draws α from factor: with factor 1 the pasted share averages ½ (Beta(1, 1)); boxes lie inside the image', () => {
    const layer = L.cutMix({ factor: [1, 1], seed: 3 });
    const shares: number[] = [];
    for (let k = 0; k < 20; k++) {
      const p = layer.randomParams(64, 10, 14);
      expect([...p.order].sort((a, b) => a - b)).toEqual(Array.from({ length: 64 }, (_, i) => i));
      for (const [x0, x1, y0, y1] of p.boxes) expect(x0 >= 0 && x1 <= 14 + 1e-4 && y0 >= 0 && y1 <= 10 + 1e-4 && x0 <= x1 && y0 <= y1).toBe(true);
      shares.push(...L.CutMix.labelWeights(p, 10, 14).map((v) => 1 - v));
    }
    const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.04);
    // Uniform, not U-shaped: a fair share of the middle.
    expect(shares.filter((s) => s > 0.25 && s < 0.75).length / shares.length).toBeGreaterThan(0.4);
  });

  it('factor 0 pastes all or nothing: every output is an input image with its own label (Keras: Beta(1e-6, 1e-6))', () => {
    const n = 32, k = 5;
    const images = indexImages(n, 6, 5, 2);
    const labels = tensor(Float32Array.from({ length: n * k }, (_, i) => ((Math.floor(i / k) * 7 + (i % k)) % k === 0 ? 1 : 0)), [n, k]);
    const out = L.cutMix({ factor: 0, seed: 7 }).mixBatch({ images, labels });
    const ys = values(out.images), ls = values(out.labels), lin = values(labels);
    const per = 6 * 5 * 2;
    let kept = 0;
    for (let b = 0; b < n; b++) {
      const src = ys[b * per]!;
      expect(ys.slice(b * per, (b + 1) * per).every((v) => v === src), `image ${b} is one whole input image`).toBe(true);
      expectAllClose(ls.slice(b * k, (b + 1) * k), lin.slice(src * k, (src + 1) * k), `label of ${b} is image ${src}'s`, 0, 1e-6);
      if (src === b) kept++;
    }
    expect(kept > 0 && kept < n, 'some images kept, some replaced').toBe(true);
  });

  it('inference and single images pass through; int inputs become float32', () => {
    const x = tensor(Int32Array.from({ length: 2 * 4 * 4 * 1 }, (_, i) => i * 3), [2, 4, 4, 1], 'int32');
    const layer = L.cutMix({ seed: 1 });
    const y = layer.apply(x, { training: false }) as Tensor;
    expect(y.dtype).toBe('float32');
    expect(values(y)).toEqual(values(x));
    const one = randomUniform([5, 4, 3], 0, 1, 2);
    expect(values(layer.apply(one, { training: true }) as Tensor)).toEqual(values(one));
    const labels = oneHot(2, 2);
    const m = layer.mixBatch({ images: x, labels }, { training: false });
    expect(values(m.images)).toEqual(values(x));
    expect(m.labels).toBe(labels);
  });

  it('same seed ⇒ same output with 1 and 2 threads (and channels_first pastes the same boxes)', () => {
    const before = getThreadCount();
    const x = randomUniform([16, 24, 20, 3], 0, 1, 5);
    const labels = oneHot(16, 4);
    const run = () => {
      const a = L.cutMix({ factor: 0.8, seed: 9 }).mixBatch({ images: x, labels });
      const b = L.cutMix({ factor: 0.8, seed: 9, dataFormat: 'channels_first' }).mixBatch({ images: transpose(x, [0, 3, 1, 2]), labels });
      return [values(a.images), values(a.labels), values(transpose(b.images, [0, 2, 3, 1])), values(b.labels)];
    };
    try {
      setThreadCount(1);
      const one = run();
      if (backendInfo().threads) setThreadCount(2);
      const two = run();
      one.forEach((v, i) => expect(two[i]!.every((e, j) => e === v[j]), `output ${i}`).toBe(true));
      expect(one[2]).toEqual(one[0]);
      expect(one[3]).toEqual(one[1]);
      expect(one[0]!.some((v, j) => v !== values(x)[j]), 'something was pasted').toBe(true);
    } finally {
      setThreadCount(before);
    }
  });

  it('a factor outside [0, 1], an unknown option or labels of another batch size is a ValueError naming the layer', () => {
    const bad: [() => unknown, RegExp][] = [
      [() => L.cutMix({ factor: 1.5, name: 'cm' }), /cm.*\[0, 1\].*Received: factor=1\.5/],
      [() => L.cutMix({ factor: [-0.5, -0.1] }), /cut_mix.*Received: factor=\[-0\.5,-0\.1\]/],
      [() => L.cutMix({ alpha: 0.2 } as never), /alpha/],
      [() => L.cutMix({ name: 'cm2' }).mixBatch({ images: randomUniform([4, 3, 3, 1], 0, 1, 1), labels: oneHot(3, 3) }), /cm2.*one row per image.*Received/],
      [() => L.cutMix().apply(randomUniform([2, 3], 0, 1, 1), { training: true }), /rank 3.*or 4.*Received: inputs\.shape=\[2,3\]/],
    ];
    for (const [f, re] of bad) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err, String(re)).toBeInstanceOf(ValueError);
      expect((err as Error).message).toMatch(re);
    }
  });
});
