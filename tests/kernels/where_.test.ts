// The broadcasting select kernel against the float64 reference on every built variant:
// random broadcast patterns of cond/a/b up to rank 6, NaN and -0 conditions, strided
// inputs, 1 vs 2 threads, and errors.

import { describe, expect, it } from 'vitest';
import { WasmBuffer, type Backend } from '../../bindings/index.js';
import { where } from '../../bindings/kernels/where_.js';
import { backendFor, builtVariants } from '../helpers/backends.js';
import { nd, sizeOf, whereRef } from '../helpers/reference.js';

function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s >>> 27) * 0.25 - 4;
  }
  return out;
}

/** Conditions: about a third 0 or -0, some NaN (true, like numpy's bool(nan)), the rest nonzero. */
function conditions(n: number, seed: number): Float32Array {
  return values(n, seed).map((v) => (v < -2 ? 0 : v < -1 ? -0 : v === 3 ? NaN : v));
}

function upload(be: Backend, data: Float32Array): WasmBuffer {
  const buf = WasmBuffer.alloc(be.heap, data.length);
  buf.f32().set(data);
  return buf;
}

function run(be: Backend, shapes: number[][], out: number[], seed: number): { got: Float32Array; want: Float64Array } {
  const data = [conditions(sizeOf(shapes[0]!), seed), values(sizeOf(shapes[1]!), seed + 1), values(sizeOf(shapes[2]!), seed + 2)];
  const [c, a, b] = data.map((d) => upload(be, d)) as [WasmBuffer, WasmBuffer, WasmBuffer];
  const o = WasmBuffer.alloc(be.heap, sizeOf(out));
  where(be, { cond: { buf: c, shape: shapes[0] }, a: { buf: a, shape: shapes[1] }, b: { buf: b, shape: shapes[2] }, out: o, shape: out });
  const got = o.f32().slice();
  for (const x of [c, a, b, o]) x.dispose();
  const want = whereRef(nd(shapes[0]!, data[0]!), nd(shapes[1]!, data[1]!), nd(shapes[2]!, data[2]!));
  expect(want.shape).toEqual(out);
  return { got, want: want.data };
}

/** Right-aligned broadcast of several shapes. */
function joint(...shapes: number[][]): number[] {
  const r = Math.max(...shapes.map((s) => s.length));
  return Array.from({ length: r }, (_, i) => shapes.reduce((d, s) => {
    const e = s[i - r + s.length] ?? 1;
    return d === 1 ? e : d;
  }, 1));
}

describe.each(builtVariants())('where on %s', (variant) => {
  it('matches the reference over tail lengths and random broadcasts up to rank 6', async () => {
    const be = await backendFor(variant);
    const cases: number[][][] = [];
    for (const n of [0, 1, 3, 4, 5, 17, 1023]) cases.push([[n], [n], [n]], [[n], [], [n]], [[], [n], [1]]);
    const dims = [1, 2, 3, 5, 17];
    let s = 777;
    const rnd = (n: number) => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) % n;
    for (let t = 0; t < 200; t++) {
      const out = Array.from({ length: rnd(7) }, () => dims[rnd(dims.length)]!);
      cases.push([0, 1, 2].map(() => out.slice(rnd(3) === 0 ? rnd(out.length + 1) : 0).map((d) => (rnd(3) === 0 ? 1 : d))));
    }
    cases.forEach((shapes, k) => {
      const { got, want } = run(be, shapes, joint(...shapes), k);
      want.forEach((w, i) => {
        if (!Object.is(got[i], Math.fround(w)) && !(Number.isNaN(w) && Number.isNaN(got[i]!))) {
          throw new Error(`where [${shapes.map((x) => `[${x}]`).join(', ')}] element ${i}: got ${got[i]}, want ${w}`);
        }
      });
    });
  });

  it('reads strided inputs and runs in place', async () => {
    const be = await backendFor(variant);
    const C = conditions(12, 1), A = values(12, 2), B = values(3, 3);
    const [c, a, b] = [upload(be, C), upload(be, A), upload(be, B)];
    // cond read transposed ([3, 4] as [4, 3]), b a column, written over a in place.
    where(be, { cond: { buf: c, strides: [1, 4] }, a: { buf: a }, b: { buf: b, strides: [0, 1] }, out: a, shape: [4, 3] });
    const got = a.f32();
    for (let i = 0; i < 4; i++) for (let j = 0; j < 3; j++) expect(got[i * 3 + j]).toBe(C[j * 4 + i] !== 0 ? A[i * 3 + j] : B[j]);
    for (const x of [c, a, b]) x.dispose();
  });

  it('gives the same bits on 1 thread and on 2', async () => {
    if (!variant.startsWith('threads')) return;
    const be = await backendFor(variant);
    const shapes = [[500, 301], [301], [500, 1]];
    be.setThreadCount(1);
    const one = run(be, shapes, [500, 301], 4).got;
    be.setThreadCount(2);
    const two = run(be, shapes, [500, 301], 4).got;
    expect(Buffer.from(two.buffer).equals(Buffer.from(one.buffer))).toBe(true);
  });

  it('leaves no buffer behind and rejects bad arguments by name', async () => {
    const be = await backendFor(variant);
    const before = be.memoryInfo();
    const c = WasmBuffer.alloc(be.heap, 6), a = WasmBuffer.alloc(be.heap, 6), i = WasmBuffer.alloc(be.heap, 6, 'int32');
    const ok = { cond: { buf: c }, a: { buf: a }, b: { buf: a, shape: [3] }, out: c, shape: [2, 3] };
    where(be, ok);
    expect(() => where(be, { ...ok, cond: { buf: i } })).toThrow(/where: `cond` must be float32. Received: dtype=int32/);
    expect(() => where(be, { ...ok, b: { buf: a, shape: [4] } })).toThrow(/where: shapes \[4\] and \[2, 3\] do not broadcast/);
    expect(() => where(be, { ...ok, cond: { buf: c, shape: [2, 3] }, shape: [3, 3] })).toThrow(/where: shapes \[2, 3\] and \[3, 3\] do not broadcast/);
    expect(() => where(be, { ...ok, a: { buf: a, offset: 1 } })).toThrow(/where: `a` is too short: expected at least 7 elements/);
    for (const x of [c, a, i]) x.dispose();
    const after = be.memoryInfo();
    expect([after.liveBuffers, after.bytesInUse]).toEqual([before.liveBuffers, before.bytesInUse]);
  });
});
