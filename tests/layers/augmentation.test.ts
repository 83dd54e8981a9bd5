// Augmentation layers and Discretization (issue 12) against Keras 3
// (tests/golden/augmentation.json, from tests/golden/generate_augmentation.py): inference
// identity, fixed-factor geometry for every fill mode and interpolation (with input
// gradients), explicit transformations for the draws a factor cannot pin, adapt statistics;
// then the properties of the random paths: flip is an involution, rotation by 0 is the
// identity, outputs stay in valueRange, same seed ⇒ same output on 1 and 2 threads.

import { describe, expect, it } from 'vitest';
import * as L from '../../ts/layers/index.js';
import { deserializeLayer } from '../../ts/layers/index.js';
import { backendInfo, getThreadCount, setThreadCount } from '../../bindings/index.js';
import { transpose } from '../../ts/ops/transpose.js';
import { tensor } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import { randomUniform } from '../../ts/tensor/random.js';
import { ValueError } from '../../ts/errors.js';
import { expectAllClose, goldenTensor, loadGolden, num, type GoldenArray } from '../helpers/golden.js';
import { checkLayerCase, type LayerCase } from '../helpers/layer_case.js';
import type { RandomImageLayer } from '../../ts/layers/preprocessing/random_image.js';

interface TransformCase { case: string; class_name: string; config: Record<string, unknown>; params: unknown; x: GoldenArray; output: GoldenArray }
interface AdaptCase {
  case: string;
  options: { num_bins: number; epsilon?: number; output_mode?: L.DiscretizationArgs['outputMode'] };
  data: GoldenArray[];
  batched: boolean;
  bin_boundaries: (number | string)[];
  x: GoldenArray;
  output: GoldenArray;
  config: Record<string, unknown>;
}
const golden = loadGolden<LayerCase>('augmentation.json') as unknown as { cases: LayerCase[]; transforms: TransformCase[]; adapt: AdaptCase[] };

const values = (t: Tensor) => Array.from(t.dataSync());
const img = (shape: number[], seed: number, lo = 0, hi = 1) => randomUniform(shape, lo, hi, seed);

describe('augmentation layers and Discretization match Keras 3', () => {
  // Integer outputs (Discretization 'int') have no gradient to compare.
  const isInt = (c: LayerCase) => c.class_name === 'Discretization' && (c.config.output_mode ?? 'int') === 'int';
  it.each(golden.cases.filter((c) => !isInt(c)).map((c) => [c.case, c] as const))('%s', (_n, c) => {
    checkLayerCase(c, { config: true });
  });

  it.each(golden.cases.filter(isInt).map((c) => [c.case, c] as const))('%s (int32 output)', (_n, c) => {
    const layer = deserializeLayer({ class_name: c.class_name, config: c.config });
    const y = layer.apply(goldenTensor(c.inputs[0]!)) as Tensor;
    expect(y.dtype).toBe('int32');
    expect(y.shape).toEqual(c.output.shape);
    expect(values(y)).toEqual(c.output.values.map(num));
    expect(layer.getConfig()).toEqual(c.config);
  });

  it.each(golden.transforms.map((c) => [c.case, c] as const))('%s: transformImages with Keras’s explicit parameters', (_n, c) => {
    const layer = deserializeLayer({ class_name: c.class_name, config: c.config }) as RandomImageLayer<unknown>;
    const x = goldenTensor(c.x);
    const cf = c.config.data_format === 'channels_first';
    const y0 = layer.transformImages(cf ? transpose(x, [0, 2, 3, 1]) : x, c.params);
    const y = cf ? transpose(y0, [0, 3, 1, 2]) : y0;
    expect(y.shape).toEqual(c.output.shape);
    expectAllClose(y.dataSync(), c.output.values.map(num), c.case, 1e-5, 1e-6);
  });

  it.each(golden.adapt.map((c) => [c.case, c] as const))('Discretization.%s: boundaries, output and config after adapt', (_n, c) => {
    const o = c.options;
    const layer = new L.Discretization({ numBins: o.num_bins, epsilon: o.epsilon, outputMode: o.output_mode });
    const data = c.data.map(goldenTensor);
    layer.adapt(c.batched ? data : data[0]!);
    const want = c.bin_boundaries.map(num);
    expectAllClose(layer.binBoundaries!, want, `${c.case} boundaries`, 1e-6, 1e-6);
    const y = layer.apply(goldenTensor(c.x)) as Tensor;
    expect(y.shape).toEqual(c.output.shape);
    expect(values(y)).toEqual(c.output.values.map(num));
    const cfg = layer.getConfig();
    expect({ ...cfg, bin_boundaries: null, name: null }).toEqual({ ...c.config, bin_boundaries: null, name: null });
    // The adapted config rebuilds the same layer (Keras's from_config keeps the boundaries).
    const back = deserializeLayer({ class_name: 'Discretization', config: JSON.parse(JSON.stringify(cfg)) }) as L.Discretization;
    expect(back.binBoundaries).toEqual(layer.binBoundaries);
  });

  it('Discretization.adaptAsync over an async generator equals adapt over the same batches', async () => {
    const c = golden.adapt.find((a) => a.case === 'adapt_batches')!;
    const layer = new L.Discretization({ numBins: c.options.num_bins });
    async function* batches() {
      for (const d of c.data) yield [goldenTensor(d), null];
    }
    await layer.adaptAsync(batches());
    expectAllClose(layer.binBoundaries!, c.bin_boundaries.map(num), 'async boundaries', 1e-6, 1e-6);
  });
});

