// tfjs weight files, checked against tfjs-core's own encoder/decoder: plain and quantized
// (uint8, uint16, float16) weights, shards split mid-weight, and corrupt input (truncated,
// extra bytes, huge or negative dims, bit flips in the manifest) — always a ValueError
// naming the file, never a crash or an allocation of what the manifest merely claims.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ValueError } from '../../../ts/errors.js';
import { readManifestWeights, writeWeights, type WeightSpec } from '../../../ts/saving/tfjs/weights.js';
import { parseJsonFile } from '../../../ts/saving/io/manifest.js';
import type { FileSet } from '../../../ts/saving/io/types.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const set = (manifest: unknown, files: Record<string, Uint8Array>): FileSet =>
  ({ main: 'model.json', files: new Map([['model.json', new TextEncoder().encode(JSON.stringify({ weightsManifest: manifest }))], ...Object.entries(files)]) });

function rand(n: number, seed: number, lo = -2, hi = 2): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * (hi - lo) + lo);
}

/** The converter's affine quantization (tfjs-converter quantization.py), written out here. */
function quantize(w: Float32Array, dtype: 'uint8' | 'uint16'): { q: Uint8Array | Uint16Array; scale: number; min: number } {
  const qmax = dtype === 'uint8' ? 255 : 65535;
  const min = Math.min(...w), max = Math.max(...w);
  const scale = (max - min) / qmax;
  const q = dtype === 'uint8' ? new Uint8Array(w.length) : new Uint16Array(w.length);
  w.forEach((x, i) => (q[i] = Math.round((x - min) / scale)));
  return { q, scale, min };
}

function toHalf(x: number): number {
  const f = new Float32Array([x]), u = new Uint32Array(f.buffer)[0]!;
  const sign = (u >>> 16) & 0x8000, e = ((u >>> 23) & 0xff) - 127 + 15, m = u & 0x7fffff;
  if (e <= 0) return sign | Math.round((m | 0x800000) / 2 ** (14 - e));
  return sign | (e << 10) | Math.round(m / 8192);
}

