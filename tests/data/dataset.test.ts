// data.Dataset: sources, transforms, determinism and tensor lifetimes.

import { describe, expect, it } from 'vitest';
import * as data from '../../ts/data/index.js';
import { collect } from '../helpers/collect.js';
import { tensor } from '../../ts/tensor/creation.js';
import { Tensor } from '../../ts/tensor/tensor.js';
import { memory } from '../../ts/autograd/gradients.js';
import { mulScalar } from '../../ts/ops/unary.js';

const live = () => memory().numTensors;


describe('sources', () => {
  it('fromTensorSlices slices tensors, typed arrays, nested arrays and dicts along the first axis', async () => {
    const x = tensor([[1, 2], [3, 4], [5, 6]]);
    const before = live();
    const ds = data.Dataset.fromTensorSlices({ x, y: new Int32Array([7, 8, 9]), z: [[0], [1], [2]] });
    expect(ds.cardinality).toBe(3);
    expect(await collect(ds)).toEqual([
      { x: [1, 2], y: 7, z: [0] }, { x: [3, 4], y: 8, z: [1] }, { x: [5, 6], y: 9, z: [2] },
    ]);
    expect(live()).toBe(before);
    expect(x.isDisposed).toBe(false);
    x.dispose();
  });

  it('fromTensorSlices rejects arrays of different lengths', () => {
    expect(() => data.fromTensorSlices([new Float32Array(3), new Float32Array(4)])).toThrow(/same number of rows.*3, 4/);
  });

  it('fromTensors gives one element, a copy each iteration; the caller keeps the tensor', async () => {
    const t = tensor([1, 2, 3]);
    const ds = data.fromTensors([t, 5]).repeat(2);
    expect(await collect(ds)).toEqual([[[1, 2, 3], 5], [[1, 2, 3], 5]]);
    expect(t.isDisposed).toBe(false);
    t.dispose();
  });

  it('fromGenerator re-runs the generator on every iteration; tensors made before iteration are shared', async () => {
    const shared = tensor([9]);
    const before = live();
    const ds = data.fromGenerator(function* () {
      yield [shared, tensor([1])];
      yield [shared, new Float32Array([2])];
    });
    expect(await collect(ds)).toEqual([[[9], [1]], [[9], [2]]]);
    expect(await collect(ds)).toEqual([[[9], [1]], [[9], [2]]]);
    expect(shared.isDisposed).toBe(false);
    expect(live()).toBe(before);
    shared.dispose();
  });

  it('fromAsyncIterable reads an async generator', async () => {
    async function* gen() {
      for (let i = 0; i < 3; i++) yield { v: i };
    }
    expect(await collect(data.fromAsyncIterable(gen()).batch(2))).toEqual([{ v: [0, 1] }, { v: [2] }]);
  });
});

