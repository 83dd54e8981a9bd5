// data.fromFiles / fromImages / fromPixels, exercised in Node (Blobs decoded by pngjs/jpeg-js,
// ImageData-like pixel objects); the browser path draws on an OffscreenCanvas instead.

import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as data from '../../ts/data/index.js';
import { Tensor } from '../../ts/tensor/tensor.js';
import { memory } from '../../ts/autograd/gradients.js';

const require = createRequire(import.meta.url);
const { PNG } = require('pngjs') as { PNG: { new(o: { width: number; height: number }): { data: Buffer }; sync: { write(p: unknown): Buffer } } };

function pixels(w: number, h: number, rgb: [number, number, number]): { data: Uint8ClampedArray; width: number; height: number } {
  const d = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) d.set([...rgb, 255], 4 * i);
  return { data: d, width: w, height: h };
}

function pngBlob(w: number, h: number, rgb: [number, number, number]): Blob {
  const png = new PNG({ width: w, height: h });
  png.data.set(pixels(w, h, rgb).data);
  return new Blob([new Uint8Array(PNG.sync.write(png))], { type: 'image/png' });
}

describe('browser-style sources', () => {
  it('fromPixels gives [h, w, c] float32 in 0–255', () => {
    const t = data.fromPixels(pixels(3, 2, [10, 20, 30]));
    expect(t.shape).toEqual([2, 3, 3]);
    expect(Array.from(t.dataSync().subarray(0, 3))).toEqual([10, 20, 30]);
    t.dispose();
    const g = data.fromPixels(pixels(1, 1, [100, 100, 100]), 1);
    expect(Array.from(g.dataSync())).toEqual([100]);
    g.dispose();
    expect(() => data.fromPixels({ data: new Uint8ClampedArray(3), width: 1, height: 1 })).toThrow(/width × height × 4 bytes/);
  });

  it('fromImages resizes to imageSize and pairs labels', async () => {
    const before = memory().numTensors;
    const ds = data.fromImages([pixels(4, 4, [255, 0, 0]), pixels(2, 6, [0, 255, 0])], { imageSize: [3, 3], labels: [1, 0], labelMode: 'categorical' }).batch(2);
    for await (const e of ds) {
      const [x, y] = e as [Tensor, Tensor];
      expect(x.shape).toEqual([2, 3, 3, 3]);
      expect(Array.from(x.dataSync().subarray(0, 3))).toEqual([255, 0, 0]);
      expect(y.arraySync()).toEqual([[0, 1], [1, 0]]);
      x.dispose(); y.dispose();
    }
    expect(memory().numTensors).toBe(before);
    expect(() => data.fromImages([pixels(1, 1, [0, 0, 0])], { labels: [0, 1] })).toThrow(/one entry per image/);
  });

  it('fromFiles decodes image Blobs and reads text files; a corrupt file is named', async () => {
    const files = [new File([await pngBlob(2, 2, [0, 0, 200]).arrayBuffer()], 'a.png'), pngBlob(2, 2, [0, 90, 0])];
    const got: number[][] = [];
    for await (const e of data.fromFiles(files, { labels: [0, 1] })) {
      const [x, y] = e as [Tensor, Tensor];
      got.push([...Array.from(x.dataSync().subarray(0, 3)), y.dataSync()[0]!]);
      x.dispose(); y.dispose();
    }
    expect(got).toEqual([[0, 0, 200, 0], [0, 90, 0, 1]]);
    const texts: unknown[] = [];
    for await (const e of data.fromFiles([new Blob(['hello']), new Blob(['world'])], { kind: 'text' }).batch(2)) texts.push(e);
    expect(texts).toEqual([['hello', 'world']]);
    const bad = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2])], 'broken.png');
    await expect(data.fromFiles([bad]).toArray()).rejects.toThrow(/could not decode the image file 'broken\.png'/);
  });
});
