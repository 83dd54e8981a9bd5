// Conv2DTranspose (Keras `layers.Conv2DTranspose`): the gradient of a convolution with
// respect to its input, used as an upsampling layer. Kernel layout (kh, kw, filters, in).

import { ValueError, fmt } from '../../errors.js';
import { conv2dTranspose } from '../../ops/conv/conv2d_transpose.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { CallArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { BaseConv, tuple, type BaseConvArgs, type IntOrList } from './base_conv.js';

export interface Conv2DTransposeArgs extends BaseConvArgs {
  filters: number;
  outputPadding?: IntOrList | null;
}

export class Conv2DTranspose extends BaseConv {
  readonly filters: number;
  readonly outputPadding: number[] | null;

  constructor(args: Conv2DTransposeArgs) {
    super(2, args);
    if (!Number.isInteger(args.filters) || args.filters <= 0) {
      throw new ValueError(`Layer '${this.name}': invalid value for argument \`filters\`. Received: filters=${fmt(args.filters)}`);
    }
    this.filters = args.filters;
    this.outputPadding = args.outputPadding == null ? null : tuple(this.name, 'outputPadding', args.outputPadding, 2, 0);
  }

  override build(inputShape: SymbolicShape): void {
    const ch = inputShape.at(-1) as number;
    this.kernel = this.addKernel('kernel', [...this.kernelSize, this.filters, ch], this.convArgs.kernelInitializer);
    this.addBias(this.filters);
    this.inputSpec = { ndim: 4, axes: { [-1]: ch } };
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const y = conv2dTranspose(inputs as Tensor, this.kernel, {
      strides: this.strides as [number, number], padding: this.padding as 'valid' | 'same',
      dilationRate: this.dilationRate as [number, number], outputPadding: (this.outputPadding ?? undefined) as [number, number] | undefined,
      bias: this.bias, activation: this.fusedActivation,
    });
    return this.finish(y, args);
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    const out = s.slice(1, 3).map((d, i) => {
      if (d === null) return null;
      const k = (this.kernelSize[i]! - 1) * this.dilationRate[i]! + 1;
      const op = this.outputPadding?.[i] ?? 0;
      const st = this.strides[i]!;
      return this.padding === 'same' ? d * st + op : (d - 1) * st + k + op;
    });
    return [s[0] ?? null, ...out, this.filters];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), filters: this.filters, output_padding: this.outputPadding };
  }
}