describe('tfjs weights', () => {
  it('reads what tfjs-core encodes (float32 and int32), and writes what tfjs-core decodes', async () => {
    const k = tf.tensor(rand(12, 1), [3, 4]), b = tf.tensor([7, -8], [2], 'int32');
    const { data, specs } = await tf.io.encodeWeights([{ name: 'd/kernel', tensor: k }, { name: 'iter', tensor: b }]);
    const got = readManifestWeights(set([{ paths: ['w.bin'], weights: specs }], { 'w.bin': new Uint8Array(data as ArrayBuffer) }), [{ paths: ['w.bin'], weights: specs }]);
    expect(got.map((w) => [w.name, w.shape, w.dtype])).toEqual([['d/kernel', [3, 4], 'float32'], ['iter', [2], 'int32']]);
    expect(got[0]!.values).toEqual(k.dataSync());
    expect(got[1]!.values).toEqual(Int32Array.of(7, -8));
    const mine = writeWeights(got);
    const back = tf.io.decodeWeights(mine.data.buffer as ArrayBuffer, mine.specs as tf.io.WeightsManifestEntry[]);
    expect(back['d/kernel']!.dataSync()).toEqual(k.dataSync());
    expect(back.iter!.dataSync()).toEqual(Int32Array.of(7, -8));
  });

  it.each(['uint8', 'uint16', 'float16'] as const)('dequantizes %s exactly as tfjs-core does', (dtype) => {
    const w = rand(37, 5);
    let bytes: Uint8Array;
    let quantization: WeightSpec['quantization'];
    if (dtype === 'float16') {
      bytes = new Uint8Array(Uint16Array.from(w, toHalf).buffer);
      quantization = { dtype };
    } else {
      const { q, scale, min } = quantize(w, dtype);
      bytes = new Uint8Array(q.buffer);
      quantization = { dtype, scale, min };
    }
    const bias = rand(3, 9);
    const all = new Uint8Array(bytes.byteLength + 12);
    all.set(bytes);
    all.set(new Uint8Array(bias.buffer), bytes.byteLength);
    const specs = [{ name: 'k', shape: [37], dtype: 'float32', quantization }, { name: 'b', shape: [3], dtype: 'float32' }];
    const got = readManifestWeights(set([], { 'q.bin': all }), [{ paths: ['./q.bin'], weights: specs }]);
    const ref = tf.io.decodeWeights(all.slice().buffer, specs as tf.io.WeightsManifestEntry[]);
    expect(got[0]!.values).toEqual(ref.k!.dataSync());
    expect(got[1]!.values).toEqual(bias);
    // And the dequantized values are close to the originals (the quantization step).
    const tol = dtype === 'uint8' ? 4 / 255 : dtype === 'uint16' ? 4 / 65535 : 2e-3;
    got[0]!.values.forEach((v, i) => expect(Math.abs(v - w[i]!)).toBeLessThanOrEqual(tol));
  });

  it('reads shards split in the middle of a weight (converter group1-shard1of2.bin …)', () => {
    const k = rand(10, 3);
    const bytes = new Uint8Array(k.buffer);
    const files = { 'group1-shard1of2.bin': bytes.slice(0, 17), 'group1-shard2of2.bin': bytes.slice(17) };
    const got = readManifestWeights(set([], files), [{ paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'], weights: [{ name: 'k', shape: [2, 5], dtype: 'float32' }] }]);
    expect(got[0]!.values).toEqual(k);
  });

  it('reads several groups (the converter writes one per layer), each with its own files; int32 can be quantized too', () => {
    const k = rand(6, 4), b = rand(2, 5);
    const m = [
      { paths: ['group1-shard1of1.bin'], weights: [{ name: 'dense/kernel', shape: [3, 2], dtype: 'float32' }] },
      { paths: ['group2-shard1of1.bin'], weights: [{ name: 'dense/bias', shape: [2], dtype: 'float32' }, { name: 'steps', shape: [2], dtype: 'int32', quantization: { dtype: 'uint8', scale: 2, min: -3 } }] },
    ];
    const g2 = new Uint8Array(10);
    g2.set(new Uint8Array(b.buffer));
    g2.set([4, 7], 8);
    const got = readManifestWeights(set(m, { 'group1-shard1of1.bin': new Uint8Array(k.buffer), 'group2-shard1of1.bin': g2 }), m);
    expect(got.map((w) => w.name)).toEqual(['dense/kernel', 'dense/bias', 'steps']);
    expect(got[0]!.values).toEqual(k);
    expect(got[1]!.values).toEqual(b);
    expect(got[2]!.values).toEqual(Int32Array.of(5, 11));
  });

  it('truncated, padded or missing files are ValueErrors naming the file', () => {
    const m = [{ paths: ['w.bin'], weights: [{ name: 'a/kernel', shape: [4, 4], dtype: 'float32' }] }];
    const full = new Uint8Array(64);
    expect(() => readManifestWeights(set(m, { 'w.bin': full.subarray(0, 63) }), m)).toThrow(/'w\.bin': weight 'a\/kernel' \(shape \[4,4\], float32\) needs 64 bytes at offset 0, but the file holds only 63 bytes/);
    const padded = new Uint8Array(68);
    expect(() => readManifestWeights(set(m, { 'w.bin': padded }), m)).toThrow(/'w\.bin': 68 bytes, but the weights .* take 64 bytes/);
    expect(() => readManifestWeights(set(m, {}), m)).toThrow(/lists weight file 'w\.bin', which is missing/);
  });

  it('refuses huge, negative and fractional dims and unknown dtypes before allocating', () => {
    const huge = [{ paths: ['w.bin'], weights: [{ name: 'x', shape: [1e6, 1e6], dtype: 'float32' }] }];
    expect(() => readManifestWeights(set(huge, { 'w.bin': new Uint8Array(8) }), huge)).toThrow(/more than a tensor can hold/);
    const big = [{ paths: ['w.bin'], weights: [{ name: 'x', shape: [40000, 40000], dtype: 'float32' }] }];
    expect(() => readManifestWeights(set(big, { 'w.bin': new Uint8Array(8) }), big)).toThrow(/needs 6400000000 bytes/);
    for (const shape of [[-1, 2], [1.5], ['2'], null]) {
      const m = [{ paths: ['w.bin'], weights: [{ name: 'x', shape, dtype: 'float32' }] }];
      expect(() => readManifestWeights(set(m, { 'w.bin': new Uint8Array(8) }), m)).toThrow(/invalid shape/);
    }
    const str = [{ paths: ['w.bin'], weights: [{ name: 'x', shape: [1], dtype: 'string' }] }];
    expect(() => readManifestWeights(set(str, { 'w.bin': new Uint8Array(8) }), str)).toThrow(/dtype 'string'/);
    const q = [{ paths: ['w.bin'], weights: [{ name: 'x', shape: [1], dtype: 'float32', quantization: { dtype: 'uint8' } }] }];
    expect(() => readManifestWeights(set(q, { 'w.bin': new Uint8Array(1) }), q)).toThrow(/no finite 'scale' and 'min'/);
  });

  it('fuzz: any truncation of the .bin or bit flip in model.json gives a ValueError or a consistent result', () => {
    const specs = [{ name: 'a/kernel', shape: [3, 2], dtype: 'float32' }, { name: 'a/bias', shape: [2], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } }, { name: 'it', shape: [], dtype: 'int32' }];
    const manifest = [{ paths: ['./w.bin'], weights: specs }];
    const bin = new Uint8Array(24 + 2 + 4).map((_, i) => i * 7);
    const jsonText = new TextEncoder().encode(JSON.stringify({ modelTopology: {}, weightsManifest: manifest }));
    fc.assert(fc.property(fc.nat(bin.length - 1), (cut) => {
      expect(() => readManifestWeights(set(manifest, { 'w.bin': bin.subarray(0, cut) }), manifest)).toThrow(ValueError);
    }), { numRuns: 60 });
    fc.assert(fc.property(fc.nat(jsonText.length - 1), fc.integer({ min: 1, max: 255 }), (at, x) => {
      const t = jsonText.slice();
      t[at]! ^= x;
      try {
        const j = parseJsonFile('model.json', t) as { weightsManifest?: unknown };
        const ws = readManifestWeights({ main: 'model.json', files: new Map([['model.json', t], ['w.bin', bin]]) }, j?.weightsManifest);
        expect(ws.reduce((n, w) => n + w.values.length, 0)).toBeLessThanOrEqual(bin.length);
      } catch (e) {
        expect(e).toBeInstanceOf(ValueError);
      }
    }), { numRuns: 300 });
  });
});
