// GaussianDropout: multiplies by N(1, rate/(1 − rate)) noise during training (the
// multiplicative noise with Dropout's mean and variance); identity at inference
// (Keras `layers.GaussianDropout`).

import { mul } from '../../ops/binary.js';
import { randomNormal } from '../../tensor/random.js';
import { tidy } from '../../autograd/gradients.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';
import { SeedStream, checkUnitInterval } from './seed_stream.js';

export interface GaussianDropoutArgs extends LayerArgs {
  rate: number;
  seed?: number | null;
}

export class GaussianDropout extends Layer {
  /** Passes the input mask on (Keras `supports_masking`). */
  override supportsMasking = true;

  static readonly configKeys: readonly string[] = ['rate', 'seed'];

  readonly rate: number;
  readonly seed: number | null;
  private readonly seeds: SeedStream;

  constructor(args: GaussianDropoutArgs) {
    super(layerArgs(new.target, args));
    this.rate = checkUnitInterval('rate', args?.rate);
    this.seed = SeedStream.option(this.name, args.seed);
    this.seeds = new SeedStream(this.seed);
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const x = inputs as Tensor;
    if (!args.training || this.rate === 0) return x;
    const stddev = Math.sqrt(this.rate / (1 - this.rate));
    return tidy(() => mul(x, randomNormal(x.shape, 1, stddev, this.seeds.next())));
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s.slice();
  }
}
