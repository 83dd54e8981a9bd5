// The Tensor handle: a shape, a dtype and a reference to data that lives in WASM memory.

import type { DType, WasmBuffer } from '../../bindings/index.js';
import { DisposedError } from '../errors.js';
import { engine } from './engine.js';
import { sizeOf, type Shape } from './shape.js';
import { Storage } from './storage.js';
import { formatTensor } from './format.js';
import { watch } from './reclaim.js';

export type { DType };
export type TypedArray = Float32Array | Int32Array;
export type NestedArray = number | NestedArray[];

export class Tensor {
  readonly isTensor = true;
  readonly id = engine.newId();
  readonly shape: readonly number[];
  readonly size: number;
  private store: Storage | null;

  constructor(storage: Storage, shape: Shape, readonly dtype: DType, tracked = true) {
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

  get rank(): number {
    return this.shape.length;
  }

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

  get buf(): WasmBuffer {
    return this.storage.buf;
  }

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

  async data(): Promise<TypedArray> {
    return this.dataSync();
  }

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

  async array(): Promise<NestedArray> {
    return this.arraySync();
  }

  /** Keeps this tensor alive past the enclosing `tidy`. */
  keep(): this {
    return engine.keep(this);
  }

  toString(verbose = false): string {
    return formatTensor(this.shape, this.dtype, this.isDisposed ? null : this.dataSync(), verbose);
  }

  print(verbose = false): void {
    console.log(this.toString(verbose));
  }
}
