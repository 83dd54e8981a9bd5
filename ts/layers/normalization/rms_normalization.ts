// RMSNormalization: x · rsqrt(mean(x²) + ε) · scale over `axis` (Keras 3
// `layers.RMSNormalization`), the normalisation of many recent transformers.

import { ValueError, fmt } from '../../errors.js';
import { mul } from '../../ops/binary.js';
import { mean } from '../../ops/reduce.js';
import { addScalar, rsqrt, square } from '../../ops/unary.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../autograd/variable.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';
import { checkAxes } from './unit_normalization.js';

/** Options of {@link RMSNormalization} (Keras 3 `layers.RMSNormalization`). */
export interface RMSNormalizationArgs extends LayerArgs {
  /** Axis or axes to normalise over (the scale spans them). Default -1. */
  axis?: number | readonly number[];
  /** Default 1e-6. */
  epsilon?: number;
}

/**
 * Root-mean-square normalization (Keras 3 `layers.RMSNormalization`): `x · rsqrt(mean(x²) + epsilon) · scale` over `axis`, the normalization of many recent transformers (no mean subtraction, no offset).
 * @example layers.rmsNormalization({ epsilon: 1e-6 })
 */
export class RMSNormalization extends Layer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = ['axis', 'epsilon'];

  /** As given; a list once built (as Keras writes it). */
  axis: number | number[];
  /** Added to the mean square before the square root. Default: 1e-6. */
  readonly epsilon: number;
  /** The learned scale, shaped like the normalised axes (initialised to ones). */
  scale!: Variable;

  constructor(args: RMSNormalizationArgs = {}) {
    super(layerArgs(new.target, args));
    const a = args.axis ?? -1;
    if (!(Number.isInteger(a) || (Array.isArray(a) && a.length > 0 && a.every(Number.isInteger)))) {
      throw new ValueError(`Layer '${this.name}': axis must be an int or a list of ints. Received: axis=${fmt(args.axis)}`);
    }
    this.axis = typeof a === 'number' ? a : a.slice();
    this.epsilon = args.epsilon ?? 1e-6;
    if (typeof this.epsilon !== 'number' || !(this.epsilon >= 0)) throw new ValueError(`Layer '${this.name}': epsilon must be a non-negative number. Received: epsilon=${fmt(args.epsilon)}`);
  }

  override build(inputShape: SymbolicShape): void {
    const given = typeof this.axis === 'number' ? [this.axis] : [...this.axis].sort((p, q) => p - q);
    checkAxes(this.name, given, inputShape.length);
    const shape = given.map((d) => inputShape[d < 0 ? d + inputShape.length : d]);
    if (shape.some((d) => d == null)) throw new ValueError(`Layer '${this.name}': the normalised axes must have known sizes. Received: input_shape=${fmt(inputShape)}`);
    this.axis = given;
    this.scale = this.addWeight('scale', { shape: shape as number[], initializer: 'ones' });
    this.built = true;
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    const x = inputs as Tensor;
    const axes = checkAxes(this.name, this.axis, x.rank);
    return mul(mul(x, rsqrt(addScalar(mean(square(x), axes, true), this.epsilon))), this.scale);
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    checkAxes(this.name, this.axis, s.length);
    return s;
  }
}
