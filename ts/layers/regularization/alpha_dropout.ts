// AlphaDropout: dropout for SELU networks (Keras `layers.AlphaDropout`). During training a
// dropped unit is set to SELU's negative saturation α' = −λα rather than 0, then an affine
// map a·x + b restores the input's mean and variance; identity at inference.

import { ValueError, fmt } from '../../errors.js';
import { add, mul } from '../../ops/binary.js';
import { affine } from '../../ops/unary.js';
import type { Tensor } from '../../tensor/tensor.js';
import { NoiseLayer, type NoiseLayerArgs } from './noise_layer.js';
import { checkUnitInterval } from './seed_stream.js';

const ALPHA = 1.6732632423543772848170429916717;
const SCALE = 1.0507009873554804934193349852946;

/** Options of {@link AlphaDropout} (Keras `layers.AlphaDropout`). */
export interface AlphaDropoutArgs extends NoiseLayerArgs {
  /** Fraction of units to drop, in [0, 1] (else a ValueError). */
  rate: number;
  /** Shares one keep/drop decision along the axes where it is 1 (null: the input's size). */
  noiseShape?: readonly (number | null)[] | null;
}

/**
 * Dropout for self-normalising (SELU) networks (Keras `layers.AlphaDropout`): dropped units take SELU's negative saturation value instead of 0, and an affine map keeps the input's mean and variance; identity at inference.
 * @example layers.alphaDropout({ rate: 0.1 })
 */
export class AlphaDropout extends NoiseLayer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = ['rate', 'seed', 'noise_shape'];

  /** Fraction of units dropped in training. */
  readonly rate: number;
  /** Shape of the keep/drop mask (1 = shared along that axis), or null for the input shape. */
  readonly noiseShape: (number | null)[] | null;

  constructor(args: AlphaDropoutArgs) {
    super(args);
    this.rate = checkUnitInterval('rate', args?.rate);
    const ns = args.noiseShape;
    if (ns != null && (!Array.isArray(ns) || ns.some((d) => d !== null && (!Number.isInteger(d) || d < 1)))) {
      throw new ValueError(`Layer '${this.name}': noiseShape must be a list of positive integers or nulls. Received: noiseShape=${fmt(ns)}`);
    }
    this.noiseShape = ns == null ? null : ns.slice();
  }

  protected get active(): boolean {
    return this.rate !== 0;
  }

  protected addNoise(x: Tensor): Tensor {
    const ns = this.noiseShape;
    if (ns && (ns.length !== x.rank || ns.some((d, i) => d !== null && d !== 1 && d !== x.shape[i]))) {
      throw new ValueError(`Layer '${this.name}': noiseShape ${fmt(ns)} does not broadcast to the input shape. Received: input_shape=${fmt(x.shape)}`);
    }
    const maskShape = ns ? ns.map((d, i) => d ?? x.shape[i]!) : x.shape;
    const p = this.rate;
    const alphaP = -ALPHA * SCALE;
    const a = ((1 - p) * (1 + p * alphaP ** 2)) ** -0.5;
    const b = -a * alphaP * p;
    // Keras keeps a unit when uniform ≥ rate, i.e. with probability 1 − rate.
    const keep = this.draw('bernoulli', maskShape, 1 - p, 0);
    // x·keep + α'(1 − keep), then a·(…) + b.
    const dropped = affine(keep, -alphaP, alphaP);
    return affine(add(mul(x, keep), dropped), a, b);
  }
}
