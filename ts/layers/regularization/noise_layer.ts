// The common frame of the random regularization layers (GaussianNoise, GaussianDropout,
// AlphaDropout): a reproducible `seed` option, mask pass-through, same output shape, and
// identity unless training with a non-zero amount of noise.

import { tidy } from '../../autograd/gradients.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';
import { SeedStream } from './seed_stream.js';
import { nextStream } from '../../tensor/random.js';
import { randomFrom, type StreamSource } from '../../ops/dropout_stream.js';

/** Options shared by the random regularization layers (GaussianNoise, GaussianDropout, AlphaDropout). */
export interface NoiseLayerArgs extends LayerArgs {
  /** Seed of the noise: a fixed seed gives the same sequence of noise draws on every run (Keras `seed`). Default: null (the global random stream). */
  seed?: number | null;
}

export abstract class NoiseLayer extends Layer {
  /** Passes the input mask on (Keras `supports_masking`). */
  override supportsMasking = true;

  /** Seed of the noise, or null for the global random stream. */
  readonly seed: number | null;
  private readonly seeds: SeedStream;
  /** This layer's noise stream: one function per layer, so a compiled training step can advance each as its eager call would. */
  private readonly stream: StreamSource = (n) => nextStream(n, this.seeds.next());

  constructor(args: NoiseLayerArgs) {
    super(layerArgs(new.target, args));
    this.seed = SeedStream.option(this.name, args?.seed);
    this.seeds = new SeedStream(this.seed);
  }

  /** False when the layer's rate/stddev is 0, so training calls pass the input through too. */
  protected abstract get active(): boolean;

  /** The training-time output for `x`, drawing its noise once with {@link draw}. */
  protected abstract addNoise(x: Tensor): Tensor;

  /** Random values of `dist` with parameters (a, b) (as tensor/random.ts) from this layer's stream. */
  protected draw(dist: 'normal' | 'bernoulli', shape: readonly number[], a: number, b: number): Tensor {
    return randomFrom(this.className, dist, shape, a, b, this.stream);
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const x = inputs as Tensor;
    if (!args.training || !this.active) return x;
    return tidy(() => this.addNoise(x));
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s.slice();
  }
}
