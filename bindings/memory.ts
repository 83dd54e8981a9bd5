// The WASM heap as JS sees it: aligned buffers, live-buffer accounting, and typed-array
// views that are rebuilt whenever the memory grows (old views keep the old length).

import type { Exports, Ptr } from './exports.js';

/** Alignment of every buffer: one SIMD vector. */
export const ALIGN = 16;

/** What `memoryInfo()` reports about the WebAssembly heap. */
export interface MemoryInfo {
  /** Bytes held by live buffers allocated through the heap. */
  bytesInUse: number;
  /** Number of live buffers. */
  liveBuffers: number;
  /** Freed buffers kept for reuse (not in use, not yet returned to the allocator). */
  bytesCached: number;
  /** Calls into the WASM allocator so far: flat once a training loop is warm. */
  allocatorCalls: number;
  /** Current size of WebAssembly linear memory in bytes. */
  memoryBytes: number;
}

// Freed buffers up to this size are kept, per exact size, for the next request of that
// size: a training step allocates the same shapes every time, so once warm it is served
// entirely from this cache (no allocator calls, no growth). Bounded so it cannot hoard.
const CACHE_MAX_BUFFER = 64 << 20;
const CACHE_MAX_TOTAL = 256 << 20;

// Heap pressure: when bytes in use pass this mark (or an allocation fails) the heap asks the
// pressure handler to reclaim forgotten buffers before it grows; the mark then moves to
// twice what is still in use, so a genuinely large workload is not slowed down.
const PRESSURE_MIN_MARK = 256 << 20;

/** Reclaims what it can (e.g. tensors the program dropped); true if memory may have been freed. */
export type PressureHandler = (heap: Heap) => boolean;
let pressureHandler: PressureHandler | undefined;

/** Installed by the tensor layer (ts/tensor/reclaim.ts); the bindings know nothing of tensors. */
export function setPressureHandler(fn: PressureHandler | undefined): void {
  pressureHandler = fn;
}

export class Heap {
  private readonly live = new Map<Ptr, number>();
  private bytes = 0;
  private readonly cache = new Map<number, Ptr[]>();
  private cached = 0;
  private allocatorCalls = 0;
  private seenLength = -1;
  /** Whether the memory is shared (threads build); unknown until the first refresh. */
  private shared: boolean | undefined;
  private f32View = new Float32Array(0);
  private i32View = new Int32Array(0);
  private u8View = new Uint8Array(0);
  private readonly minMark: number;
  private pressureMark: number;
  private closed = false;

  /** `maxBytes`: the memory's maximum size (pressure is judged against it). */
  constructor(readonly memory: WebAssembly.Memory, private readonly ex: Exports, private readonly maxBytes = 2 ** 32) {
    this.minMark = Math.min(PRESSURE_MIN_MARK, maxBytes / 4);
    this.pressureMark = this.minMark;
  }

  /** False once the backend that owns this heap was disposed: its buffers are gone. */
  get alive(): boolean {
    return !this.closed;
  }

  /** Marks the heap as gone (`disposeBackend()`); buffers in it must not be used again. */
  close(): void {
    this.closed = true;
  }

