// Trees the writer tests share: one of every dtype, shape and attribute kind, and a Keras weights layout.

import { h5dataset, h5group, type H5Group } from '../../../ts/saving/hdf5/index.js';

/** `large` adds a 260 KB string attribute and 70000 strings (more than one global heap collection holds). */
export function everyKind(large = false): H5Group {
  const root = h5group({
    title: 'héllo wörld ✓',
    empty_str: '',
    names: ['dense', '', 'γάμμα', 'x'.repeat(300)],
    int: -42,
    big_int: 2 ** 40,
    float: 2.5,
    ints: [1, -2, 3],
    floats: [0.5, -1.25, 1e-300],
    f32: new Float32Array([0.1, -1.5]),
    f64: new Float64Array([Math.PI]),
    i8: new Int8Array([-128, 127]),
    i16: new Int16Array([-32768, 32767]),
    i32: new Int32Array([-(2 ** 31), 2 ** 31 - 1]),
    u8: new Uint8Array([0, 255]),
    u16: new Uint16Array([0, 65535]),
    u32: new Uint32Array([0, 2 ** 32 - 1]),
    i64: new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n]),
    u64: new BigUint64Array([0n, 2n ** 64n - 1n]),
    'ünï ✓': 'non-ASCII attribute name',
  });
  if (large) root.attrs.big_text = 'model_config '.repeat(20000); // one heap object larger than a default collection
  const data = h5group({ note: 'datasets' });
  root.children.set('data', data);
  const add = (name: string, ds: ReturnType<typeof h5dataset>) => data.children.set(name, ds);
  add('f32', h5dataset(new Float32Array([1, -2, 3.5, NaN, Infinity, -0]), [2, 3], undefined, { units: 'm/s', scale: 2 }));
  add('f64', h5dataset(new Float64Array([Math.E, -1e300, 5e-324]), [3]));
  add('f16', h5dataset(new Float32Array([0, 1, -2.5, 65504, 2 ** -24, Infinity, 1 / 3]), [7], 'float16'));
  add('f16_bits', h5dataset(new Uint16Array([0x3c00, 0xc000]), [2], 'float16'));
  add('bf16', h5dataset(new Float32Array([1.5, -2, 3.140625, 1e30]), [2, 2], 'bfloat16'));
  add('i8', h5dataset(new Int8Array([-128, 0, 127]), [3]));
  add('i16', h5dataset(new Int16Array([-32768, 0, 32767]), [3]));
  add('i32', h5dataset(new Int32Array([-(2 ** 31), 0, 2 ** 31 - 1]), [3]));
  add('i64', h5dataset(new BigInt64Array([-(2n ** 63n), 0n, 2n ** 53n + 1n, 2n ** 63n - 1n]), [4]));
  add('u8', h5dataset(new Uint8Array([0, 1, 255]), [3]));
  add('u16', h5dataset(new Uint16Array([0, 1, 65535]), [3]));
  add('u32', h5dataset(new Uint32Array([0, 1, 2 ** 32 - 1]), [3]));
  add('u64', h5dataset(new BigUint64Array([0n, 2n ** 64n - 1n]), [2]));
  add('bool', h5dataset(new Uint8Array([1, 0, 1, 1]), [2, 2], 'bool'));
  add('strings', h5dataset(['one', '', 'ünïcode ✓', 'long '.repeat(100)], [2, 2]));
  if (large) add('many_strings', h5dataset(Array.from({ length: 70000 }, (_, i) => (i % 7 === 0 ? '' : `s${i}`)), [70000]));
  add('scalar_f32', h5dataset(new Float32Array([3.25]), []));
  add('scalar_i32', h5dataset(new Int32Array([7]), []));
  add('scalar_str', h5dataset(['just one'], []));
  add('empty', h5dataset(new Float32Array(0), [0]));
  add('empty_2d', h5dataset(new Int32Array(0), [2, 0, 3]));
  add('empty_str', h5dataset([], [0]));
  root.children.set('empty_group', h5group());
  root.children.set('grüße ✓', h5group({ 'ключ': 'значение' }));
  const many = h5group({ count: 300 });
  root.children.set('many', many);
  // 300 children: 38 symbol nodes -> two B-tree leaves under a second level. Insertion order != sorted order.
  for (let i = 299; i >= 0; i--) many.children.set(`item_${i}`, h5dataset(new Int32Array([i]), []));
  const nested = h5group();
  root.children.set('nested', nested);
  let g = nested;
  for (let i = 0; i < 10; i++) {
    const next = h5group({ depth: i });
    g.children.set(`level${i}`, next);
    g = next;
  }
  return root;
}

/** Known weights for Sequential([Input((4,)), Dense(3, relu), Dropout, Dense(2)]) in the Keras 3 layout. */
export const KERAS_WEIGHTS = {
  k0: Float32Array.from({ length: 12 }, (_, i) => ((i * 7) % 11) / 10 - 0.5),
  b0: new Float32Array([0.1, -0.2, 0.05]),
  k1: Float32Array.from({ length: 6 }, (_, i) => ((i * 5) % 7) / 5 - 0.6),
  b1: new Float32Array([0.3, -0.1]),
};

export function kerasWeightsTree(withOptimizer: boolean): H5Group {
  const root = h5group();
  const layers = h5group();
  root.children.set('layers', layers);
  const layer = (name: string, vars: Array<[Float32Array, number[]]>) => {
    const v = h5group({ name });
    vars.forEach(([d, s], i) => v.children.set(String(i), h5dataset(d, s)));
    const l = h5group();
    l.children.set('vars', v);
    layers.children.set(name, l);
  };
  const w = KERAS_WEIGHTS;
  layer('dense', [[w.k0, [4, 3]], [w.b0, [3]]]);
  layer('dropout', []);
  layer('dense_1', [[w.k1, [3, 2]], [w.b1, [2]]]);
  if (withOptimizer) {
    const opt = h5group();
    const vars = h5group({ name: 'adam' });
    vars.children.set('0', h5dataset(new Int32Array([17]), []));
    vars.children.set('1', h5dataset(new Float32Array([0.001]), []));
    const shapes = [[4, 3], [4, 3], [3], [3], [3, 2], [3, 2], [2], [2]];
    shapes.forEach((s, i) => {
      const n = s.reduce((a, b) => a * b, 1);
      vars.children.set(String(i + 2), h5dataset(Float32Array.from({ length: n }, (_, k) => (i + 1) * 0.01 + k * 1e-3), s));
    });
    opt.children.set('vars', vars);
    root.children.set('optimizer', opt);
  }
  root.children.set('vars', h5group({ name: 'sequential' }));
  return root;
}

/** The Dense-ReLU-Dense forward pass on KERAS_WEIGHTS (Dropout is identity at inference). */
export function kerasForward(x: number[][]): number[][] {
  const w = KERAS_WEIGHTS;
  return x.map((row) => {
    const h = [0, 1, 2].map((j) => Math.max(0, w.b0[j] + row.reduce((a, v, i) => a + v * w.k0[i * 3 + j], 0)));
    return [0, 1].map((j) => w.b1[j] + h.reduce((a, v, i) => a + v * w.k1[i * 2 + j], 0));
  });
}
