// gather, scatterAdd and oneHot against direct references on every built variant: shape
// sweeps with repeated indices, embedding lookups, int32 payloads, 1-thread vs 2-thread
// bit agreement for scatter-add, and argument errors (out-of-range indices included).

import { describe, expect, it } from 'vitest';
import { WasmBuffer, type Backend } from '../../bindings/index.js';
import { gather, oneHot, scatterAdd } from '../../bindings/kernels/gather.js';
import { backendFor, builtVariants, randomArray } from '../helpers/backends.js';

function upload(be: Backend, data: ArrayLike<number>, dtype: 'float32' | 'int32' = 'float32'): WasmBuffer {
  const buf = WasmBuffer.alloc(be.heap, data.length, dtype);
  buf.view().set(data);
  return buf;
}

/** Indices with repeats, deterministic. */
function indices(n: number, len: number): Int32Array {
  return Int32Array.from({ length: n }, (_, k) => (k * 7 + Math.floor(k / 3)) % len);
}

function check(be: Backend, outer: number, nIdx: number, axisLen: number, inner: number, dtype: 'float32' | 'int32'): void {
  const idx = indices(nIdx, axisLen);
  const xs = dtype === 'int32' ? Int32Array.from({ length: outer * axisLen * inner }, (_, i) => i * 3 - 7) : randomArray(outer * axisLen * inner, axisLen);
  const [x, ib, y] = [upload(be, xs, dtype), upload(be, idx, 'int32'), WasmBuffer.alloc(be.heap, outer * nIdx * inner, dtype)];
  gather(be, { x, indices: ib, y, outer, axisLen, inner });
  const got = y.view();
  const label = `[${outer},${nIdx}/${axisLen},${inner}] ${dtype}`;
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < nIdx; k++) {
      for (let j = 0; j < inner; j++) {
        const g = got[(o * nIdx + k) * inner + j], w = xs[(o * axisLen + idx[k]!) * inner + j];
        if (g !== w) throw new Error(`gather ${label} at (${o},${k},${j}): got ${g}, want ${w}`);
      }
    }
  }
  if (dtype === 'float32') {
    const dys = randomArray(outer * nIdx * inner, 2), dx0 = randomArray(outer * axisLen * inner, 3);
    const [dy, dx] = [upload(be, dys), upload(be, dx0)];
    scatterAdd(be, { dy, indices: ib, dx, outer, axisLen, inner });
    const want = Float64Array.from(dx0);
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < nIdx; k++) for (let j = 0; j < inner; j++) want[(o * axisLen + idx[k]!) * inner + j] += dys[(o * nIdx + k) * inner + j]!;
    }
    const dg = dx.f32();
    for (let i = 0; i < want.length; i++) {
      if (!(Math.abs(dg[i]! - want[i]!) <= 1e-6 * (1 + nIdx))) throw new Error(`scatterAdd ${label} at ${i}: got ${dg[i]}, want ${want[i]}`);
    }
    dy.dispose();
    dx.dispose();
  }
  for (const b of [x, ib, y]) b.dispose();
}

describe.each(builtVariants())('gather on %s', (variant) => {
  it('gathers and scatter-adds over a shape sweep with repeated indices', async () => {
    const be = await backendFor(variant);
    for (const outer of [1, 3]) {
      for (const nIdx of [0, 1, 3, 4, 5, 17, 100]) {
        for (const axisLen of [1, 3, 17]) for (const inner of [1, 3, 4, 5, 17, 1023]) check(be, outer, nIdx, axisLen, inner, 'float32');
      }
    }
    check(be, 1, 5000, 300, 64, 'float32');
    check(be, 2, 37, 11, 5, 'int32');
  });

  it('encodes one-hot rows, all off for out-of-range indices', async () => {
    const be = await backendFor(variant);
    for (const depth of [0, 1, 3, 4, 5, 17, 1023]) {
      const idx = Int32Array.from({ length: 42 }, (_, i) => i - 2);
      const [ib, y] = [upload(be, idx, 'int32'), WasmBuffer.alloc(be.heap, idx.length * depth)];
      oneHot(be, { indices: ib, y, depth, on: 2.5, off: -0.5 });
      const got = y.f32();
      for (let r = 0; r < idx.length; r++) {
        for (let c = 0; c < depth; c++) expect(got[r * depth + c], `depth ${depth} row ${r} col ${c}`).toBe(idx[r] === c ? 2.5 : -0.5);
      }
      ib.dispose();
      y.dispose();
    }
  });

  it('scatter-adds the same bits on 1 thread and on 2', async () => {
    if (!variant.startsWith('threads')) return;
    const be = await backendFor(variant);
    for (const [outer, nIdx, axisLen, inner] of [[1, 5000, 300, 64], [4, 300, 50, 130], [1, 40, 7, 9000]] as const) {
      const [dy, ib] = [upload(be, randomArray(outer * nIdx * inner, 1)), upload(be, indices(nIdx, axisLen), 'int32')];
      const results: number[][] = [];
      for (const t of [1, 2]) {
        be.setThreadCount(t);
        const dx = upload(be, randomArray(outer * axisLen * inner, 2));
        scatterAdd(be, { dy, indices: ib, dx, outer, axisLen, inner });
        results.push(Array.from(dx.f32()));
        dx.dispose();
      }
      expect(results[1]).toEqual(results[0]);
      dy.dispose();
      ib.dispose();
    }
  });

  it('rejects bad arguments with messages that name the kernel and the values', async () => {
    const be = await backendFor(variant);
    const x = WasmBuffer.alloc(be.heap, 12), y = WasmBuffer.alloc(be.heap, 12), bad = upload(be, [0, 3, 1], 'int32');
    const ok = upload(be, [0, 2, 1], 'int32'), neg = upload(be, [-1], 'int32'), yi = WasmBuffer.alloc(be.heap, 12, 'int32');
    expect(() => gather(be, { x, indices: bad, y, outer: 1, axisLen: 3, inner: 4 })).toThrow(/gather: `indices` must lie in \[0, axisLen=3\). Received: indices\[1\]=3/);
    expect(() => scatterAdd(be, { dy: y, indices: neg, dx: x, outer: 1, axisLen: 3, inner: 4 })).toThrow(/scatterAdd: `indices` must lie in \[0, axisLen=3\). Received: indices\[0\]=-1/);
    expect(() => gather(be, { x, indices: x, y, outer: 1, axisLen: 3, inner: 4 })).toThrow(/gather: `indices` must be int32. Received: dtype=float32/);
    expect(() => gather(be, { x, indices: ok, y, outer: 1, axisLen: 4, inner: 4 })).toThrow(/gather: `x` is too short.*Received: length=12/);
    expect(() => gather(be, { x, indices: ok, y: x, outer: 1, axisLen: 3, inner: 4 })).toThrow(/gather: `y` must not overlap `x`/);
    expect(() => gather(be, { x, indices: ok, y: yi, outer: 1, axisLen: 3, inner: 4 })).toThrow(/gather: `y` must be float32/);
    expect(() => scatterAdd(be, { dy: y, indices: ok, dx: y, outer: 1, axisLen: 3, inner: 4 })).toThrow(/scatterAdd: `dx` must not overlap `dy`/);
    expect(() => oneHot(be, { indices: ok, y, depth: 5 })).toThrow(/oneHot: `y` is too short: expected at least 15/);
    expect(() => oneHot(be, { indices: ok, y, depth: -1 })).toThrow(/oneHot: `depth` must be a non-negative integer. Received: depth=-1/);
    for (const b of [x, y, bad, ok, neg, yi]) b.dispose();
  });
});
