// Conv1D and Conv2D (Keras `layers.Conv1D`, `layers.Conv2D`), channels_last.

import { ValueError, fmt } from '../../errors.js';
import { conv1d } from '../../ops/conv/conv1d.js';
import { conv2d } from '../../ops/conv/conv2d.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { CallArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { BaseConv, type BaseConvArgs } from './base_conv.js';

export interface ConvArgs extends BaseConvArgs {
  filters: number;
}

function checkFilters(layer: string, filters: unknown): number {
  if (!Number.isInteger(filters) || (filters as number) <= 0) {
    throw new ValueError(`Layer '${layer}': invalid value for argument \`filters\`. Expected a strictly positive value. Received: filters=${fmt(filters)}`);
  }
  return filters as number;
}

abstract class Conv extends BaseConv {
  readonly filters: number;

  constructor(rank: number, args: ConvArgs) {
    super(rank, args);
    this.filters = checkFilters(this.name, args.filters);
  }

  override build(inputShape: SymbolicShape): void {
    const ch = inputShape.at(-1);
    if (ch == null) throw new ValueError(`Layer '${this.name}': the channel axis of the input must be defined. Received: input_shape=${fmt(inputShape)}`);
    this.kernel = this.addKernel('kernel', [...this.kernelSize, ch, this.filters], this.convArgs.kernelInitializer);
    this.addBias(this.filters);
    this.inputSpec = { ndim: this.rank + 2, axes: { [-1]: ch } };
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return [s[0] ?? null, ...s.slice(1, -1).map((d, i) => this.outLength(d, i)), this.filters];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), filters: this.filters };
  }
}

export class Conv2D extends Conv {
  constructor(args: ConvArgs) {
    super(2, args);
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const y = conv2d(inputs as Tensor, this.kernel, {
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

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const y = conv1d(inputs as Tensor, this.kernel, {
      strides: this.strides[0], padding: this.padding, dilationRate: this.dilationRate[0], bias: this.bias, activation: this.fusedActivation,
    });
    return this.finish(y, args);
  }
}
