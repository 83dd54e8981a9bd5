// Broadcasting binary kernels against the float64 reference on every built variant: every
// op over fixed and random broadcast patterns up to rank 6 (size-0/1 axes, scalars, rows,
// columns), explicit strides and in place, NaN semantics, 1 vs 2 threads, and errors.

import { describe, expect, it } from 'vitest';
import { WasmBuffer, type Backend } from '../../bindings/index.js';
import { binary, BINARY_OPS, type BinaryOpName } from '../../bindings/kernels/binary.js';
import { backendFor, builtVariants } from '../helpers/backends.js';
import { BINARY_REF, binaryRef, nd, sizeOf } from '../helpers/reference.js';

const OPS = Object.keys(BINARY_OPS) as BinaryOpName[];

/** Multiples of 0.25 in [-4, 4), so comparisons see ties; deterministic per seed. */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s >>> 27) * 0.25 - 4;
  }
  return out;
}

function upload(be: Backend, data: Float32Array): WasmBuffer {
  const buf = WasmBuffer.alloc(be.heap, data.length);
  buf.f32().set(data);
  return buf;
}

/** Runs op on dense a (shape sa) and b (shape sb) and returns the output as an array. */
function run(be: Backend, op: BinaryOpName, sa: number[], sb: number[], out: number[], A: Float32Array, B: Float32Array): Float32Array {
  const [a, b, o] = [upload(be, A), upload(be, B), WasmBuffer.alloc(be.heap, sizeOf(out))];
  binary(be, { op, a: { buf: a, shape: sa }, b: { buf: b, shape: sb }, out: o, shape: out });
  const got = o.f32().slice();
  for (const x of [a, b, o]) x.dispose();
  return got;
}

function check(be: Backend, op: BinaryOpName, sa: number[], sb: number[], out: number[], seed: number): void {
  const A = values(sizeOf(sa), seed), B = values(sizeOf(sb), seed + 1);
  const got = run(be, op, sa, sb, out, A, B);
  const want = binaryRef(op, nd(sa, A), nd(sb, B));
  expect(want.shape).toEqual(out);
  for (let i = 0; i < got.length; i++) {
    const w = want.data[i]!, g = got[i]!;
    const ok = Number.isNaN(w) ? Number.isNaN(g) : g === w || Math.abs(g - w) <= 1e-6 * Math.abs(w);
    if (!ok) throw new Error(`${op}: a [${sa}], b [${sb}] → [${out}], element ${i}: got ${g}, want ${w}`);
  }
}

/** Right-aligned broadcast of two shapes (the sweep only builds compatible ones). */
const joint = (a: number[], b: number[]) => {
  const r = Math.max(a.length, b.length);
  return Array.from({ length: r }, (_, i) => {
    const da = a[i - r + a.length] ?? 1, db = b[i - r + b.length] ?? 1;
    return da === 1 ? db : da;
  });
};

const FIXED: [number[], number[]][] = [
  [[], []], [[0], [1]], [[1], [1]], [[1023], [1023]], [[17], []], [[], [17]], [[5, 7], [7]], [[5, 7], [5, 1]],
  [[5, 1], [1, 7]], [[3, 1, 5], [1, 1, 1]], [[2, 1, 4, 1, 6, 1], [1, 3, 1, 5, 1, 7]], [[0, 3], [3]], [[13, 1, 11], [11]],
];

