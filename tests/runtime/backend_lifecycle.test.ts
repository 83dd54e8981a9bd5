// Issue 10 items 4, 6 (ready) and 8, and issue 9's eager-loop memory item, on the
// process-wide backend: tensors refuse use after disposeBackend(); a second ready() with
// other options applies threads or throws; releaseCache; forgotten tensors of any size are
// reclaimed (counted out of numTensors), and a synchronous loop without tidy() does not run
// out of memory.

import { describe, expect, it } from 'vitest';
import { backend, disposeBackend, memoryInfo, ready, releaseCache } from '../../bindings/index.js';
import { memory } from '../../ts/autograd/gradients.js';
import { DisposedError } from '../../ts/errors.js';
import { add, matmul } from '../../ts/ops/index.js';
import { randomNormal } from '../../ts/tensor/random.js';
import { tensor } from '../../ts/tensor/creation.js';

describe('disposeBackend()', () => {
  it('makes tensors of the old backend refuse every use, naming the cause', async () => {
    await ready();
    const old = tensor([1, 2, 3]);
    const oldBig = randomNormal([64, 64]);
    disposeBackend();
    for (const use of [() => old.dataSync(), () => add(old, 1), () => matmul(oldBig, oldBig), () => old.buf]) {
      expect(use).toThrow(DisposedError);
      expect(use).toThrow(/belongs to a kerasm backend that was disposed by disposeBackend\(\)/);
    }
    // A fresh backend loads on next use; its tensors work, and the old ones still refuse.
    const fresh = add(tensor([1, 2, 3]), 1);
    expect(Array.from(fresh.dataSync())).toEqual([2, 3, 4]);
    expect(() => add(old, fresh)).toThrow(DisposedError);
    old.dispose(); // disposing is still harmless
    fresh.dispose();
  });
});

describe('ready() called again', () => {
  it('applies threads, throws for options it cannot apply, and accepts the same options', async () => {
    disposeBackend();
    const be = await ready({ threads: 2 });
    expect(await ready()).toBe(be);
    expect(await ready({ threads: 1 })).toBe(be);
    expect(be.getThreadCount()).toBe(1);
    await expect(ready({ variant: 'simd' })).rejects.toThrow(
      /ready: kerasm is already loaded with other options; call disposeBackend\(\) first to reload. Received: variant: "simd" \(loaded: "threads/);
    await expect(ready({ wasmBaseUrl: '/elsewhere/' })).rejects.toThrow(/wasmBaseUrl/);
    await expect(ready({ variant: be.variant, threads: 2 })).resolves.toBe(be);
    expect(be.getThreadCount()).toBe(2);
  });
});

describe('releaseCache()', () => {
  it('returns the cached free buffers to the allocator', async () => {
    await ready();
    const t = randomNormal([256, 256]);
    t.dispose();
    const before = memoryInfo();
    expect(before.bytesCached).toBeGreaterThanOrEqual(256 * 256 * 4);
    releaseCache();
    const after = memoryInfo();
    expect(after.bytesCached).toBe(0);
    expect(after.allocatorCalls).toBeGreaterThan(before.allocatorCalls);
  });
});

describe('tensors that are never disposed', () => {
  it('a synchronous eager loop (randomNormal 512² + matmul, no tidy) stays within a 256 MiB memory cap', async () => {
    disposeBackend();
    await ready({ maxMemoryBytes: 256 << 20 });
    const n0 = memory().numTensors;
    // About 3 MiB per iteration: 400 iterations need 1.2 GiB without reclamation.
    for (let i = 0; i < 400; i++) {
      const a = randomNormal([512, 512]);
      matmul(a, a);
    }
    expect(backend().memoryInfo().memoryBytes).toBeLessThanOrEqual(256 << 20);
    // Collected tensors no longer count.
    expect(memory().numTensors - n0).toBeLessThan(400);
    disposeBackend();
  });

  it('small tensors are collected too, and leave numTensors', async () => {
    await ready();
    const v8 = process.getBuiltinModule('node:v8') as typeof import('node:v8');
    const vm = process.getBuiltinModule('node:vm') as typeof import('node:vm');
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const n0 = memory().numTensors;
    const bytes0 = memoryInfo().bytesInUse;
    (() => {
      for (let i = 0; i < 2000; i++) tensor([i, 1, 2]);
    })();
    expect(memory().numTensors - n0).toBe(2000);
    for (let i = 0; i < 20 && memory().numTensors - n0 > 100; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(memory().numTensors - n0).toBeLessThan(100);
    expect(memoryInfo().bytesInUse - bytes0).toBeLessThan(100 * 16);
  });
});
