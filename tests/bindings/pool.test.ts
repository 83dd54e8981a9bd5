// The worker pool and heap as the bindings expose them, on a threaded build: what info()
// reports, thread-count changes, a worker dying (an error naming the kernel, never a hang,
// then correct results on one thread), and memory accounting up to out-of-memory.

import { afterAll, describe, expect, it } from 'vitest';
import { createBackend, WasmBuffer, type Backend, type Variant } from '../../bindings/index.js';
import { gemm } from '../../bindings/kernels/gemm.js';
import { backendFor, builtVariants, randomArray } from '../helpers/backends.js';

const threaded = builtVariants().filter((v) => v.startsWith('threads'));
// The relaxed build when the runtime has it: that is what users get by default.
const variant: Variant | undefined = threaded.find((v) => v.endsWith('relaxed')) ?? threaded[0];

function requireThreaded(): Variant {
  if (!variant) {
    throw new Error('pool tests need a threaded WASM build (bindings/wasm/kerasm-threads*.wasm); run `npm run build:wasm`.');
  }
  return variant;
}

const own: Backend[] = [];
/** A backend of this test's own (not the shared cache), disposed after the file. */
async function fresh(threads = 2): Promise<Backend> {
  const be = await createBackend({ variant: requireThreaded(), threads });
  own.push(be);
  return be;
}
afterAll(() => {
  for (const be of own) be.dispose();
});

/** A·B (m×k · k×n) on `be`, checked against float64; returns the max abs error. */
function gemmError(be: Backend, m: number, n: number, k: number, seed = 1): number {
  const A = randomArray(m * k, seed), B = randomArray(k * n, seed + 1);
  const a = WasmBuffer.alloc(be.heap, m * k), b = WasmBuffer.alloc(be.heap, k * n), c = WasmBuffer.alloc(be.heap, m * n);
  try {
    a.f32().set(A);
    b.f32().set(B);
    c.f32().fill(Number.NaN);
    gemm(be, { m, n, k, a, b, c });
    const C = c.f32();
    let err = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += A[i * k + p]! * B[p * n + j]!;
        const e = Math.abs(C[i * n + j]! - s);
        err = Number.isNaN(e) ? Infinity : Math.max(err, e);
      }
    }
    return err;
  } finally {
    a.dispose();
    b.dispose();
    c.dispose();
  }
}

// Big enough that the dispatcher splits it across threads (recipe §4: n ≳ 64–96).
const [M, N, K] = [150, 170, 130];
const TOL = 1e-4;

describe(`thread pool (${variant ?? 'no threaded build'})`, () => {
  it('reports threads and ready workers', async () => {
    const be = await backendFor(requireThreaded(), 2);
    const info = be.info();
    expect(info.variant).toBe(variant);
    expect(info.threads).toBe(true);
    expect(info.simd).toBe(true);
    expect(info.threadCount).toBe(2);
    expect(info.readyWorkers).toBe(1);
    expect(be.getThreadCount()).toBe(2);
    expect(gemmError(be, M, N, K)).toBeLessThan(TOL);
  });

  it('round-trips setThreadCount(1) and (2) with the same results', async () => {
    const be = await backendFor(requireThreaded(), 2);
    be.setThreadCount(1);
    expect(be.getThreadCount()).toBe(1);
    expect(be.info().threadCount).toBe(1);
    expect(gemmError(be, M, N, K, 5)).toBeLessThan(TOL);
    be.setThreadCount(2);
    expect(be.getThreadCount()).toBe(2);
    expect(be.info()).toMatchObject({ threadCount: 2, readyWorkers: 1 });
    expect(gemmError(be, M, N, K, 5)).toBeLessThan(TOL);
  });

  it('rejects bad thread counts with the received value', async () => {
    const be = await backendFor(requireThreaded(), 2);
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => be.setThreadCount(bad)).toThrow(new RegExp(`setThreadCount: expected a positive integer. Received: ${bad}`));
    }
    expect(() => be.setThreadCount('2' as unknown as number)).toThrow(/Received: 2/);
    expect(be.getThreadCount()).toBe(2);
  });

  it('turns a dead worker into an error naming the kernel, then continues on one thread', async () => {
    const be = await fresh(2);
    expect(be.info().readyWorkers).toBe(1);
    expect(gemmError(be, M, N, K, 7)).toBeLessThan(TOL);
    const before = be.memoryInfo();

    await be.pool!.terminateWorkerForTest(0);
    expect(be.pool!.dead).toBe(true);

    // The next call reports the loss once; it must return, not wait for the dead worker.
    const t0 = Date.now();
    expect(() => gemmError(be, M, N, K, 9)).toThrow(/^gemm: a worker thread died.*continues on one thread/);
    expect(Date.now() - t0).toBeLessThan(5_000);
    // …and later calls are correct on the caller alone, without leaking buffers.
    expect(gemmError(be, M, N, K, 11)).toBeLessThan(TOL);
    expect(gemmError(be, 300, 260, 513, 13)).toBeLessThan(TOL);
    expect(be.memoryInfo()).toMatchObject({ liveBuffers: before.liveBuffers, bytesInUse: before.bytesInUse });
    // Asking for threads again builds a fresh pool (issue 10 item 3).
    be.setThreadCount(2);
    await be.pool!.whenReady();
    expect(be.info()).toMatchObject({ threadCount: 2, readyWorkers: 1 });
    expect(gemmError(be, M, N, K, 15)).toBeLessThan(TOL);
    be.dispose();
    be.dispose();
  });

  it('test hook rejects an unknown worker index', async () => {
    const be = await backendFor(requireThreaded(), 2);
    await expect(be.pool!.terminateWorkerForTest(5)).rejects.toThrow(/Received: 5/);
  });
});

