// What every convolution layer shares (Keras `BaseConv`): argument parsing, the bias, the
// activation that follows the op, and channels_first (run channels-last between two
// transposes). ReLU is fused into the kernel's epilogue; any other activation runs as a
// separate op.

import { ValueError, fmt } from '../../errors.js';
import * as activations from '../../activations/index.js';
import * as initializers from '../../initializers/index.js';
import * as regularizers from '../../regularizers/index.js';
import * as constraints from '../../constraints/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../autograd/variable.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs, notSupported } from '../config.js';
import { channelAxis, dataFormatOf, shapeViaChannelsLast, viaChannelsLast, type DataFormat, type DataFormatOption } from '../data_format.js';

export type IntOrList = number | readonly number[];

/** Options every convolution takes. */
export interface BaseConvArgs extends LayerArgs {
  /** Size of the convolution window: one integer for every spatial axis, or one per axis (Keras `kernel_size`). Required. */
  kernelSize: IntOrList;
  /** Step of the window along each spatial axis. Default: 1. Strides > 1 together with a dilation rate > 1 are a ValueError, as in Keras. */
  strides?: IntOrList;
  /** `'valid'` (no padding, the output shrinks), `'same'` (zero padding so that output size = ceil(input / stride)), or `'causal'` (Conv1D only: left padding, for temporal models). Default: `'valid'`. */
  padding?: 'valid' | 'same' | 'causal';
  /** Spacing between kernel taps (atrous convolution), per spatial axis (Keras `dilation_rate`). Default: 1. */
  dilationRate?: IntOrList;
  /** 'channels_last' (default, NHWC) or 'channels_first' (NCHW); camelCase spellings too. */
  dataFormat?: DataFormatOption;
  /** Activation applied to the output (ReLU is fused into the kernel). Default: none (linear). */
  activation?: activations.ActivationIdentifier;
  /** Whether to add a bias per output channel (Keras `use_bias`). Default: true. */
  useBias?: boolean;
  /** Initializer of the bias (Keras `bias_initializer`). Default: `'zeros'`. */
  biasInitializer?: initializers.InitializerIdentifier;
  /** Penalty on the bias added to the loss (Keras `bias_regularizer`). Default: none. */
  biasRegularizer?: regularizers.RegularizerIdentifier;
  /** Penalty on the layer's output added to the loss (Keras `activity_regularizer`). Default: none. */
  activityRegularizer?: regularizers.RegularizerIdentifier;
  /** Constraint applied to the bias after each update (Keras `bias_constraint`). Default: none. */
  biasConstraint?: constraints.ConstraintIdentifier;
  /**
   * Grouped convolution (Conv1D/Conv2D). Other convolutions take only 1, which Keras 2
   * configs write for them too.
   */
  groups?: number;
  /** LoRA fine-tuning (Keras): not supported; accepted so Keras configs get a clear error. */
  loraRank?: number | null;
  /** LoRA scaling (Keras `lora_alpha`): not supported; only null or absent is accepted. */
  loraAlpha?: number | null;
}

/** The kernel options of Conv1D/Conv2D/Conv2DTranspose. */
export interface KernelArgs {
  /** Initializer of the kernel (Keras `kernel_initializer`). Default: `'glorot_uniform'`. */
  kernelInitializer?: initializers.InitializerIdentifier;
  /** Penalty on the kernel added to the loss (Keras `kernel_regularizer`). Default: none. */
  kernelRegularizer?: regularizers.RegularizerIdentifier;
  /** Constraint applied to the kernel after each update (Keras `kernel_constraint`). Default: none. */
  kernelConstraint?: constraints.ConstraintIdentifier;
}

/** `v` as `rank` positive integers (a number repeats). */
export function tuple(layer: string, name: string, v: IntOrList | undefined | null, rank: number, dflt: number): number[] {
  const t = v == null ? new Array(rank).fill(dflt) : typeof v === 'number' ? new Array(rank).fill(v) : [...v];
  if (t.length !== rank || t.some((x) => !Number.isInteger(x) || x <= 0)) {
    throw new ValueError(`Layer '${layer}': \`${name}\` must be a positive integer or a list of ${rank}. Received: ${name}=${fmt(v)}`);
  }
  return t;
}

/** A kernel weight's initializer, regularizer and constraint. */
export interface WeightSpec {
  initializer: initializers.Initializer;
  regularizer: regularizers.Regularizer | undefined;
  constraint: constraints.Constraint | undefined;
}

export abstract class BaseConv extends Layer {
  /** Number of spatial axes: 1 (Conv1D) or 2. */
  readonly rank: number;
  /** Size of the convolution window, one entry per spatial axis. */
  readonly kernelSize: number[];
  /** Step of the window, one entry per spatial axis. Default: 1. */
  readonly strides: number[];
  /** `'valid'`, `'same'` or (Conv1D) `'causal'`. Default: `'valid'`. */
  readonly padding: 'valid' | 'same' | 'causal';
  /** Spacing between kernel taps, one entry per spatial axis. Default: 1. */
  readonly dilationRate: number[];
  /** Channel axis convention of the input. Default: `'channels_last'`. */
  readonly dataFormat: DataFormat;
  /** Activation applied to the output (linear when none was given; ReLU is fused into the kernel). */
  readonly activation: ReturnType<typeof activations.get>;
  /** Whether a bias is added. Default: true. */
  readonly useBias: boolean;
  /** Initializer of the bias. Default: zeros. */
  readonly biasInitializer: initializers.Initializer;
  /** Penalty on the bias added to the training loss, if any. */
  readonly biasRegularizer: regularizers.Regularizer | undefined;
  /** Constraint applied to the bias after each optimizer step, if any. */
  readonly biasConstraint: constraints.Constraint | undefined;
  /** The convolution kernel (created by `build`; layout as in Keras, see each class). */
  kernel!: Variable;
  /** The bias, one value per output channel, or null when `useBias` is false. */
  bias: Variable | null = null;

