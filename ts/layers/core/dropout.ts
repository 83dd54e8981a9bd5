// Dropout: zeroes a fraction `rate` of inputs during training, scaling the rest by
// 1/(1 − rate); identity at inference (Keras `layers.Dropout`). `noiseShape` shares one
// keep/drop decision along the axes where it is 1 (null entries take the input's size).

import { ValueError, fmt } from '../../errors.js';
import { checkDropout, dropoutFrom, type StreamSource } from '../../ops/dropout_stream.js';
import { reshape } from '../../ops/reshape.js';
import { mul } from '../../ops/binary.js';
import { mulScalar } from '../../ops/unary.js';
import { nextStream, randomBernoulli } from '../../tensor/random.js';
import { tidy } from '../../autograd/gradients.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';

/** Options of {@link Dropout} (Keras `layers.Dropout`). */
export interface DropoutArgs extends LayerArgs {
  /** Fraction of the inputs to drop, in [0, 1); anything else is a ValueError. */
  rate: number;
  /** Makes the masks reproducible: each call draws the next mask of this seed's sequence. */
  seed?: number | null;
  /** Shape of the keep/drop mask (Keras `noise_shape`): a 1 shares one decision along that axis (e.g. `[null, 1, null]` drops whole features of a sequence), null takes the input's size. Default: the input shape. */
  noiseShape?: readonly (number | null)[] | null;
}

/**
 * Randomly zeroes a fraction `rate` of its inputs during training and scales the rest by `1 / (1 - rate)`; identity at inference (Keras `layers.Dropout`).
 *
 * Active only in calls with `training: true` (`fit` sets it).
 * @example layers.dropout({ rate: 0.5 })
 */
export class Dropout extends Layer {
  /** Passes the input mask on (Keras `supports_masking`). */
  override supportsMasking = true;

  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = ['rate', 'seed', 'noise_shape'];

  /** Fraction of the inputs dropped in training. */
  readonly rate: number;
  /** Seed of the mask sequence, or null for the global random stream. */
  readonly seed: number | null;
  /** Shape of the mask (1 = shared along that axis), or null for the input shape. */
  readonly noiseShape: (number | null)[] | null;
  private calls = 0;
  /** This layer's mask stream: one function per layer, so a compiled step can tell two Dropouts apart and advance each. */
  private readonly stream: StreamSource = (n) => nextStream(n, this.callSeed());

  constructor(args: DropoutArgs) {
    super(layerArgs(new.target, args));
    if (!(typeof args?.rate === 'number' && args.rate >= 0 && args.rate < 1)) {
      throw new ValueError(`Invalid value received for argument \`rate\`. Expected a float value between 0 and 1. Received: rate=${fmt(args?.rate)}`);
    }
    if (args.seed != null && !Number.isInteger(args.seed)) throw new ValueError(`Layer '${this.name}': seed must be an integer. Received: seed=${fmt(args.seed)}`);
    const ns = args.noiseShape;
    if (ns != null && (!Array.isArray(ns) || ns.some((d) => d !== null && (!Number.isInteger(d) || d < 1)))) {
      throw new ValueError(`Layer '${this.name}': noiseShape must be a list of positive integers or nulls. Received: noiseShape=${fmt(ns)}`);
    }
    this.rate = args.rate;
    this.seed = args.seed ?? null;
    this.noiseShape = ns == null ? null : ns.slice();
  }

  /** The seed of this call's mask: a fixed seed gives a reproducible sequence of masks, as Keras's SeedGenerator. */
  protected callSeed(): number | undefined {
    if (this.seed === null) return undefined;
    return (this.seed + this.calls++ * 1_000_003) % 2 ** 52;
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const x = inputs as Tensor;
    if (!args.training || this.rate === 0) return reshape(x, x.shape);
    if (this.noiseShape === null) {
      checkDropout('dropout', x, this.rate);
      return dropoutFrom(x, this.rate, this.stream);
    }
    const ns = this.noiseShape;
    if (ns.length !== x.rank || ns.some((d, i) => d !== null && d !== 1 && d !== x.shape[i])) {
      throw new ValueError(`Layer '${this.name}': noiseShape ${fmt(ns)} does not broadcast to the input shape. Received: input_shape=${fmt(x.shape)}`);
    }
    return this.masked(x, ns.map((d, i) => d ?? x.shape[i]!));
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s.slice();
  }

  /** x · Bernoulli(1 − rate) mask of `maskShape` (broadcast) / (1 − rate). */
  protected masked(x: Tensor, maskShape: number[]): Tensor {
    return tidy(() => {
      const keep = randomBernoulli(maskShape, 1 - this.rate, this.callSeed());
      return mul(x, mulScalar(keep, 1 / (1 - this.rate)));
    });
  }
}
