// GEMM against a float64 reference on every built variant: transposes, alpha/beta, bias +
// activation epilogue, batching with broadcast strides, every edge around the 4x8 tile and
// the KC/MC blocks, 1-thread vs 2-thread agreement, and argument errors.

import { describe, expect, it } from 'vitest';
import { WasmBuffer, type Backend } from '../../bindings/index.js';
import { gemm, type GemmArgs } from '../../bindings/kernels/gemm.js';
import { backendFor, builtVariants, randomArray } from '../helpers/backends.js';

interface Case {
  batch?: number; m: number; n: number; k: number; transA?: boolean; transB?: boolean;
  alpha?: number; beta?: number; bias?: boolean; relu?: boolean; pad?: number; broadcastB?: boolean;
}

function upload(be: Backend, data: Float32Array): WasmBuffer {
  const buf = WasmBuffer.alloc(be.heap, data.length);
  buf.f32().set(data);
  return buf;
}

/** Runs one case on `be` and returns [got, want] as plain arrays. */
function run(be: Backend, c: Case): { got: Float64Array; want: Float64Array; k: number } {
  const batch = c.batch ?? 1, { m, n, k } = c, pad = c.pad ?? 0;
  const [ar, ac] = c.transA ? [k, m] : [m, k];
  const [br, bc] = c.transB ? [n, k] : [k, n];
  const lda = ac + pad, ldb = bc + pad, ldc = n + pad;
  const sa = ar * lda, sb = c.broadcastB ? 0 : br * ldb, sc = m * ldc;
  const A = randomArray(batch * sa, 11 + m), B = randomArray(Math.max(1, batch * sb || br * ldb), 7 + n);
  const C0 = randomArray(batch * sc, 5 + k), bias = randomArray(n, 3);
  const [a, b, cb, biasBuf] = [upload(be, A), upload(be, B), upload(be, C0), upload(be, bias)];
  const args: GemmArgs = {
    m, n, k, a, b, c: cb, lda, ldb, ldc, transA: c.transA, transB: c.transB, batch,
    strideA: sa, strideB: sb, strideC: sc, alpha: c.alpha ?? 1, beta: c.beta ?? 0,
    bias: c.bias ? biasBuf : undefined, activation: c.relu ? 1 : 0,
  };
  gemm(be, args);
  const out = cb.f32();
  const got = new Float64Array(batch * m * n), want = new Float64Array(batch * m * n);
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const av = c.transA ? A[t * sa + p * lda + i]! : A[t * sa + i * lda + p]!;
          const bv = c.transB ? B[t * sb + j * ldb + p]! : B[t * sb + p * ldb + j]!;
          s += av * bv;
        }
        let v = (c.alpha ?? 1) * s + (c.beta ?? 0) * C0[t * sc + i * ldc + j]!;
        if (c.bias) v += bias[j]!;
        if (c.relu) v = Math.max(v, 0);
        want[(t * m + i) * n + j] = v;
        got[(t * m + i) * n + j] = out[t * sc + i * ldc + j]!;
      }
    }
  }
  for (const x of [a, b, cb, biasBuf]) x.dispose();
  return { got, want, k };
}

function expectClose(got: Float64Array, want: Float64Array, k: number, label: string): void {
  // Error grows with the depth of the sum: K·ε relative to the magnitudes summed.
  const tol = 4e-7 * (k + 8);
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i]! - want[i]!) <= tol * (1 + Math.abs(want[i]!)))) {
      throw new Error(`${label}: element ${i}: got ${got[i]}, want ${want[i]} (tol ${tol})`);
    }
  }
}

const dims = [1, 3, 4, 5, 8, 9, 17];
const sweep: Case[] = [];
for (const m of dims) for (const n of dims) for (const k of [0, 1, 7, 16]) sweep.push({ m, n, k, transA: (m + k) % 2 === 1, transB: (n + k) % 3 === 0 });
const blocks: Case[] = [
  { m: 119, n: 9, k: 255 }, { m: 120, n: 16, k: 256 }, { m: 121, n: 17, k: 257, transA: true },
  { m: 125, n: 130, k: 513, transB: true, pad: 3 }, { m: 3, n: 2049, k: 2 },
  { m: 32, n: 128, k: 784, bias: true, relu: true }, { m: 784, n: 128, k: 32, transA: true },
  { m: 32, n: 784, k: 128, transB: true }, { m: 13, n: 21, k: 31, alpha: 0.5, beta: 2 },
  { batch: 3, m: 5, n: 6, k: 7, pad: 1 }, { batch: 4, m: 9, n: 10, k: 11, broadcastB: true, transA: true },
  { m: 0, n: 5, k: 3 }, { m: 5, n: 0, k: 3 }, { batch: 0, m: 2, n: 2, k: 2 },
];

describe.each(builtVariants())('gemm on %s', (variant) => {
  it('matches float64 over an edge sweep of shapes and transposes', async () => {
    const be = await backendFor(variant);
    for (const c of sweep) {
      const r = run(be, c);
      expectClose(r.got, r.want, r.k, JSON.stringify(c));
    }
  });

  it('handles block boundaries, epilogues, batching and empty shapes', async () => {
    const be = await backendFor(variant);
    for (const c of blocks) {
      const r = run(be, c);
      expectClose(r.got, r.want, r.k, JSON.stringify(c));
    }
  });

  it('gives the same answer on 1 thread and on 2', async () => {
    if (!variant.startsWith('threads')) return;
    const be = await backendFor(variant);
    const c: Case = { m: 300, n: 260, k: 513, transB: true };
    be.setThreadCount(1);
    const one = run(be, c).got;
    be.setThreadCount(2);
    const two = run(be, c).got;
    expect(Array.from(two)).toEqual(Array.from(one));
  });

  it('leaves no buffer behind', async () => {
    const be = await backendFor(variant);
    const before = be.memoryInfo();
    run(be, { m: 40, n: 40, k: 40 });
    const after = be.memoryInfo();
    expect(after.liveBuffers).toBe(before.liveBuffers);
    expect(after.bytesInUse).toBe(before.bytesInUse);
  });

  it('rejects bad arguments with messages that name the kernel and the values', async () => {
    const be = await backendFor(variant);
    const a = WasmBuffer.alloc(be.heap, 6), b = WasmBuffer.alloc(be.heap, 6), c = WasmBuffer.alloc(be.heap, 4);
    expect(() => gemm(be, { m: 2, n: 2, k: 3, a, b, c: WasmBuffer.alloc(be.heap, 3) })).toThrow(/gemm: `c` is too short.*Received: length=3/);
    expect(() => gemm(be, { m: -1, n: 2, k: 3, a, b, c })).toThrow(/gemm: `m` must be a non-negative integer. Received: m=-1/);
    expect(() => gemm(be, { m: 2, n: 2, k: 3.5, a, b, c })).toThrow(/Received: k=3.5/);
    expect(() => gemm(be, { m: 2, n: 2, k: 3, a, b, c, lda: 2 })).toThrow(/Received: lda=2/);
    b.dispose();
    expect(() => gemm(be, { m: 2, n: 2, k: 3, a, b, c })).toThrow(/gemm: `b` has been disposed/);
    a.dispose();
    c.dispose();
  });
});
