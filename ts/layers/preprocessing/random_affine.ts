// Shared frame of the geometric augmentation layers (RandomRotation, RandomZoom,
// RandomTranslation): their parameters are one Keras affine transform per image, applied
// by the threaded warp kernel with the layer's fill mode, fill value and interpolation.

import { fromData } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { affineTransform, type FillMode, type ImageInterpolation } from '../../ops/image/affine_transform.js';
import { tidy } from '../../autograd/gradients.js';
import { RandomImageLayer, fillModeOption, fillValueOption, interpolationOption, type RandomImageArgs } from './random_image.js';

export interface RandomAffineArgs extends RandomImageArgs {
  /** 'reflect' (default), 'wrap', 'constant' or 'nearest'. */
  fillMode?: FillMode;
  /** 'bilinear' (default) or 'nearest'. */
  interpolation?: ImageInterpolation;
  /** The value outside the image for fillMode 'constant'. */
  fillValue?: number;
}

/** Per-image transforms, [n, 8] row-major: [a0, a1, a2, b0, b1, b2, c0, c1]. */
export type Transforms = Float32Array;

/** Base of the geometric augmentation layers (RandomRotation, RandomZoom, RandomTranslation): one affine warp per image. */
export abstract class RandomAffineLayer extends RandomImageLayer<Transforms> {
  /** How points outside the image are filled: 'reflect' (default), 'wrap', 'constant' or 'nearest' (Keras `fill_mode`). */
  readonly fillMode: FillMode;
  /** Sampling of the warped image: 'bilinear' (default) or 'nearest'. */
  readonly interpolation: ImageInterpolation;
  /** The value outside the image for fillMode 'constant' (default 0; Keras `fill_value`). */
  readonly fillValue: number;

  constructor(args: RandomAffineArgs) {
    super(args);
    this.fillMode = fillModeOption(this.name, args.fillMode ?? 'reflect');
    this.interpolation = interpolationOption(this.name, args.interpolation ?? 'bilinear');
    this.fillValue = fillValueOption(this.name, args.fillValue ?? 0);
  }

  transformImages(x: Tensor, transforms: Transforms): Tensor {
    const n = x.shape[0]!;
    return tidy(() => affineTransform(x, fromData(this.name, transforms, [n, 8], 'float32'), {
      fillMode: this.fillMode, interpolation: this.interpolation, fillValue: this.fillValue,
    }));
  }
}
