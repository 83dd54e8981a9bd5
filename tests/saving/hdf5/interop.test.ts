// Files written by writeHdf5 are read by the real libraries: h5py reads every object back exactly, h5py can
// modify them in place (and we read the result), and Keras 3 load_weights() + predict() uses our weights.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { h5dataset, h5get, h5group, readHdf5, writeHdf5, type H5Dataset } from '../../../ts/saving/hdf5/index.js';
import { hasPython, pythonNotice, runPython } from '../../helpers/python.js';
import { differences, type Dump } from './compare.js';
import { everyKind, kerasForward, kerasWeightsTree, KERAS_WEIGHTS } from './trees.js';

const checker = join(__dirname, 'check_interop.py');
const dir = mkdtempSync(join(tmpdir(), 'kerasm-hdf5-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
pythonNotice('the h5py / Keras 3 HDF5 interop checks');

describe('writeHdf5 files in h5py and Keras 3', () => {
  it.skipIf(!hasPython)('h5py reads every dataset and attribute exactly as kerasm wrote them', () => {
    const bytes = writeHdf5(everyKind());
    const path = join(dir, 'every_kind.h5');
    writeFileSync(path, bytes);
    const dump: Dump = JSON.parse(runPython(checker, ['dump', path]));
    // The kerasm reading of the same bytes equals the source tree (roundtrip.test.ts), so comparing h5py's
    // view with it checks the writer against h5py.
    expect(differences(readHdf5(bytes, path), dump)).toEqual([]);
    expect(Object.keys(dump)).toContain('many/item_299');
    expect(dump['data/bf16']).toMatchObject({ dtype: 'bfloat16', data: [1.5, -2, 3.140625, 1.0002555517425873e30] });
  });

  it.skipIf(!hasPython)('h5py modifies a kerasm file in place (node splits, deletes) and kerasm reads the result', () => {
    const path = join(dir, 'modified.h5');
    writeFileSync(path, writeHdf5(everyKind()));
    const dump: Dump = JSON.parse(runPython(checker, ['modify', path]));
    const back = readHdf5(new Uint8Array(readFileSync(path)), path);
    expect(differences(back, dump)).toEqual([]);
    expect((h5get(back, 'many/added_199') as H5Dataset).data).toEqual(new Float32Array([49.75]));
    expect(h5get(back, 'many/item_7')).toBeUndefined();
  });

  it.skipIf(!hasPython)('Keras 3 load_weights() takes a kerasm-written weights file: predictions and Adam state', () => {
    const path = join(dir, 'model.weights.h5');
    writeFileSync(path, writeHdf5(kerasWeightsTree(true)));
    const x = [[0.5, -1, 2, 0.25], [-0.3, 0.8, 0.1, -2], [1, 1, 1, 1]];
    const out = JSON.parse(runPython(checker, ['keras', path, JSON.stringify(x)], { timeoutMs: 240_000 }));
    const want = kerasForward(x);
    expect(out.y).toHaveLength(3);
    out.y.forEach((row: number[], i: number) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 5)));
    expect(out.iterations).toBe(17);
    expect(out.learning_rate).toBeCloseTo(0.001, 7);
    expect(out.slots).toHaveLength(8);
    expect(out.slots[0][0]).toBeCloseTo(0.01, 7);
    expect(out.slots[7][1]).toBeCloseTo(0.08 + 1e-3, 7);
    expect(KERAS_WEIGHTS.k0[1]).not.toBe(KERAS_WEIGHTS.k0[0]);
  });

  it.skipIf(!hasPython)('Keras 3 loads bfloat16 variables written by kerasm (2-byte opaque + dtype="bfloat16", as h5py/Keras write)', () => {
    const kernel = Float32Array.from({ length: 12 }, (_, i) => (i - 6) * 0.375); // exact in bfloat16
    const bias = new Float32Array([1.5, -0.25, 3]);
    const root = h5group();
    const vars = h5group({ name: 'dense' });
    vars.children.set('0', h5dataset(kernel, [4, 3], 'bfloat16'));
    vars.children.set('1', h5dataset(bias, [3], 'bfloat16'));
    const dense = h5group();
    dense.children.set('vars', vars);
    const layers = h5group();
    layers.children.set('dense', dense);
    root.children.set('layers', layers);
    root.children.set('vars', h5group({ name: 'sequential' }));
    const path = join(dir, 'bf16.weights.h5');
    writeFileSync(path, writeHdf5(root));
    const out = JSON.parse(runPython(checker, ['keras_bf16', path], { timeoutMs: 240_000 }));
    expect(out.dtype).toBe('bfloat16');
    expect(out.kernel).toEqual(Array.from(kernel));
    expect(out.bias).toEqual(Array.from(bias));
  });
});
