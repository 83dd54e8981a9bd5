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

/** Options of {@link Dense} (Keras `layers.Dense` arguments in camelCase). */
export interface DenseArgs extends KernelLayerArgs {
  /** Size of the last axis of the output (Keras `units`); a positive integer, else a ValueError. */
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

  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = [
    'units', 'activation', 'use_bias', 'kernel_initializer', 'bias_initializer', 'kernel_regularizer',
    'bias_regularizer', 'kernel_constraint', 'bias_constraint', 'quantization_config',
  ];
  /** Options accepted beyond the config keys: `activityRegularizer`, and the LoRA options (refused unless null). */
  static readonly extraOptions = ['activityRegularizer', 'loraRank', 'loraAlpha'];

  /** Size of the output's last axis. */
  readonly units: number;
  /** The activation function applied to `x·kernel + bias` (linear when none was given). */
  readonly activation: ReturnType<typeof activations.get>;
  /** Whether a bias is added. Default: true. */
  readonly useBias: boolean;
  /** Initializer of the kernel. Default: Glorot uniform. */
  readonly kernelInitializer: initializers.Initializer;
  /** Initializer of the bias. Default: zeros. */
  readonly biasInitializer: initializers.Initializer;
  /** Penalty on the kernel added to the training loss, if any. */
  readonly kernelRegularizer: regularizers.Regularizer | undefined;
  /** Penalty on the bias added to the training loss, if any. */
  readonly biasRegularizer: regularizers.Regularizer | undefined;
  /** Constraint applied to the kernel after each optimizer step, if any. */
  readonly kernelConstraint: constraints.Constraint | undefined;
  /** Constraint applied to the bias after each optimizer step, if any. */
  readonly biasConstraint: constraints.Constraint | undefined;
  /** Always null: quantized Dense layers are not supported (written to the config as Keras does). */
  readonly quantizationConfig = null;
  /** The weight matrix, shape `[inputDim, units]` (created by `build`). */
  kernel!: Variable;
  /** The bias vector, shape `[units]`, or null when `useBias` is false. */
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
