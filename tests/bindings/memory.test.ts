// The heap's cached views must follow every growth of the memory, including growth that JS
// does not see (a kernel's allocator calling memory.grow inside WebAssembly).

import { describe, expect, it } from 'vitest';
import { Heap } from '../../bindings/memory.js';
import type { Exports } from '../../bindings/exports.js';

const PAGE = 65536;

function heapOn(memory: WebAssembly.Memory): Heap {
  let next = 16;
  const ex = {
    kx_alloc: (size: number) => {
      const p = next;
      next += size;
      const need = Math.ceil(next / PAGE) - memory.buffer.byteLength / PAGE;
      if (need > 0) memory.grow(need);
      return p;
    },
    kx_free: () => {},
  } as unknown as Exports;
  return new Heap(memory, ex);
}

describe.each([false, true])('Heap views (shared=%s)', (shared) => {
  it('see memory grown behind their back, through every accessor', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 8, shared });
    const heap = heapOn(memory);
    heap.u8.fill(0, 0, 64);
    heap.f32[4] = 1; // views cached over one page
    memory.grow(2); // as a kernel's allocator would: JS is not told
    const ptr = 2 * PAGE + 64;
    heap.f32At(ptr, 4).set([1, 2, 3, 4]);
    expect(Array.from(new Float32Array(memory.buffer, ptr, 4))).toEqual([1, 2, 3, 4]);
    heap.i32At(ptr + 16, 2).set([7, 8]);
    expect(Array.from(new Int32Array(memory.buffer, ptr + 16, 2))).toEqual([7, 8]);
    memory.grow(1);
    heap.f32[(3 * PAGE + 8) >>> 2] = 5;
    expect(new Float32Array(memory.buffer)[(3 * PAGE + 8) >>> 2]).toBe(5);
    memory.grow(1);
    heap.i32[(4 * PAGE + 8) >>> 2] = 6;
    heap.u8[4 * PAGE + 100] = 9;
    expect(new Int32Array(memory.buffer)[(4 * PAGE + 8) >>> 2]).toBe(6);
    expect(new Uint8Array(memory.buffer)[4 * PAGE + 100]).toBe(9);
    memory.grow(1);
    heap.u8Upto(5 * PAGE + 4)[5 * PAGE] = 3;
    heap.i32Upto(5 * PAGE + 8)[(5 * PAGE + 4) >>> 2] = 4;
    heap.f32Upto(5 * PAGE + 12)[(5 * PAGE + 8) >>> 2] = 2.5;
    expect(new Uint8Array(memory.buffer)[5 * PAGE]).toBe(3);
    expect(new Int32Array(memory.buffer)[(5 * PAGE + 4) >>> 2]).toBe(4);
    expect(new Float32Array(memory.buffer)[(5 * PAGE + 8) >>> 2]).toBe(2.5);
    // The data written before the growth is still there, read through fresh views.
    expect(heap.f32At(16, 1)[0]).toBe(1);
  });

  it('serves buffers the allocator grew the memory for', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 8, shared });
    const heap = heapOn(memory);
    expect(heap.f32.length).toBe(PAGE / 4);
    const p = heap.alloc(3 * PAGE);
    heap.f32At(p, 3 * PAGE / 4).fill(1.5);
    expect(new Float32Array(memory.buffer, p, 3 * PAGE / 4).every((x) => x === 1.5)).toBe(true);
    expect(heap.f32.length).toBe(memory.buffer.byteLength / 4);
    expect(heap.info().memoryBytes).toBe(memory.buffer.byteLength);
  });
});
