// AlphaDropout: dropout for SELU networks (Keras `layers.AlphaDropout`). During training a
// dropped unit is set to SELU's negative saturation α' = −λα rather than 0, then an affine
// map a·x + b restores the input's mean and variance; identity at inference.

import { ValueError, fmt } from '../../errors.js';
import { add, mul } from '../../ops/binary.js';
import { affine } from '../../ops/unary.js';
import { randomBernoulli } from '../../tensor/random.js';
import { tidy } from '../../autograd/gradients.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';
import { SeedStream, checkUnitInterval } from './seed_stream.js';

const ALPHA = 1.6732632423543772848170429916717;
const SCALE = 1.0507009873554804934193349852946;

export interface AlphaDropoutArgs extends LayerArgs {
  rate: number;
  /** Shares one keep/drop decision along the axes where it is 1 (null: the input's size). */
  noiseShape?: readonly (number | null)[] | null;
  seed?: number | null;
}

export class AlphaDropout extends Layer {
  /** Passes the input mask on (Keras `supports_masking`). */
  override supportsMasking = true;

  static readonly configKeys: readonly string[] = ['rate', 'seed', 'noise_shape'];

  readonly rate: number;
  readonly seed: number | null;
  readonly noiseShape: (number | null)[] | null;
  private readonly seeds: SeedStream;

  constructor(args: AlphaDropoutArgs) {
    super(layerArgs(new.target, args));
    this.rate = checkUnitInterval('rate', args?.rate);
    this.seed = SeedStream.option(this.name, args.seed);
    this.seeds = new SeedStream(this.seed);
    const ns = args.noiseShape;
    if (ns != null && (!Array.isArray(ns) || ns.some((d) => d !== null && (!Number.isInteger(d) || d < 1)))) {
      throw new ValueError(`Layer '${this.name}': noiseShape must be a list of positive integers or nulls. Received: noiseShape=${fmt(ns)}`);
    }
    this.noiseShape = ns == null ? null : ns.slice();
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const x = inputs as Tensor;
    if (!args.training || this.rate === 0) return x;
    const ns = this.noiseShape;
    if (ns && (ns.length !== x.rank || ns.some((d, i) => d !== null && d !== 1 && d !== x.shape[i]))) {
      throw new ValueError(`Layer '${this.name}': noiseShape ${fmt(ns)} does not broadcast to the input shape. Received: input_shape=${fmt(x.shape)}`);
    }
    const maskShape = ns ? ns.map((d, i) => d ?? x.shape[i]!) : x.shape;
    const p = this.rate;
    const alphaP = -ALPHA * SCALE;
    const a = ((1 - p) * (1 + p * alphaP ** 2)) ** -0.5;
    const b = -a * alphaP * p;
    return tidy(() => {
      // Keras keeps a unit when uniform ≥ rate, i.e. with probability 1 − rate.
      const keep = randomBernoulli(maskShape, 1 - p, this.seeds.next());
      // x·keep + α'(1 − keep), then a·(…) + b.
      const dropped = affine(keep, -alphaP, alphaP);
      return affine(add(mul(x, keep), dropped), a, b);
    });
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s.slice();
  }
}
