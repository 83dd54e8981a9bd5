// InputLayer and `input()`: the entry points of a functional model (Keras `keras.Input`).

import { ValueError, fmt } from '../errors.js';
import type { DType, Tensor } from '../tensor/tensor.js';
import { Layer, uniqueName } from './layer.js';
import { SymbolicTensor, type SymbolicShape } from './symbolic.js';

export interface InputArgs {
  /** Shape of one sample, without the batch axis. */
  shape?: readonly number[];
  batchSize?: number;
  /** Full shape with the batch axis (null = any). */
  batchShape?: SymbolicShape;
  dtype?: DType;
  name?: string;
}

export class InputLayer extends Layer {
  readonly output: SymbolicTensor;

  constructor(args: InputArgs) {
    const shape = args.batchShape ?? (args.shape ? [args.batchSize ?? null, ...args.shape] : undefined);
    if (!shape || shape.slice(1).some((d) => d !== null && (!Number.isInteger(d) || d < 0))) {
      throw new ValueError(`input: shape must be an array of non-negative integers (without the batch axis). Received: shape=${fmt(args.shape ?? args.batchShape)}`);
    }
    super({ name: args.name ?? uniqueName('input_layer'), dtype: args.dtype });
    this.batchInputShape = shape;
    this.built = true;
    const node = { layer: this as Layer, inputs: [], outputs: [] as SymbolicTensor[], kwargs: {} };
    this.output = new SymbolicTensor(shape, this.dtype, node, this.name);
    node.outputs = [this.output];
    this.inboundNodes.push(node);
  }

  call(inputs: Tensor | Tensor[]): Tensor | Tensor[] {
    return inputs;
  }

  override getConfig(): Record<string, unknown> {
    return { batch_shape: this.batchInputShape, dtype: this.dtype, name: this.name, sparse: false, ragged: false };
  }
}

/** A symbolic input (Keras `keras.Input`). */
export function input(args: InputArgs): SymbolicTensor {
  return new InputLayer(args).output;
}
