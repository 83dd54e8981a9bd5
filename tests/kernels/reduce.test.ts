// Reductions against float64 references on every built variant: every op over a sweep of
// [outer, n, inner] shapes (SIMD tails, strided lanes, chunked long axes), NaN / tie /
// infinity / empty-axis conventions, 1-thread vs 2-thread bit agreement, and argument errors.

import { describe, expect, it } from 'vitest';
import { WasmBuffer, type Backend } from '../../bindings/index.js';
import { reduce, REDUCE_OPS, type ReduceOpName } from '../../bindings/kernels/reduce.js';
import { backendFor, builtVariants, randomArray } from '../helpers/backends.js';

const OPS = Object.keys(REDUCE_OPS) as ReduceOpName[];
const isArg = (op: ReduceOpName) => op === 'argmax' || op === 'argmin';

function upload(be: Backend, data: Float32Array): WasmBuffer {
  const buf = WasmBuffer.alloc(be.heap, data.length);
  buf.f32().set(data);
  return buf;
}

/** Runs one reduction and returns y as plain numbers. */
function run(be: Backend, op: ReduceOpName, x: Float32Array, outer: number, n: number, inner: number): number[] {
  const xb = upload(be, x);
  const yb = WasmBuffer.alloc(be.heap, outer * inner, isArg(op) ? 'int32' : 'float32');
  reduce(be, { op, x: xb, y: yb, outer, n, inner });
  const y = Array.from(yb.view());
  xb.dispose();
  yb.dispose();
  return y;
}

/** [want, tolerance] for one column in float64. */
function reference(op: ReduceOpName, v: number[]): [number, number] {
  const n = v.length;
  const sum = v.reduce((s, x) => s + x, 0);
  const abs = v.reduce((s, x) => s + Math.abs(x), 0);
  const sq = v.reduce((s, x) => s + x * x, 0);
  const ext = (f: (a: number, b: number) => number, init: number) => v.reduce((m, x) => (Number.isNaN(m) || Number.isNaN(x) ? NaN : f(m, x)), init);
  const arg = (better: (a: number, b: number) => boolean) => {
    let best = 0;
    for (let i = 1; i < n; i++) {
      if (Number.isNaN(v[best]!)) break;
      if (Number.isNaN(v[i]!) || better(v[i]!, v[best]!)) best = i;
    }
    return best;
  };
  const rel = 3e-6;
  switch (op) {
    case 'sum': return [sum, rel * abs];
    case 'mean': return [sum / n, (rel * abs) / n];
    case 'max': return [ext(Math.max, -Infinity), 0];
    case 'min': return [ext(Math.min, Infinity), 0];
    case 'prod': {
      const p = v.reduce((a, x) => a * x, 1);
      return [p, rel * (n + 1) * Math.abs(p) + 1e-38];
    }
    case 'argmax': return [arg((a, b) => a > b), 0];
    case 'argmin': return [arg((a, b) => a < b), 0];
    case 'variance': {
      const m = sum / n;
      const var_ = v.reduce((s, x) => s + (x - m) * (x - m), 0) / n;
      return [var_, rel * 4 * (var_ + m * m * 1e-6)];
    }
    case 'sumSquares': return [sq, rel * sq];
    case 'logSumExp': {
      const m = ext(Math.max, -Infinity);
      const l = Number.isFinite(m) ? m + Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0)) : m;
      return [l, 2e-6 * (1 + Math.abs(l))];
    }
    case 'any': return [+v.some((x) => x !== 0), 0];
    case 'all': return [+v.every((x) => x !== 0), 0];
    case 'l2Norm': return [Math.sqrt(sq), rel * Math.sqrt(sq)];
  }
}

function check(be: Backend, op: ReduceOpName, x: Float32Array, outer: number, n: number, inner: number): void {
  const got = run(be, op, x, outer, n, inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const col = Array.from({ length: n }, (_, r) => x[(o * n + r) * inner + j]!);
      const [want, tol] = reference(op, col);
      const g = got[o * inner + j]!;
      const ok = Number.isNaN(want) ? Number.isNaN(g) : g === want || Math.abs(g - want) <= tol;
      if (!ok) throw new Error(`${op} [${outer},${n},${inner}] at (${o},${j}): got ${g}, want ${want} (tol ${tol})`);
    }
  }
}

/** Inputs for `op`: prod gets factors near 1 so a thousand of them stay in f32 range. */
function inputs(op: ReduceOpName, len: number, seed: number): Float32Array {
  const x = randomArray(len, seed);
  if (op === 'prod') for (let i = 0; i < len; i++) x[i] = 1 + x[i]! / 64;
  return x;
}