describe('heap accounting (memoryInfo)', () => {
  it('tracks alloc and free of WasmBuffers; double dispose is harmless', async () => {
    const be = await backendFor(requireThreaded(), 2);
    const base = be.memoryInfo();
    const a = WasmBuffer.alloc(be.heap, 1000); // 4000 bytes
    const b = WasmBuffer.alloc(be.heap, 3); // 12 → rounded up to 16
    const c = WasmBuffer.alloc(be.heap, 0, 'int32'); // empty buffers still take one slot
    let info = be.memoryInfo();
    expect(info.liveBuffers).toBe(base.liveBuffers + 3);
    expect(info.bytesInUse).toBe(base.bytesInUse + 4000 + 16 + 16);
    expect(info.memoryBytes).toBeGreaterThanOrEqual(base.memoryBytes);
    expect(a.ptr % 16).toBe(0);
    expect(b.ptr % 16).toBe(0);

    a.dispose();
    info = be.memoryInfo();
    expect(info.liveBuffers).toBe(base.liveBuffers + 2);
    expect(info.bytesInUse).toBe(base.bytesInUse + 32);
    expect(a.disposed).toBe(true);
    a.dispose(); // no throw, no double free
    expect(be.memoryInfo()).toEqual(info);
    b.dispose();
    c.dispose();
    c.dispose();
    info = be.memoryInfo();
    expect(info.liveBuffers).toBe(base.liveBuffers);
    expect(info.bytesInUse).toBe(base.bytesInUse);
    // The heap itself refuses a pointer that is not live.
    expect(() => be.heap.free(b.ptr)).toThrow(/not live/);
  });

  it('throws RangeError when out of memory and keeps working', async () => {
    const be = await fresh(2);
    const base = be.memoryInfo();
    // 5 GB in one buffer: beyond the 32-bit address space, rejected before touching WASM.
    expect(() => WasmBuffer.alloc(be.heap, (5 * 2 ** 30) / 4)).toThrow(RangeError);
    expect(() => WasmBuffer.alloc(be.heap, (5 * 2 ** 30) / 4)).toThrow(/4 GiB/);
    // Just under 4 GiB: allowed by the check, refused by the allocator (memory cannot grow that far).
    expect(() => WasmBuffer.alloc(be.heap, 0x3fff_fff0)).toThrow(RangeError);
    expect(() => WasmBuffer.alloc(be.heap, 0x3fff_fff0)).toThrow(/out of WebAssembly memory/);
    expect(be.memoryInfo()).toMatchObject({ liveBuffers: base.liveBuffers, bytesInUse: base.bytesInUse });

    // 5 GB worth in 1 GiB buffers: the memory grows (untouched pages, so little real RAM)
    // until the 4 GiB maximum refuses the next one.
    const held: WasmBuffer[] = [];
    let error: unknown;
    try {
      for (let i = 0; i < 5; i++) held.push(WasmBuffer.alloc(be.heap, 2 ** 28));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RangeError);
    expect(String(error)).toMatch(/out of WebAssembly memory|4 GiB/);
    expect(held.length).toBeGreaterThanOrEqual(2);
    expect(held.length).toBeLessThan(4);
    expect(be.memoryInfo().liveBuffers).toBe(base.liveBuffers + held.length);
    for (const h of held) h.dispose();
    expect(be.memoryInfo()).toMatchObject({ liveBuffers: base.liveBuffers, bytesInUse: base.bytesInUse });

    // Still works, threads included, and freed space is reusable.
    expect(be.info()).toMatchObject({ threadCount: 2, readyWorkers: 1 });
    expect(gemmError(be, M, N, K, 17)).toBeLessThan(TOL);
    const again = WasmBuffer.alloc(be.heap, 2 ** 28);
    again.dispose();
  });
});
