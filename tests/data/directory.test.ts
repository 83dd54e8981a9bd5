// utils.imageDatasetFromDirectory / textDatasetFromDirectory / splitDataset on small folders
// written in a temp dir (PNGs with pngjs, JPEGs with jpeg-js).

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as utils from '../../ts/utils/index.js';
import * as data from '../../ts/data/index.js';
import * as layers from '../../ts/layers/index.js';
import { Sequential } from '../../ts/models/sequential.js';
import { input } from '../../ts/layers/input_layer.js';
import { Tensor } from '../../ts/tensor/tensor.js';
import { memory } from '../../ts/autograd/gradients.js';
import { setSeed } from '../../ts/tensor/random.js';
import * as optimizers from '../../ts/optimizers/index.js';

const require = createRequire(import.meta.url);
const { PNG } = require('pngjs') as { PNG: { new(o: { width: number; height: number }): { data: Buffer }; sync: { write(p: unknown): Buffer } } };
const jpeg = require('jpeg-js') as { encode(img: { data: Buffer; width: number; height: number }, q: number): { data: Buffer } };

const COLORS: Record<string, [number, number, number]> = { blue: [0, 0, 220], green: [0, 200, 0], red: [200, 0, 0] };

function rgba(w: number, h: number, [r, g, b]: [number, number, number]): Buffer {
  const d = Buffer.alloc(w * h * 4);
  for (let i = 0; i < w * h; i++) d.set([r, g, b, 255], 4 * i);
  return d;
}

/** red/ (3 PNG + 1 JPEG), green/ (4 PNG), blue/ (3 PNG in a nested folder), of assorted sizes. */
function imageTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'kerasm-img-'));
  for (const [cls, col] of Object.entries(COLORS)) {
    const dir = cls === 'blue' ? join(root, cls, 'nested') : join(root, cls);
    mkdirSync(dir, { recursive: true });
    const n = cls === 'blue' ? 3 : 4;
    for (let i = 0; i < n; i++) {
      const w = 4 + i, h = 6 - i;
      if (cls === 'red' && i === 3) {
        writeFileSync(join(dir, `img${i}.jpg`), jpeg.encode({ data: rgba(w, h, col), width: w, height: h }, 95).data);
      } else {
        const png = new PNG({ width: w, height: h });
        png.data.set(rgba(w, h, col));
        writeFileSync(join(dir, `img${i}.png`), PNG.sync.write(png));
      }
    }
    writeFileSync(join(dir, 'notes.md'), 'not an image');
  }
  return root;
}

const root = imageTree();
const names = ['blue', 'green', 'red'];

async function batches(ds: data.Dataset): Promise<{ x: number[][]; shape: number[]; y: number[][] | number[]; ydtype: string }[]> {
  const out: { x: number[][]; shape: number[]; y: number[][] | number[]; ydtype: string }[] = [];
  for await (const e of ds) {
    const [x, y] = e as [Tensor, Tensor];
    const n = x.shape[0]!, per = x.size / n;
    const v = x.dataSync();
    out.push({ x: Array.from({ length: n }, (_, i) => Array.from(v.subarray(i * per, i * per + 3))), shape: x.shape.slice(), y: y.arraySync() as number[], ydtype: y.dtype });
    x.dispose(); y.dispose();
  }
  return out;
}

