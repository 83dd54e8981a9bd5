// RandomZoom (Keras `layers.RandomZoom`): scales each training image about its centre by
// 1 + a factor drawn from [lower, upper] (positive: zoom out, negative: zoom in), the width
// by its own draw when `widthFactor` is given, else by the height's; identity in inference.

import { layerArgs } from '../config.js';
import { RandomAffineLayer, type RandomAffineArgs, type Transforms } from './random_affine.js';
import { scaled, signedFactor } from './random_image.js';

const f = Math.fround;

/** Options of {@link RandomZoom} (Keras `layers.RandomZoom` arguments, camelCase). */
export interface RandomZoomArgs extends RandomAffineArgs {
  /** A number f means [−|f|, |f|]; a pair [lower, upper]; each within (−1, 1]. */
  heightFactor: number | [number, number];
  /** Default null: keep the aspect ratio (the height's zoom). */
  widthFactor?: number | [number, number] | null;
}

/** Keras's `_get_zoom_matrix`: scale (zw, zh) about the centre. */
export function zoomMatrix(zw: number, zh: number, h: number, w: number): number[] {
  return [zw, 0, f(f((w - 1) / 2) * f(1 - zw)), 0, zh, f(f((h - 1) / 2) * f(1 - zh)), 0, 0];
}

/**
 * Randomly zooms training images about their centre, Keras `layers.RandomZoom`: scale 1 + a draw from the factor range
 * (positive zooms out, negative zooms in); identity in inference. Factors outside (−1, 1] throw a `ValueError` (`Received: heightFactor=…`).
 */
export class RandomZoom extends RandomAffineLayer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = ['data_format', 'height_factor', 'width_factor', 'fill_mode', 'interpolation', 'seed', 'fill_value'];

  /** The vertical zoom range as given: f means [−|f|, |f|]; a pair [lower, upper]. */
  readonly heightFactor: number | [number, number];
  /** The horizontal zoom range as given, or null to keep the aspect ratio (the height's zoom). */
  readonly widthFactor: number | [number, number] | null;
  private readonly hRange: [number, number];
  private readonly wRange: [number, number] | null;

  constructor(args: RandomZoomArgs) {
    super(layerArgs(new.target, args));
    this.hRange = signedFactor(this.name, 'heightFactor', args.heightFactor, true);
    this.heightFactor = args.heightFactor;
    this.widthFactor = args.widthFactor ?? null;
    this.wRange = this.widthFactor === null ? null : signedFactor(this.name, 'widthFactor', this.widthFactor, true);
  }

  randomParams(n: number, h: number, w: number): Transforms {
    const u = this.uniforms(2 * n);
    const draw = (v: number, [lo, hi]: [number, number]) => (lo === hi ? f(1 + lo) : scaled(v, f(1 + lo), f(1 + hi)));
    const t = new Float32Array(n * 8);
    for (let b = 0; b < n; b++) {
      const zh = draw(u[b]!, this.hRange);
      const zw = this.wRange ? draw(u[n + b]!, this.wRange) : zh;
      t.set(zoomMatrix(zw, zh, h, w), 8 * b);
    }
    return t;
  }
}
