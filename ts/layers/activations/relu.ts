// Activation layers with parameters: ReLU (max value, negative slope, threshold), LeakyReLU,
// ELU, Softmax (Keras `layers.ReLU`, `LeakyReLU`, `ELU`, `Softmax`).

import { ValueError, fmt } from '../../errors.js';
import { tidy } from '../../autograd/gradients.js';
import { sub, mul, greater } from '../../ops/binary.js';
import { relu, leakyRelu, elu, mulScalar, affine, clipByValue } from '../../ops/unary.js';
import { softmax } from '../../ops/softmax.js';
import { transpose } from '../../ops/transpose.js';
import { reshape } from '../../ops/reshape.js';
import { scalar } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';

/**
 * Rectified linear unit with options (Keras `layers.ReLU`): `x` above `threshold`, clipped to `maxValue`, and `negativeSlope·(x - threshold)` below it.
 *
 * Options: `maxValue` (default none), `negativeSlope` (default 0), `threshold` (default 0); a negative `maxValue` or `negativeSlope` is a ValueError.
 * @example layers.reLU({ maxValue: 6 })   // ReLU6
 */
export class ReLU extends Layer {
  /** Passes the input mask on (Keras `supports_masking`). */
  override supportsMasking = true;

  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = ['max_value', 'negative_slope', 'threshold'];

  /** Upper bound of the output, or null for none. Default: null. */
  readonly maxValue: number | null;
  /** Slope below the threshold. Default: 0. */
  readonly negativeSlope: number;
  /** Inputs at or below this value are clipped to the negative branch. Default: 0. */
  readonly threshold: number;

  constructor(args: LayerArgs & { maxValue?: number | null; negativeSlope?: number; threshold?: number } = {}) {
    super(layerArgs(new.target, args));
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

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s.slice();
  }
}

/**
 * Leaky ReLU (Keras `layers.LeakyReLU`): `x` for `x > 0`, `negativeSlope·x` otherwise.
 *
 * Option `negativeSlope` (Keras 2 / tfjs: `alpha`), default 0.3 as in Keras.
 * @example layers.leakyReLU({ negativeSlope: 0.1 })
 */
export class LeakyReLU extends Layer {
  /** Passes the input mask on (Keras `supports_masking`). */
  override supportsMasking = true;

  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = ['negative_slope'];
  /** Keras 2 / tfjs spelling of negativeSlope. */
  static readonly extraOptions = ['alpha'];

  /** Slope for negative inputs. Default: 0.3. */
  readonly negativeSlope: number;

  constructor(args: LayerArgs & { negativeSlope?: number; alpha?: number } = {}) {
    super(layerArgs(new.target, args));
    this.negativeSlope = args.negativeSlope ?? args.alpha ?? 0.3;
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    return leakyRelu(inputs as Tensor, this.negativeSlope);
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s.slice();
  }
}

/** Exponential linear unit (Keras `layers.ELU`): `x` for `x > 0`, `alpha·(exp(x) - 1)` otherwise. Option `alpha`, default 1. */
export class ELU extends Layer {
  /** Passes the input mask on (Keras `supports_masking`). */
  override supportsMasking = true;

  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = ['alpha'];

  /** Scale of the negative branch. Default: 1. */
  readonly alpha: number;

  constructor(args: LayerArgs & { alpha?: number } = {}) {
    super(layerArgs(new.target, args));
    this.alpha = args.alpha ?? 1;
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    return elu(inputs as Tensor, this.alpha);
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s.slice();
  }
}

/**
 * Softmax over one or several axes (Keras `layers.Softmax`); several axes are normalised jointly.
 *
 * Option `axis`: an integer or a non-empty list (default -1, the last axis); anything else is a ValueError.
 * @example layers.softmax({ axis: -1 })
 */
export class Softmax extends Layer {
  /** Passes the input mask on (Keras `supports_masking`). */
  override supportsMasking = true;

  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = ['axis'];

  /** As given (Keras writes an int or a list back). */
  readonly axis: number | number[];

  constructor(args: LayerArgs & { axis?: number | number[] } = {}) {
    super(layerArgs(new.target, args));
    const a = args.axis ?? -1;
    this.axis = Array.isArray(a) ? a.slice() : a;
    if ((Array.isArray(a) && a.length === 0) || ![a].flat().every(Number.isInteger)) {
      throw new ValueError(`Layer '${this.name}': axis must be an integer or a non-empty list of integers. Received: axis=${fmt(args.axis)}`);
    }
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    const x = inputs as Tensor;
    const axes = [...new Set([this.axis].flat().map((v) => (v < 0 ? v + x.rank : v)))].sort((p, q) => p - q);
    if (axes.some((v) => v < 0 || v >= x.rank)) throw new ValueError(`Layer '${this.name}': axis out of range for an input of rank ${x.rank}. Received: axis=${fmt(this.axis)}`);
    if (axes.length === 1) return softmax(x, axes[0]!);
    // Several axes (Keras normalises over all of them jointly): move them last, merge them,
    // take the softmax there, and undo the moves.
    const rest = Array.from({ length: x.rank }, (_, i) => i).filter((i) => !axes.includes(i));
    const perm = [...rest, ...axes];
    const inv = perm.map((_, i) => perm.indexOf(i));
    return tidy(() => {
      const t = transpose(x, perm);
      const merged = reshape(t, [...rest.map((i) => x.shape[i]!), -1]);
      return transpose(reshape(softmax(merged, -1), t.shape), inv);
    });
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s.slice();
  }
}

