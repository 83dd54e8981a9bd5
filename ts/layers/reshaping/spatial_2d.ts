// ZeroPadding2D, Cropping2D and UpSampling2D (Keras); channels_first runs channels-last
// between two transposes.

import { ValueError, fmt } from '../../errors.js';
import { pad, slice } from '../../ops/slice.js';
import { upSampling2d } from '../../ops/conv/upsampling2d.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';
import { dataFormatOf, shapeViaChannelsLast, viaChannelsLast, type DataFormat, type DataFormatOption } from '../data_format.js';

type Amount = number | readonly [number, number] | readonly [readonly [number, number], readonly [number, number]];

/** Keras's three spellings of per-side amounts → [[top, bottom], [left, right]]. */
function sides(layer: string, name: string, v: Amount | undefined, dflt: number): [[number, number], [number, number]] {
  const a = v ?? dflt;
  let r: [[number, number], [number, number]] | undefined;
  if (typeof a === 'number') r = [[a, a], [a, a]];
  else if (Array.isArray(a) && a.length === 2 && a.every((x) => typeof x === 'number')) r = [[a[0] as number, a[0] as number], [a[1] as number, a[1] as number]];
  else if (Array.isArray(a) && a.length === 2 && a.every((x) => Array.isArray(x) && x.length === 2)) r = [[...(a[0] as [number, number])], [...(a[1] as [number, number])]];
  if (!r || r.flat().some((x) => !Number.isInteger(x) || x < 0)) {
    throw new ValueError(`Layer '${layer}': \`${name}\` must be an int, a pair of ints or a pair of pairs of non-negative ints. Received: ${name}=${fmt(v)}`);
  }
  return r;
}

/**
 * Pads images with zeros along rows and columns (Keras `layers.ZeroPadding2D`).
 *
 * `padding`: an int (all four sides), `[rows, cols]` (symmetric), or `[[top, bottom], [left, right]]`. Default: 1. Input: 4-D.
 * @example layers.zeroPadding2d({ padding: [[1, 0], [1, 0]] })
 */
export class ZeroPadding2D extends Layer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = ['padding', 'data_format'];

  /** Zeros added as `[[top, bottom], [left, right]]`. */
  readonly padding: [[number, number], [number, number]];
  /** Channel axis convention of the input. Default: `'channels_last'`. */
  readonly dataFormat: DataFormat;

  constructor(args: LayerArgs & { padding?: Amount; dataFormat?: DataFormatOption } = {}) {
    super(layerArgs(new.target, args));
    this.padding = sides(this.name, 'padding', args.padding, 1);
    this.dataFormat = dataFormatOf(this.name, args.dataFormat);
    this.inputSpec = { ndim: 4 };
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    return viaChannelsLast(this.dataFormat, inputs as Tensor, (x) => pad(x, [[0, 0], this.padding[0], this.padding[1], [0, 0]]));
  }

  override computeOutputShape(shape: SymbolicShape): SymbolicShape {
    return shapeViaChannelsLast(this.dataFormat, shape, (s) => {
      const [h, w] = [s[1] ?? null, s[2] ?? null];
      const [[t, b], [l, r]] = this.padding;
      return [s[0] ?? null, h === null ? null : h + t + b, w === null ? null : w + l + r, s[3] ?? null];
    });
  }

}

/**
 * Crops rows and columns off images (Keras `layers.Cropping2D`).
 *
 * `cropping`: an int (all four sides), `[rows, cols]` (symmetric), or `[[top, bottom], [left, right]]`. Default: 0. Input: 4-D.
 * @example layers.cropping2d({ cropping: [[2, 2], [4, 4]] })
 */
export class Cropping2D extends Layer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = ['cropping', 'data_format'];

  /** Rows and columns removed, as `[[top, bottom], [left, right]]`. */
  readonly cropping: [[number, number], [number, number]];
  /** Channel axis convention of the input. Default: `'channels_last'`. */
  readonly dataFormat: DataFormat;

  constructor(args: LayerArgs & { cropping?: Amount; dataFormat?: DataFormatOption } = {}) {
    super(layerArgs(new.target, args));
    this.cropping = sides(this.name, 'cropping', args.cropping, 0);
    this.dataFormat = dataFormatOf(this.name, args.dataFormat);
    this.inputSpec = { ndim: 4 };
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    return viaChannelsLast(this.dataFormat, inputs as Tensor, (x) => {
      const [[t, b], [l, r]] = this.cropping;
      const [n, h, w, c] = x.shape as [number, number, number, number];
      if (t + b >= h || l + r >= w) {
        throw new ValueError(`Layer '${this.name}': cropping ${fmt(this.cropping)} removes the whole ${h}×${w} input. Received: input_shape=${fmt((inputs as Tensor).shape)}`);
      }
      return slice(x, [0, t, l, 0], [n, h - t - b, w - l - r, c]);
    });
  }

  override computeOutputShape(shape: SymbolicShape): SymbolicShape {
    return shapeViaChannelsLast(this.dataFormat, shape, (s) => {
      const [[t, b], [l, r]] = this.cropping;
      return [s[0] ?? null, s[1] == null ? null : s[1] - t - b, s[2] == null ? null : s[2] - l - r, s[3] ?? null];
    });
  }

}

/**
 * Repeats image rows and columns `size` times (Keras `layers.UpSampling2D`), with `'nearest'` (default) or `'bilinear'` interpolation.
 *
 * `size`: an int or `[rows, cols]` of positive integers, default 2. Input: 4-D.
 * @example layers.upSampling2d({ size: 2, interpolation: 'bilinear' })
 */
export class UpSampling2D extends Layer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = ['size', 'data_format', 'interpolation'];

  /** Upsampling factors `[rows, cols]`. Default: `[2, 2]`. */
  readonly size: [number, number];
  /** `'nearest'` (repeat) or `'bilinear'`. Default: `'nearest'`. */
  readonly interpolation: 'nearest' | 'bilinear';
  /** Channel axis convention of the input. Default: `'channels_last'`. */
  readonly dataFormat: DataFormat;

  constructor(args: LayerArgs & { size?: number | readonly [number, number]; interpolation?: 'nearest' | 'bilinear'; dataFormat?: DataFormatOption } = {}) {
    super(layerArgs(new.target, args));
    this.dataFormat = dataFormatOf(this.name, args.dataFormat);
    const s = args.size ?? 2;
    this.size = typeof s === 'number' ? [s, s] : [s[0], s[1]];
    if (this.size.some((v) => !Number.isInteger(v) || v <= 0)) throw new ValueError(`Layer '${this.name}': size must be positive integers. Received: size=${fmt(args.size)}`);
    this.interpolation = args.interpolation ?? 'nearest';
    if (!['nearest', 'bilinear'].includes(this.interpolation)) {
      throw new ValueError(`Layer '${this.name}': interpolation must be 'nearest' or 'bilinear'. Received: interpolation=${fmt(args.interpolation)}`);
    }
    this.inputSpec = { ndim: 4 };
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    return viaChannelsLast(this.dataFormat, inputs as Tensor, (x) => upSampling2d(x, this.size, this.interpolation));
  }

  override computeOutputShape(shape: SymbolicShape): SymbolicShape {
    return shapeViaChannelsLast(this.dataFormat, shape, (s) =>
      [s[0] ?? null, s[1] == null ? null : s[1] * this.size[0], s[2] == null ? null : s[2] * this.size[1], s[3] ?? null]);
  }

}