describe('transforms', () => {
  const range = (n: number) => data.fromTensorSlices(Float32Array.from({ length: n }, (_, i) => i));

  it('batch stacks along a new axis; dropRemainder drops the last partial batch', async () => {
    expect(await collect(range(5).batch(2))).toEqual([[0, 1], [2, 3], [4]]);
    expect(await collect(range(5).batch(2, { dropRemainder: true }))).toEqual([[0, 1], [2, 3]]);
    expect(range(5).batch(2).cardinality).toBe(3);
    expect(range(5).batch(2, { dropRemainder: true }).cardinality).toBe(2);
  });

  it('batch rejects elements of different shapes, naming the element', async () => {
    const before = live();
    const ds = data.fromGenerator(function* () {
      yield tensor([1, 2]);
      yield tensor([1, 2, 3]);
    }).batch(2);
    await expect(collect(ds)).rejects.toThrow(/element 1 does not match element 0.*expected shape \[2\].*Received: shape \[3\]/);
    expect(live()).toBe(before);
  });

  it('unbatch inverts batch', async () => {
    expect(await collect(range(5).batch(2).unbatch())).toEqual([0, 1, 2, 3, 4]);
  });

  it('map runs in tidy and frees dropped inputs; filter frees dropped elements', async () => {
    const before = live();
    const ds = range(6).map((x) => mulScalar(mulScalar(x as Tensor, 2), 1)).filter((x) => (x as Tensor).dataSync()[0]! % 4 === 0);
    expect(await collect(ds)).toEqual([0, 4, 8]);
    expect(live()).toBe(before);
    const pairs = data.fromTensorSlices([new Float32Array([1, 2]), new Float32Array([3, 4])]).map((e) => (e as Tensor[])[0]!);
    expect(await collect(pairs)).toEqual([1, 2]);
    expect(live()).toBe(before);
  });

  it('shuffle is a permutation, reproducible with a seed, and reshuffles each iteration', async () => {
    const ds = range(20).shuffle(20, { seed: 3 });
    const a = (await collect(ds)) as number[];
    const b = (await collect(ds)) as number[];
    expect([...a].sort((p, q) => p - q)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(a).not.toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(b).not.toEqual(a);
    const again = range(20).shuffle(20, { seed: 3 });
    expect(await collect(again)).toEqual(a);
    expect(await collect(again)).toEqual(b);
    expect(await collect(range(20).shuffle(20, { seed: 4 }))).not.toEqual(a);
    // A small buffer only moves elements forward by a bounded amount.
    const local = (await collect(range(50).shuffle(2, { seed: 1 }))) as number[];
    local.forEach((v, i) => expect(v).toBeLessThanOrEqual(i + 2));
  });

  it('shuffled batches are the same whichever path builds them: tensor rows (WASM gather), host rows (JS copy), a generator (async)', async () => {
    const n = 37, xs = Float32Array.from({ length: n * 3 }, (_, i) => i * 0.5), ys = Int32Array.from({ length: n }, (_, i) => i);
    const x = tensor(xs, [n, 3]), y = tensor(ys, [n], 'int32');
    const before = live();
    const pipe = (ds: data.Dataset) => ds.shuffle(16, { seed: 5 }).batch(8).map((e) => {
      const [a, b] = e as [Tensor, Tensor];
      return [mulScalar(a, 2), b];
    });
    const viaTensor = await collect(pipe(data.fromTensorSlices([x, y])));
    const rowsOf = Array.from({ length: n }, (_, i) => Array.from(xs.subarray(3 * i, 3 * i + 3)));
    const viaHost = await collect(pipe(data.fromTensorSlices([rowsOf, ys])));
    const viaGenerator = await collect(pipe(data.fromGenerator(function* () {
      for (let i = 0; i < n; i++) yield [xs.slice(3 * i, 3 * i + 3), ys.slice(i, i + 1)[0]!];
    })));
    expect(viaHost).toEqual(viaTensor);
    expect((viaGenerator as [number[][], number[]][]).map(([a, b]) => [a, b])).toEqual(viaTensor);
    // A real shuffle: rows moved, and every row's label still matches its values.
    const labels = (viaTensor as [number[][], number[]][]).flatMap(([, b]) => b);
    expect(labels).not.toEqual(Array.from(ys));
    expect([...labels].sort((a, b) => a - b)).toEqual(Array.from(ys));
    for (const [a, b] of viaTensor as [number[][], number[]][]) a.forEach((row, i) => expect(row).toEqual([0, 1, 2].map((k) => (b[i]! * 3 + k))));
    expect(live()).toBe(before);
    x.dispose();
    y.dispose();
  });

  it('repeat, take, skip', async () => {
    expect(await collect(range(3).repeat(2))).toEqual([0, 1, 2, 0, 1, 2]);
    expect(await collect(range(3).repeat().take(7))).toEqual([0, 1, 2, 0, 1, 2, 0]);
    expect(await collect(range(5).skip(3))).toEqual([3, 4]);
    expect(range(3).repeat().cardinality).toBe(Infinity);
    expect(range(5).skip(3).cardinality).toBe(2);
  });

  it('take stops early and frees what shuffle/prefetch/batch still hold', async () => {
    const before = live();
    const made: Tensor[] = [];
    const ds = data.fromGenerator(function* () {
      for (let i = 0; ; i++) {
        const t = tensor([i]);
        made.push(t);
        yield t;
      }
    }).shuffle(8, { seed: 1 }).batch(3).prefetch(2).take(2);
    const got = (await collect(ds)) as number[][];
    expect(got.length).toBe(2);
    expect(made.every((t) => t.isDisposed)).toBe(true);
    expect(live()).toBe(before);
  });

  it('cache replays the first complete iteration without re-running the source', async () => {
    let runs = 0;
    const ds = data.fromGenerator(function* () {
      runs++;
      yield tensor([1]);
      yield tensor([2]);
    }).cache();
    const before = live();
    expect(await collect(ds)).toEqual([[1], [2]]);
    expect(await collect(ds)).toEqual([[1], [2]]);
    expect(runs).toBe(1);
    expect(live()).toBe(before + 2);
    ds.dispose();
    expect(live()).toBe(before);
  });

  it('prefetch keeps order and errors surface to the consumer without leaks', async () => {
    expect(await collect(range(7).batch(2).prefetch(3))).toEqual([[0, 1], [2, 3], [4, 5], [6]]);
    const before = live();
    const bad = data.fromGenerator(function* () {
      yield tensor([1]);
      throw new Error('boom at 1');
    }).prefetch(4);
    await expect(collect(bad)).rejects.toThrow(/boom at 1/);
    expect(live()).toBe(before);
  });

  it('numbers and strings batch into vectors and lists', async () => {
    const ds = data.fromGenerator(function* () {
      yield ['a', 1];
      yield ['b', 2];
    }).batch(2);
    expect(await collect(ds)).toEqual([[['a', 'b'], [1, 2]]]);
  });

  it('zip pairs data sets (array or dict) up to the shortest; concatenate chains them', async () => {
    const before = live();
    const zipped = data.Dataset.zip({ a: range(3), b: range(5).map((t) => mulScalar(t as Tensor, 10)) });
    expect(zipped.cardinality).toBe(3);
    expect(await collect(zipped)).toEqual([{ a: 0, b: 0 }, { a: 1, b: 10 }, { a: 2, b: 20 }]);
    expect(await collect(data.Dataset.zip([range(2), range(2)]).batch(2))).toEqual([[[0, 1], [0, 1]]]);
    expect(live()).toBe(before);
    const both = range(2).concatenate(range(3));
    expect(both.cardinality).toBe(5);
    expect(await collect(both)).toEqual([0, 1, 0, 1, 2]);
  });
});
