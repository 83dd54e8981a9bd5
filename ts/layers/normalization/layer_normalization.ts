// LayerNormalization: normalises each sample over `axis` (default last), then scales by
// gamma and shifts by beta (Keras `layers.LayerNormalization`, epsilon 1e-3).

import { ValueError, fmt } from '../../errors.js';
import * as initializers from '../../initializers/index.js';
import { add, mul, sub } from '../../ops/binary.js';
import { mean, variance } from '../../ops/reduce.js';
import { addScalar, rsqrt } from '../../ops/unary.js';
import { reshape } from '../../ops/reshape.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../autograd/variable.js';
import { tidy } from '../../autograd/gradients.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';

export interface LayerNormalizationArgs extends LayerArgs {
  axis?: number | number[];
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  betaInitializer?: initializers.InitializerIdentifier;
  gammaInitializer?: initializers.InitializerIdentifier;
}

export class LayerNormalization extends Layer {
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private readonly axisArg: number[];
  private axes: number[] = [];
  gamma: Variable | null = null;
  beta: Variable | null = null;
  private readonly args: LayerNormalizationArgs;

  constructor(args: LayerNormalizationArgs = {}) {
    super(args);
    this.args = args;
    this.axisArg = Array.isArray(args.axis) ? args.axis.slice() : [args.axis ?? -1];
    this.epsilon = args.epsilon ?? 1e-3;
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    if (!(this.epsilon > 0)) throw new ValueError(`LayerNormalization: epsilon must be positive. Received: epsilon=${fmt(args.epsilon)}`);
  }

  override build(inputShape: SymbolicShape): void {
    const r = inputShape.length;
    this.axes = this.axisArg.map((a) => (a < 0 ? a + r : a));
    if (this.axes.some((a) => a < 1 || a >= r)) {
      throw new ValueError(`Layer '${this.name}': invalid axis for an input of rank ${r}. Received: axis=${fmt(this.axisArg)}`);
    }
    const paramShape = this.axes.map((a) => inputShape[a] as number);
    if (this.scale) this.gamma = this.addWeight('gamma', { shape: paramShape, initializer: this.args.gammaInitializer ?? 'ones' });
    if (this.center) this.beta = this.addWeight('beta', { shape: paramShape, initializer: this.args.betaInitializer ?? 'zeros' });
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    const x = inputs as Tensor;
    return tidy(() => {
      const m = mean(x, this.axes, true);
      const v = variance(x, this.axes, true);
      let y = mul(sub(x, m), rsqrt(addScalar(v, this.epsilon)));
      // gamma/beta cover the normalised axes; shape them to broadcast against x.
      const bshape = x.shape.map((d, i) => (this.axes.includes(i) ? d : 1));
      if (this.gamma) y = mul(y, reshape(this.gamma, bshape));
      if (this.beta) y = add(y, reshape(this.beta, bshape));
      return y;
    });
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axisArg.length === 1 ? this.axisArg[0] : this.axisArg, epsilon: this.epsilon, center: this.center, scale: this.scale };
  }
}
