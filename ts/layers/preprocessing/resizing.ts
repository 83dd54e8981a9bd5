// Resizing: resizes images to height×width (Keras `layers.Resizing`), in training and
// inference, with half-pixel centres as jax.image.resize / TF2 (not tfjs's default); 'area'
// averages the covered input region as TensorFlow's ResizeArea.
// `cropToAspectRatio` first takes the largest central crop with the target's aspect ratio;
// `padToAspectRatio` instead pads with `fillValue`. Integer inputs give float32 outputs
// (Keras rounds back to the input's integer dtype).

import type { Tensor } from '../../tensor/tensor.js';
import { ValueError, fmt } from '../../errors.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs, notSupported } from '../config.js';
import { dataFormatOf, type DataFormat, type DataFormatOption } from '../data_format.js';
import { cropToAspectRatio, onImages, padToAspectRatio, resizeTo, resizedShape, sizeOption } from './image_ops.js';

/** Resizing methods kerasm implements: 'bilinear', 'nearest' and 'area' (Keras's 'bicubic' and 'lanczos' are refused). */
export type ResizingInterpolation = 'bilinear' | 'nearest' | 'area';
const KERAS_INTERPOLATIONS = ['bilinear', 'nearest', 'lanczos3', 'lanczos5', 'bicubic', 'area'];

/** Options of {@link Resizing} (Keras `layers.Resizing` arguments, camelCase). */
export interface ResizingArgs extends LayerArgs {
  /** Output height, in pixels (a positive integer; required). */
  height: number;
  /** Output width, in pixels (a positive integer; required). */
  width: number;
  /** Resizing method. Default 'bilinear'. */
  interpolation?: ResizingInterpolation;
  /** First take the largest central crop with the output's aspect ratio (no distortion). Default false. */
  cropToAspectRatio?: boolean;
  /** First pad with `fillValue` to the output's aspect ratio (no distortion). Default false; exclusive with `cropToAspectRatio`. */
  padToAspectRatio?: boolean;
  /** Only 'constant', as in Keras's JAX backend. */
  fillMode?: 'constant';
  /** The padding value for `padToAspectRatio`. Default 0. */
  fillValue?: number;
  /** Only false: kerasm's resize kernel does not low-pass filter when downsampling. */
  antialias?: boolean;
  /** 'channels_last' (default, from the global image data format) or 'channels_first'. */
  dataFormat?: DataFormatOption;
}

/**
 * Resizes images to height×width in training and inference, Keras `layers.Resizing` (half-pixel centres as jax.image.resize / TF2,
 * not tfjs's `resizeBilinear` default). Integer inputs give float32 outputs. Unsupported options (bicubic, antialias) throw a `ValueError` (`Received: …`).
 */
export class Resizing extends Layer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = [
    'data_format', 'height', 'width', 'interpolation', 'crop_to_aspect_ratio', 'pad_to_aspect_ratio', 'fill_mode', 'fill_value', 'antialias',
  ];

  /** Output height, in pixels. */
  readonly height: number;
  /** Output width, in pixels. */
  readonly width: number;
  /** Resizing method (default 'bilinear'). */
  readonly interpolation: ResizingInterpolation;
  /** Whether images are first cropped to the output's aspect ratio. */
  readonly cropToAspectRatio: boolean;
  /** Whether images are first padded to the output's aspect ratio. */
  readonly padToAspectRatio: boolean;
  /** The padding mode: always 'constant' (as Keras's JAX backend). */
  readonly fillMode: 'constant';
  /** The padding value of `padToAspectRatio` (default 0). */
  readonly fillValue: number;
  /** Always false: no low-pass filter when downsampling. */
  readonly antialias: boolean;
  /** Where the channels axis is: 'channels_last' or 'channels_first'. */
  readonly dataFormat: DataFormat;

  constructor(args: ResizingArgs) {
    super(layerArgs(new.target, args));
    this.height = sizeOption(this.name, 'height', args?.height);
    this.width = sizeOption(this.name, 'width', args.width);
    const interp = args.interpolation ?? 'bilinear';
    if (!KERAS_INTERPOLATIONS.includes(interp)) {
      throw new ValueError(`Layer '${this.name}': invalid value for argument \`interpolation\`. Expected one of ${fmt(KERAS_INTERPOLATIONS)}. Received: interpolation=${fmt(interp)}`);
    }
    notSupported(this.name, 'interpolation', interp, (v) => v === 'bilinear' || v === 'nearest' || v === 'area', "only 'bilinear', 'nearest' and 'area'");
    this.interpolation = interp;
    this.cropToAspectRatio = Boolean(args.cropToAspectRatio ?? false);
    this.padToAspectRatio = Boolean(args.padToAspectRatio ?? false);
    if (this.cropToAspectRatio && this.padToAspectRatio) {
      throw new ValueError(`Layer '${this.name}': only one of \`padToAspectRatio\` & \`cropToAspectRatio\` can be true. Received: cropToAspectRatio=true, padToAspectRatio=true`);
    }
    const fm = args.fillMode ?? 'constant';
    if (fm !== 'constant') throw new ValueError(`Layer '${this.name}': invalid value for argument \`fillMode\`. Only 'constant' is supported. Received: fillMode=${fmt(fm)}`);
    this.fillMode = fm;
    const fv = args.fillValue ?? 0;
    if (typeof fv !== 'number') throw new ValueError(`Layer '${this.name}': fillValue must be a number. Received: fillValue=${fmt(fv)}`);
    this.fillValue = fv;
    notSupported(this.name, 'antialias', args.antialias, (v) => !v, 'no anti-aliasing filter when downsampling');
    this.antialias = false;
    this.dataFormat = dataFormatOf(this.name, args.dataFormat);
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    const { height: th, width: tw } = this;
    return onImages(this.name, this.dataFormat, inputs as Tensor, (x) => {
      const src = this.cropToAspectRatio ? cropToAspectRatio(x, th, tw)
        : this.padToAspectRatio ? padToAspectRatio(x, th, tw, this.fillValue) : x;
      return resizeTo(src, th, tw, this.interpolation);
    });
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return resizedShape(this.dataFormat, s, this.height, this.width);
  }

  protected override outputDType(): 'float32' {
    return 'float32';
  }
}
