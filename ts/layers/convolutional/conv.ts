// Conv1D and Conv2D (Keras `layers.Conv1D`, `layers.Conv2D`).

import { ValueError, fmt } from '../../errors.js';
import { conv1d } from '../../ops/conv/conv1d.js';
import { conv2d } from '../../ops/conv/conv2d.js';
import type * as initializers from '../../initializers/index.js';
import type * as regularizers from '../../regularizers/index.js';
import type * as constraints from '../../constraints/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { CallArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { notSupported } from '../config.js';
import { BaseConv, type BaseConvArgs, type KernelArgs } from './base_conv.js';

export interface ConvArgs extends BaseConvArgs, KernelArgs {
  filters: number;
  /** Grouped convolution: only 1 is supported. */
  groups?: number;
}

export function checkFilters(layer: string, filters: unknown): number {
  if (!Number.isInteger(filters) || (filters as number) <= 0) {
    throw new ValueError(`Layer '${layer}': invalid value for argument \`filters\`. Expected a strictly positive value. Received: filters=${fmt(filters)}`);
  }
  return filters as number;
}

abstract class Conv extends BaseConv {
  static readonly configKeys = [
    'filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'groups', 'activation', 'use_bias',
    'kernel_initializer', 'bias_initializer', 'kernel_regularizer', 'bias_regularizer', 'activity_regularizer',
    'kernel_constraint', 'bias_constraint',
  ];
  static readonly extraOptions = ['loraRank', 'loraAlpha'];

  readonly filters: number;
  readonly groups = 1;
  readonly kernelInitializer: initializers.Initializer;
  readonly kernelRegularizer: regularizers.Regularizer | undefined;
  readonly kernelConstraint: constraints.Constraint | undefined;

  constructor(rank: number, args: ConvArgs) {
    super(rank, args);
    this.filters = checkFilters(this.name, args.filters);
    notSupported(this.name, 'groups', args.groups, (v) => v === 1, 'grouped convolutions');
    const k = BaseConv.weightSpec(args.kernelInitializer, args.kernelRegularizer, args.kernelConstraint);
    this.kernelInitializer = k.initializer;
    this.kernelRegularizer = k.regularizer;
    this.kernelConstraint = k.constraint;
  }

  override build(inputShape: SymbolicShape): void {
    const ch = this.channels(inputShape);
    this.kernel = this.addKernel('kernel', [...this.kernelSize, ch, this.filters],
      { initializer: this.kernelInitializer, regularizer: this.kernelRegularizer, constraint: this.kernelConstraint });
    this.addBias(this.filters);
  }

  protected outputShapeLast(s: SymbolicShape): SymbolicShape {
    return [s[0] ?? null, ...s.slice(1, -1).map((d, i) => this.outLength(d, i)), this.filters];
  }
}

export class Conv2D extends Conv {
  constructor(args: ConvArgs) {
    super(2, args);
  }

  protected convolve(x: Tensor, args: CallArgs): Tensor {
    const y = conv2d(x, this.kernel, {
      strides: this.strides as [number, number], padding: this.padding as 'valid' | 'same',
      dilationRate: this.dilationRate as [number, number], bias: this.bias, activation: this.fusedActivation,
    });
    return this.finish(y, args);
  }
}

export class Conv1D extends Conv {
  constructor(args: ConvArgs) {
    super(1, args);
  }

  protected convolve(x: Tensor, args: CallArgs): Tensor {
    const y = conv1d(x, this.kernel, {
      strides: this.strides[0], padding: this.padding, dilationRate: this.dilationRate[0], bias: this.bias, activation: this.fusedActivation,
    });
    return this.finish(y, args);
  }
}
