// Symbolic tensors (Keras `KerasTensor`): placeholders with a shape whose batch axis may be
// unknown, recording which layer call produced them so a functional Model can replay the
// graph.

import type { DType } from '../tensor/tensor.js';
import type { Layer } from './layer.js';

export type SymbolicShape = readonly (number | null)[];

let nextId = 0;

/** One call of a layer on symbolic inputs. */
export interface LayerNode {
  layer: Layer;
  inputs: SymbolicTensor[];
  outputs: SymbolicTensor[];
  kwargs: Record<string, unknown>;
}

export class SymbolicTensor {
  readonly isSymbolic = true;
  readonly id = nextId++;
  /** Shape of the Keras mask this tensor will carry at run time (Keras `_keras_mask`), or null. */
  kerasMask: SymbolicShape | null = null;

  constructor(
    readonly shape: SymbolicShape,
    readonly dtype: DType,
    /** The node that produced this tensor (undefined only while being created). */
    public node: LayerNode | undefined,
    readonly name: string,
  ) {}

  get rank(): number {
    return this.shape.length;
  }

  toString(): string {
    return `<SymbolicTensor shape=(${this.shape.map((d) => (d === null ? 'None' : d)).join(', ')}) name=${this.name}>`;
  }
}

export function isSymbolic(x: unknown): x is SymbolicTensor {
  return typeof x === 'object' && x !== null && (x as { isSymbolic?: boolean }).isSymbolic === true;
}
