// DepthwiseConv2D and SeparableConv2D (Keras): a per-channel convolution, optionally
// followed by a 1×1 pointwise convolution that mixes channels.

import { ValueError, fmt } from '../../errors.js';
import type * as initializers from '../../initializers/index.js';
import type * as regularizers from '../../regularizers/index.js';
import type * as constraints from '../../constraints/index.js';
import { depthwiseConv2d } from '../../ops/conv/depthwise_conv2d.js';
import { conv2d } from '../../ops/conv/conv2d.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../autograd/variable.js';
import type { CallArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { BaseConv, type BaseConvArgs } from './base_conv.js';
import { checkFilters } from './conv.js';

/** Options of {@link DepthwiseConv2D} (Keras `layers.DepthwiseConv2D`). */
export interface DepthwiseConv2DArgs extends BaseConvArgs {
  /** Output channels per input channel (Keras `depth_multiplier`); a positive integer, else a ValueError. Default: 1. */
  depthMultiplier?: number;
  /** Initializer of the depthwise kernel (Keras `depthwise_initializer`). Default: `'glorot_uniform'`. */
  depthwiseInitializer?: initializers.InitializerIdentifier;
  /** Penalty on the depthwise kernel added to the loss (Keras `depthwise_regularizer`). Default: none. */
  depthwiseRegularizer?: regularizers.RegularizerIdentifier;
  /** Constraint applied to the depthwise kernel after each update (Keras `depthwise_constraint`). Default: none. */
  depthwiseConstraint?: constraints.ConstraintIdentifier;
}

function multiplier(layer: string, v: unknown): number {
  const m = v ?? 1;
  if (!Number.isInteger(m) || (m as number) <= 0) throw new ValueError(`Layer '${layer}': depthMultiplier must be a positive integer. Received: depthMultiplier=${fmt(v)}`);
  return m as number;
}

/**
 * Depthwise 2-D convolution (Keras `layers.DepthwiseConv2D`): each input channel is convolved with its own `depthMultiplier` filters; channels are not mixed.
 *
 * Output channels: `channels · depthMultiplier`. Kernel shape `[kh, kw, channels, depthMultiplier]`, as in Keras.
 * @example layers.depthwiseConv2d({ kernelSize: 3, padding: 'same' })
 */
export class DepthwiseConv2D extends BaseConv {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = [
    'depth_multiplier', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'activation', 'use_bias',
    'depthwise_initializer', 'bias_initializer', 'depthwise_regularizer', 'bias_regularizer', 'activity_regularizer',
    'depthwise_constraint', 'bias_constraint',
  ];
  // Keras 2 configs write groups: 1 for these too.
  /** Options accepted beyond the config keys: `groups`, which Keras 2 configs write for every convolution (only 1 is accepted here). */
  static readonly extraOptions = ['groups'];

  /** Output channels per input channel. Default: 1. */
  readonly depthMultiplier: number;
  /** Initializer of the depthwise kernel. Default: Glorot uniform. */
  readonly depthwiseInitializer: initializers.Initializer;
  /** Penalty on the depthwise kernel added to the training loss, if any. */
  readonly depthwiseRegularizer: regularizers.Regularizer | undefined;
  /** Constraint applied to the depthwise kernel after each optimizer step, if any. */
  readonly depthwiseConstraint: constraints.Constraint | undefined;

  constructor(args: DepthwiseConv2DArgs) {
    super(2, args);
    this.depthMultiplier = multiplier(this.name, args.depthMultiplier);
    const k = BaseConv.weightSpec(args.depthwiseInitializer, args.depthwiseRegularizer, args.depthwiseConstraint);
    this.depthwiseInitializer = k.initializer;
    this.depthwiseRegularizer = k.regularizer;
    this.depthwiseConstraint = k.constraint;
  }

  override build(inputShape: SymbolicShape): void {
    const ch = this.channels(inputShape);
    this.kernel = this.addKernel('kernel', [...this.kernelSize, ch, this.depthMultiplier],
      { initializer: this.depthwiseInitializer, regularizer: this.depthwiseRegularizer, constraint: this.depthwiseConstraint });
    this.addBias(ch * this.depthMultiplier);
  }

  protected convolve(x: Tensor, args: CallArgs): Tensor {
    const y = depthwiseConv2d(x, this.kernel, {
      strides: this.strides as [number, number], padding: this.padding as 'valid' | 'same',
      dilationRate: this.dilationRate as [number, number], bias: this.bias, activation: this.fusedActivation,
    });
    return this.finish(y, args);
  }

  protected outputShapeLast(s: SymbolicShape): SymbolicShape {
    const c = s.at(-1);
    return [s[0] ?? null, ...s.slice(1, 3).map((d, i) => this.outLength(d, i)), c == null ? null : c * this.depthMultiplier];
  }
}

/** Options of {@link SeparableConv2D} (Keras `layers.SeparableConv2D`): the depthwise options plus the pointwise ones. */
export interface SeparableConv2DArgs extends DepthwiseConv2DArgs {
  /** Number of output channels of the pointwise step; a positive integer, else a ValueError. */
  filters: number;
  /** Initializer of the 1×1 pointwise kernel (Keras `pointwise_initializer`). Default: `'glorot_uniform'`. */
  pointwiseInitializer?: initializers.InitializerIdentifier;
  /** Penalty on the pointwise kernel added to the loss (Keras `pointwise_regularizer`). Default: none. */
  pointwiseRegularizer?: regularizers.RegularizerIdentifier;
  /** Constraint applied to the pointwise kernel after each update (Keras `pointwise_constraint`). Default: none. */
  pointwiseConstraint?: constraints.ConstraintIdentifier;
}

/**
 * Depthwise-separable 2-D convolution (Keras `layers.SeparableConv2D`): a depthwise convolution followed by a 1×1 pointwise convolution that mixes channels into `filters` outputs; far fewer weights than Conv2D for the same receptive field.
 * @example layers.separableConv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' })
 */
export class SeparableConv2D extends BaseConv {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = [
    'depth_multiplier', 'filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'activation', 'use_bias',
    'depthwise_initializer', 'pointwise_initializer', 'bias_initializer', 'depthwise_regularizer', 'pointwise_regularizer',
    'bias_regularizer', 'activity_regularizer', 'depthwise_constraint', 'pointwise_constraint', 'bias_constraint',
  ];
  // Keras 2 configs write groups: 1 for these too.
  /** Options accepted beyond the config keys: `groups`, which Keras 2 configs write for every convolution (only 1 is accepted here). */
  static readonly extraOptions = ['groups'];

  /** Number of output channels. */
  readonly filters: number;
  /** Depthwise output channels per input channel. Default: 1. */
  readonly depthMultiplier: number;
  /** Initializer of the depthwise kernel. Default: Glorot uniform. */
  readonly depthwiseInitializer: initializers.Initializer;
  /** Penalty on the depthwise kernel added to the training loss, if any. */
  readonly depthwiseRegularizer: regularizers.Regularizer | undefined;
  /** Constraint applied to the depthwise kernel after each optimizer step, if any. */
  readonly depthwiseConstraint: constraints.Constraint | undefined;
  /** Initializer of the pointwise kernel. Default: Glorot uniform. */
  readonly pointwiseInitializer: initializers.Initializer;
  /** Penalty on the pointwise kernel added to the training loss, if any. */
  readonly pointwiseRegularizer: regularizers.Regularizer | undefined;
  /** Constraint applied to the pointwise kernel after each optimizer step, if any. */
  readonly pointwiseConstraint: constraints.Constraint | undefined;
  /** The depthwise kernel, shape `[kh, kw, channels, depthMultiplier]` (Keras `depthwise_kernel`). */
  depthwiseKernel!: Variable;
  /** The pointwise kernel, shape `[1, 1, channels · depthMultiplier, filters]` (Keras `pointwise_kernel`). */
  pointwiseKernel!: Variable;

  constructor(args: SeparableConv2DArgs) {
    super(2, args);
    this.filters = checkFilters(this.name, args.filters);
    this.depthMultiplier = multiplier(this.name, args.depthMultiplier);
    const d = BaseConv.weightSpec(args.depthwiseInitializer, args.depthwiseRegularizer, args.depthwiseConstraint);
    const p = BaseConv.weightSpec(args.pointwiseInitializer, args.pointwiseRegularizer, args.pointwiseConstraint);
    this.depthwiseInitializer = d.initializer;
    this.depthwiseRegularizer = d.regularizer;
    this.depthwiseConstraint = d.constraint;
    this.pointwiseInitializer = p.initializer;
    this.pointwiseRegularizer = p.regularizer;
    this.pointwiseConstraint = p.constraint;
  }

  override build(inputShape: SymbolicShape): void {
    const ch = this.channels(inputShape);
    this.depthwiseKernel = this.addKernel('depthwise_kernel', [...this.kernelSize, ch, this.depthMultiplier],
      { initializer: this.depthwiseInitializer, regularizer: this.depthwiseRegularizer, constraint: this.depthwiseConstraint });
    this.pointwiseKernel = this.addKernel('pointwise_kernel', [1, 1, ch * this.depthMultiplier, this.filters],
      { initializer: this.pointwiseInitializer, regularizer: this.pointwiseRegularizer, constraint: this.pointwiseConstraint });
    this.kernel = this.depthwiseKernel;
    this.addBias(this.filters);
  }

  protected convolve(x: Tensor, args: CallArgs): Tensor {
    const d = depthwiseConv2d(x, this.depthwiseKernel, {
      strides: this.strides as [number, number], padding: this.padding as 'valid' | 'same', dilationRate: this.dilationRate as [number, number],
    });
    const y = conv2d(d, this.pointwiseKernel, { bias: this.bias, activation: this.fusedActivation });
    d.dispose();
    return this.finish(y, args);
  }

  protected outputShapeLast(s: SymbolicShape): SymbolicShape {
    return [s[0] ?? null, ...s.slice(1, 3).map((d, i) => this.outLength(d, i)), this.filters];
  }
}
