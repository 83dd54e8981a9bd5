// Fashion-MNIST loading from IDX (gz) files, on the committed slice (64 train / 32 test
// samples, made by make_slice.py), plus the utils that prepare labels and features.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fashionMnist, parseIdx } from '../../ts/datasets/index.js';
import { toCategorical, normalize } from '../../ts/utils/index.js';
import { tensor } from '../../ts/tensor/creation.js';

const slice = fileURLToPath(new URL('./fashion-mnist-slice', import.meta.url));

describe('datasets.fashionMnist', () => {
  it('loads the IDX gz files from a path', async () => {
    const { train, test } = await fashionMnist.load({ path: slice });
    expect(train.images.shape).toEqual([64, 28, 28]);
    expect(train.labels.shape).toEqual([64]);
    expect(train.labels.dtype).toBe('int32');
    expect(Array.from(train.labels.dataSync().slice(0, 16))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5, 0, 9, 5, 5, 7, 9]);
    expect(test.images.shape).toEqual([32, 28, 28]);
    // Raw pixel values 0..255; the first test image's pixels sum to 33456 (checked with Python's gzip).
    const first = test.images.dataSync().slice(0, 784);
    expect(Array.from(first).reduce((s, v) => s + v, 0)).toBe(33456);
    expect(Math.max(...first)).toBeLessThanOrEqual(255);
    [train.images, train.labels, test.images, test.labels].forEach((t) => t.dispose());
  });

  it('honours the environment variable and explains a missing folder', async () => {
    process.env.KERASM_FASHION_MNIST = slice;
    const { train } = await fashionMnist.load();
    expect(train.images.shape[0]).toBe(64);
    delete process.env.KERASM_FASHION_MNIST;
    await expect(fashionMnist.load({ path: '/nonexistent/folder' })).rejects.toThrow(/not found in \/nonexistent\/folder.*KERASM_FASHION_MNIST/);
  });

  it('rejects corrupt files with a clear error', () => {
    expect(() => parseIdx(new Uint8Array([1, 2, 3, 4]), 'x.idx')).toThrow(/not an IDX file.*Received: 4 bytes/);
    const bad = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 5, 1, 2]);
    expect(() => parseIdx(bad, 'y.idx')).toThrow(/header says 5 values.*holds 2/);
    const dir = mkdtempSync(join(tmpdir(), 'kerasm-idx-'));
    writeFileSync(join(dir, 'x'), bad);
  });
});

describe('utils', () => {
  it('toCategorical one-hot encodes labels and rejects bad ones', () => {
    const y = toCategorical(tensor([2, 0, 1], [3], 'int32'), 3);
    expect(y.arraySync()).toEqual([[0, 0, 1], [1, 0, 0], [0, 1, 0]]);
    expect(() => toCategorical(tensor([0, 3], [2], 'int32'), 3)).toThrow(/Received: max label 3/);
    expect(() => toCategorical(tensor([-1], [1], 'int32'))).toThrow(/Received: y\[0\]=-1/);
  });

  it('normalize scales rows to unit L2 norm', () => {
    const n = normalize(tensor([[3, 4], [0, 5]]));
    const v = n.dataSync();
    expect(Array.from(v).map((x) => +x.toFixed(6))).toEqual([0.6, 0.8, 0, 1]);
  });
});
