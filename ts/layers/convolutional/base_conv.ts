// What every convolution layer shares (Keras `BaseConv`): argument parsing, weight
// creation and the activation that follows the op. ReLU is fused into the kernel's
// epilogue; any other activation runs as a separate op.

import { ValueError, fmt } from '../../errors.js';
import * as activations from '../../activations/index.js';
import * as initializers from '../../initializers/index.js';
import * as regularizers from '../../regularizers/index.js';
import * as constraints from '../../constraints/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../autograd/variable.js';
import { Layer, type CallArgs } from '../layer.js';
import type { KernelLayerArgs } from '../kernel_layer_args.js';

export type IntOrList = number | readonly number[];

export interface BaseConvArgs extends KernelLayerArgs {
  kernelSize: IntOrList;
  strides?: IntOrList;
  padding?: 'valid' | 'same' | 'causal';
  dilationRate?: IntOrList;
  groups?: number;
}

/** `v` as `rank` positive integers (a number repeats). */
export function tuple(layer: string, name: string, v: IntOrList | undefined, rank: number, dflt: number): number[] {
  const t = v === undefined ? new Array(rank).fill(dflt) : typeof v === 'number' ? new Array(rank).fill(v) : [...v];
  if (t.length !== rank || t.some((x) => !Number.isInteger(x) || x <= 0)) {
    throw new ValueError(`Layer '${layer}': \`${name}\` must be a positive integer or a list of ${rank}. Received: ${name}=${fmt(v)}`);
  }
  return t;
}

export abstract class BaseConv extends Layer {
  readonly rank: number;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: 'valid' | 'same' | 'causal';
  readonly dilationRate: number[];
  readonly activation: ReturnType<typeof activations.get>;
  readonly useBias: boolean;
  kernel!: Variable;
  bias: Variable | null = null;
  protected readonly convArgs: BaseConvArgs;

  constructor(rank: number, args: BaseConvArgs) {
    super(args);
    this.rank = rank;
    this.convArgs = args;
    this.kernelSize = tuple(this.name, 'kernelSize', args?.kernelSize, rank, 1);
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
    if ((args.groups ?? 1) !== 1) throw new ValueError(`Layer '${this.name}': grouped convolutions are not supported. Received: groups=${args.groups}`);
    this.activation = activations.get(args.activation);
    this.useBias = args.useBias ?? true;
    this.activityRegularizer = regularizers.get(args.activityRegularizer);
    this.inputSpec = { ndim: rank + 2 };
  }

  protected addKernel(name: string, shape: number[], init: initializers.InitializerIdentifier | undefined): Variable {
    return this.addWeight(name, {
      shape, initializer: init ?? 'glorot_uniform',
      regularizer: regularizers.get(this.convArgs.kernelRegularizer), constraint: constraints.get(this.convArgs.kernelConstraint),
    });
  }

  protected addBias(units: number): void {
    if (!this.useBias) return;
    this.bias = this.addWeight('bias', {
      shape: [units], initializer: this.convArgs.biasInitializer ?? 'zeros',
      regularizer: regularizers.get(this.convArgs.biasRegularizer), constraint: constraints.get(this.convArgs.biasConstraint),
    });
  }

  /** 'relu' when it can be fused into the op, else 'linear'. */
  protected get fusedActivation(): 'relu' | 'linear' {
    return this.activation.activationName === 'relu' ? 'relu' : 'linear';
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

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(), kernel_size: this.kernelSize, strides: this.strides, padding: this.padding,
      dilation_rate: this.dilationRate, activation: this.activation.activationName, use_bias: this.useBias,
      data_format: 'channels_last',
    };
  }
}
