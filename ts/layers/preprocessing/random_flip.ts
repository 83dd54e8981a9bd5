// RandomFlip (Keras `layers.RandomFlip`): flips each training image with probability ½
// horizontally, vertically, or both at once ('horizontal_and_vertical': Keras uses one
// draw for both axes); identity in inference. A flip is an exact nearest-neighbour warp.

import { ValueError, fmt } from '../../errors.js';
import { fromData } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { affineTransform } from '../../ops/image/affine_transform.js';
import { tidy } from '../../autograd/gradients.js';
import { layerArgs } from '../config.js';
import { RandomImageLayer, type RandomImageArgs } from './random_image.js';

/** Which axes RandomFlip flips: 'horizontal' (left–right), 'vertical' (up–down) or both. */
export type FlipMode = 'horizontal' | 'vertical' | 'horizontal_and_vertical';
const MODES: readonly FlipMode[] = ['horizontal', 'vertical', 'horizontal_and_vertical'];

export interface RandomFlipArgs extends RandomImageArgs {
  /** Default 'horizontal_and_vertical'. */
  mode?: FlipMode;
}

/**
 * Randomly flips training images, Keras `layers.RandomFlip`: each image flips with probability ½ along the `mode` axes
 * (one draw for both axes in 'horizontal_and_vertical'); identity in inference. An unknown mode throws a `ValueError` (`Received: mode=…`).
 */
export class RandomFlip extends RandomImageLayer<boolean[]> {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = ['data_format', 'seed', 'mode'];

  /** The flipped axes (default 'horizontal_and_vertical'). */
  readonly mode: FlipMode;

  constructor(args: RandomFlipArgs = {}) {
    super(layerArgs(new.target, args));
    const m = args?.mode ?? 'horizontal_and_vertical';
    if (!MODES.includes(m)) throw new ValueError(`Layer '${this.name}': invalid \`mode\`. Expected one of ${fmt(MODES)}. Received: mode=${fmt(m)}`);
    this.mode = m;
  }

  /** Which images flip: uniform ≤ ½, as Keras. */
  randomParams(n: number): boolean[] {
    const u = this.uniforms(n);
    return Array.from({ length: n }, (_, b) => u[b]! <= 0.5);
  }

  transformImages(x: Tensor, flips: boolean[]): Tensor {
    const [n, h, w] = x.shape as [number, number, number, number];
    const hor = this.mode !== 'vertical', ver = this.mode !== 'horizontal';
    const t = new Float32Array(n * 8);
    for (let b = 0; b < n; b++) {
      const fl = flips[b]!;
      const sx = fl && hor, sy = fl && ver;
      t.set([sx ? -1 : 1, 0, sx ? w - 1 : 0, 0, sy ? -1 : 1, sy ? h - 1 : 0, 0, 0], 8 * b);
    }
    return tidy(() => affineTransform(x, fromData(this.name, t, [n, 8], 'float32'), { interpolation: 'nearest', fillMode: 'nearest' }));
  }
}