  constructor(rank: number, args: BaseConvArgs) {
    super(layerArgs(new.target, args));
    this.rank = rank;
    this.kernelSize = tuple(this.name, 'kernelSize', args?.kernelSize, rank, 1);
    if (args.kernelSize === undefined) throw new ValueError(`Layer '${this.name}': \`kernelSize\` is required. Received: kernelSize=undefined`);
    this.strides = tuple(this.name, 'strides', args.strides, rank, 1);
    this.dilationRate = tuple(this.name, 'dilationRate', args.dilationRate, rank, 1);
    if (this.strides.some((v) => v > 1) && this.dilationRate.some((v) => v > 1)) {
      throw new ValueError(`Layer '${this.name}': strides > 1 are not compatible with dilationRate > 1 (as in Keras). ` +
        `Received: strides=${fmt(this.strides)}, dilationRate=${fmt(this.dilationRate)}`);
    }
    this.padding = args.padding ?? 'valid';
    if (!['valid', 'same', 'causal'].includes(this.padding) || (this.padding === 'causal' && rank !== 1)) {
      throw new ValueError(`Layer '${this.name}': padding must be 'valid' or 'same'${rank === 1 ? " or 'causal'" : ''}. Received: padding=${fmt(args.padding)}`);
    }
    this.dataFormat = dataFormatOf(this.name, args.dataFormat);
    if (!(new.target as { configKeys?: readonly string[] }).configKeys?.includes('groups')) notSupported(this.name, 'groups', args.groups, (v) => v === 1);
    notSupported(this.name, 'loraRank', args.loraRank, (v) => v === null, 'LoRA');
    notSupported(this.name, 'loraAlpha', args.loraAlpha, (v) => v === null, 'LoRA');
    this.activation = activations.get(args.activation);
    this.useBias = args.useBias ?? true;
    this.biasInitializer = initializers.get(args.biasInitializer ?? 'zeros');
    this.biasRegularizer = regularizers.get(args.biasRegularizer);
    this.biasConstraint = constraints.get(args.biasConstraint);
    this.activityRegularizer = regularizers.get(args.activityRegularizer);
    this.inputSpec = { ndim: rank + 2 };
  }

  /** Resolves a kernel's initializer / regularizer / constraint options. */
  protected static weightSpec(init: initializers.InitializerIdentifier | undefined, reg: regularizers.RegularizerIdentifier, con: constraints.ConstraintIdentifier): WeightSpec {
    return { initializer: initializers.get(init ?? 'glorot_uniform'), regularizer: regularizers.get(reg), constraint: constraints.get(con) };
  }

  /** The size of the channel axis of a build shape; also pins it in the input spec. */
  protected channels(inputShape: SymbolicShape): number {
    const axis = channelAxis(this.dataFormat, inputShape.length);
    const ch = inputShape[axis];
    if (ch == null) throw new ValueError(`Layer '${this.name}': the channel axis of the input must be defined. Received: input_shape=${fmt(inputShape)}`);
    this.inputSpec = { ndim: this.rank + 2, axes: { [this.dataFormat === 'channels_last' ? -1 : 1]: ch } };
    return ch;
  }

  /** Adds a kernel weight with the given initializer, regularizer and constraint. */
  protected addKernel(name: string, shape: number[], spec: WeightSpec): Variable {
    return this.addWeight(name, { shape, initializer: spec.initializer, regularizer: spec.regularizer, constraint: spec.constraint });
  }

  /** Adds the bias (`units` values) unless `useBias` is false. */
  protected addBias(units: number): void {
    if (!this.useBias) return;
    this.bias = this.addWeight('bias', { shape: [units], initializer: this.biasInitializer, regularizer: this.biasRegularizer, constraint: this.biasConstraint });
  }

  /** 'relu' when it can be fused into the op, else 'linear'. */
  protected get fusedActivation(): 'relu' | 'linear' {
    return this.activation.activationName === 'relu' ? 'relu' : 'linear';
  }

  /** The channels-last computation (op + unfused activation). */
  protected abstract convolve(x: Tensor, args: CallArgs): Tensor;

  /** The channels-last output shape. */
  protected abstract outputShapeLast(s: SymbolicShape): SymbolicShape;

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    return viaChannelsLast(this.dataFormat, inputs as Tensor, (x) => this.convolve(x, args));
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return shapeViaChannelsLast(this.dataFormat, s, (t) => this.outputShapeLast(t));
  }

  /** Applies the activation the op did not fuse (ReLU is fused) to its output. */
  protected finish(y: Tensor, args: CallArgs): Tensor {
    return this.activation.activationName === 'relu' ? y : activations.activateOutput(this.activation, y, args);
  }

  /** Output length of one spatial axis (Keras `compute_conv_output_shape`). */
  protected outLength(len: number | null, i: number): number | null {
    if (len === null) return null;
    const k = (this.kernelSize[i]! - 1) * this.dilationRate[i]! + 1;
    if (this.padding === 'same' || this.padding === 'causal') return Math.ceil(len / this.strides[i]!);
    return Math.floor((len - k) / this.strides[i]!) + 1;
  }
}
