// RandomCrop (Keras `layers.RandomCrop`): in training, one random height×width window for
// the whole batch when the images are larger than it along both axes, else the largest
// central crop with the window's aspect ratio resized to it; in inference, the identity
// (Keras 3 leaves the input uncropped outside training).

import { slice } from '../../ops/slice.js';
import type { Tensor } from '../../tensor/tensor.js';
import { layerArgs } from '../config.js';
import type { SymbolicShape } from '../symbolic.js';
import { RandomImageLayer, type RandomImageArgs } from './random_image.js';
import { cropToAspectRatio, resizeTo, resizedShape, sizeOption } from './image_ops.js';

/** Options of {@link RandomCrop} (Keras `layers.RandomCrop` arguments, camelCase). */
export interface RandomCropArgs extends RandomImageArgs {
  /** Height of the crop, in pixels (a positive integer; required). */
  height: number;
  /** Width of the crop, in pixels (a positive integer; required). */
  width: number;
}

/** The crop's top-left corner, or null for the aspect-ratio crop and resize. */
export type CropStart = [number, number] | null;

/**
 * Randomly crops training images to height×width, Keras `layers.RandomCrop`: one random window for the batch when the images
 * are larger along both axes, else the largest central crop with the window's aspect ratio resized to it. Identity in inference (as Keras 3).
 */
export class RandomCrop extends RandomImageLayer<CropStart> {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = ['data_format', 'height', 'width', 'seed'];

  /** Height of the crop, in pixels. */
  readonly height: number;
  /** Width of the crop, in pixels. */
  readonly width: number;

  constructor(args: RandomCropArgs) {
    super(layerArgs(new.target, args));
    this.height = sizeOption(this.name, 'height', args?.height);
    this.width = sizeOption(this.name, 'width', args.width);
  }

  randomParams(_n: number, h: number, w: number): CropStart {
    if (!(h > this.height && w > this.width)) return null;
    const u = this.uniforms(2);
    return [Math.floor(u[0]! * (h - this.height + 1)), Math.floor(u[1]! * (w - this.width + 1))];
  }

  transformImages(x: Tensor, start: CropStart): Tensor {
    const [n, , , c] = x.shape as [number, number, number, number];
    if (start) return slice(x, [0, start[0], start[1], 0], [n, this.height, this.width, c]);
    const cropped = cropToAspectRatio(x, this.height, this.width);
    if (cropped.shape[1] === this.height && cropped.shape[2] === this.width) return cropped;
    return resizeTo(cropped, this.height, this.width, 'bilinear');
  }

  /** The input shape with the spatial axes set to height×width (the training output's shape). */
  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return resizedShape(this.dataFormat, s, this.height, this.width);
  }
}
