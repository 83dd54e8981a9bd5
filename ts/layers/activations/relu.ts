// Activation layers with parameters: ReLU (max value, negative slope, threshold), LeakyReLU,
// ELU, Softmax (Keras `layers.ReLU`, `LeakyReLU`, `ELU`, `Softmax`).

import { ValueError, fmt } from '../../errors.js';
import { tidy } from '../../autograd/gradients.js';
import { sub, mul, greater } from '../../ops/binary.js';
import { relu, leakyRelu, elu, mulScalar, affine, clipByValue } from '../../ops/unary.js';
import { softmax } from '../../ops/softmax.js';
import { scalar } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';

export class ReLU extends Layer {
  readonly maxValue: number | null;
  readonly negativeSlope: number;
  readonly threshold: number;

  constructor(args: LayerArgs & { maxValue?: number | null; negativeSlope?: number; threshold?: number } = {}) {
    super(args);
    this.maxValue = args.maxValue ?? null;
    this.negativeSlope = args.negativeSlope ?? 0;
    this.threshold = args.threshold ?? 0;
    if (this.maxValue !== null && !(this.maxValue >= 0)) throw new ValueError(`ReLU: maxValue must be ≥ 0. Received: maxValue=${fmt(args.maxValue)}`);
    if (!(this.negativeSlope >= 0)) throw new ValueError(`ReLU: negativeSlope must be ≥ 0. Received: negativeSlope=${fmt(args.negativeSlope)}`);
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    const x = inputs as Tensor;
    if (this.negativeSlope === 0 && this.threshold === 0 && this.maxValue === null) return relu(x);
    // Keras `ReLU.static_call`: x·[x > threshold], clipped to [0, maxValue], minus
    // negativeSlope·relu(threshold − x).
    return tidy(() => {
      let y = this.threshold !== 0 ? mul(x, greater(x, scalar(this.threshold))) : relu(x);
      if (this.maxValue !== null) y = clipByValue(y, 0, this.maxValue);
      if (this.negativeSlope !== 0) y = sub(y, mulScalar(relu(affine(x, -1, this.threshold)), this.negativeSlope));
      return y;
    });
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), max_value: this.maxValue, negative_slope: this.negativeSlope, threshold: this.threshold };
  }
}

export class LeakyReLU extends Layer {
  readonly negativeSlope: number;

  constructor(args: LayerArgs & { negativeSlope?: number } = {}) {
    super(args);
    this.negativeSlope = args.negativeSlope ?? 0.3;
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    return leakyRelu(inputs as Tensor, this.negativeSlope);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), negative_slope: this.negativeSlope };
  }
}

export class ELU extends Layer {
  readonly alpha: number;

  constructor(args: LayerArgs & { alpha?: number } = {}) {
    super(args);
    this.alpha = args.alpha ?? 1;
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    return elu(inputs as Tensor, this.alpha);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}

export class Softmax extends Layer {
  readonly axis: number;

  constructor(args: LayerArgs & { axis?: number } = {}) {
    super(args);
    this.axis = args.axis ?? -1;
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    return softmax(inputs as Tensor, this.axis);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}

