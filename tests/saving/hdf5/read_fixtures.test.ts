// The reader against files written by real h5py (default and libver='latest', chunked/filtered, many
// children) and Keras 3 (model.weights.h5, legacy .h5): every path, dtype, shape, value and attribute
// must equal what h5py itself reads back (fixtures/*.json, from make_fixtures.py; h5wasm.h5 from make_h5wasm_fixture.mjs).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { h5get, readHdf5, type H5Dataset, type H5Group } from '../../../ts/saving/hdf5/index.js';
import { differences, type Dump } from './compare.js';

const dir = join(__dirname, 'fixtures');
const load = (name: string) => readHdf5(new Uint8Array(readFileSync(join(dir, name))), name);
const dump = (name: string): Dump => JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));

const FIXTURES = ['default.h5', 'latest.h5', 'chunked.h5', 'chunked_latest.h5', 'many.h5', 'many_latest.h5', 'keras.weights.h5', 'keras_bf16.weights.h5', 'keras_legacy.h5', 'h5wasm.h5', 'resizable.h5', 'resizable_latest.h5'];

describe('readHdf5 on h5py / Keras files', () => {
  for (const name of FIXTURES) {
    it(`${name} matches h5py exactly`, () => {
      const root = load(name);
      expect(differences(root, dump(name))).toEqual([]);
    });
  }

  it('the comparison notices a changed value, dtype or attribute (so the tests above can fail)', () => {
    const root = load('default.h5');
    const d = dump('default.h5');
    const ds = d['data/f32'] as Extract<Dump[string], { kind: 'dataset' }>;
    ds.data[5] = (ds.data[5] as number) + 1e-7;
    ds.dtype = 'float64';
    d[''].attrs.vstr.value = ['hello'];
    expect(differences(root, d)).toHaveLength(3);
  });

  it('children come back name-sorted and the Keras weights layout is addressable by path', () => {
    const root = load('keras.weights.h5');
    expect([...root.children.keys()]).toEqual(['layers', 'optimizer', 'vars']);
    const kernel = h5get(root, 'layers/dense/vars/0') as H5Dataset;
    expect(kernel.kind).toBe('dataset');
    expect(kernel.shape).toEqual([4, 3]);
    expect(kernel.data).toBeInstanceOf(Float32Array);
    expect((h5get(root, '/layers/dense/vars/') as H5Group).attrs.name).toBe('dense');
    expect(h5get(root, 'layers/nope')).toBeUndefined();
    expect(h5get(root, 'layers/dense/vars/0/deeper')).toBeUndefined();
    const many = h5get(load('many.h5'), 'many') as H5Group;
    const names = [...many.children.keys()];
    expect(names.length).toBe(104);
    expect(names).toEqual([...names].sort());
  });

  it('float16 and Keras bfloat16 are widened to Float32Array; legacy .h5 string-array attributes', () => {
    const f16 = h5get(load('default.h5'), 'data/f16') as H5Dataset;
    expect(f16.dtype).toBe('float16');
    expect(f16.data).toBeInstanceOf(Float32Array);
    const bf16 = h5get(load('keras_bf16.weights.h5'), 'layers/dense/vars/0') as H5Dataset;
    expect(bf16.dtype).toBe('bfloat16'); // h5py's 2-byte opaque + Keras's dtype="bfloat16" attribute
    expect(bf16.data).toBeInstanceOf(Float32Array);
    expect(bf16.shape).toEqual([4, 3]);
    const legacy = load('keras_legacy.h5');
    const mw = h5get(legacy, 'model_weights') as H5Group;
    expect(mw.attrs.layer_names).toEqual(['dense', 'dropout', 'dense_1']);
    expect((h5get(legacy, 'model_weights/dense') as H5Group).attrs.weight_names).toEqual(['sequential/dense/kernel', 'sequential/dense/bias']);
    expect(JSON.parse(legacy.attrs.model_config as string).class_name).toBe('Sequential');
  });

  it('an unsupported filter is a ValueError saying which', () => {
    expect(() => load('unsupported.h5')).toThrow(/HDF5 file 'unsupported.h5': the filter of dataset '\/lzf' is not supported \(only deflate, shuffle and fletcher32 are\). Received: filter id 32000/);
  });

  it('attributes of types not decoded here (compound, reference) are skipped; a dataset of one fails', () => {
    const root = load('odd_attrs.h5');
    expect({ ...root.attrs }).toEqual({ ok: 'yes' });
    const x = h5get(root, 'x') as H5Dataset;
    expect({ ...x.attrs }).toEqual({ units: 'm' });
    expect(x.data).toEqual(new Float32Array([0, 1, 2]));
    expect(() => load('compound.h5')).toThrow(/HDF5 file 'compound.h5': the datatype of dataset '\/pairs' is not supported. Received: compound of 8 bytes/);
  });

  it('a non-HDF5 or truncated file is a ValueError naming the file', () => {
    expect(() => readHdf5(new Uint8Array(100), 'zeros.h5')).toThrow(/HDF5 file 'zeros.h5': not an HDF5 file/);
    expect(() => readHdf5('x' as never, 's.h5')).toThrow(/HDF5 file 's.h5': expected a Uint8Array/);
    expect(readHdf5(new Uint8Array(readFileSync(join(dir, 'keras.weights.h5'))).slice().buffer).children.size).toBe(3);
    const bytes = new Uint8Array(readFileSync(join(dir, 'default.h5')));
    expect(() => readHdf5(bytes.subarray(0, 5000), 'cut.h5')).toThrow(/HDF5 file 'cut.h5': the file is truncated/);
  });
});