describe.each(builtVariants())('binary on %s', (variant) => {
  it('matches float64 for every op on fixed broadcast patterns', async () => {
    const be = await backendFor(variant);
    for (const op of OPS) FIXED.forEach(([sa, sb], k) => check(be, op, sa, sb, joint(sa, sb), k));
  });

  it('matches float64 on a random sweep of ranks 0–6 with size-1 and dropped axes', async () => {
    const be = await backendFor(variant);
    const dims = [1, 2, 3, 4, 5, 7, 13];
    let s = 12345;
    const rnd = (n: number) => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) % n;
    for (let t = 0; t < 300; t++) {
      const out = Array.from({ length: rnd(7) }, () => dims[rnd(dims.length)]!);
      const shrink = () => out.slice(rnd(out.length + 1) === 0 ? rnd(out.length + 1) : 0).map((d) => (rnd(3) === 0 ? 1 : d));
      const sa = shrink(), sb = shrink();
      check(be, OPS[rnd(OPS.length)]!, sa, sb, joint(sa, sb), t);
    }
  });

  it('reads explicit strides (a transposed view), offsets, and runs in place', async () => {
    const be = await backendFor(variant);
    const A = values(35, 1), B = values(35, 2), bias = values(7, 3);
    const [a, b, o] = [upload(be, A), upload(be, B), WasmBuffer.alloc(be.heap, 40)];
    // a is [7, 5] read as its transpose [5, 7]; out written at offset 5.
    binary(be, { op: 'sub', a: { buf: a, strides: [1, 5] }, b: { buf: b }, out: o, shape: [5, 7], outOffset: 5 });
    const got = o.f32();
    for (let i = 0; i < 5; i++) for (let j = 0; j < 7; j++) expect(got[5 + i * 7 + j]).toBe(Math.fround(A[j * 5 + i]! - B[i * 7 + j]!));
    const bb = upload(be, bias);
    binary(be, { op: 'add', a: { buf: b }, b: { buf: bb, shape: [7] }, out: b, shape: [5, 7] });
    const inPlace = b.f32();
    for (let k = 0; k < 35; k++) expect(inPlace[k]).toBe(Math.fround(B[k]! + bias[k % 7]!));
    for (const x of [a, b, o, bb]) x.dispose();
  });

  it('propagates NaN in maximum/minimum and compares NaN as numpy does', async () => {
    const be = await backendFor(variant);
    const cases: [BinaryOpName, number, number, number][] = [
      ['maximum', NaN, 1, NaN], ['maximum', 1, NaN, NaN], ['minimum', NaN, 1, NaN], ['minimum', 1, NaN, NaN],
      ['equal', NaN, NaN, 0], ['notEqual', NaN, NaN, 1], ['less', NaN, 1, 0], ['greaterEqual', 1, NaN, 0],
      ['pow', NaN, 0, 1], ['pow', 1, NaN, 1], ['pow', -8, 1 / 3, NaN], ['pow', -2, 3, -8], ['div', 1, 0, Infinity],
    ];
    for (const [op, x, y, want] of cases) {
      for (const n of [1, 4, 5]) {
        const got = run(be, op, [n], [n], [n], new Float32Array(n).fill(x), new Float32Array(n).fill(y));
        got.forEach((g) => (Number.isNaN(want) ? expect(g, `${op}(${x}, ${y})`).toBeNaN() : expect(g, `${op}(${x}, ${y})`).toBe(want)));
      }
    }
    expect(BINARY_REF.maximum(NaN, 1)).toBeNaN();
  });

  it('gives the same bits on 1 thread and on 2', async () => {
    if (!variant.startsWith('threads')) return;
    const be = await backendFor(variant);
    const shapes: [number[], number[]][] = [[[300, 1000], [1000]], [[1, 200_003], []], [[70_001, 3], [70_001, 1]], [[64, 1, 33], [64, 1]]];
    const all = (threads: number) => {
      be.setThreadCount(threads);
      return shapes.flatMap(([sa, sb], k) => (['add', 'div', 'maximum', 'pow'] as const).map((op) =>
        run(be, op, sa, sb, joint(sa, sb), values(sizeOf(sa), k), values(sizeOf(sb), k + 9))));
    };
    const one = all(1), two = all(2);
    be.setThreadCount(2);
    one.forEach((o, k) => expect(Buffer.from(two[k]!.buffer).equals(Buffer.from(o.buffer)), `case ${k}`).toBe(true));
  });

  it('leaves no buffer behind and rejects bad arguments by name', async () => {
    const be = await backendFor(variant);
    const before = be.memoryInfo();
    const a = WasmBuffer.alloc(be.heap, 6), b = WasmBuffer.alloc(be.heap, 3), o = WasmBuffer.alloc(be.heap, 6);
    const ok = { op: 'add' as const, a: { buf: a, shape: [2, 3] }, b: { buf: b, shape: [3] }, out: o, shape: [2, 3] };
    binary(be, ok);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => binary(be, { ...ok, op: 'plus' as any })).toThrow(/^binary: unknown op 'plus'. Expected one of add, sub, .* Received: 'plus'$/);
    expect(() => binary(be, { ...ok, b: { buf: b, shape: [2] } })).toThrow(/binary: shapes \[2\] and \[2, 3\] do not broadcast/);
    expect(() => binary(be, { ...ok, b: { buf: b, shape: [2, 3] } })).toThrow(/binary: `b` is too short.*Received: length=3/);
    expect(() => binary(be, { ...ok, shape: [1, 1, 1, 1, 1, 1, 1, 2, 3] })).toThrow(/binary: rank above 8 is not supported.*rank 9/);
    expect(() => binary(be, { ...ok, shape: [2, -3] })).toThrow(/binary: `shape\[1\]` must be a non-negative integer. Received: shape\[1\]=-3/);
    expect(() => binary(be, { ...ok, a: { buf: a, strides: [3] } })).toThrow(/binary: `a strides` must have one stride per axis \(2\)/);
    expect(() => binary(be, { ...ok, out: a, outOffset: 0, a: { buf: a, strides: [1, 2] } })).toThrow(/binary: `out` overlaps `a`/);
    for (const x of [a, b, o]) x.dispose();
    const after = be.memoryInfo();
    expect([after.liveBuffers, after.bytesInUse]).toEqual([before.liveBuffers, before.bytesInUse]);
  });
});
