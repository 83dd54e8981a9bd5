// Conv2DTranspose (Keras `layers.Conv2DTranspose`): the gradient of a convolution with
// respect to its input, used as an upsampling layer. Kernel layout (kh, kw, filters, in).

import { conv2dTranspose } from '../../ops/conv/conv2d_transpose.js';
import type * as initializers from '../../initializers/index.js';
import type * as regularizers from '../../regularizers/index.js';
import type * as constraints from '../../constraints/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { CallArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { BaseConv, tuple, type BaseConvArgs, type IntOrList, type KernelArgs } from './base_conv.js';
import { checkFilters } from './conv.js';

/** Options of {@link Conv2DTranspose} (Keras `layers.Conv2DTranspose`). */
export interface Conv2DTransposeArgs extends BaseConvArgs, KernelArgs {
  /** Number of output channels; a positive integer, else a ValueError. */
  filters: number;
  /** Extra rows/columns added to one side of the output, to pick among the output sizes a stride allows; each must be smaller than the stride (Keras `output_padding`). Default: null (inferred). */
  outputPadding?: IntOrList | null;
}

/**
 * Transposed 2-D convolution (Keras `layers.Conv2DTranspose`): the gradient of a convolution with respect to its input, used to upsample feature maps in decoders and GANs.
 *
 * With `strides: 2` and `padding: 'same'` the output has twice the rows and columns of the input.
 * Kernel shape `[kh, kw, filters, channels]`, as in Keras.
 * @example layers.conv2dTranspose({ filters: 64, kernelSize: 3, strides: 2, padding: 'same' })
 */
export class Conv2DTranspose extends BaseConv {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = [
    'filters', 'kernel_size', 'strides', 'padding', 'output_padding', 'data_format', 'dilation_rate', 'activation', 'use_bias',
    'kernel_initializer', 'bias_initializer', 'kernel_regularizer', 'bias_regularizer', 'activity_regularizer',
    'kernel_constraint', 'bias_constraint',
  ];
  // Keras 2 configs write groups: 1 for these too.
  /** Options accepted beyond the config keys: `groups`, which Keras 2 configs write for every convolution (only 1 is accepted here). */
  static readonly extraOptions = ['groups'];

  /** Number of output channels. */
  readonly filters: number;
  /** Extra output rows/columns `[rows, cols]`, or null for the inferred size. */
  readonly outputPadding: number[] | null;
  /** Initializer of the kernel. Default: Glorot uniform. */
  readonly kernelInitializer: initializers.Initializer;
  /** Penalty on the kernel added to the training loss, if any. */
  readonly kernelRegularizer: regularizers.Regularizer | undefined;
  /** Constraint applied to the kernel after each optimizer step, if any. */
  readonly kernelConstraint: constraints.Constraint | undefined;

  constructor(args: Conv2DTransposeArgs) {
    super(2, args);
    this.filters = checkFilters(this.name, args.filters);
    this.outputPadding = args.outputPadding == null ? null : tuple(this.name, 'outputPadding', args.outputPadding, 2, 0);
    const k = BaseConv.weightSpec(args.kernelInitializer, args.kernelRegularizer, args.kernelConstraint);
    this.kernelInitializer = k.initializer;
    this.kernelRegularizer = k.regularizer;
    this.kernelConstraint = k.constraint;
  }

  override build(inputShape: SymbolicShape): void {
    const ch = this.channels(inputShape);
    this.kernel = this.addKernel('kernel', [...this.kernelSize, this.filters, ch],
      { initializer: this.kernelInitializer, regularizer: this.kernelRegularizer, constraint: this.kernelConstraint });
    this.addBias(this.filters);
  }

  protected convolve(x: Tensor, args: CallArgs): Tensor {
    const y = conv2dTranspose(x, this.kernel, {
      strides: this.strides as [number, number], padding: this.padding as 'valid' | 'same',
      dilationRate: this.dilationRate as [number, number], outputPadding: (this.outputPadding ?? undefined) as [number, number] | undefined,
      bias: this.bias, activation: this.fusedActivation,
    });
    return this.finish(y, args);
  }

  protected outputShapeLast(s: SymbolicShape): SymbolicShape {
    const out = s.slice(1, 3).map((d, i) => {
      if (d === null) return null;
      const k = (this.kernelSize[i]! - 1) * this.dilationRate[i]! + 1;
      const op = this.outputPadding?.[i] ?? 0;
      const st = this.strides[i]!;
      return this.padding === 'same' ? d * st + op : (d - 1) * st + k + op;
    });
    return [s[0] ?? null, ...out, this.filters];
  }
}
