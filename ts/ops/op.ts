// What every op file shares: output allocation and gradient recording.

import type { Backend } from '../../bindings/index.js';
import { backend } from '../../bindings/index.js';
import type { DType } from '../tensor/tensor.js';
import { Tensor } from '../tensor/tensor.js';
import { engine } from '../tensor/engine.js';
import { sizeOf, type Shape } from '../tensor/shape.js';
import { Storage } from '../tensor/storage.js';

export type Backward = (dys: (Tensor | null)[], needs: boolean[], saved: Tensor[]) => (Tensor | null)[];

/** A new uninitialised tensor for an op's output. */
export function empty(shape: Shape, dtype: DType, op: string): Tensor {
  return new Tensor(Storage.alloc(sizeOf(shape), dtype, op), shape, dtype);
}

export function be(): Backend {
  return backend();
}

/**
 * Records `outputs = op(inputs)` on the active tape when a gradient can flow through it.
 * `saved` tensors are snapshotted and handed back to `backward` in the same order.
 */
export function record(name: string, inputs: readonly Tensor[], outputs: readonly Tensor[], backward: Backward, saved: Tensor[] = []): void {
  if (!engine.needsGrad(inputs)) return;
  engine.record({ name, inputIds: inputs.map((t) => t.id), outputIds: outputs.map((t) => t.id), backward, saved });
}

/** Shorthand for single-output ops whose backward returns one gradient per input. */
export function record1(name: string, inputs: readonly Tensor[], out: Tensor, backward: (dy: Tensor, needs: boolean[], saved: Tensor[]) => (Tensor | null)[], saved: Tensor[] = []): void {
  record(name, inputs, [out], (dys, needs, s) => (dys[0] ? backward(dys[0], needs, s) : inputs.map(() => null)), saved);
}
