// CenterCrop: the central height×width window of each image (Keras `layers.CenterCrop`), in
// training and inference. An image smaller than the window along an axis is instead cropped
// to the window's aspect ratio and resized to it (bilinear), as Keras's smart_resize.

import type { Tensor } from '../../tensor/tensor.js';
import { slice } from '../../ops/slice.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';
import { dataFormatOf, type DataFormat, type DataFormatOption } from '../data_format.js';
import { cropToAspectRatio, onImages, resizeTo, resizedShape, sizeOption } from './image_ops.js';

/** Options of {@link CenterCrop} (Keras `layers.CenterCrop` arguments, camelCase). */
export interface CenterCropArgs extends LayerArgs {
  /** Height of the crop, in pixels (a positive integer; required). */
  height: number;
  /** Width of the crop, in pixels (a positive integer; required). */
  width: number;
  /** 'channels_last' (default, from the global image data format) or 'channels_first'. */
  dataFormat?: DataFormatOption;
}

/**
 * Crops the central height×width window of each image, in training and inference, Keras `layers.CenterCrop`. An image smaller
 * than the window along an axis is cropped to the window's aspect ratio and resized to it (bilinear), as Keras's smart_resize.
 */
export class CenterCrop extends Layer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = ['data_format', 'height', 'width'];

  /** Height of the crop, in pixels. */
  readonly height: number;
  /** Width of the crop, in pixels. */
  readonly width: number;
  /** Where the channels axis is: 'channels_last' or 'channels_first'. */
  readonly dataFormat: DataFormat;

  constructor(args: CenterCropArgs) {
    super(layerArgs(new.target, args));
    this.height = sizeOption(this.name, 'height', args?.height);
    this.width = sizeOption(this.name, 'width', args.width);
    this.dataFormat = dataFormatOf(this.name, args.dataFormat);
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    const { height: th, width: tw } = this;
    return onImages(this.name, this.dataFormat, inputs as Tensor, (x) => {
      const [n, h, w, c] = x.shape as [number, number, number, number];
      if (h >= th && w >= tw) return slice(x, [0, Math.floor((h - th) / 2), Math.floor((w - tw) / 2), 0], [n, th, tw, c]);
      return resizeTo(cropToAspectRatio(x, th, tw), th, tw, 'bilinear');
    });
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return resizedShape(this.dataFormat, s, this.height, this.width);
  }

  protected override outputDType(): 'float32' {
    return 'float32';
  }
}
