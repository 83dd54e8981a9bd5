// RandomRotation (Keras `layers.RandomRotation`): rotates each training image by an angle
// drawn from [factor[0], factor[1]] × 360° about its centre; identity in inference.
// factor = (a, a) rotates every image by exactly a·360° (how the Keras fixtures pin it).

import { layerArgs } from '../config.js';
import { RandomAffineLayer, type RandomAffineArgs, type Transforms } from './random_affine.js';
import { baseFactor, scaled } from './random_image.js';

const f = Math.fround;

/** Options of {@link RandomRotation} (Keras `layers.RandomRotation` arguments, camelCase). */
export interface RandomRotationArgs extends RandomAffineArgs {
  /** A fraction of 2π: a number f means [−f, f]; a pair [lower, upper]; within [−1, 1]. */
  factor: number | [number, number];
}

/**
 * Keras's `_compute_affine_matrix` for a rotation by `deg` degrees about the image centre,
 * as [a0, a1, a2, b0, b1, b2, 0, 0].
 */
export function rotationMatrix(deg: number, h: number, w: number): number[] {
  // float32 step by step, as Keras's graph computes it.
  const rad = f(f(deg) * f(Math.PI / 180));
  const [cos, sin] = [f(Math.cos(rad)), f(Math.sin(rad))];
  const cx = f(0.5 * (w - 1)), cy = f(0.5 * (h - 1));
  const [a0, a1, b0, b1] = [cos, -sin, sin, cos];
  const a2 = f(f(cx - f(cx * a0)) - f(cy * a1));
  const b2 = f(f(cy - f(cx * b0)) - f(cy * b1));
  return [a0, a1, a2, b0, b1, b2, 0, 0];
}

/**
 * Randomly rotates training images about their centre, Keras `layers.RandomRotation`: angles drawn from `factor` × 360°,
 * filled per `fillMode`; identity in inference. A factor outside [−1, 1] throws a `ValueError` (`Received: factor=…`).
 */
export class RandomRotation extends RandomAffineLayer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = ['data_format', 'factor', 'fill_mode', 'fill_value', 'interpolation', 'seed'];

  /** [lower, upper] fractions of a full turn. */
  readonly factor: [number, number];

  constructor(args: RandomRotationArgs) {
    super(layerArgs(new.target, args));
    this.factor = baseFactor(this.name, args.factor, [-1, 1]);
  }

  randomParams(n: number, h: number, w: number): Transforms {
    const u = this.uniforms(n);
    const t = new Float32Array(n * 8);
    const [lo, hi] = [this.factor[0] * 360, this.factor[1] * 360];
    for (let b = 0; b < n; b++) t.set(rotationMatrix(lo === hi ? lo : scaled(u[b]!, lo, hi), h, w), 8 * b);
    return t;
  }
}
