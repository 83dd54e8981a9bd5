// InputLayer and `input()`: the entry points of a functional model (Keras `keras.Input`).

import { ValueError, fmt } from '../errors.js';
import type { DType, Tensor } from '../tensor/tensor.js';
import { Layer, uniqueName } from './layer.js';
import { SymbolicTensor, type SymbolicDType, type SymbolicShape } from './symbolic.js';
import { checkOptions } from '../utils/options.js';
import { dtypeFromConfig } from './config.js';
import { camelKeys } from '../utils/config_keys.js';

/** Options of {@link input} and {@link InputLayer} (Keras `keras.Input` / `InputLayer`). Give `shape` or `batchShape`. */
export interface InputArgs {
  /** Shape of one sample, without the batch axis. */
  shape?: readonly number[];
  /** Fixed batch size, combined with `shape`. Default: any (null). */
  batchSize?: number;
  /** Full shape with the batch axis (null = any). */
  batchShape?: SymbolicShape;
  /** dtype of the input: `'float32'`, `'int32'` (token ids, indices) or `'string'` (text for TextVectorization, StringLookup, Hashing; fed as `string[]` / `string[][]`). Default: `'float32'`. */
  dtype?: DType | 'string';
  /** Name of the input (and of its InputLayer). Default: `input_layer`, `input_layer_1`, … */
  name?: string;
  /** Sparse, ragged and optional inputs (Keras): only false. */
  sparse?: boolean;
  /** Ragged inputs (Keras): not supported; only false is accepted. */
  ragged?: boolean;
  /** Optional inputs (Keras): not supported; only false is accepted. */
  optional?: boolean;
}

const INPUT_OPTIONS = ['shape', 'batchSize', 'batchShape', 'dtype', 'name', 'sparse', 'ragged', 'optional'];

/**
 * The layer behind a model input (Keras `InputLayer`): holds the input's batch shape and dtype and passes its input through.
 *
 * Usually made by {@link input}; a Sequential model given `inputShape` records one too, as Keras does.
 * Throws a ValueError (with `Received:`) for a missing or non-integer shape, a dtype other than float32/int32, or sparse, ragged or optional inputs.
 */
export class InputLayer extends Layer {
  constructor(args: InputArgs) {
    checkOptions('input', args, INPUT_OPTIONS);
    for (const k of ['sparse', 'ragged', 'optional'] as const) {
      if (args[k] !== undefined && args[k] !== false) throw new ValueError(`input: ${k} inputs are not supported by kerasm. Received: ${k}=${fmt(args[k])}`);
    }
    if (args.dtype !== undefined && args.dtype !== 'float32' && args.dtype !== 'int32' && args.dtype !== 'string') {
      throw new ValueError(`input: dtype must be 'float32', 'int32' or 'string'. Received: dtype=${fmt(args.dtype)}`);
    }
    const shape = args.batchShape ?? (args.shape ? [args.batchSize ?? null, ...args.shape] : undefined);
    if (!shape || shape.slice(1).some((d) => d !== null && (!Number.isInteger(d) || d < 0))) {
      throw new ValueError(`input: shape must be an array of non-negative integers (without the batch axis). Received: shape=${fmt(args.shape ?? args.batchShape)}`);
    }
    // A layer's dtype is a tensor dtype; a string input's lives on its symbolic tensor.
    super({ name: args.name ?? uniqueName('input_layer'), dtype: args.dtype === 'string' ? undefined : args.dtype });
    this.batchInputShape = shape;
    this.built = true;
    const node = { layer: this as Layer, inputs: [], outputs: [] as SymbolicTensor[], kwargs: {} };
    node.outputs = [new SymbolicTensor(shape, args.dtype ?? this.dtype, node, this.name)];
    this.inboundNodes.push(node);
  }

  override get output(): SymbolicTensor {
    return this.inboundNodes[0]!.outputs[0]!;
  }

  call(inputs: Tensor | Tensor[]): Tensor | Tensor[] {
    return inputs;
  }

  // Keras 3's InputLayer config (dtype as a plain string, no `trainable`).
  override getConfig(): Record<string, unknown> {
    return { batch_shape: this.batchInputShape, dtype: this.inputDType, sparse: false, ragged: false, name: this.name, optional: false };
  }

  /** dtype of the input this layer stands for: the layer's, or `'string'` for a string input. */
  get inputDType(): SymbolicDType {
    return this.output.dtype;
  }

  /**
   * From a Keras config (`batch_shape`, or Keras 2's `batch_input_shape`). Integer inputs
   * saved as int64 load as int32, as in the tfjs converter (kerasm has no int64).
   */
  static fromConfig(config: Record<string, unknown>): InputLayer {
    const { batchInputShape, dtype, ...rest } = camelKeys('InputLayer config', config);
    const dt = dtypeFromConfig(dtype);
    return new InputLayer({
      ...rest, ...(batchInputShape ? { batchShape: batchInputShape as SymbolicShape } : {}),
      dtype: (dt === 'int64' ? 'int32' : dt) as DType | 'string' | undefined,
    });
  }
}

/** A symbolic input (Keras `keras.Input`). */
export function input(args: InputArgs): SymbolicTensor {
  return new InputLayer(args).output;
}