describe('random augmentation: properties of the training path', () => {
  it('RandomFlip is an involution: the same seed flips the same images back', () => {
    for (const mode of ['horizontal', 'vertical', 'horizontal_and_vertical'] as const) {
      const x = img([16, 5, 7, 3], 1);
      const once = L.randomFlip({ mode, seed: 42 }).apply(x, { training: true }) as Tensor;
      const twice = L.randomFlip({ mode, seed: 42 }).apply(once, { training: true }) as Tensor;
      expect(values(twice)).toEqual(values(x));
      // Some images flipped, some not (16 fair coins).
      const per = x.size / 16;
      const a = values(x), b = values(once);
      const changed = Array.from({ length: 16 }, (_, i) => a.slice(i * per, (i + 1) * per).some((v, j) => v !== b[i * per + j]));
      expect(changed.some(Boolean) && !changed.every(Boolean), mode).toBe(true);
    }
  });

  it('rotation by 0 (and zoom 0, translation 0) is the identity; a full turn is the identity up to rounding', () => {
    const x = img([3, 6, 5, 2], 2);
    for (const layer of [L.randomRotation({ factor: 0 }), L.randomZoom({ heightFactor: 0 }), L.randomTranslation({ heightFactor: 0, widthFactor: 0 })]) {
      expect(values(layer.apply(x, { training: true }) as Tensor), layer.name).toEqual(values(x));
    }
    const full = L.randomRotation({ factor: [1, 1] }).apply(x, { training: true }) as Tensor;
    expectAllClose(full.dataSync(), x.dataSync(), 'full turn', 1e-4, 1e-4);
  });

  it('inference is the identity for every random layer (int inputs become float32)', () => {
    const x = tensor(Int32Array.from({ length: 2 * 4 * 4 * 1 }, (_, i) => i * 7), [2, 4, 4, 1], 'int32');
    const layers = [L.randomFlip(), L.randomRotation({ factor: 0.3 }), L.randomZoom({ heightFactor: 0.5 }), L.randomTranslation({ heightFactor: 0.5, widthFactor: 0.5 }),
      L.randomCrop({ height: 2, width: 2 }), L.randomContrast({ factor: 0.5 }), L.randomBrightness({ factor: 0.5 })];
    for (const l of layers) {
      const y = l.apply(x, { training: false }) as Tensor;
      expect(y.dtype, l.name).toBe('float32');
      expect(values(y), l.name).toEqual(values(x));
    }
  });

  it('outputs stay in valueRange (contrast, brightness), and vary from call to call', () => {
    const x = img([8, 6, 6, 3], 3, 0, 255);
    const contrast = L.randomContrast({ factor: [0.9, 1], valueRange: [0, 255], seed: 3 });
    const bright = L.randomBrightness({ factor: [-0.8, 0.8], valueRange: [0, 255], seed: 4 });
    for (const l of [contrast, bright]) {
      const a = values(l.apply(x, { training: true }) as Tensor);
      const b = values(l.apply(x, { training: true }) as Tensor);
      expect(a.every((v) => v >= 0 && v <= 255), l.name).toBe(true);
      expect(a.some((v, i) => v !== b[i]), `${l.name}: two calls draw differently`).toBe(true);
      expect(a.some((v) => v === 0 || v === 255), `${l.name}: large factors clip`).toBe(true);
    }
  });

  it('RandomCrop in training takes a window of the input at a random offset', () => {
    const x = tensor(Float32Array.from({ length: 10 * 12 }, (_, i) => i), [1, 10, 12, 1]);
    const seen = new Set<number>();
    const layer = L.randomCrop({ height: 4, width: 5, seed: 9 });
    for (let k = 0; k < 12; k++) {
      const y = values(layer.apply(x, { training: true }) as Tensor);
      const r0 = Math.floor(y[0]! / 12), c0 = y[0]! % 12;
      expect(y).toEqual(Array.from({ length: 20 }, (_, i) => (r0 + Math.floor(i / 5)) * 12 + c0 + (i % 5)));
      expect(r0 + 4 <= 10 && c0 + 5 <= 12).toBe(true);
      seen.add(y[0]!);
    }
    expect(seen.size).toBeGreaterThan(3);
  });

  it('same seed ⇒ same output with 1 and 2 threads', () => {
    const before = getThreadCount();
    const x = img([8, 48, 40, 3], 5);
    const make = () => [L.randomRotation({ factor: 0.2, seed: 1 }), L.randomZoom({ heightFactor: 0.3, widthFactor: [-0.2, 0.1], seed: 2, fillMode: 'constant' }),
      L.randomTranslation({ heightFactor: 0.2, widthFactor: 0.2, seed: 3, interpolation: 'nearest', fillMode: 'wrap' }), L.randomFlip({ seed: 4 }),
      L.randomContrast({ factor: 0.4, valueRange: [0, 1], seed: 5 }), L.randomBrightness({ factor: 0.3, valueRange: [0, 1], seed: 6 }), L.randomCrop({ height: 30, width: 30, seed: 7 })];
    const run = () => make().map((l) => values(l.apply(x, { training: true }) as Tensor));
    try {
      setThreadCount(1);
      const one = run();
      if (backendInfo().threads) setThreadCount(2);
      const two = run();
      one.forEach((v, i) => expect(two[i]!.length === v.length && two[i]!.every((e, j) => e === v[j]), `layer ${i}`).toBe(true));
    } finally {
      setThreadCount(before);
    }
  });

  it('a zoom/translation/rotation factor outside Keras’s range, a bad fill mode or a wrong-rank input is a ValueError naming the layer', () => {
    const bad: [() => unknown, RegExp][] = [
      [() => L.randomZoom({ heightFactor: -1, name: 'zz' }), /zz.*\(-1\.0, 1\.0\].*Received: heightFactor=-1/],
      [() => L.randomZoom({ heightFactor: 0.1, widthFactor: [0.1, 1.5] }), /widthFactor.*Received: widthFactor=\[0\.1,1\.5\]/],
      [() => L.randomTranslation({ heightFactor: 1.2, widthFactor: 0 }), /random_translation.*Received: heightFactor=1\.2/],
      [() => L.randomRotation({ factor: 2 }), /random_rotation.*\[-1, 1\].*Received: factor=2/],
      [() => L.randomContrast({ factor: -0.1 }), /\[0, 1\].*Received: factor=-0\.1/],
      [() => L.randomRotation({ factor: 0.1, fillMode: 'mirror' as never }), /fillMode.*Received: fillMode='mirror'/],
      [() => L.randomFlip({ mode: 'diagonal' as never }), /mode.*Received: mode='diagonal'/],
      [() => L.randomBrightness({ factor: 0.1, valueRange: [1] as never }), /valueRange.*Received/],
      [() => L.randomRotation({ factor: 0.1, name: 'rot' }).apply(img([2, 3], 1), { training: true }), /rot.*rank 3.*or 4.*Received: inputs\.shape=\[2,3\]/],
      [() => L.randomFlip().apply(img([1, 2, 2, 2, 1], 1), { training: false }), /rank 3.*Received: inputs\.shape=/],
      [() => new L.Discretization({}), /numBins.*binBoundaries/],
      [() => new L.Discretization({ numBins: 3, binBoundaries: [1] }), /both/],
      [() => new L.Discretization({ binBoundaries: [0, 1] }).adapt([1, 2, 3]), /cannot adapt.*Received/],
      [() => new L.Discretization({ numBins: 3 }).apply(img([2, 2], 1)), /adapt.*Received/],
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

describe("Resizing with interpolation 'area' (TensorFlow's ResizeArea)", () => {
  /** Direct 2-D transcription of tensorflow/core/kernels/image/resize_area_op.cc (align_corners=false). */
  function resizeAreaRef(x: Float32Array, [n, h, w, c]: number[], th: number, tw: number): number[] {
    const sy = h / th, sx = w / tw;
    const share = (i: number, a: number, b: number, s: number) => (i < a ? (i + 1 > b ? s : i + 1 - a) : i + 1 > b ? b - i : 1);
    const out: number[] = [];
    for (let b = 0; b < n; b++) for (let y = 0; y < th; y++) for (let xo = 0; xo < tw; xo++) for (let ch = 0; ch < c; ch++) {
      const [y0, y1, x0, x1] = [y * sy, (y + 1) * sy, xo * sx, (xo + 1) * sx];
      let sum = 0;
      for (let i = Math.floor(y0); i < Math.ceil(y1); i++) {
        for (let j = Math.floor(x0); j < Math.ceil(x1); j++) {
          const [ii, jj] = [Math.min(i, h - 1), Math.min(j, w - 1)];
          sum += x[((b * h + ii) * w + jj) * c + ch]! * share(i, y0, y1, sy) * share(j, x0, x1, sx);
        }
      }
      out.push(sum / (sy * sx));
    }
    return out;
  }

  it.each([[4, 3, 2, 2], [7, 9, 3, 4], [5, 4, 8, 6], [6, 6, 6, 6], [9, 10, 4, 7]])('%i×%i → %i×%i matches the reference', (h, w, th, tw) => {
    const shape = [2, h, w, 3];
    const x = img(shape, h * 31 + w);
    const y = L.resizing({ height: th, width: tw, interpolation: 'area' }).apply(x) as Tensor;
    expect(y.shape).toEqual([2, th, tw, 3]);
    expectAllClose(y.dataSync(), resizeAreaRef(x.dataSync() as Float32Array, shape, th, tw), `area ${h}x${w}->${th}x${tw}`, 1e-5, 1e-6);
  });

  it('an integer downscale is average pooling; the config round-trips', () => {
    const x = tensor(Float32Array.from({ length: 16 }, (_, i) => i), [1, 4, 4, 1]);
    const layer = L.resizing({ height: 2, width: 2, interpolation: 'area' });
    expect(values(layer.apply(x) as Tensor)).toEqual([2.5, 4.5, 10.5, 12.5]);
    expect(layer.getConfig()).toMatchObject({ interpolation: 'area', height: 2, width: 2 });
    expect(deserializeLayer({ class_name: 'Resizing', config: layer.getConfig() }).getConfig()).toEqual(layer.getConfig());
  });
});

describe('ops.affineTransform', () => {
  it('warps one image or a batch; a shift by whole pixels with wrap is a roll; bad shapes are ValueErrors', async () => {
    const { affineTransform } = await import('../../ts/ops/index.js');
    const x = tensor(Float32Array.from({ length: 12 }, (_, i) => i), [3, 4, 1]);
    // Output (x, y) reads (x + 1, y): a roll left by one column.
    const y = affineTransform(x, tensor([1, 0, 1, 0, 1, 0, 0, 0]), { fillMode: 'wrap' });
    expect(y.shape).toEqual([3, 4, 1]);
    expect(values(y)).toEqual([1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8]);
    const c = affineTransform(x, tensor([1, 0, 1, 0, 1, 0, 0, 0]), { fillMode: 'constant', fillValue: -1, interpolation: 'nearest' });
    expect(values(c)).toEqual([1, 2, 3, -1, 5, 6, 7, -1, 9, 10, 11, -1]);
    expect(() => affineTransform(img([2, 3, 4, 1], 1), tensor([1, 0, 0, 0, 1, 0, 0, 0]))).toThrow(/one transform per image.*Received/);
    expect(() => affineTransform(img([2, 3], 1), tensor([1, 0, 0, 0, 1, 0, 0, 0]))).toThrow(/rank 3.*Received: images.shape=\[2,3\]/);
    expect(() => affineTransform(x, tensor([1, 0, 0]))).toThrow(/\[8\] or \[batch, 8\].*Received/);
    expect(() => affineTransform(x, tensor([1, 0, 0, 0, 1, 0, 0, 0]), { fillMode: 'mirrored' as never })).toThrow(/fillMode.*Received: fillMode='mirrored'/);
  });
});

describe('MixUp and RandomErasing in training', () => {
  it('MixUp mixes images and labels with one Beta(α, α) draw: rows stay convex combinations, labels still sum to 1', () => {
    const n = 64;
    const layer = L.mixUp({ alpha: 0.2, seed: 3 });
    const p = layer.randomParams(n);
    expect([...p.order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(p.weights.every((w) => w >= 0 && w <= 1)).toBe(true);
    // Beta(0.2, 0.2) is U-shaped: most weights near 0 or 1, mean ½.
    const many = Array.from({ length: 40 }, () => layer.randomParams(n).weights).flat();
    const mean = many.reduce((a, b) => a + b, 0) / many.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.06);
    expect(many.filter((w) => w < 0.1 || w > 0.9).length / many.length).toBeGreaterThan(0.5);
    const labels = tensor(Float32Array.from({ length: n * 4 }, (_, i) => (i % 4 === (Math.floor(i / 4) % 4) ? 1 : 0)), [n, 4]);
    const images = img([n, 3, 3, 1], 7);
    const out = L.mixUp({ alpha: 0.4, seed: 5 }).mixBatch({ images, labels });
    const ls = values(out.labels);
    for (let i = 0; i < n; i++) expect(Math.abs(ls.slice(4 * i, 4 * i + 4).reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-6);
    const xs = values(images), ys = values(out.images);
    expect(ys.every((v) => v >= Math.min(...xs) - 1e-6 && v <= Math.max(...xs) + 1e-6)).toBe(true);
    expect(values(L.mixUp().apply(images, { training: false }) as Tensor)).toEqual(xs);
  });

  it('RandomErasing replaces exactly one box per erased image by the (clipped) fill and keeps the rest', () => {
    const x = img([6, 8, 7, 3], 9);
    const layer = L.randomErasing({ factor: [1, 1], scale: [0.2, 0.2], fillValue: [0.25, 5, -5], valueRange: [0, 1], seed: 2 });
    const y = values(layer.apply(x, { training: true }) as Tensor), xs = values(x);
    for (let b = 0; b < 6; b++) {
      let erased = 0;
      for (let i = 0; i < 8 * 7; i++) {
        const k = (b * 56 + i) * 3;
        const changed = [0, 1, 2].some((ch) => y[k + ch] !== xs[k + ch]);
        if (changed) {
          erased++;
          expect([y[k], y[k + 1], y[k + 2]]).toEqual([0.25, 1, 0]);
        }
      }
      // √0.2 of each side: a box of about 3.6 × 3.1 pixels, so 6 to 16 pixels.
      expect(erased, `image ${b}`).toBeGreaterThanOrEqual(6);
      expect(erased).toBeLessThanOrEqual(16);
    }
    const never = L.randomErasing({ factor: 0, seed: 1 });
    expect(values(never.apply(x, { training: true }) as Tensor)).toEqual(xs);
    const noise = L.randomErasing({ factor: [1, 1], valueRange: [0, 1], seed: 4 }).apply(x, { training: true }) as Tensor;
    expect(values(noise).every((v) => v >= 0 && v <= 1)).toBe(true);
  });
});
