// Conv1D and Conv2D (Keras `layers.Conv1D`, `layers.Conv2D`). With `groups` > 1 the input
// channels split into groups, each convolved with its own slice of the filters (Keras's
// grouped convolution), then the outputs are concatenated.

import { ValueError, fmt } from '../../errors.js';
import { conv1d } from '../../ops/conv/conv1d.js';
import { conv2d } from '../../ops/conv/conv2d.js';
import type * as initializers from '../../initializers/index.js';
import type * as regularizers from '../../regularizers/index.js';
import type * as constraints from '../../constraints/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../autograd/variable.js';
import { slice } from '../../ops/slice.js';
import { concat } from '../../ops/concat.js';
import { add } from '../../ops/binary.js';
import { relu } from '../../ops/unary.js';
import { tidy } from '../../autograd/gradients.js';
import type { CallArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { BaseConv, type BaseConvArgs, type KernelArgs } from './base_conv.js';

/** Options of {@link Conv1D} and {@link Conv2D} (Keras `layers.Conv1D`/`Conv2D`). */
export interface ConvArgs extends BaseConvArgs, KernelArgs {
  /** Number of output channels; a positive integer divisible by `groups`, else a ValueError. */
  filters: number;
}

export function checkFilters(layer: string, filters: unknown): number {
  if (!Number.isInteger(filters) || (filters as number) <= 0) {
    throw new ValueError(`Layer '${layer}': invalid value for argument \`filters\`. Expected a strictly positive value. Received: filters=${fmt(filters)}`);
  }
  return filters as number;
}

abstract class Conv extends BaseConv {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = [
    'filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'groups', 'activation', 'use_bias',
    'kernel_initializer', 'bias_initializer', 'kernel_regularizer', 'bias_regularizer', 'activity_regularizer',
    'kernel_constraint', 'bias_constraint',
  ];
  /** Options accepted beyond the config keys: the LoRA options (refused unless null). */
  static readonly extraOptions = ['loraRank', 'loraAlpha'];

  /** Number of output channels. */
  readonly filters: number;
  /** Number of channel groups convolved separately (grouped convolution). Default: 1. */
  readonly groups: number;
  /** Initializer of the kernel. Default: Glorot uniform. */
  readonly kernelInitializer: initializers.Initializer;
  /** Penalty on the kernel added to the training loss, if any. */
  readonly kernelRegularizer: regularizers.Regularizer | undefined;
  /** Constraint applied to the kernel after each optimizer step, if any. */
  readonly kernelConstraint: constraints.Constraint | undefined;

  constructor(rank: number, args: ConvArgs) {
    super(rank, args);
    this.filters = checkFilters(this.name, args.filters);
    this.groups = args.groups ?? 1;
    if (!Number.isInteger(this.groups) || this.groups <= 0 || this.filters % this.groups !== 0) {
      throw new ValueError(`Layer '${this.name}': The number of filters must be evenly divisible by the number of groups. Received: groups=${fmt(args.groups)}, filters=${this.filters}`);
    }
    const k = BaseConv.weightSpec(args.kernelInitializer, args.kernelRegularizer, args.kernelConstraint);
    this.kernelInitializer = k.initializer;
    this.kernelRegularizer = k.regularizer;
    this.kernelConstraint = k.constraint;
  }

  override build(inputShape: SymbolicShape): void {
    const ch = this.channels(inputShape);
    if (ch % this.groups !== 0) {
      throw new ValueError(`Layer '${this.name}': The number of input channels must be evenly divisible by the number of groups. Received: groups=${this.groups}, input_shape=${fmt(inputShape)}`);
    }
    this.kernel = this.addKernel('kernel', [...this.kernelSize, ch / this.groups, this.filters],
      { initializer: this.kernelInitializer, regularizer: this.kernelRegularizer, constraint: this.kernelConstraint });
    this.addBias(this.filters);
  }

  protected outputShapeLast(s: SymbolicShape): SymbolicShape {
    return [s[0] ?? null, ...s.slice(1, -1).map((d, i) => this.outLength(d, i)), this.filters];
  }

  /** The convolution op of this rank. */
  protected abstract op(x: Tensor, kernel: Tensor, bias: Variable | null, activation: 'relu' | 'linear'): Tensor;

  protected convolve(x: Tensor, args: CallArgs): Tensor {
    if (this.groups === 1) return this.finish(this.op(x, this.kernel, this.bias, this.fusedActivation), args);
    return tidy(() => {
      const cin = x.shape.at(-1)! / this.groups;
      const fout = this.filters / this.groups;
      const k = this.kernelSize.length;
      const parts = Array.from({ length: this.groups }, (_, g) => {
        const xs = slice(x, [...x.shape.slice(0, -1).map(() => 0), g * cin], [...x.shape.slice(0, -1), cin]);
        const ks = slice(this.kernel, [...new Array<number>(k + 1).fill(0), g * fout], [...this.kernelSize, cin, fout]);
        return this.op(xs, ks, null, 'linear');
      });
      let y = concat(parts, -1);
      if (this.bias) y = add(y, this.bias);
      return this.activation.activationName === 'relu' ? relu(y) : this.finish(y, args);
    });
  }
}

/**
 * 2-D convolution over images (Keras `layers.Conv2D`).
 *
 * Input `(batch, rows, cols, channels)` (channels_last, default) or `(batch, channels, rows, cols)`;
 * output `(batch, newRows, newCols, filters)`. Kernel shape `[kh, kw, channels / groups, filters]`, as in Keras, so
 * weights load from `.keras` files unchanged. With `groups > 1` the channels split into groups convolved separately.
 * @example layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' })
 */
export class Conv2D extends Conv {
  constructor(args: ConvArgs) {
    super(2, args);
  }

  protected op(x: Tensor, kernel: Tensor, bias: Variable | null, activation: 'relu' | 'linear'): Tensor {
    return conv2d(x, kernel, {
      strides: this.strides as [number, number], padding: this.padding as 'valid' | 'same',
      dilationRate: this.dilationRate as [number, number], bias, activation,
    });
  }
}

/**
 * 1-D convolution over sequences (Keras `layers.Conv1D`).
 *
 * Input `(batch, steps, channels)` (or channels first); output `(batch, newSteps, filters)`. Kernel shape
 * `[k, channels / groups, filters]`. `padding: 'causal'` pads on the left only, so output step t sees inputs up to t
 * (WaveNet-style temporal models).
 * @example layers.conv1d({ filters: 64, kernelSize: 5, padding: 'causal', dilationRate: 2 })
 */
export class Conv1D extends Conv {
  constructor(args: ConvArgs) {
    super(1, args);
  }

  protected op(x: Tensor, kernel: Tensor, bias: Variable | null, activation: 'relu' | 'linear'): Tensor {
    return conv1d(x, kernel, { strides: this.strides[0], padding: this.padding, dilationRate: this.dilationRate[0], bias, activation });
  }
}
