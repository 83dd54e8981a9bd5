// RandomTranslation (Keras `layers.RandomTranslation`): shifts each training image by
// fractions of its height and width drawn from the factor ranges (positive: down / right);
// identity in inference.

import { layerArgs } from '../config.js';
import { RandomAffineLayer, type RandomAffineArgs, type Transforms } from './random_affine.js';
import { scaled, signedFactor } from './random_image.js';

const f = Math.fround;

/** Options of {@link RandomTranslation} (Keras `layers.RandomTranslation` arguments, camelCase). */
export interface RandomTranslationArgs extends RandomAffineArgs {
  /** A fraction of the height: a number f means [−|f|, |f|]; a pair [lower, upper]; within [−1, 1]. */
  heightFactor: number | [number, number];
  /** A fraction of the width, as heightFactor. */
  widthFactor: number | [number, number];
}

/**
 * Randomly shifts training images, Keras `layers.RandomTranslation`: by fractions of the height and width drawn from the
 * factor ranges (positive: down / right), filled per `fillMode`; identity in inference. Factors outside [−1, 1] throw a `ValueError`.
 */
export class RandomTranslation extends RandomAffineLayer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = ['data_format', 'height_factor', 'width_factor', 'fill_mode', 'interpolation', 'seed', 'fill_value'];

  /** The vertical shift range as given, a fraction of the height: f means [−|f|, |f|]; a pair [lower, upper]. */
  readonly heightFactor: number | [number, number];
  /** The horizontal shift range as given, a fraction of the width. */
  readonly widthFactor: number | [number, number];
  private readonly hRange: [number, number];
  private readonly wRange: [number, number];

  constructor(args: RandomTranslationArgs) {
    super(layerArgs(new.target, args));
    this.hRange = signedFactor(this.name, 'heightFactor', args.heightFactor, false);
    this.wRange = signedFactor(this.name, 'widthFactor', args.widthFactor, false);
    this.heightFactor = args.heightFactor;
    this.widthFactor = args.widthFactor;
  }

  randomParams(n: number, h: number, w: number): Transforms {
    const u = this.uniforms(2 * n);
    const draw = (v: number, [lo, hi]: [number, number]) => (lo === hi ? f(lo) : scaled(v, lo, hi));
    const t = new Float32Array(n * 8);
    for (let b = 0; b < n; b++) {
      const ty = f(draw(u[b]!, this.hRange) * h);
      const tx = f(draw(u[n + b]!, this.wRange) * w);
      t.set([1, 0, -tx, 0, 1, -ty, 0, 0], 8 * b);
    }
    return t;
  }
}
