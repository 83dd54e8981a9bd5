// Fill, casts and strided copies on every built variant: fills over tail lengths, casts at
// their edges (NaN, ±inf, saturation, rounding) against the reference, strided copies as
// slice, pad, concat, transpose, broadcast and reversal on f32 and i32, 1 vs 2 threads, errors.

import { describe, expect, it } from 'vitest';
import { WasmBuffer, type Backend } from '../../bindings/index.js';
import { cast, copyStrided, fill } from '../../bindings/kernels/copy.js';
import { denseStrides } from '../../bindings/kernels/layout.js';
import { backendFor, builtVariants, randomArray } from '../helpers/backends.js';
import { castRef, concatRef, nd, padRef, sizeOf, sliceRef, transposeRef } from '../helpers/reference.js';

const LENS = [0, 1, 3, 4, 5, 17, 1023];

function upload(be: Backend, data: Float32Array | Int32Array): WasmBuffer {
  const buf = WasmBuffer.alloc(be.heap, data.length, data instanceof Int32Array ? 'int32' : 'float32');
  buf.view().set(data);
  return buf;
}

interface View { shape: number[]; src: number[]; dst: number[]; srcOffset: number; dstOffset: number; dstLen: number }

/** Copies `data` through `v` into a buffer pre-filled with -1 and returns it. */
function copy(be: Backend, data: Float32Array | Int32Array, v: View): number[] {
  const src = upload(be, data);
  const dst = WasmBuffer.alloc(be.heap, v.dstLen, src.dtype);
  fill(be, { y: dst, value: -1 });
  copyStrided(be, { src, dst, shape: v.shape, srcStrides: v.src, dstStrides: v.dst, srcOffset: v.srcOffset, dstOffset: v.dstOffset });
  const out = Array.from(dst.view());
  src.dispose();
  dst.dispose();
  return out;
}