  /** Allocates `bytes` (rounded up to 16) and returns its byte offset. */
  alloc(bytes: number, what = 'alloc'): Ptr {
    if (this.closed) throw new Error(`${what}: this kerasm backend was disposed (disposeBackend()); its memory is gone.`);
    if (!Number.isInteger(bytes) || bytes < 0) {
      throw new RangeError(`${what}: buffer size must be a non-negative integer. Received: ${bytes}`);
    }
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    if (size > 0xffff_fff0) {
      throw new RangeError(`${what}: ${bytes} bytes exceed the 4 GiB WebAssembly address space.`);
    }
    let ptr = this.fromCache(size);
    if (ptr !== undefined) return ptr;
    let relieved = false;
    if (this.bytes + size > this.pressureMark && pressureHandler) {
      relieved = this.relieve();
      ptr = this.fromCache(size);
      if (ptr !== undefined) return ptr;
    }
    this.allocatorCalls++;
    ptr = this.ex.kx_alloc(size, ALIGN) >>> 0;
    if (ptr === 0 && !relieved && pressureHandler) this.relieve();
    if (ptr === 0 && this.cached > 0) {
      this.releaseCache();
      ptr = this.ex.kx_alloc(size, ALIGN) >>> 0;
    }
    if (ptr === 0) {
      throw new RangeError(`${what}: out of WebAssembly memory allocating ${bytes} bytes ` +
        `(${this.bytes} bytes in ${this.live.size} live buffers; memory is ${this.memory.buffer.byteLength} bytes). ` +
        'Dispose tensors you no longer need, or run eager loops inside tidy().');
    }
    this.live.set(ptr, size);
    this.bytes += size;
    return ptr;
  }

  private fromCache(size: number): Ptr | undefined {
    const reuse = this.cache.get(size)?.pop();
    if (reuse === undefined) return undefined;
    this.cached -= size;
    this.live.set(reuse, size);
    this.bytes += size;
    return reuse;
  }

  private relieve(): boolean {
    const freed = pressureHandler!(this);
    // Near the cap, cached buffers would starve kernels' scratch memory.
    if (this.cached > 0 && this.bytes + this.cached > this.maxBytes / 2) this.releaseCache();
    this.pressureMark = Math.max(this.minMark, 2 * this.bytes);
    return freed;
  }

  free(ptr: Ptr, what = 'free'): void {
    const size = this.live.get(ptr);
    if (size === undefined) throw new Error(`${what}: buffer ${ptr} is not live (double free or foreign pointer).`);
    this.live.delete(ptr);
    this.bytes -= size;
    if (size <= CACHE_MAX_BUFFER && this.cached + size <= CACHE_MAX_TOTAL) {
      let list = this.cache.get(size);
      if (!list) this.cache.set(size, (list = []));
      list.push(ptr);
      this.cached += size;
      return;
    }
    this.allocatorCalls++;
    this.ex.kx_free(ptr, size, ALIGN);
  }

  /**
   * Returns every cached free buffer to the allocator, so later allocations of other sizes
   * can reuse the space. WebAssembly memory itself never shrinks: this bounds further
   * growth, it does not lower `memoryBytes`.
   */
  releaseCache(): void {
    for (const [size, list] of this.cache) {
      for (const p of list) {
        this.allocatorCalls++;
        this.ex.kx_free(p, size, ALIGN);
      }
    }
    this.cache.clear();
    this.cached = 0;
  }

  isLive(ptr: Ptr): boolean {
    return this.live.has(ptr);
  }

  info(): MemoryInfo {
    return {
      bytesInUse: this.bytes, liveBuffers: this.live.size, bytesCached: this.cached,
      allocatorCalls: this.allocatorCalls, memoryBytes: this.memory.buffer.byteLength,
    };
  }

  // `memory.buffer` costs 0.05-0.7 µs on shared memory, so the views are cached, and reading
  // `memory.buffer` is avoided wherever a cheaper test is exact. The memory can grow from JS
  // (kx_alloc) or inside any kernel (its Rust allocator), so no growth counter kept here
  // would be complete; what is exact:
  // - not shared: every grow detaches the old buffer, so the cached views are current exactly
  //   while their byteLength is not 0;
  // - shared: a grow never detaches, and an old view stays valid over its old length (the
  //   memory never shrinks), so a view is good for any range that ends inside it. A caller
  //   that indexes anywhere must still ask the memory.
  private refresh(): void {
    const buf = this.memory.buffer;
    // By tag, not instanceof (which fails across realms): only a plain ArrayBuffer gets the cheap test.
    this.shared ??= Object.prototype.toString.call(buf) !== '[object ArrayBuffer]';
    if (buf.byteLength === this.seenLength && this.u8View.byteLength !== 0) return;
    this.seenLength = buf.byteLength;
    this.f32View = new Float32Array(buf);
    this.i32View = new Int32Array(buf);
    this.u8View = new Uint8Array(buf);
  }

