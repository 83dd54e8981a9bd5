// Dense: y = activation(x·kernel + bias) on the last axis (Keras `layers.Dense`).

import { ValueError, fmt } from '../../errors.js';
import * as activations from '../../activations/index.js';
import * as initializers from '../../initializers/index.js';
import * as regularizers from '../../regularizers/index.js';
import * as constraints from '../../constraints/index.js';
import { dense as denseOp } from '../../ops/dense.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../autograd/variable.js';
import { Layer, type CallArgs } from '../layer.js';
import type { KernelLayerArgs } from '../kernel_layer_args.js';
import type { SymbolicShape } from '../symbolic.js';

export interface DenseArgs extends KernelLayerArgs {
  units: number;
}

/**
 * Densely-connected layer.
 *
 * Input shape: `(batch, …, inputDim)`. Output shape: `(batch, …, units)`.
 * @example layers.dense({ units: 128, activation: 'relu', kernelInitializer: 'heNormal' })
 */
export class Dense extends Layer {
  readonly units: number;
  readonly activation: ReturnType<typeof activations.get>;
  readonly useBias: boolean;
  kernel!: Variable;
  bias: Variable | null = null;
  private readonly args: DenseArgs;

  constructor(args: DenseArgs) {
    super(args);
    if (!Number.isInteger(args?.units) || args.units <= 0) {
      throw new ValueError(`Received an invalid value for \`units\`, expected a positive integer. Received: units=${fmt(args?.units)}`);
    }
    this.args = args;
    this.units = args.units;
    this.activation = activations.get(args.activation);
    this.useBias = args.useBias ?? true;
    this.activityRegularizer = regularizers.get(args.activityRegularizer);
    this.inputSpec = { minNdim: 2 };
  }

  override build(inputShape: SymbolicShape): void {
    const inDim = inputShape.at(-1);
    if (inDim == null) throw new ValueError(`Layer '${this.name}': the last axis of the input must be defined. Received: input_shape=${fmt(inputShape)}`);
    this.kernel = this.addWeight('kernel', {
      shape: [inDim, this.units], initializer: this.args.kernelInitializer ?? 'glorot_uniform',
      regularizer: regularizers.get(this.args.kernelRegularizer), constraint: constraints.get(this.args.kernelConstraint),
    });
    if (this.useBias) {
      this.bias = this.addWeight('bias', {
        shape: [this.units], initializer: this.args.biasInitializer ?? 'zeros',
        regularizer: regularizers.get(this.args.biasRegularizer), constraint: constraints.get(this.args.biasConstraint),
      });
    }
    this.inputSpec = { minNdim: 2, axes: { [-1]: inDim } };
    this.built = true;
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const x = inputs as Tensor;
    const name = this.activation.activationName;
    if (name === 'relu' || name === 'linear') return denseOp(x, this.kernel, this.bias, name);
    return activations.activateOutput(this.activation, denseOp(x, this.kernel, this.bias, 'linear'), args);
  }

  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return [...inputShape.slice(0, -1), this.units];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(), units: this.units, activation: this.activation.activationName, use_bias: this.useBias,
      kernel_initializer: initializers.get(this.args.kernelInitializer ?? 'glorot_uniform').className,
      bias_initializer: initializers.get(this.args.biasInitializer ?? 'zeros').className,
    };
  }
}
