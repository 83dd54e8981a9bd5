// Reference-counted WASM buffers, so reshapes and tape snapshots share data without copies.

import { backend, WasmBuffer, type DType } from '../../bindings/index.js';

export class Storage {
  private refs = 1;
  /**
   * Written in place after creation (a Variable's buffer: assign, optimizer kernels, setWeights),
   * so facts about its contents (`nonFinite`) cannot be remembered. Other tensors are immutable.
   */
  mutable = false;

  private verdict: number | undefined;

  /**
   * Index of the first NaN/±Infinity, -1 when every element is finite, undefined when not known.
   * Recorded by the host upload (which checks each chunk while it is in cache) and by fit's
   * input check, so a data set is scanned once. Never reported for a mutable storage, whose
   * contents may have changed since.
   */
  get nonFinite(): number | undefined {
    return this.mutable ? undefined : this.verdict;
  }

  set nonFinite(v: number | undefined) {
    this.verdict = v;
  }

  constructor(readonly buf: WasmBuffer) {}

  static alloc(length: number, dtype: DType, what: string): Storage {
    return new Storage(WasmBuffer.alloc(backend().heap, length, dtype, what));
  }

  get length(): number {
    return this.buf.length;
  }

  get bytes(): number {
    return this.buf.length * 4;
  }

  retain(): this {
    this.refs++;
    return this;
  }

  release(): void {
    if (--this.refs === 0) this.buf.dispose();
  }

  get live(): boolean {
    return this.refs > 0;
  }
}
