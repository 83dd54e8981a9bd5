// Preprocessing and noise layers (issue 12) against Keras 3 (tests/golden/preprocessing.json,
// from tests/golden/generate_preprocessing.py): outputs, input gradients and configs; for the
// random layers, statistical and property checks in training mode.

import { describe, expect, it } from 'vitest';
import * as L from '../../ts/layers/index.js';
import { deserializeLayer, type Layer } from '../../ts/layers/index.js';
import { tensor } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import { setSeed } from '../../ts/tensor/random.js';
import { takeCallLosses } from '../../ts/layers/layer.js';
import { expectAllClose, goldenTensor, loadGolden, num } from '../helpers/golden.js';
import { checkLayerCase, type LayerCase } from '../helpers/layer_case.js';
import { gradcheck, rand } from '../helpers/gradcheck.js';
import { nd, type NDArray } from '../helpers/reference.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sequential, loadModel } from '../../ts/index.js';
import { hasPython, pythonNotice, runPython } from '../helpers/python.js';
import type { GoldenArray } from '../helpers/golden.js';

type Case = LayerCase & { losses?: number[] };
interface AdaptCase {
  case: string;
  options: { axis?: number | number[] | null; invert?: boolean };
  data: GoldenArray;
  weights: (GoldenArray & { name: string })[];
  x: GoldenArray;
  output: GoldenArray;
  config: Record<string, unknown>;
}
const golden = loadGolden<Case>('preprocessing.json') as unknown as { cases: Case[]; adapt: AdaptCase[] };
const CLASSES = ['Rescaling', 'Normalization', 'CenterCrop', 'Resizing', 'ActivityRegularization', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout'];
const cases = golden.cases.filter((c) => CLASSES.includes(c.class_name));

function stats(a: ArrayLike<number>): { mean: number; std: number } {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  const mean = s / a.length;
  let v = 0;
  for (let i = 0; i < a.length; i++) v += (a[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(v / a.length) };
}

const ones = (shape: number[], v = 1) => tensor(new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(v), shape);

describe('preprocessing layers match Keras 3', () => {
  it.each(cases.map((c) => [c.case, c] as const))('%s', (_n, c) => {
    checkLayerCase(c, { config: true });
  });

  const deterministic = cases.filter((c) => /^(Rescaling|Normalization|CenterCrop|Resizing)/.test(c.class_name));
  it.each(deterministic.map((c) => [c.case, c] as const))('%s: the same output in training mode', (_n, c) => {
    const layer = deserializeLayer({ class_name: c.class_name, config: c.config });
    const x = goldenTensor(c.inputs[0]!);
    const y = layer.apply(x, { training: true }) as Tensor;
    expectAllClose(y.dataSync(), c.output.values.map(num), `${c.case} training`, 2e-5, 2e-6);
  });

  it('ActivityRegularization adds Keras’s loss (l1·Σ|x| + l2·Σx², over the batch size)', () => {
    const c = cases.find((x) => x.case === 'ActivityRegularization_identity')!;
    const layer = deserializeLayer({ class_name: c.class_name, config: c.config });
    takeCallLosses();
    layer.apply(goldenTensor(c.inputs[0]!));
    const losses = takeCallLosses();
    expect(losses.length).toBe(1);
    expectAllClose(losses[0]!.dataSync(), c.losses!, 'activity loss', 1e-5, 1e-6);
    expect(layer.getConfig()).not.toHaveProperty('activity_regularizer');
  });
});

describe('noise layers in training mode', () => {
  const shape = [200, 100];

  it('GaussianNoise adds N(0, stddev²) noise; same seed, same noise; inference is the identity', () => {
    const x = ones(shape, 3);
    const a = L.gaussianNoise({ stddev: 0.2, seed: 11 });
    const y = a.apply(x, { training: true });
    const s = stats(Array.from(y.dataSync(), (v) => v - 3));
    expect(Math.abs(s.mean)).toBeLessThan(0.005);
    expect(Math.abs(s.std - 0.2)).toBeLessThan(0.005);
    const b = L.gaussianNoise({ stddev: 0.2, seed: 11 });
    expect(Array.from(b.apply(x, { training: true }).dataSync())).toEqual(Array.from(y.dataSync()));
    // The next call of the same layer draws new noise.
    expect(Array.from(a.apply(x, { training: true }).dataSync())).not.toEqual(Array.from(y.dataSync()));
    expect(Array.from(a.apply(x, { training: false }).dataSync())).toEqual(Array.from(x.dataSync()));
    expect(Array.from(a.apply(x).dataSync())).toEqual(Array.from(x.dataSync()));
  });

  it('GaussianDropout multiplies by N(1, rate/(1 − rate))', () => {
    const x = ones(shape, 2);
    const layer = L.gaussianDropout({ rate: 0.2, seed: 3 });
    const s = stats(layer.apply(x, { training: true }).dataSync());
    expect(Math.abs(s.mean - 2)).toBeLessThan(0.02);
    expect(Math.abs(s.std - 2 * Math.sqrt(0.2 / 0.8))).toBeLessThan(0.01);
    expect(Array.from(layer.apply(x, { training: false }).dataSync())).toEqual(Array.from(x.dataSync()));
  });

  it('AlphaDropout keeps the mean and variance of standardized inputs and drops to one value', () => {
    setSeed(5);
    const n = 20000;
    const xs = tensor(Float32Array.from({ length: n }, (_, i) => Math.sqrt(-2 * Math.log((i + 0.5) / n)) * Math.cos(2.3999632 * i)), [n]);
    const { mean: m0, std: s0 } = stats(xs.dataSync());
    const layer = L.alphaDropout({ rate: 0.3, seed: 9 });
    const y = layer.apply(xs, { training: true }).dataSync();
    const s = stats(y);
    // Inputs are ~N(0, 1) (SELU's fixed point), the regime AlphaDropout preserves.
    expect(Math.abs(s.mean - m0)).toBeLessThan(0.05);
    expect(Math.abs(s.std - s0)).toBeLessThan(0.05);
    const p = 0.3, alphaP = -1.6732632423543772 * 1.0507009873554805;
    const a = ((1 - p) * (1 + p * alphaP ** 2)) ** -0.5;
    const dropped = a * alphaP - a * alphaP * p;
    const nDropped = Array.from(y).filter((v) => Math.abs(v - dropped) < 1e-5).length;
    expect(Math.abs(nDropped / n - p)).toBeLessThan(0.02);
  });

  it('AlphaDropout shares decisions along noiseShape axes of size 1', () => {
    const x = ones([50, 8], 0.5);
    const y = L.alphaDropout({ rate: 0.5, noiseShape: [null, 1], seed: 1 }).apply(x, { training: true }).dataSync();
    for (let r = 0; r < 50; r++) for (let c = 1; c < 8; c++) expect(y[r * 8 + c]).toBe(y[r * 8]);
    expect(() => L.alphaDropout({ rate: 0.5, noiseShape: [3, 1] }).apply(x, { training: true })).toThrow(/noiseShape.*Received: input_shape=\[50,8\]/);
  });

  it('rejects rates and stddevs outside [0, 1] as Keras does', () => {
    expect(() => L.gaussianNoise({ stddev: 1.5 })).toThrow(/Expected a float value between 0 and 1. Received: stddev=1.5/);
    expect(() => L.gaussianDropout({ rate: -0.1 })).toThrow(/Received: rate=-0.1/);
    expect(() => L.alphaDropout({ rate: 2 })).toThrow(/Received: rate=2/);
    expect(() => L.rescaling({ scale: 'x' as never })).toThrow(/rescaling.*Received: scale='x'/);
    expect(() => L.rescaling({ scale: 1, ofset: 1 } as never)).toThrow(/ofset/);
  });
});

describe('image layer options', () => {
  it('refuse what kerasm cannot honour and what Keras rejects', () => {
    expect(() => L.resizing({ height: 2, width: 2, interpolation: 'bicubic' as never })).toThrow(/interpolation='bicubic' is not supported by kerasm/);
    expect(() => L.resizing({ height: 2, width: 2, interpolation: 'cubic' as never })).toThrow(/Expected one of.*Received: interpolation='cubic'/);
    expect(() => L.resizing({ height: 2, width: 2, antialias: true })).toThrow(/antialias=true is not supported/);
    expect(() => L.resizing({ height: 2, width: 2, cropToAspectRatio: true, padToAspectRatio: true })).toThrow(/only one of/);
    expect(() => L.resizing({ height: 0, width: 2 })).toThrow(/height must be a positive integer. Received: height=0/);
    expect(() => L.centerCrop({ height: 2, width: 2 }).apply(ones([2, 3]))).toThrow(/rank 3 \(unbatched\) or 4.*Received: inputs.shape=\[2,3\]/);
  });

  it('compute symbolic output shapes without running', () => {
    const x = L.input({ shape: [null as unknown as number, 7, 3] });
    expect(L.resizing({ height: 4, width: 5 }).apply(x).shape).toEqual([null, 4, 5, 3]);
    expect(L.centerCrop({ height: 2, width: 3, dataFormat: 'channels_first' }).apply(L.input({ shape: [3, 8, 8] })).shape).toEqual([null, 3, 2, 3]);
  });
});

describe('gradients flow through the preprocessing layers', () => {
  const x = rand([3, 4], { seed: 2 });

  it('Rescaling (per-channel)', () => {
    const scale = [0.5, -2, 3, 1], offset = [1, 0, -1, 2];
    gradcheck({
      name: 'Rescaling',
      op: (t) => L.rescaling({ scale, offset }).apply(t),
      ref: (a: NDArray) => nd(a.shape, (i) => a.data[i]! * scale[i % 4]! + offset[i % 4]!),
      inputs: [x],
    });
  });

  it('GaussianNoise in training (a fixed seed gives a fixed noise)', () => {
    const make = () => L.gaussianNoise({ stddev: 0.3, seed: 21 });
    const probe = make().apply(tensor(new Float32Array(12), [3, 4]), { training: true }).dataSync();
    gradcheck({
      name: 'GaussianNoise',
      op: (t) => make().apply(t, { training: true }),
      ref: (a: NDArray) => nd(a.shape, (i) => a.data[i]! + probe[i]!),
      inputs: [x],
    });
  });
});

describe('Normalization.adapt matches Keras 3', () => {
  it.each(golden.adapt.map((c) => [c.case, c] as const))('%s: statistics, weights, output, config', (_n, c) => {
    const layer = L.normalization(c.options);
    layer.adapt(goldenTensor(c.data));
    expect(layer.weights.map((w) => w.name.split('/').pop())).toEqual(c.weights.map((w) => w.name));
    // mean and variance as Keras computed them; count is kerasm's (Keras 3 leaves it 0).
    layer.weights.slice(0, 2).forEach((w, i) => {
      expect(w.shape).toEqual(c.weights[i]!.shape);
      expectAllClose(w.dataSync(), c.weights[i]!.values.map(num), `${c.case} ${c.weights[i]!.name}`, 1e-5, 1e-6);
    });
    expect(layer.weights[2]!.dtype).toBe('int32');
    expect(layer.weights[2]!.shape).toEqual([]);
    const y = layer.apply(goldenTensor(c.x));
    expectAllClose(y.dataSync(), c.output.values.map(num), `${c.case} output`, 1e-5, 1e-5);
    expect(layer.getConfig()).toEqual({ ...c.config, name: layer.name });
  });

  it('adapts the same from one array, nested arrays, a typed array, batches and an async iterable', async () => {
    const c = golden.adapt.find((x) => x.case === 'adapt_last_axis')!;
    const data = c.data.values.map(num);
    const rows = Array.from({ length: 10 }, (_, r) => data.slice(r * 3, r * 3 + 3));
    const want = (l: L.Normalization) => l.weights.slice(0, 2).map((w) => Array.from(w.dataSync()));
    const whole = L.normalization();
    whole.adapt(goldenTensor(c.data));
    const nested = L.normalization();
    nested.adapt(rows);
    const batches = L.normalization();
    batches.adapt([tensor(rows.slice(0, 4)), tensor(rows.slice(4, 9)), tensor(rows.slice(9))]);
    function* pairs() {
      yield [tensor(rows.slice(0, 7)), 'labels'] as [Tensor, string];
      yield [tensor(rows.slice(7)), 'labels'] as [Tensor, string];
    }
    const gen = L.normalization();
    gen.adapt(pairs());
    const asyncLayer = L.normalization();
    await asyncLayer.adaptAsync((async function* () { yield tensor(rows.slice(0, 3)); yield tensor(rows.slice(3)); })());
    for (const l of [nested, batches, gen, asyncLayer]) {
      want(l).forEach((got, i) => expectAllClose(got, want(whole)[i]!, `adapt ${i}`, 1e-5, 1e-6));
    }
    expect(Array.from(batches.weights[2]!.dataSync())).toEqual([10]);
    const flat = L.normalization({ axis: null });
    flat.adapt(Float32Array.from([1, 2, 3, 4]));
    expectAllClose(flat.weights[0]!.dataSync(), [2.5], 'typed mean');
    expectAllClose(flat.weights[1]!.dataSync(), [1.25], 'typed variance');
  });

  it('refuses to run before adapt (naming the layer), and bad adapt data', () => {
    const layer = L.normalization({ name: 'feats' });
    expect(() => layer.apply(ones([2, 3]))).toThrow(/Layer 'feats' \(Normalization\) has no statistics: call `adapt\(data\)`/);
    const model = new Sequential([L.input({ shape: [3] }), L.normalization({ name: 'norm_in_model' })]);
    expect(() => model.predictOnBatch(ones([2, 3]))).toThrow(/'norm_in_model'.*adapt/);
    layer.adapt(ones([4, 3]));
    expect(() => layer.adapt(ones([4, 5]))).toThrow(/built with input_shape=\[null,3\].*Received: data.shape=\[4,5\]/);
    expect(() => L.normalization().adapt([])).toThrow(/received no data/);
    expect(() => L.normalization().adapt('abc' as never)).toThrow(/each batch must be/);
    expect(() => L.normalization({ mean: [1, 2] })).toThrow(/both `mean` and `variance` must be set/);
    expect(() => L.normalization({ mean: [1, 2], variance: [1] })).toThrow(/same shape/);
    expect(() => L.normalization({ axis: 1, mean: [[1]], variance: [[1]] })).toThrow(/rank of `mean`/);
    expect(() => L.normalization({ axis: 3 }).apply(ones([2, 3]))).toThrow(/range \[-ndim, ndim\)/);
  });

  it('passes gradients (given statistics, invert, and adapted)', () => {
    const x = rand([4, 3], { seed: 3 });
    const mean = [0.5, -0.2, 1], variance = [1, 4, 0.25];
    gradcheck({
      name: 'Normalization',
      op: (t) => L.normalization({ mean, variance }).apply(t),
      ref: (a: NDArray) => nd(a.shape, (i) => (a.data[i]! - mean[i % 3]!) / Math.sqrt(variance[i % 3]!)),
      inputs: [x],
    });
    gradcheck({
      name: 'Normalization invert',
      op: (t) => L.normalization({ mean, variance, invert: true }).apply(t),
      ref: (a: NDArray) => nd(a.shape, (i) => a.data[i]! * Math.sqrt(variance[i % 3]!) + mean[i % 3]!),
      inputs: [x],
    });
    const adapted = L.normalization();
    adapted.adapt([[0, 1, 2], [2, 5, 2.5]]);
    const [m, v] = adapted.weights.map((w) => Array.from(w.dataSync()));
    gradcheck({
      name: 'Normalization adapted',
      op: (t) => adapted.apply(t),
      ref: (a: NDArray) => nd(a.shape, (i) => (a.data[i]! - m![i % 3]!) / Math.max(Math.sqrt(v![i % 3]!), 1e-7)),
      inputs: [x],
      fwdRtol: 1e-5,
      fwdAtol: 1e-5,
    });
  });
});

describe('a model with Normalization (adapted) and Rescaling', () => {
  function build() {
    const norm = L.normalization({ name: 'norm' });
    norm.adapt(tensor([[1, 10, -3], [2, 14, -1], [4, 11, 0], [0, 9, -2]]));
    return new Sequential([
      L.input({ shape: [3] }), norm, L.rescaling({ scale: 0.5, offset: 0.25, name: 'scale' }),
      L.gaussianNoise({ stddev: 0.1, name: 'noise' }), L.dense({ units: 2, name: 'out' }),
    ]);
  }
  const x = tensor([[1, 12, -2], [3, 8, 0.5]]);

  it('saves to .keras and loads back with the same predictions (and Keras loads it too)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kerasm-pp-'));
    try {
      const model = build();
      const before = Array.from((model.predictOnBatch(x) as Tensor).dataSync());
      const file = join(dir, 'pp.keras');
      await model.save(file);
      const loaded = await loadModel(file);
      expect(loaded.layers.map((l) => l.className)).toEqual(['Normalization', 'Rescaling', 'GaussianNoise', 'Dense']);
      expect(Array.from((loaded.predictOnBatch(x) as Tensor).dataSync())).toEqual(before);
      if (!hasPython) {
        pythonNotice('the Keras load check');
        return;
      }
      writeFileSync(join(dir, 'x.json'), JSON.stringify(x.arraySync()));
      const out = runPython('-c', [[
        'import sys, json, numpy as np, keras',
        'm = keras.saving.load_model(sys.argv[1])',
        'x = np.array(json.load(open(sys.argv[2])), dtype="float32")',
        'print(json.dumps({"pred": m.predict(x, verbose=0).tolist(), "w": [np.asarray(v).tolist() for v in m.get_layer("norm").weights]}))',
      ].join('\n'), file, join(dir, 'x.json')]);
      const res = JSON.parse(out.trim().split('\n').pop()!) as { pred: number[][]; w: unknown[] };
      expectAllClose(res.pred.flat() as number[], before, 'Keras predictions of the kerasm file', 1e-5, 1e-6);
      expect(res.w.length).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

export type { Layer };
