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
import { layerArgs, notSupported } from '../config.js';

export interface DenseArgs extends KernelLayerArgs {
  units: number;
  /** Keras's quantization config: only null (no quantization) is supported. */
  quantizationConfig?: null;
}

/**
 * Densely-connected layer.
 *
 * Input shape: `(batch, …, inputDim)`. Output shape: `(batch, …, units)`.
 * @example layers.dense({ units: 128, activation: 'relu', kernelInitializer: 'heNormal' })
 */
export class Dense extends Layer {
  /** Passes the input mask on (Keras `supports_masking`). */
  override supportsMasking = true;

  static readonly configKeys = [
    'units', 'activation', 'use_bias', 'kernel_initializer', 'bias_initializer', 'kernel_regularizer',
    'bias_regularizer', 'kernel_constraint', 'bias_constraint', 'quantization_config',
  ];
  static readonly extraOptions = ['activityRegularizer', 'loraRank', 'loraAlpha'];

  readonly units: number;
  readonly activation: ReturnType<typeof activations.get>;
  readonly useBias: boolean;
  readonly kernelInitializer: initializers.Initializer;
  readonly biasInitializer: initializers.Initializer;
  readonly kernelRegularizer: regularizers.Regularizer | undefined;
  readonly biasRegularizer: regularizers.Regularizer | undefined;
  readonly kernelConstraint: constraints.Constraint | undefined;
  readonly biasConstraint: constraints.Constraint | undefined;
  readonly quantizationConfig = null;
  kernel!: Variable;
  bias: Variable | null = null;

  constructor(args: DenseArgs) {
    super(layerArgs(new.target, args));
    if (!Number.isInteger(args?.units) || args.units <= 0) {
      throw new ValueError(`Received an invalid value for \`units\`, expected a positive integer. Received: units=${fmt(args?.units)}`);
    }
    notSupported(this.name, 'quantizationConfig', args.quantizationConfig, (v) => v === null);
    notSupported(this.name, 'loraRank', args.loraRank, (v) => v === null, 'LoRA');
    notSupported(this.name, 'loraAlpha', args.loraAlpha, (v) => v === null, 'LoRA');
    this.units = args.units;
    this.activation = activations.get(args.activation);
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = initializers.get(args.kernelInitializer ?? 'glorot_uniform');
    this.biasInitializer = initializers.get(args.biasInitializer ?? 'zeros');
    this.kernelRegularizer = regularizers.get(args.kernelRegularizer);
    this.biasRegularizer = regularizers.get(args.biasRegularizer);
    this.kernelConstraint = constraints.get(args.kernelConstraint);
    this.biasConstraint = constraints.get(args.biasConstraint);
    this.activityRegularizer = regularizers.get(args.activityRegularizer);
    this.inputSpec = { minNdim: 2 };
  }

  override build(inputShape: SymbolicShape): void {
    const inDim = inputShape.at(-1);
    if (inDim == null) throw new ValueError(`Layer '${this.name}': the last axis of the input must be defined. Received: input_shape=${fmt(inputShape)}`);
    this.kernel = this.addWeight('kernel', {
      shape: [inDim, this.units], initializer: this.kernelInitializer, regularizer: this.kernelRegularizer, constraint: this.kernelConstraint,
    });
    if (this.useBias) {
      this.bias = this.addWeight('bias', {
        shape: [this.units], initializer: this.biasInitializer, regularizer: this.biasRegularizer, constraint: this.biasConstraint,
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
}
