// The Tensor handle: a shape, a dtype and a reference to data that lives in WASM memory.

import type { DType, WasmBuffer } from '../../bindings/index.js';
import { DisposedError } from '../errors.js';
import { engine } from './engine.js';
import { sizeOf, type Shape } from './shape.js';
import { Storage } from './storage.js';
import { formatTensor } from './format.js';

export type { DType };
export type TypedArray = Float32Array | Int32Array;
export type NestedArray = number | NestedArray[];

// Frees what a forgotten tensor held once it is garbage collected. A safety net only:
// GC timing is unpredictable, so `dispose`/`tidy` remain the plan.
const FINALIZE_MIN_BYTES = 64 * 1024;
const finalizer = new FinalizationRegistry<Storage>((s) => {
  if (s.live) s.release();
});

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
      // The GC safety net is for buffers worth recovering; registering every small
      // tensor would double the cost of small ops and feed the garbage collector.
      this.finalized = storage.bytes >= FINALIZE_MIN_BYTES;
      if (this.finalized) finalizer.register(this, storage, this);
    }
  }

  private finalized = false;

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

  /** The shared storage; throws a clear error once disposed. */
  get storage(): Storage {
    if (this.store === null) {
      throw new DisposedError(`Tensor ${this.id} (shape=[${this.shape.join(',')}]) has been disposed.`);
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
      if (this.finalized) finalizer.unregister(this);
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
