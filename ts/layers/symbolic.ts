// Symbolic tensors (Keras `KerasTensor`): placeholders with a shape whose batch axis may be
// unknown, recording which layer call produced them so a functional Model can replay the
// graph.

import type { DType } from '../tensor/tensor.js';
import type { Layer } from './layer.js';

export type SymbolicShape = readonly (number | null)[];
/** dtype of a symbolic tensor: a tensor dtype, or `'string'` for a model's string inputs (held in JS as StringTensors). */
export type SymbolicDType = DType | 'string';

let nextId = 0;

/** One call of a layer on symbolic inputs. */
export interface LayerNode {
  layer: Layer;
  inputs: SymbolicTensor[];
  outputs: SymbolicTensor[];
  kwargs: Record<string, unknown>;
}

/**
 * A placeholder tensor of the functional API (Keras `KerasTensor`): a shape whose axes may be unknown (null), a dtype, and the layer call that produced it.
 *
 * Made by {@link input} and by calling a layer on SymbolicTensors; a `Model` replays the recorded calls on real data.
 * @example
 * ```ts
 * const x = input({ shape: [784] });                           // shape [null, 784]
 * const y = layers.dense({ units: 10 }).apply(x);              // SymbolicTensor [null, 10]
 * const model = new Model({ inputs: x, outputs: y });
 * ```
 */
export class SymbolicTensor {
  /** Always true: tells SymbolicTensors from Tensors without `instanceof`. */
  readonly isSymbolic = true;
  /** Creation counter, unique per process. */
  readonly id = nextId++;
  /** Shape of the Keras mask this tensor will carry at run time (Keras `_keras_mask`), or null. */
  kerasMask: SymbolicShape | null = null;

  constructor(
    /** Shape with the batch axis first; null marks an axis unknown until run time. */
    readonly shape: SymbolicShape,
    /** dtype of the tensor this placeholder stands for (`'string'`: a StringTensor). */
    readonly dtype: SymbolicDType,
    /** The node that produced this tensor (undefined only while being created). */
    public node: LayerNode | undefined,
    /** Name of the tensor (the producing layer's name for layer outputs). */
    readonly name: string,
  ) {}

  /** Number of axes, batch axis included. */
  get rank(): number {
    return this.shape.length;
  }

  /** Keras-style description, e.g. `<SymbolicTensor shape=(None, 10) name=dense>`. */
  toString(): string {
    return `<SymbolicTensor shape=(${this.shape.map((d) => (d === null ? 'None' : d)).join(', ')}) name=${this.name}>`;
  }
}

export function isSymbolic(x: unknown): x is SymbolicTensor {
  return typeof x === 'object' && x !== null && (x as { isSymbolic?: boolean }).isSymbolic === true;
}