describe.each(builtVariants())('reduce on %s', (variant) => {
  it('matches float64 for every op over a shape sweep', async () => {
    const be = await backendFor(variant);
    for (const op of OPS) {
      for (const outer of [1, 3]) {
        for (const n of [1, 3, 4, 5, 16, 17, 1023, 1025]) {
          for (const inner of [1, 2, 4, 5, 17, 67]) check(be, op, inputs(op, outer * n * inner, n * 31 + inner), outer, n, inner);
        }
      }
    }
  });

  it('stays accurate over long axes (chunked when outputs are few)', async () => {
    const be = await backendFor(variant);
    const x = randomArray(200_000, 9).map((v) => v * 0.5 + 0.5);
    for (const op of ['sum', 'mean', 'variance', 'l2Norm', 'max', 'argmin', 'logSumExp'] as const) {
      check(be, op, x, 1, 200_000, 1);
      check(be, op, x, 2, 25_000, 4);
    }
  });

  it('follows numpy for NaN, ties, infinities, signed zeros and empty axes', async () => {
    const be = await backendFor(variant);
    const cases = [[1, 3, 3, 2], [1, NaN, 5, NaN], [-Infinity, -Infinity], [Infinity, 1, -Infinity], [0, -0, 0], new Array(37).fill(2)];
    for (const c of cases) {
      for (const op of OPS) {
        check(be, op, Float32Array.from(c), 1, c.length, 1);
        check(be, op, Float32Array.from(c.flatMap((v) => [v, v, v, v, v])), 1, c.length, 5);
      }
    }
    expect(run(be, 'argmax', Float32Array.from([1, NaN, 5, NaN]), 1, 4, 1)).toEqual([1]);
    const empty: Partial<Record<ReduceOpName, number>> = {
      sum: 0, mean: NaN, max: -Infinity, min: Infinity, prod: 1, variance: NaN, sumSquares: 0, logSumExp: -Infinity, any: 0, all: 1, l2Norm: 0,
    };
    for (const [op, want] of Object.entries(empty) as [ReduceOpName, number][]) {
      expect(run(be, op, new Float32Array(0), 2, 0, 3), op).toEqual(new Array(6).fill(want));
    }
  });

  it('gives the same bits on 1 thread and on 2', async () => {
    if (!variant.startsWith('threads')) return;
    const be = await backendFor(variant);
    const shapes: [number, number, number][] = [[1, 100_003, 1], [3, 20_000, 5], [64, 999, 1], [5, 300, 130]];
    for (const [outer, n, inner] of shapes) {
      const x = randomArray(outer * n * inner, n);
      for (const op of OPS) {
        be.setThreadCount(1);
        const one = run(be, op, x, outer, n, inner);
        be.setThreadCount(2);
        const two = run(be, op, x, outer, n, inner);
        expect(two, `${op} [${outer},${n},${inner}]`).toEqual(one);
      }
    }
  });

  it('leaves no buffer behind', async () => {
    const be = await backendFor(variant);
    const before = be.memoryInfo();
    run(be, 'variance', randomArray(3000, 1), 3, 100, 10);
    run(be, 'logSumExp', randomArray(50_000, 1), 1, 50_000, 1);
    const after = be.memoryInfo();
    expect(after.liveBuffers).toBe(before.liveBuffers);
    expect(after.bytesInUse).toBe(before.bytesInUse);
  });

  it('rejects bad arguments with messages that name the kernel and the values', async () => {
    const be = await backendFor(variant);
    const x = WasmBuffer.alloc(be.heap, 12), y = WasmBuffer.alloc(be.heap, 4), yi = WasmBuffer.alloc(be.heap, 4, 'int32');
    expect(() => reduce(be, { op: 'median' as ReduceOpName, x, y, outer: 1, n: 12, inner: 1 })).toThrow(/reduce: unknown op 'median'. Expected one of sum, mean.*Received: 'median'/);
    expect(() => reduce(be, { op: 'sum', x, y, outer: 1, n: 13, inner: 1 })).toThrow(/reduce: `x` is too short.*Received: length=12/);
    expect(() => reduce(be, { op: 'sum', x, y, outer: 1, n: 2, inner: 6 })).toThrow(/reduce: `y` is too short.*Received: length=4/);
    expect(() => reduce(be, { op: 'sum', x, y, outer: -1, n: 2, inner: 6 })).toThrow(/reduce: `outer` must be a non-negative integer. Received: outer=-1/);
    expect(() => reduce(be, { op: 'argmax', x, y, outer: 4, n: 3, inner: 1 })).toThrow(/reduce: `y` must be int32. Received: dtype=float32/);
    expect(() => reduce(be, { op: 'max', x, y: yi, outer: 4, n: 3, inner: 1 })).toThrow(/must be float32. Received: dtype=int32/);
    expect(() => reduce(be, { op: 'argmin', x, y: yi, outer: 4, n: 0, inner: 1 })).toThrow(/reduce: argmin of an empty axis has no answer. Received: outer=4, n=0/);
    expect(() => reduce(be, { op: 'sum', x, y: x, outer: 4, n: 3, inner: 1, yOffset: 8 })).toThrow(/reduce: `y` must not overlap `x`/);
    for (const b of [x, y, yi]) b.dispose();
  });
});
