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

export interface EmbeddingArgs extends LayerArgs {
  inputDim: number;
  outputDim: number;
  embeddingsInitializer?: initializers.InitializerIdentifier;
  embeddingsRegularizer?: regularizers.RegularizerIdentifier;
  activityRegularizer?: regularizers.RegularizerIdentifier;
  embeddingsConstraint?: constraints.ConstraintIdentifier;
  /**
   * Index 0 is padding: the output carries a mask that is 0 where the input is 0, which the
   * next layers (RNNs, attention, pooling, losses) honour. Index 0 still has a row in the table.
   */
  maskZero?: boolean;
  /** Length of the input sequences: sets the input shape to `[inputLength]` (as tfjs). */
  inputLength?: number | null;
  quantizationConfig?: null;
  /** Sparse gradients (Keras 2 configs write it): only false; the table gradient is a dense scatter-add. */
  sparse?: boolean;
  loraRank?: number | null;
  loraAlpha?: number | null;
}

export class Embedding extends Layer {
  static readonly configKeys = [
    'input_dim', 'output_dim', 'embeddings_initializer', 'embeddings_regularizer', 'activity_regularizer',
    'embeddings_constraint', 'mask_zero', 'quantization_config',
  ];
  static readonly extraOptions = ['inputLength', 'sparse', 'loraRank', 'loraAlpha'];

  readonly inputDim: number;
  readonly outputDim: number;
  readonly embeddingsInitializer: initializers.Initializer;
  readonly embeddingsRegularizer: regularizers.Regularizer | undefined;
  readonly embeddingsConstraint: constraints.Constraint | undefined;
  readonly maskZero: boolean;
  readonly quantizationConfig = null;
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
