// The Tensor handle: a shape, a dtype and a reference to data that lives in WASM memory.

import type { DType, WasmBuffer } from '../../bindings/index.js';
import { DisposedError } from '../errors.js';
import { engine } from './engine.js';
import { sizeOf, type Shape } from './shape.js';
import { Storage } from './storage.js';
import { formatTensor } from './format.js';
import { watch } from './reclaim.js';

export type { DType };
/** The typed array `dataSync()` returns: Float32Array for `'float32'`, Int32Array for `'int32'`. */
export type TypedArray = Float32Array | Int32Array;
/** A number or nested arrays of numbers, as `arraySync()` returns (`[[1, 2], [3, 4]]`). */
export type NestedArray = number | NestedArray[];

/**
 * An n-dimensional array in WASM memory (tfjs `tf.Tensor`, Keras backend tensor). Immutable: ops return new tensors.
 *
 * Memory is freed by `dispose()`, by the enclosing `tidy`, or (as a safety net) when the tensor is garbage collected.
 *
 * @example
 * ```ts
 * const x = tensor([[1, 2], [3, 4]]);
 * const y = tidy(() => add(matmul(x, x), 1));
 * console.log(y.arraySync()); // [[8, 11], [16, 23]]
 * x.dispose(); y.dispose();
 * ```
 */
export class Tensor {
  /** Always `true`: a duck-typing tag that survives separate copies of the library. */
  readonly isTensor = true;
  /** Unique id of this tensor handle (increasing). */
  readonly id = engine.newId();
  /** Size of each axis; `[]` for a scalar. */
  readonly shape: readonly number[];
  /** Number of elements (product of `shape`; 1 for a scalar). */
  readonly size: number;
  private store: Storage | null;

  constructor(
    storage: Storage, shape: Shape,
    /** Element type: `'float32'` or `'int32'`. */
    readonly dtype: DType,
    tracked = true,
  ) {
    // A private copy, not frozen: Object.freeze costs more than the rest of a small op.
    this.shape = shape.slice();
    this.size = sizeOf(shape);
    this.store = storage;
    this.tracked = tracked;
    if (tracked) {
      engine.track(this);
      // The GC safety net (reclaim.ts) covers every tracked tensor, whatever its size.
      watch(this, storage.bytes);
    }
  }

  private finalizer: FinalizationRegistry<Storage> | null = null;

  /** For the GC safety net (reclaim.ts) only. */
  registerFinalizer(reg: FinalizationRegistry<Storage>): void {
    if (this.store === null || this.finalizer) return;
    reg.register(this, this.store, this);
    this.finalizer = reg;
  }

  private readonly tracked: boolean;

  /** Overridden by trainable Variables, which GradientTape watches automatically. */
  get isTrainableVariable(): boolean {
    return false;
  }

  /** Number of axes (`shape.length`). */
  get rank(): number {
    return this.shape.length;
  }

  /** Whether `dispose()` has run (any data access then throws `DisposedError`). */
  get isDisposed(): boolean {
    return this.store === null;
  }

  /** The shared storage; throws a clear error once disposed, or once its backend is gone. */
  get storage(): Storage {
    if (this.store === null) {
      throw new DisposedError(`Tensor ${this.id} (shape=[${this.shape.join(',')}]) has been disposed.`);
    }
    if (!this.store.buf.heap.alive) {
      throw new DisposedError(`Tensor ${this.id} (shape=[${this.shape.join(',')}]) belongs to a kerasm backend that was ` +
        'disposed by disposeBackend(); its memory is gone. Create tensors again after the backend is reloaded.');
    }
    return this.store;
  }

  /** The backing WASM buffer (for kernels and bindings; most code never needs it). */
  get buf(): WasmBuffer {
    return this.storage.buf;
  }

  /** Frees the memory now (idempotent). Tensors created inside `tidy` are freed by it unless returned or kept. */
  dispose(): void {
    if (this.store === null) return;
    const s = this.store;
    this.store = null;
    if (this.tracked) {
      engine.untrack(this);
      this.finalizer?.unregister(this);
    }
    s.release();
  }

  /** An untracked handle on the same storage, for the gradient tape. */
  snapshot(): Tensor {
    return new Tensor(this.storage.retain(), this.shape, this.dtype, false);
  }

  /** A tracked handle on the same data with another shape of the same size (no copy). */
  view(shape: Shape): Tensor {
    return new Tensor(this.storage.retain(), shape, this.dtype);
  }

  /** A copy of the data as a typed array. */
  dataSync(): TypedArray {
    const v = this.buf.view();
    return this.dtype === 'float32' ? Float32Array.from(v.subarray(0, this.size)) : Int32Array.from(v.subarray(0, this.size));
  }

  /**
   * A copy of the data as a typed array, asynchronously (tfjs `data()`; resolves at once: the data is in WASM memory).
   */
  async data(): Promise<TypedArray> {
    return this.dataSync();
  }

  /** The data as nested arrays (tfjs `arraySync()`). */
  arraySync(): NestedArray {
    const d = this.dataSync();
    if (this.rank === 0) return d[0]!;
    const build = (axis: number, offset: number): NestedArray[] => {
      const n = this.shape[axis]!;
      const inner = sizeOf(this.shape.slice(axis + 1));
      const out: NestedArray[] = new Array(n);
      for (let i = 0; i < n; i++) {
        out[i] = axis === this.rank - 1 ? d[offset + i]! : build(axis + 1, offset + i * inner);
      }
      return out;
    };
    return build(0, 0);
  }

  /** The data as nested arrays, asynchronously (tfjs `array()`). */
  async array(): Promise<NestedArray> {
    return this.arraySync();
  }

  /** Keeps this tensor alive past the enclosing `tidy`. */
  keep(): this {
    return engine.keep(this);
  }

  /** A printable summary: shape, dtype and (elided) values; `verbose` adds the layout. */
  toString(verbose = false): string {
    return formatTensor(this.shape, this.dtype, this.isDisposed ? null : this.dataSync(), verbose);
  }

  /** Logs `toString(verbose)` to the console (tfjs `print()`). */
  print(verbose = false): void {
    console.log(this.toString(verbose));
  }
}