  /** Refreshes the views unless they are known to be current (not shared, not detached). */
  private current(): void {
    if (this.shared !== false || this.u8View.byteLength === 0) this.refresh();
  }

  /** Refreshes the views unless they already cover bytes [0, end). */
  private covering(end: number): void {
    if (end > this.u8View.byteLength || this.u8View.byteLength === 0) this.refresh();
  }

  /** The whole memory as f32; index with `ptr >>> 2`. Never cache across kernel calls. */
  get f32(): Float32Array {
    this.current();
    return this.f32View;
  }
  get i32(): Int32Array {
    this.current();
    return this.i32View;
  }
  get u8(): Uint8Array {
    this.current();
    return this.u8View;
  }

  /**
   * The memory as f32, good for the bytes [0, end) (maybe not beyond): cheaper than `f32` on
   * shared memory. Never cache across kernel calls.
   */
  f32Upto(end: number): Float32Array {
    this.covering(end);
    return this.f32View;
  }
  /** As `f32Upto`, as int32. */
  i32Upto(end: number): Int32Array {
    this.covering(end);
    return this.i32View;
  }
  /** As `f32Upto`, as bytes. */
  u8Upto(end: number): Uint8Array {
    this.covering(end);
    return this.u8View;
  }

  /** A view of `len` f32 at `ptr`, valid until the next allocation or kernel call. */
  f32At(ptr: Ptr, len: number): Float32Array {
    const a = ptr >>> 2;
    return this.f32Upto((a + len) * 4).subarray(a, a + len);
  }
  i32At(ptr: Ptr, len: number): Int32Array {
    const a = ptr >>> 2;
    return this.i32Upto((a + len) * 4).subarray(a, a + len);
  }
}

/** Element types of tensors: 32-bit floats or 32-bit integers. */
export type DType = 'float32' | 'int32';

/**
 * A typed buffer in WASM memory: the handle JS holds while the data stays in WebAssembly.
 * Kernel bindings take these rather than raw pointers, so lengths and liveness are checked.
 */
export class WasmBuffer {
  private alive = true;

  constructor(
    /** The heap the buffer lives in. */
    readonly heap: Heap,
    /** Byte offset in linear memory. */
    readonly ptr: Ptr,
    /** Number of elements (4 bytes each). */
    readonly length: number,
    /** Element type. */
    readonly dtype: DType,
  ) {}

  /** A new uninitialised buffer of `length` elements (throws `RangeError` on a bad length). */
  static alloc(heap: Heap, length: number, dtype: DType = 'float32', what = 'alloc'): WasmBuffer {
    if (!Number.isInteger(length) || length < 0) {
      throw new RangeError(`${what}: buffer length must be a non-negative integer. Received: ${length}`);
    }
    return new WasmBuffer(heap, heap.alloc(length * 4, what), length, dtype);
  }

  /** Whether `dispose()` has run. */
  get disposed(): boolean {
    return !this.alive;
  }

  /** Returns the memory to the heap (idempotent). */
  dispose(): void {
    if (!this.alive) return;
    this.alive = false;
    this.heap.free(this.ptr);
  }

  /** A live view of the data; invalid after the next allocation or kernel call. */
  view(): Float32Array | Int32Array {
    return this.dtype === 'float32' ? this.heap.f32At(this.ptr, this.length) : this.heap.i32At(this.ptr, this.length);
  }

  /** A live Float32Array view, whatever the dtype; invalid after the next allocation or kernel call. */
  f32(): Float32Array {
    return this.heap.f32At(this.ptr, this.length);
  }

  /** A live Int32Array view, whatever the dtype; invalid after the next allocation or kernel call. */
  i32(): Int32Array {
    return this.heap.i32At(this.ptr, this.length);
  }
}
