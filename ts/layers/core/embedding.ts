// Embedding: integer indices → dense vectors by table lookup (Keras `layers.Embedding`).
// The gradient is a scatter-add into the table (the kernel tfjs-wasm lacks).

import { ValueError, fmt } from '../../errors.js';
import * as initializers from '../../initializers/index.js';
import * as regularizers from '../../regularizers/index.js';
import * as constraints from '../../constraints/index.js';
import { gather } from '../../ops/gather.js';
import { cast } from '../../ops/cast.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../autograd/variable.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';

export interface EmbeddingArgs extends LayerArgs {
  inputDim: number;
  outputDim: number;
  embeddingsInitializer?: initializers.InitializerIdentifier;
  embeddingsRegularizer?: regularizers.RegularizerIdentifier;
  embeddingsConstraint?: constraints.ConstraintIdentifier;
}

export class Embedding extends Layer {
  readonly inputDim: number;
  readonly outputDim: number;
  embeddings!: Variable;
  private readonly args: EmbeddingArgs;

  constructor(args: EmbeddingArgs) {
    super(args);
    for (const k of ['inputDim', 'outputDim'] as const) {
      if (!Number.isInteger(args?.[k]) || args[k] <= 0) {
        throw new ValueError(`Both \`inputDim\` and \`outputDim\` should be positive. Received: ${k}=${fmt(args?.[k])}`);
      }
    }
    this.args = args;
    this.inputDim = args.inputDim;
    this.outputDim = args.outputDim;
  }

  override build(): void {
    this.embeddings = this.addWeight('embeddings', {
      shape: [this.inputDim, this.outputDim], initializer: this.args.embeddingsInitializer ?? 'random_uniform',
      regularizer: regularizers.get(this.args.embeddingsRegularizer), constraint: constraints.get(this.args.embeddingsConstraint),
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

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return [...s, this.outputDim];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), input_dim: this.inputDim, output_dim: this.outputDim };
  }
}
