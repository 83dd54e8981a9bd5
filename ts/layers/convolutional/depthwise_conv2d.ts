// DepthwiseConv2D and SeparableConv2D (Keras): a per-channel convolution, optionally
// followed by a 1×1 pointwise convolution that mixes channels.

import { ValueError, fmt } from '../../errors.js';
import * as initializers from '../../initializers/index.js';
import { depthwiseConv2d } from '../../ops/conv/depthwise_conv2d.js';
import { conv2d } from '../../ops/conv/conv2d.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../autograd/variable.js';
import type { CallArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { BaseConv, type BaseConvArgs } from './base_conv.js';

export interface DepthwiseConv2DArgs extends BaseConvArgs {
  depthMultiplier?: number;
  depthwiseInitializer?: initializers.InitializerIdentifier;
}

function multiplier(layer: string, v: unknown): number {
  const m = v ?? 1;
  if (!Number.isInteger(m) || (m as number) <= 0) throw new ValueError(`Layer '${layer}': depthMultiplier must be a positive integer. Received: depthMultiplier=${fmt(v)}`);
  return m as number;
}

export class DepthwiseConv2D extends BaseConv {
  readonly depthMultiplier: number;
  private channels = 0;

  constructor(args: DepthwiseConv2DArgs) {
    super(2, args);
    this.depthMultiplier = multiplier(this.name, args.depthMultiplier);
  }

  override build(inputShape: SymbolicShape): void {
    this.channels = inputShape.at(-1) as number;
    const a = this.convArgs as DepthwiseConv2DArgs;
    this.kernel = this.addKernel('kernel', [...this.kernelSize, this.channels, this.depthMultiplier], a.depthwiseInitializer ?? a.kernelInitializer);
    this.addBias(this.channels * this.depthMultiplier);
    this.inputSpec = { ndim: 4, axes: { [-1]: this.channels } };
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const y = depthwiseConv2d(inputs as Tensor, this.kernel, {
      strides: this.strides as [number, number], padding: this.padding as 'valid' | 'same',
      dilationRate: this.dilationRate as [number, number], bias: this.bias, activation: this.fusedActivation,
    });
    return this.finish(y, args);
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    const c = s.at(-1);
    return [s[0] ?? null, ...s.slice(1, 3).map((d, i) => this.outLength(d, i)), c == null ? null : c * this.depthMultiplier];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), depth_multiplier: this.depthMultiplier };
  }
}

export interface SeparableConv2DArgs extends DepthwiseConv2DArgs {
  filters: number;
  pointwiseInitializer?: initializers.InitializerIdentifier;
}

export class SeparableConv2D extends BaseConv {
  readonly filters: number;
  readonly depthMultiplier: number;
  depthwiseKernel!: Variable;
  pointwiseKernel!: Variable;

  constructor(args: SeparableConv2DArgs) {
    super(2, args);
    if (!Number.isInteger(args.filters) || args.filters <= 0) {
      throw new ValueError(`Layer '${this.name}': invalid value for argument \`filters\`. Received: filters=${fmt(args.filters)}`);
    }
    this.filters = args.filters;
    this.depthMultiplier = multiplier(this.name, args.depthMultiplier);
  }

  override build(inputShape: SymbolicShape): void {
    const ch = inputShape.at(-1) as number;
    const a = this.convArgs as SeparableConv2DArgs;
    this.depthwiseKernel = this.addKernel('depthwise_kernel', [...this.kernelSize, ch, this.depthMultiplier], a.depthwiseInitializer);
    this.pointwiseKernel = this.addKernel('pointwise_kernel', [1, 1, ch * this.depthMultiplier, this.filters], a.pointwiseInitializer);
    this.kernel = this.depthwiseKernel;
    this.addBias(this.filters);
    this.inputSpec = { ndim: 4, axes: { [-1]: ch } };
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const d = depthwiseConv2d(inputs as Tensor, this.depthwiseKernel, {
      strides: this.strides as [number, number], padding: this.padding as 'valid' | 'same', dilationRate: this.dilationRate as [number, number],
    });
    const y = conv2d(d, this.pointwiseKernel, { bias: this.bias, activation: this.fusedActivation });
    d.dispose();
    return this.finish(y, args);
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return [s[0] ?? null, ...s.slice(1, 3).map((d, i) => this.outLength(d, i)), this.filters];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), filters: this.filters, depth_multiplier: this.depthMultiplier };
  }
}
