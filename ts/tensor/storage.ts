// Reference-counted WASM buffers, so reshapes and tape snapshots share data without copies.

import { backend, WasmBuffer, type DType } from '../../bindings/index.js';

export class Storage {
  private refs = 1;
  /**
   * Written in place after creation (a Variable's buffer: assign, optimizer kernels, setWeights),
   * so facts about its contents (checkFinite's cache) cannot be remembered. Other tensors are immutable.
   */
  mutable = false;

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
