// writeHdf5 -> readHdf5 in TypeScript: every dtype, shape and attribute kind comes back exactly.

import { describe, expect, it } from 'vitest';
import { ValueError } from '../../../ts/errors.js';
import { h5dataset, h5get, h5group, readHdf5, writeHdf5, type H5Dataset, type H5Group } from '../../../ts/saving/hdf5/index.js';
import { flatten } from './compare.js';
import { everyKind } from './trees.js';

const roundTrip = (g: H5Group) => readHdf5(writeHdf5(g), 'roundtrip.h5');

/** What an attribute value reads back as: number[] of integers -> int64, of floats -> float64; typed arrays keep their type. */
function expectedAttr(v: unknown): unknown {
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number')) {
    return v.every((x) => Number.isInteger(x)) ? BigInt64Array.from(v, (x) => BigInt(x)) : Float64Array.from(v);
  }
  return v;
}

describe('writeHdf5 -> readHdf5', () => {
  it('keeps every path, dtype, shape, value and attribute (and 70000 strings over two heap collections)', () => {
    const src = everyKind(true);
    const back = roundTrip(src);
    const a = flatten(src);
    const b = flatten(back);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [path, node] of a) {
      const got = b.get(path)!;
      expect(got.kind, path).toBe(node.kind);
      const wantAttrs = Object.fromEntries(Object.entries(node.attrs).map(([k, v]) => [k, expectedAttr(v)]));
      if (node.kind === 'dataset' && node.dtype === 'bfloat16') wantAttrs.dtype = 'bfloat16';
      expect({ ...got.attrs }, path).toEqual(wantAttrs);
      if (node.kind === 'dataset') {
        const g = got as H5Dataset;
        expect(g.shape, path).toEqual(node.shape);
        expect(g.dtype, path).toBe(node.dtype);
        if (node.dtype === 'float16' || node.dtype === 'bfloat16') {
          expect(g.data).toBeInstanceOf(Float32Array);
          // Rounded to nearest even: 1/3 -> 0x3555 in float16; 1e30 -> 0x714a in bfloat16.
          const want: Record<string, number[]> = {
            'data/f16': [0, 1, -2.5, 65504, 2 ** -24, Infinity, 0.333251953125],
            'data/f16_bits': [1, -2],
            'data/bf16': [1.5, -2, 3.140625, 1.0002555517425873e30],
          };
          expect(Array.from(g.data as Float32Array), path).toEqual(want[path]);
        } else {
          expect(g.data.constructor, path).toBe(node.data.constructor);
          expect(Array.from(g.data as ArrayLike<unknown>), path).toEqual(Array.from(node.data as ArrayLike<unknown>));
        }
      }
    }
  });

  it('reads children back name-sorted (by UTF-8 bytes, as HDF5 orders them) whatever the insertion order', () => {
    const back = roundTrip(everyKind());
    const names = [...(h5get(back, 'many') as H5Group).children.keys()];
    expect(names).toHaveLength(300);
    expect(names).toEqual([...names].sort());
    const g = h5group();
    for (const n of ['b', 'a', 'ä', 'Z', '\u{1F600}', '\uFF5E']) g.children.set(n, h5group());
    expect([...roundTrip(g).children.keys()]).toEqual(['Z', 'a', 'b', 'ä', '\uFF5E', '\u{1F600}']);
    expect((h5get(back, 'many/item_123') as H5Dataset).data).toEqual(new Int32Array([123]));
  });

  it('writes 0-d, 0-size, empty groups and a 3000-child group (three B-tree levels of symbol nodes)', () => {
    const root = h5group();
    root.children.set('empty', h5group());
    const big = h5group();
    for (let i = 0; i < 3000; i++) big.children.set(`n${String(i).padStart(4, '0')}`, h5group({ i }));
    root.children.set('big', big);
    const back = roundTrip(root);
    expect((h5get(back, 'empty') as H5Group).children.size).toBe(0);
    const b = h5get(back, 'big') as H5Group;
    expect(b.children.size).toBe(3000);
    expect((h5get(back, 'big/n2999') as H5Group).attrs.i).toBe(2999);
    expect(roundTrip(h5group()).children.size).toBe(0);
  });

  it('is deterministic and does not mutate its input', () => {
    const t = everyKind();
    const before = JSON.stringify([...flatten(t).entries()].map(([p, n]) => [p, n.attrs]), (_, v) => (typeof v === 'bigint' ? String(v) : v));
    const a = writeHdf5(t);
    const b = writeHdf5(t);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(JSON.stringify([...flatten(t).entries()].map(([p, n]) => [p, n.attrs]), (_, v) => (typeof v === 'bigint' ? String(v) : v))).toBe(before);
    expect((h5get(t, 'data/bf16') as H5Dataset).attrs.dtype).toBeUndefined();
  });

  it('rejects what HDF5 cannot hold with a ValueError', () => {
    expect(() => h5dataset(new Float32Array(5), [2, 3])).toThrow(/holds 6 values but data has 5/);
    expect(() => h5dataset(new Int32Array(2), [2], 'float32')).toThrow(/needs data of type float32/);
    expect(() => h5dataset(new Float32Array(2), [-2])).toThrow(ValueError);
    const bad = (name: string) => {
      const g = h5group();
      g.children.set(name, h5group());
      return () => writeHdf5(g);
    };
    expect(bad('a/b')).toThrow(/invalid child name/);
    expect(bad('')).toThrow(/invalid child name/);
    const cyc = h5group();
    cyc.children.set('self', cyc);
    expect(() => writeHdf5(cyc)).toThrow(/contains itself/);
    expect(() => writeHdf5(h5group({ huge: new Float64Array(10000) }))).toThrow(/attribute 'huge' of group '\/' is too large for an HDF5 object header/);
    expect(() => writeHdf5(h5group({ obj: { a: 1 } as never }))).toThrow(/attribute 'obj'/);
    const ds = h5dataset(new Float32Array(4), [4]);
    ds.shape = [5];
    const g = h5group();
    g.children.set('x', ds);
    expect(() => writeHdf5(g)).toThrow(ValueError);
  });

  it('a __proto__ attribute or child name stays inert data', () => {
    const g = h5group();
    g.attrs = JSON.parse('{"__proto__": "x", "constructor": "y"}');
    g.children.set('__proto__', h5group());
    const back = roundTrip(g);
    expect(back.attrs.__proto__).toBe('x');
    expect(back.attrs.constructor).toBe('y');
    expect(Object.getPrototypeOf(back.attrs)).toBe(Object.prototype);
    expect(Object.keys(back.attrs)).toEqual(['__proto__', 'constructor']);
    expect(h5get(back, '__proto__')?.kind).toBe('group');
  });
});
