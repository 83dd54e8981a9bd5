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

export interface Conv2DTransposeArgs extends BaseConvArgs, KernelArgs {
  filters: number;
  outputPadding?: IntOrList | null;
}

export class Conv2DTranspose extends BaseConv {
  static readonly configKeys = [
    'filters', 'kernel_size', 'strides', 'padding', 'output_padding', 'data_format', 'dilation_rate', 'activation', 'use_bias',
    'kernel_initializer', 'bias_initializer', 'kernel_regularizer', 'bias_regularizer', 'activity_regularizer',
    'kernel_constraint', 'bias_constraint',
  ];
  // Keras 2 configs write groups: 1 for these too.
  static readonly extraOptions = ['groups'];

  readonly filters: number;
  readonly outputPadding: number[] | null;
  readonly kernelInitializer: initializers.Initializer;
  readonly kernelRegularizer: regularizers.Regularizer | undefined;
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
