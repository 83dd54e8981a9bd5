// Files written by writeHdf5 are read by the real libraries: h5py reads every object back exactly, h5py can
// modify them in place (and we read the result), and Keras 3 load_weights()/load_model() use our files.
// All Python checks run in one process (Keras/JAX start once) from beforeAll.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { h5dataset, h5get, h5group, readHdf5, writeHdf5, type H5Dataset, type H5Group } from '../../../ts/saving/hdf5/index.js';
import { hasPython, pythonNotice, runPython } from '../../helpers/python.js';
import { differences, type Dump } from './compare.js';
import { everyKind, kerasForward, kerasWeightsTree } from './trees.js';

const checker = join(__dirname, 'check_interop.py');
const fixtureDir = join(__dirname, 'fixtures');
const dir = mkdtempSync(join(tmpdir(), 'kerasm-hdf5-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
pythonNotice('the h5py / Keras 3 HDF5 interop checks');

const fixture = (name: string) => readHdf5(new Uint8Array(readFileSync(join(fixtureDir, name))), name);
const flat = (d: H5Dataset) => Array.from(d.data as Float32Array);
const x = [[0.5, -1, 2, 0.25], [-0.3, 0.8, 0.1, -2], [1, 1, 1, 1]];

const BF16_KERNEL = Float32Array.from({ length: 12 }, (_, i) => (i - 6) * 0.375); // exact in bfloat16
const BF16_BIAS = new Float32Array([1.5, -0.25, 3]);
function bf16Weights(): H5Group {
  const root = h5group();
  const vars = h5group({ name: 'dense' });
  vars.children.set('0', h5dataset(BF16_KERNEL, [4, 3], 'bfloat16'));
  vars.children.set('1', h5dataset(BF16_BIAS, [3], 'bfloat16'));
  const dense = h5group();
  dense.children.set('vars', vars);
  const layers = h5group();
  layers.children.set('dense', dense);
  root.children.set('layers', layers);
  root.children.set('vars', h5group({ name: 'sequential' }));
  return root;
}

/** float32 values that probe float16/bfloat16 rounding: ties, subnormals, overflow, specials, random spread. */
function halfProbe(): Float32Array {
  const v: number[] = [0, -0, 1, -1, 65504, 65519.99, 65520, -65520, 1e6, 2 ** -24, 2 ** -25, 2 ** -25 * 1.0001, 2 ** -26, 2 ** -14,
    2 ** -14 - 2 ** -25, 3e-39, 1e-45, 3.4028234663852886e38, Infinity, -Infinity, NaN, 1 / 3, 2 / 3, 0.1];
  for (let m = 0; m < 64; m++) v.push(1 + m / 1024 + 1 / 2048, 1 + m / 128 + 1 / 256); // exact ties for f16 and bf16
  let s = 12345;
  for (let i = 0; i < 3000; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const e = (s % 80) - 40;
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    v.push(((s / 2 ** 32) * 2 - 1) * 2 ** e);
  }
  const u = new Uint32Array(200);
  for (let i = 0; i < u.length; i++) u[i] = (Math.imul(i + 7, 2654435761) >>> 0);
  return Float32Array.from([...v, ...new Float32Array(u.buffer)]); // also arbitrary bit patterns
}

const file = (name: string, tree: H5Group) => {
  const bytes = writeHdf5(tree);
  writeFileSync(join(dir, name), bytes);
  return { path: join(dir, name), bytes };
};

// Parsed JSON from the checker, one entry per job.
let results: Record<string, any> = {}; // eslint-disable-line @typescript-eslint/no-explicit-any
let everyKindBytes: Uint8Array = new Uint8Array();

beforeAll(() => {
  if (!hasPython) return;
  const every = file('every_kind.h5', everyKind(true));
  everyKindBytes = every.bytes;
  const jobs: Record<string, string[]> = {
    dump: ['dump', every.path],
    modify: ['modify', file('modified.h5', everyKind()).path],
    keras: ['keras', file('model.weights.h5', kerasWeightsTree(true)).path, JSON.stringify(x)],
    bf16: ['keras_bf16', file('bf16.weights.h5', bf16Weights()).path],
    rewritten: ['keras', file('rewritten.weights.h5', fixture('keras.weights.h5')).path, JSON.stringify(x)],
    legacyOriginal: ['keras_legacy', join(fixtureDir, 'keras_legacy.h5'), JSON.stringify(x)],
    half: ['half', file('half.h5', (() => {
      const g = h5group();
      const src = halfProbe();
      g.children.set('src', h5dataset(src, [src.length]));
      g.children.set('f16', h5dataset(src, [src.length], 'float16'));
      g.children.set('bf16', h5dataset(src, [src.length], 'bfloat16'));
      return g;
    })()).path],
    legacyOurs: ['keras_legacy', file('rewritten_legacy.h5', fixture('keras_legacy.h5')).path, JSON.stringify(x)],
  };
  const names = Object.keys(jobs);
  const out = JSON.parse(runPython(checker, ['batch', JSON.stringify(names.map((n) => jobs[n]))], { timeoutMs: 400_000 }));
  results = Object.fromEntries(names.map((n, i) => [n, out[i]]));
}, 420_000);

describe('writeHdf5 files in h5py and Keras 3', () => {
  it.skipIf(!hasPython)('h5py reads every dataset and attribute exactly as kerasm wrote them', () => {
    const dump: Dump = results.dump;
    // The kerasm reading of the same bytes equals the source tree (roundtrip.test.ts), so comparing h5py's
    // view with it checks the writer against h5py.
    expect(differences(readHdf5(everyKindBytes, 'every_kind.h5'), dump)).toEqual([]);
    expect(Object.keys(dump)).toContain('many/item_299');
    expect((dump['data/many_strings'] as { data: string[] }).data[69999]).toBe('s69999');
    expect(dump['data/bf16']).toMatchObject({ dtype: 'bfloat16', data: [1.5, -2, 3.140625, 1.0002555517425873e30] });
  });

  it.skipIf(!hasPython)('h5py modifies a kerasm file in place (node splits, deletes) and kerasm reads the result', () => {
    const path = join(dir, 'modified.h5');
    const back = readHdf5(new Uint8Array(readFileSync(path)), path);
    expect(differences(back, results.modify)).toEqual([]);
    expect((h5get(back, 'many/added_199') as H5Dataset).data).toEqual(new Float32Array([49.75]));
    expect(h5get(back, 'many/item_7')).toBeUndefined();
  });

  it.skipIf(!hasPython)('Keras 3 load_weights() takes a kerasm-written weights file: predictions and Adam state', () => {
    const out = results.keras;
    const want = kerasForward(x);
    expect(out.y).toHaveLength(3);
    out.y.forEach((row: number[], i: number) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 5)));
    expect(out.iterations).toBe(17);
    expect(out.learning_rate).toBeCloseTo(0.001, 7);
    expect(out.slots).toHaveLength(8);
    expect(out.slots[0][0]).toBeCloseTo(0.01, 7);
    expect(out.slots[7][1]).toBeCloseTo(0.08 + 1e-3, 7);
  });

  it.skipIf(!hasPython)('Keras 3 loads bfloat16 variables written by kerasm (2-byte opaque + dtype="bfloat16", as h5py/Keras write)', () => {
    expect(results.bf16.dtype).toBe('bfloat16');
    expect(results.bf16.kernel).toEqual(Array.from(BF16_KERNEL));
    expect(results.bf16.bias).toEqual(Array.from(BF16_BIAS));
  });

  it.skipIf(!hasPython)('float32 -> float16 / bfloat16 rounding is bit-identical to numpy / ml_dtypes (ties, subnormals, overflow, NaN)', () => {
    const { n, f16, bf16 } = results.half;
    expect(n).toBeGreaterThan(3000);
    expect(f16).toEqual({ count: 0, first: [], nan_ok: true });
    expect(bf16).toEqual({ count: 0, first: [], nan_ok: true });
  });

  it.skipIf(!hasPython)('a Keras model.weights.h5 read by kerasm and written back loads in Keras 3 with the same weights and Adam state', () => {
    const src = fixture('keras.weights.h5');
    const out = results.rewritten;
    const w = (p: string) => flat(h5get(src, p) as H5Dataset);
    expect(out.weights).toEqual(['layers/dense/vars/0', 'layers/dense/vars/1', 'layers/dense_1/vars/0', 'layers/dense_1/vars/1'].map(w));
    expect(out.iterations).toBe((h5get(src, 'optimizer/vars/0') as H5Dataset).data[0]);
    expect(out.slots).toEqual([2, 3, 4, 5, 6, 7, 8, 9].map((i) => w(`optimizer/vars/${i}`)));
  });

  it.skipIf(!hasPython)('a legacy Keras .h5 (JSON config + vlen string-array attributes) read and written back by kerasm loads with load_model', () => {
    const src = fixture('keras_legacy.h5');
    const { legacyOriginal: original, legacyOurs: ours } = results;
    expect(ours.class).toBe('Sequential');
    expect(ours.layers).toEqual(['dense', 'dropout', 'dense_1']);
    expect(ours.weights).toEqual(original.weights);
    expect(ours.y).toEqual(original.y);
    expect(ours.weights[0]).toEqual(flat(h5get(src, 'model_weights/dense/sequential/dense/kernel') as H5Dataset));
  });
});
