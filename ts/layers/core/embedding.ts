// Embedding: integer indices → dense vectors by table lookup (Keras `layers.Embedding`).
// The gradient is a scatter-add into the table (the kernel tfjs-wasm lacks).

import { ValueError, fmt } from '../../errors.js';
import * as initializers from '../../initializers/index.js';
import * as regularizers from '../../regularizers/index.js';
import * as constraints from '../../constraints/index.js';
import { gather } from '../../ops/gather.js';
import { cast } from '../../ops/cast.js';
import { notEqual } from '../../ops/binary.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../autograd/variable.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs, notSupported } from '../config.js';

/** Options of {@link Embedding} (Keras `layers.Embedding`). */
export interface EmbeddingArgs extends LayerArgs {
  /** Vocabulary size: inputs are integer ids in `[0, inputDim)` (Keras `input_dim`). A positive integer, else a ValueError. */
  inputDim: number;
  /** Length of each embedding vector (Keras `output_dim`). A positive integer, else a ValueError. */
  outputDim: number;
  /** Initializer of the table (Keras `embeddings_initializer`). Default: `'random_uniform'` (uniform in [-0.05, 0.05]). */
  embeddingsInitializer?: initializers.InitializerIdentifier;
  /** Penalty on the table added to the loss (Keras `embeddings_regularizer`). Default: none. */
  embeddingsRegularizer?: regularizers.RegularizerIdentifier;
  /** Penalty on the output added to the loss (Keras `activity_regularizer`). Default: none. */
  activityRegularizer?: regularizers.RegularizerIdentifier;
  /** Constraint applied to the table after each update (Keras `embeddings_constraint`). Default: none. */
  embeddingsConstraint?: constraints.ConstraintIdentifier;
  /**
   * Index 0 is padding: the output carries a mask that is 0 where the input is 0, which the
   * next layers (RNNs, attention, pooling, losses) honour. Index 0 still has a row in the table.
   */
  maskZero?: boolean;
  /** Length of the input sequences: sets the input shape to `[inputLength]` (as tfjs). */
  inputLength?: number | null;
  /** Keras's quantization config: only null (no quantization) is supported. */
  quantizationConfig?: null;
  /** Sparse gradients (Keras 2 configs write it): only false; the table gradient is a dense scatter-add. */
  sparse?: boolean;
  /** LoRA fine-tuning (Keras `lora_rank`): not supported; only null or absent is accepted. */
  loraRank?: number | null;
  /** LoRA scaling (Keras `lora_alpha`): not supported; only null or absent is accepted. */
  loraAlpha?: number | null;
}

/**
 * Maps integer ids to dense vectors by looking them up in a trainable table (Keras `layers.Embedding`).
 *
 * Input: ids of any shape `(batch, …)` (int32 or float32 holding integers). Output: `(batch, …, outputDim)`, float32.
 * @example layers.embedding({ inputDim: 10000, outputDim: 64, maskZero: true })
 */
export class Embedding extends Layer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = [
    'input_dim', 'output_dim', 'embeddings_initializer', 'embeddings_regularizer', 'activity_regularizer',
    'embeddings_constraint', 'mask_zero', 'quantization_config',
  ];
  /** Options accepted beyond the config keys: tfjs's `inputLength`, Keras 2's `sparse` (only false), and the LoRA options (refused unless null). */
  static readonly extraOptions = ['inputLength', 'sparse', 'loraRank', 'loraAlpha'];

  /** Vocabulary size (rows of the table). */
  readonly inputDim: number;
  /** Embedding size (columns of the table). */
  readonly outputDim: number;
  /** Initializer of the table. Default: uniform in [-0.05, 0.05]. */
  readonly embeddingsInitializer: initializers.Initializer;
  /** Penalty on the table added to the training loss, if any. */
  readonly embeddingsRegularizer: regularizers.Regularizer | undefined;
  /** Constraint applied to the table after each optimizer step, if any. */
  readonly embeddingsConstraint: constraints.Constraint | undefined;
  /** Whether id 0 is padding and the output carries a mask. Default: false. */
  readonly maskZero: boolean;
  /** Always null: quantized embeddings are not supported (written to the config as Keras does). */
  readonly quantizationConfig = null;
  /** The lookup table, shape `[inputDim, outputDim]` (created by `build`). */
  embeddings!: Variable;

  constructor(args: EmbeddingArgs) {
    super(layerArgs(new.target, args));
    for (const k of ['inputDim', 'outputDim'] as const) {
      if (!Number.isInteger(args?.[k]) || args[k] <= 0) {
        throw new ValueError(`Both \`inputDim\` and \`outputDim\` should be positive. Received: ${k}=${fmt(args?.[k])}`);
      }
    }
    if (args.maskZero !== undefined && typeof args.maskZero !== 'boolean') {
      throw new ValueError(`Layer '${this.name}': maskZero must be a boolean. Received: maskZero=${fmt(args.maskZero)}`);
    }
    this.maskZero = args.maskZero ?? false;
    notSupported(this.name, 'quantizationConfig', args.quantizationConfig, (v) => v === null);
    notSupported(this.name, 'sparse', args.sparse, (v) => v === false);
    notSupported(this.name, 'loraRank', args.loraRank, (v) => v === null, 'LoRA');
    notSupported(this.name, 'loraAlpha', args.loraAlpha, (v) => v === null, 'LoRA');
    if (args.inputLength != null) {
      if (!Number.isInteger(args.inputLength) || args.inputLength <= 0) {
        throw new ValueError(`Layer '${this.name}': inputLength must be a positive integer. Received: inputLength=${fmt(args.inputLength)}`);
      }
      if (args.inputShape && (args.inputShape.length !== 1 || args.inputShape[0] !== args.inputLength)) {
        throw new ValueError(`Layer '${this.name}': inputLength and inputShape disagree. Received: inputLength=${args.inputLength}, inputShape=${fmt(args.inputShape)}`);
      }
      this.batchInputShape = [args.batchSize ?? null, args.inputLength];
      this.inputSpec = { ndim: 2, axes: { 1: args.inputLength } };
    }
    this.inputDim = args.inputDim;
    this.outputDim = args.outputDim;
    this.embeddingsInitializer = initializers.get(args.embeddingsInitializer ?? 'random_uniform');
    this.embeddingsRegularizer = regularizers.get(args.embeddingsRegularizer);
    this.embeddingsConstraint = constraints.get(args.embeddingsConstraint);
    this.activityRegularizer = regularizers.get(args.activityRegularizer);
  }

  override build(): void {
    this.embeddings = this.addWeight('embeddings', {
      shape: [this.inputDim, this.outputDim], initializer: this.embeddingsInitializer,
      regularizer: this.embeddingsRegularizer, constraint: this.embeddingsConstraint,
    });
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    const x = inputs as Tensor;
    const idx = x.dtype === 'int32' ? x : cast(x, 'int32');
    try {
      return gather(this.embeddings, idx, 0);
    } catch (e) {
      if (e instanceof ValueError) {
        throw new ValueError(`Layer '${this.name}': indices must be in [0, ${this.inputDim}). ${e.message.replace(/^gather: [^.]*\. /, '')}`);
      }
      throw e;
    } finally {
      if (idx !== x) idx.dispose();
    }
  }

  /** Keras `compute_mask`: inputs ≠ 0 when maskZero, else no mask. */
  override computeMask(inputs: Tensor | Tensor[]): Tensor | null {
    return this.maskZero ? notEqual(inputs as Tensor, 0) : null;
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return [...s, this.outputDim];
  }
}
