// GaussianNoise: adds N(0, stddev²) noise during training; identity at inference
// (Keras `layers.GaussianNoise`, a regularizer against overfitting on small data).

import { add } from '../../ops/binary.js';
import { randomNormal } from '../../tensor/random.js';
import { tidy } from '../../autograd/gradients.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';
import { SeedStream, checkUnitInterval } from './seed_stream.js';

export interface GaussianNoiseArgs extends LayerArgs {
  stddev: number;
  seed?: number | null;
}

export class GaussianNoise extends Layer {
  /** Passes the input mask on (Keras `supports_masking`). */
  override supportsMasking = true;

  static readonly configKeys: readonly string[] = ['stddev', 'seed'];

  readonly stddev: number;
  readonly seed: number | null;
  private readonly seeds: SeedStream;

  constructor(args: GaussianNoiseArgs) {
    super(layerArgs(new.target, args));
    this.stddev = checkUnitInterval('stddev', args?.stddev);
    this.seed = SeedStream.option(this.name, args.seed);
    this.seeds = new SeedStream(this.seed);
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const x = inputs as Tensor;
    if (!args.training || this.stddev === 0) return x;
    return tidy(() => add(x, randomNormal(x.shape, 0, this.stddev, this.seeds.next())));
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s.slice();
  }
}