describe.each(builtVariants())('copy kernels on %s', (variant) => {
  it('fills float32 and int32 buffers over tail lengths and offsets', async () => {
    const be = await backendFor(variant);
    for (const n of LENS) {
      const f = WasmBuffer.alloc(be.heap, n + 2), i = WasmBuffer.alloc(be.heap, n + 2, 'int32');
      fill(be, { y: f, value: 0 });
      fill(be, { y: f, value: -2.5, offset: 1, len: n });
      fill(be, { y: i, value: -7 });
      expect(Array.from(f.f32())).toEqual([0, ...new Array(n).fill(-2.5), 0]);
      expect(Array.from(i.i32())).toEqual(new Array(n + 2).fill(-7));
      f.dispose();
      i.dispose();
    }
  });

  it('casts like tf.cast: truncation, NaN → 0, saturation; int → float rounds', async () => {
    const be = await backendFor(variant);
    const xs = Float32Array.from([0, -0, 1.9, -1.9, 2.5, -2.5, NaN, Infinity, -Infinity, 3e9, -3e9, 2147483520, -2147483648, 0.5, -0.99, 7]);
    for (const n of [...LENS.filter((l) => l <= xs.length), xs.length]) {
      const [x, y] = [upload(be, xs.subarray(0, n)), WasmBuffer.alloc(be.heap, n, 'int32')];
      cast(be, { x, y });
      expect(Array.from(y.i32())).toEqual(Array.from(castRef(nd([n], xs.subarray(0, n)), 'int32').data));
      x.dispose();
      y.dispose();
    }
    const is = Int32Array.from([0, 1, -1, 16_777_217, 2 ** 31 - 1, -(2 ** 31), 123, -16_777_219]);
    const [x, y] = [upload(be, is), WasmBuffer.alloc(be.heap, is.length)];
    cast(be, { x, y });
    expect(Array.from(y.f32())).toEqual(Array.from(is, (v) => Math.fround(v)));
    // In place: an int32 view over the same memory.
    const inPlace = new WasmBuffer(be.heap, y.ptr, y.length, 'int32');
    cast(be, { x: y, y: inPlace });
    expect(Array.from(inPlace.i32())).toEqual([0, 1, -1, 16_777_216, 2 ** 31 - 1, -(2 ** 31), 123, -16_777_220]);
    x.dispose();
    y.dispose();
  });

  it('expresses slice, pad, concat, transpose, broadcast and reversal', async () => {
    const be = await backendFor(variant);
    const shape = [6, 7, 5], d = denseStrides, X = randomArray(210, 9), I = Int32Array.from({ length: 210 }, (_, k) => k - 50);
    const xf = nd(shape, X);
    const fromRef = (r: { data: Float64Array }) => Array.from(r.data);
    const cases: [string, View, number[] | null][] = [
      ['slice', { shape: [4, 4, 3], src: d(shape), dst: d([4, 4, 3]), srcOffset: 35 + 10 + 1, dstOffset: 0, dstLen: 48 }, fromRef(sliceRef(xf, [1, 2, 1], [4, 4, 3]))],
      ['pad', { shape, src: d(shape), dst: d([8, 9, 7]), srcOffset: 0, dstOffset: 63 + 7 + 1, dstLen: 504 }, fromRef(padRef(xf, [[1, 1], [1, 1], [1, 1]], -1))],
      ['transpose', { shape: [5, 6, 7], src: [1, 35, 5], dst: d([5, 6, 7]), srcOffset: 0, dstOffset: 0, dstLen: 210 }, fromRef(transposeRef(xf, [2, 0, 1]))],
      ['broadcast', { shape: [4, 5], src: [0, 1], dst: d([4, 5]), srcOffset: 0, dstOffset: 0, dstLen: 20 }, Array.from({ length: 20 }, (_, k) => X[k % 5]!)],
      ['reverse', { shape: [6, 35], src: [35, -1], dst: d([6, 35]), srcOffset: 34, dstOffset: 0, dstLen: 210 }, Array.from({ length: 210 }, (_, k) => X[Math.floor(k / 35) * 35 + 34 - (k % 35)]!)],
      ['scalar', { shape: [], src: [], dst: [], srcOffset: 9, dstOffset: 1, dstLen: 2 }, [-1, X[9]!]],
      ['empty', { shape: [0, 3], src: [3, 1], dst: [3, 1], srcOffset: 0, dstOffset: 0, dstLen: 1 }, [-1]],
    ];
    for (const [name, v, want] of cases) expect(copy(be, X, v), name).toEqual(want!.map((w) => Math.fround(w)));
    // concat along axis 1: two copies into offsets of one [6, 10, 5] output.
    const Y = randomArray(90, 4), out = WasmBuffer.alloc(be.heap, 300);
    const [xb, yb] = [upload(be, X), upload(be, Y)];
    copyStrided(be, { src: xb, dst: out, shape, dstStrides: d([6, 10, 5]) });
    copyStrided(be, { src: yb, dst: out, shape: [6, 3, 5], dstStrides: d([6, 10, 5]), dstOffset: 35 });
    expect(Array.from(out.f32())).toEqual(fromRef(concatRef([xf, nd([6, 3, 5], Y)], 1)).map(Math.fround));
    for (const b of [out, xb, yb]) b.dispose();
    // int32 moves bit for bit.
    expect(copy(be, I, cases[2]![1])).toEqual(fromRef(transposeRef(nd(shape, I), [2, 0, 1])));
  });

  it('gives the same bits on 1 thread and on 2', async () => {
    if (!variant.startsWith('threads')) return;
    const be = await backendFor(variant);
    const X = randomArray(150_000, 2);
    const views: View[] = [
      { shape: [300, 500], src: [500, 1], dst: [500, 1], srcOffset: 0, dstOffset: 0, dstLen: 150_000 },
      { shape: [500, 300], src: [1, 500], dst: [300, 1], srcOffset: 0, dstOffset: 0, dstLen: 150_000 },
    ];
    be.setThreadCount(1);
    const one = views.map((v) => copy(be, X, v));
    be.setThreadCount(2);
    const two = views.map((v) => copy(be, X, v));
    expect(two).toEqual(one);
    expect(one[1]).toEqual(Array.from(transposeRef(nd([300, 500], X), [1, 0]).data));
  });

  it('leaves no buffer behind and rejects bad arguments by name', async () => {
    const be = await backendFor(variant);
    const before = be.memoryInfo();
    const f = WasmBuffer.alloc(be.heap, 12), g = WasmBuffer.alloc(be.heap, 12), i = WasmBuffer.alloc(be.heap, 12, 'int32');
    expect(() => fill(be, { y: i, value: 1.5 })).toThrow(/fill: an int32 buffer needs an integer value in the i32 range. Received: value=1.5/);
    expect(() => fill(be, { y: f, value: 0, len: 13 })).toThrow(/fill: `y` is too short.*Received: length=12/);
    expect(() => cast(be, { x: f, y: g })).toThrow(/cast: expected float32 -> int32 or int32 -> float32. Received: x.dtype=float32, y.dtype=float32/);
    expect(() => copyStrided(be, { src: f, dst: i, shape: [12] })).toThrow(/copyStrided: `src` and `dst` must have the same dtype/);
    expect(() => copyStrided(be, { src: f, dst: f, shape: [6], dstOffset: 3 })).toThrow(/copyStrided: `dst` overlaps `src`/);
    expect(() => copyStrided(be, { src: f, dst: g, shape: [3, 4], dstStrides: [0, 1] })).toThrow(/would write one element several times/);
    expect(() => copyStrided(be, { src: f, dst: g, shape: [12], srcStrides: [-1] })).toThrow(/copyStrided: `src` strides reach before the buffer start/);
    expect(() => copyStrided(be, { src: f, dst: g, shape: [4, 4] })).toThrow(/copyStrided: `src` is too short: expected at least 16/);
    expect(() => copyStrided(be, { src: f, dst: g, shape: [1, 1, 1, 1, 1, 1, 1, 1, 12] })).toThrow(/copyStrided: rank above 8/);
    for (const x of [f, g, i]) x.dispose();
    const after = be.memoryInfo();
    expect([after.liveBuffers, after.bytesInUse]).toEqual([before.liveBuffers, before.bytesInUse]);
    expect(sizeOf([2, 3])).toBe(6);
  });
});