describe('utils.imageDatasetFromDirectory', () => {
  it('reads class folders (sorted, nested files, PNG and JPEG), resizes, labels as int32', async () => {
    const before = memory().numTensors;
    const ds = await utils.imageDatasetFromDirectory(root, { imageSize: [5, 5], batchSize: 4, shuffle: false });
    expect(ds.classNames).toEqual(names);
    expect(ds.filePaths.length).toBe(11);
    expect(ds.cardinality).toBe(3);
    const bs = await batches(ds);
    expect(bs.map((b) => b.shape)).toEqual([[4, 5, 5, 3], [4, 5, 5, 3], [3, 5, 5, 3]]);
    expect(bs[0]!.ydtype).toBe('int32');
    const labels = bs.flatMap((b) => b.y as number[]);
    expect(labels).toEqual([0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
    // Every pixel has its class's colour (the JPEG within a few levels).
    bs.flatMap((b) => b.x).forEach((px, i) => COLORS[names[labels[i]!]!]!.forEach((c, k) => expect(Math.abs(px[k]! - c)).toBeLessThan(4)));
    expect(memory().numTensors).toBe(before);
  });

  it('shuffles the files reproducibly with a seed, differently each epoch', async () => {
    const order = async (seed: number) => {
      const ds = await utils.imageDatasetFromDirectory(root, { imageSize: [2, 2], batchSize: null, seed, labelMode: 'int' });
      const epoch = async () => {
        const ls: number[] = [];
        for await (const e of ds) {
          const [x, y] = e as [Tensor, Tensor];
          expect(x.shape).toEqual([2, 2, 3]);
          ls.push(y.dataSync()[0]!);
          x.dispose(); y.dispose();
        }
        return ls;
      };
      return [await epoch(), await epoch()];
    };
    const [a1, a2] = await order(5);
    const [b1, b2] = await order(5);
    expect(a1).toEqual(b1);
    expect(a2).toEqual(b2);
    expect(a1).not.toEqual(a2);
    expect([...a1].sort()).toEqual([0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
  });

  it('validationSplit with subset both: disjoint training/validation files, Keras sizes', async () => {
    const [tr, va] = await utils.imageDatasetFromDirectory(root, { imageSize: [3, 3], validationSplit: 0.3, subset: 'both', seed: 1 });
    expect(va.filePaths.length).toBe(Math.floor(0.3 * 11));
    expect(tr.filePaths.length).toBe(11 - 3);
    expect(new Set([...tr.filePaths, ...va.filePaths]).size).toBe(11);
    const only = await utils.imageDatasetFromDirectory(root, { imageSize: [3, 3], validationSplit: 0.3, subset: 'validation', seed: 1 });
    expect(only.filePaths).toEqual(va.filePaths);
    await expect(utils.imageDatasetFromDirectory(root, { validationSplit: 0.3, subset: 'training' })).rejects.toThrow(/must provide a `seed`/);
    await expect(utils.imageDatasetFromDirectory(root, { validationSplit: 0.3, seed: 1 })).rejects.toThrow(/subset must be/);
  });

  it('categorical and binary labels, grayscale and rgba, classNames', async () => {
    const cat = await utils.imageDatasetFromDirectory(root, { imageSize: [2, 2], labelMode: 'categorical', colorMode: 'grayscale', shuffle: false, batchSize: 11 });
    const [b] = await batches(cat);
    expect(b!.shape).toEqual([11, 2, 2, 1]);
    expect((b!.y as unknown as number[][])[0]).toEqual([1, 0, 0]);
    expect(b!.x[0]![0]).toBeCloseTo(Math.round(0.114 * 220), 0);
    const bin = await utils.imageDatasetFromDirectory(root, { imageSize: [2, 2], labelMode: 'binary', classNames: ['red', 'green'], shuffle: false, batchSize: 8 }).catch((e) => e);
    expect(String(bin)).toMatch(/classNames must match the subdirectories/);
    const rgbaDs = await utils.imageDatasetFromDirectory(root, { imageSize: [2, 2], colorMode: 'rgba', labelMode: null, shuffle: false, batchSize: 2 });
    for await (const x of rgbaDs.take(1)) {
      expect((x as Tensor).shape).toEqual([2, 2, 2, 4]);
      expect(Array.from((x as Tensor).dataSync().subarray(0, 4))).toEqual([0, 0, 220, 255]);
      (x as Tensor).dispose();
    }
    await expect(utils.imageDatasetFromDirectory(root, { labelMode: 'binary' })).rejects.toThrow(/'binary' needs exactly 2 classes. Received: 3/);
  });

  it('a corrupt image is an error naming the file, and nothing leaks', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'kerasm-bad-'));
    mkdirSync(join(bad, 'a'));
    mkdirSync(join(bad, 'b'));
    const png = new PNG({ width: 2, height: 2 });
    writeFileSync(join(bad, 'a', 'ok.png'), PNG.sync.write(png));
    const broken = PNG.sync.write(png).subarray(0, 30);
    writeFileSync(join(bad, 'b', 'broken.png'), broken);
    const ds = await utils.imageDatasetFromDirectory(bad, { imageSize: [2, 2], shuffle: false, batchSize: 1 });
    const before = memory().numTensors;
    await expect(batches(ds)).rejects.toThrow(/could not decode the image file '.*broken\.png'/);
    expect(memory().numTensors).toBe(before);
    await expect(utils.imageDatasetFromDirectory(join(bad, 'missing'))).rejects.toThrow(/is not a directory/);
  });

  it('feeds fit: a model learns the class from the colour', async () => {
    setSeed(0);
    const ds = await utils.imageDatasetFromDirectory(root, { imageSize: [4, 4], batchSize: 4, seed: 3 });
    const m = new Sequential([input({ shape: [4, 4, 3] }), layers.rescaling({ scale: 1 / 255 }), layers.flatten(), layers.dense({ units: 3, activation: 'softmax' })]);
    m.compile({ optimizer: new optimizers.Adam({ learningRate: 0.05 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    const h = await m.fit(ds, { epochs: 15, verbose: 0 });
    expect(h.history.accuracy!.at(-1)).toBe(1);
    const ev = await m.evaluate(ds, { returnDict: true });
    expect(ev.accuracy).toBe(1);
    m.dispose();
  });
});

describe('utils.textDatasetFromDirectory', () => {
  it('reads .txt files per class as string batches', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kerasm-txt-'));
    for (const [cls, texts] of Object.entries({ neg: ['bad', 'awful film'], pos: ['good', 'great', 'fine'] })) {
      mkdirSync(join(dir, cls));
      texts.forEach((t, i) => writeFileSync(join(dir, cls, `${i}.txt`), t));
    }
    const ds = await utils.textDatasetFromDirectory(dir, { batchSize: 2, shuffle: false, maxLength: 5 });
    expect(ds.classNames).toEqual(['neg', 'pos']);
    const got: [string[], number[]][] = [];
    for await (const e of ds) {
      const [t, y] = e as [string[], Tensor];
      got.push([t, Array.from(y.dataSync())]);
      y.dispose();
    }
    expect(got).toEqual([[['bad', 'awful'], [0, 0]], [['good', 'great'], [1, 1]], [['fine'], [1]]]);
  });
});

describe('utils.splitDataset', () => {
  it('splits by fraction or count, optionally shuffled with a seed, without copying array rows', async () => {
    const x = Float32Array.from({ length: 10 }, (_, i) => i);
    const [l, r] = await utils.splitDataset(x, { leftSize: 0.8 });
    const vals = async (ds: data.Dataset) => {
      const out: number[] = [];
      for await (const e of ds) {
        out.push((e as Tensor).dataSync()[0]!);
        (e as Tensor).dispose();
      }
      return out;
    };
    expect(await vals(l)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(await vals(r)).toEqual([8, 9]);
    const [a, b] = await utils.splitDataset(data.fromTensorSlices(x), { rightSize: 3, shuffle: true, seed: 2 });
    const va = await vals(a), vb = await vals(b);
    expect(va.length).toBe(7);
    expect([...va, ...vb].sort((p, q) => p - q)).toEqual(Array.from(x));
    expect(va).not.toEqual([0, 1, 2, 3, 4, 5, 6]);
    const [a2] = await utils.splitDataset(data.fromTensorSlices(x), { rightSize: 3, shuffle: true, seed: 2 });
    expect(await vals(a2)).toEqual(va);
    await expect(utils.splitDataset(x, {})).rejects.toThrow(/either leftSize or rightSize/);
    await expect(utils.splitDataset(x, { leftSize: 8, rightSize: 3 })).rejects.toThrow(/at most the 10 elements/);
  });

  it('a split of a pipeline owns its tensors until dispose()', async () => {
    const before = memory().numTensors;
    const src = data.fromGenerator(function* () {
      for (let i = 0; i < 4; i++) yield new Float32Array([i]);
    }).map((t) => t);
    const [l, r] = await utils.splitDataset(src, { leftSize: 2 });
    expect(memory().numTensors).toBe(before + 4);
    for await (const e of l) (e as Tensor).dispose();
    l.dispose(); r.dispose();
    expect(memory().numTensors).toBe(before);
  });
});
