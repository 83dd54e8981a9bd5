// permute against an index-by-index reference on every built variant: 2-D transposes across
// tile edges, every permutation of small ranks, rank 8, empty tensors, int32 and float32,
// 1-thread vs 2-thread agreement, and argument errors.

import { describe, expect, it } from 'vitest';
import { WasmBuffer, type Backend } from '../../bindings/index.js';
import { permute } from '../../bindings/kernels/permute.js';
import { backendFor, builtVariants, randomArray } from '../helpers/backends.js';
import { nd, transposeRef } from '../helpers/reference.js';

/** Permutes `data` on the backend and returns the output as plain numbers. */
function run(be: Backend, data: Float32Array | Int32Array, shape: number[], perm: number[]): number[] {
  const dtype = data instanceof Int32Array ? 'int32' : 'float32';
  const x = WasmBuffer.alloc(be.heap, data.length, dtype), y = WasmBuffer.alloc(be.heap, data.length, dtype);
  x.view().set(data);
  permute(be, { x, y, shape, perm });
  const out = Array.from(y.view());
  x.dispose();
  y.dispose();
  return out;
}

function check(be: Backend, shape: number[], perm: number[]): void {
  const n = shape.reduce((a, d) => a * d, 1);
  const ints = Int32Array.from({ length: n }, (_, i) => Math.imul(i, 2654435761) | 0);
  const want = transposeRef(nd(shape, ints), perm).data;
  const got = run(be, ints, shape, perm);
  for (let i = 0; i < n; i++) {
    if (got[i] !== want[i]) throw new Error(`shape [${shape}] perm [${perm}]: element ${i} is ${got[i]}, want ${want[i]}`);
  }
}

/** Every permutation of 0..r-1. */
function perms(r: number): number[][] {
  if (r === 0) return [[]];
  return perms(r - 1).flatMap((p) => Array.from({ length: r }, (_, i) => [...p.slice(0, i), r - 1, ...p.slice(i)]));
}

describe.each(builtVariants())('permute on %s', (variant) => {
  it('transposes matrices and batches across tile edges', async () => {
    const be = await backendFor(variant);
    for (const m of [1, 3, 4, 5, 17, 31, 32, 33, 65]) {
      for (const n of [1, 4, 5, 17, 32, 33, 100]) {
        check(be, [m, n], [1, 0]);
        check(be, [3, m, n], [0, 2, 1]);
        check(be, [m, 2, n], [2, 1, 0]);
      }
    }
  });

  it('matches the reference for every permutation up to rank 4, rank 8 and empty tensors', async () => {
    const be = await backendFor(variant);
    for (let r = 0; r <= 4; r++) for (const p of perms(r)) check(be, [3, 1, 4, 5].slice(0, r), p);
    check(be, [2, 3, 1, 2, 3, 2, 1, 2], [7, 6, 5, 4, 3, 2, 1, 0]);
    check(be, [2, 3, 1, 2, 3, 2, 1, 2], [1, 0, 3, 2, 5, 4, 7, 6]);
    check(be, [4, 0, 3], [2, 0, 1]);
  });

  it('moves float32 values unchanged', async () => {
    const be = await backendFor(variant);
    const x = Float32Array.from([1.5, -0, Infinity, -3e-39, 7, -Infinity]);
    expect(run(be, x, [2, 3], [1, 0])).toEqual([1.5, -3e-39, -0, 7, Infinity, -Infinity].map(Math.fround));
  });

  it('gives the same answer on 1 thread and on 2', async () => {
    if (!variant.startsWith('threads')) return;
    const be = await backendFor(variant);
    for (const [shape, perm] of [[[300, 257], [1, 0]], [[8, 130, 70], [0, 2, 1]], [[7, 5, 3000], [1, 0, 2]], [[3, 20000], [1, 0]]] as const) {
      const x = randomArray(shape.reduce((a, d) => a * d, 1), 3);
      be.setThreadCount(1);
      const one = run(be, x, [...shape], [...perm]);
      be.setThreadCount(2);
      expect(run(be, x, [...shape], [...perm])).toEqual(one);
      check(be, [...shape], [...perm]);
    }
  });

  it('rejects bad arguments with messages that name the kernel and the values', async () => {
    const be = await backendFor(variant);
    const x = WasmBuffer.alloc(be.heap, 6), y = WasmBuffer.alloc(be.heap, 6), yi = WasmBuffer.alloc(be.heap, 6, 'int32');
    expect(() => permute(be, { x, y, shape: [2, 3], perm: [0, 0] })).toThrow(/permute: `perm` must be a permutation of 0..1 .*Received: perm=\[0, 0\], shape=\[2, 3\]/);
    expect(() => permute(be, { x, y, shape: [2, 3], perm: [1] })).toThrow(/Received: perm=\[1\]/);
    expect(() => permute(be, { x, y, shape: [2, 4], perm: [1, 0] })).toThrow(/permute: `x` is too short.*Received: length=6/);
    expect(() => permute(be, { x, y: yi, shape: [2, 3], perm: [1, 0] })).toThrow(/permute: `y` must be float32. Received: dtype=int32/);
    expect(() => permute(be, { x, y: x, shape: [2, 3], perm: [1, 0] })).toThrow(/permute: `y` must not overlap `x`/);
    expect(() => permute(be, { x, y, shape: new Array(9).fill(1), perm: [0, 1, 2, 3, 4, 5, 6, 7, 8] })).toThrow(/permute: rank above 8 is not supported/);
    for (const b of [x, y, yi]) b.dispose();
  });
});
