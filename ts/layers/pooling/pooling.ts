// Max and average pooling, 1-D and 2-D (Keras `MaxPooling1D/2D`, `AveragePooling1D/2D`).
// Average pooling with 'same' padding leaves padded cells out of the mean, as Keras does.

import { ValueError, fmt } from '../../errors.js';
import { maxPool2d, avgPool2d } from '../../ops/conv/pool2d.js';
import { maxPool1d, avgPool1d } from '../../ops/conv/pool1d.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { tuple, type IntOrList } from '../convolutional/base_conv.js';
import { layerArgs } from '../config.js';
import { dataFormatOf, shapeViaChannelsLast, viaChannelsLast, type DataFormat, type DataFormatOption } from '../data_format.js';

/** Options of the max and average pooling layers (Keras `MaxPooling1D/2D`, `AveragePooling1D/2D`). */
export interface PoolingArgs extends LayerArgs {
  /** Window size: one integer for every spatial axis, or one per axis (Keras `pool_size`). Default: 2 for max pooling; required for average pooling (Keras has no default there), else a ValueError. */
  poolSize?: IntOrList;
  /** Step of the window. Default: null, meaning `poolSize` (non-overlapping windows). */
  strides?: IntOrList | null;
  /** `'valid'` (windows inside the input) or `'same'` (output size = ceil(input / stride); average pooling leaves padded cells out of the mean, as Keras). Default: `'valid'`. */
  padding?: 'valid' | 'same';
  /** Channel axis convention: `'channels_last'` (default) or `'channels_first'`. */
  dataFormat?: DataFormatOption;
}

abstract class Pooling extends Layer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = ['pool_size', 'padding', 'strides', 'data_format'];

  /** Window size, one entry per spatial axis. */
  readonly poolSize: number[];
  /** Step of the window, one entry per spatial axis. Default: `poolSize`. */
  readonly strides: number[];
  /** `'valid'` or `'same'`. Default: `'valid'`. */
  readonly padding: 'valid' | 'same';
  /** Channel axis convention of the input. Default: `'channels_last'`. */
  readonly dataFormat: DataFormat;

  /**
   * @param rank - Number of spatial axes pooled over: 1 or 2.
   * @param kind - `'max'` or `'avg'` pooling.
   * @param args - The layer's options.
   */
  constructor(readonly rank: 1 | 2, readonly kind: 'max' | 'avg', args: PoolingArgs) {
    super(layerArgs(new.target, args));
    if (kind === 'avg' && args?.poolSize == null) {
      throw new ValueError(`Layer '${this.name}': \`poolSize\` is required for average pooling (Keras has no default). Received: poolSize=undefined`);
    }
    this.poolSize = tuple(this.name, 'poolSize', args.poolSize, rank, 2);
    this.strides = args.strides == null ? this.poolSize.slice() : tuple(this.name, 'strides', args.strides, rank, 1);
    this.padding = args.padding ?? 'valid';
    if (this.padding !== 'valid' && this.padding !== 'same') {
      throw new ValueError(`Layer '${this.name}': padding must be 'valid' or 'same'. Received: padding=${fmt(args.padding)}`);
    }
    this.dataFormat = dataFormatOf(this.name, args.dataFormat);
    this.inputSpec = { ndim: rank + 2 };
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    return viaChannelsLast(this.dataFormat, inputs as Tensor, (x) => {
      if (this.rank === 1) {
        const f = this.kind === 'max' ? maxPool1d : avgPool1d;
        return f(x, this.poolSize[0]!, this.strides[0]!, this.padding);
      }
      const f = this.kind === 'max' ? maxPool2d : avgPool2d;
      return f(x, this.poolSize as [number, number], this.strides as [number, number], this.padding);
    });
  }

  override computeOutputShape(shape: SymbolicShape): SymbolicShape {
    return shapeViaChannelsLast(this.dataFormat, shape, (s) => {
      const spatial = s.slice(1, -1).map((d, i) => {
        if (d === null) return null;
        const st = this.strides[i]!;
        return this.padding === 'same' ? Math.ceil(d / st) : Math.floor((d - this.poolSize[i]!) / st) + 1;
      });
      return [s[0] ?? null, ...spatial, s.at(-1) ?? null];
    });
  }
}

/**
 * Maximum over 2-D windows of each channel (Keras `layers.MaxPooling2D`). Input `(batch, rows, cols, channels)` (or channels first).
 * @example layers.maxPooling2d({ poolSize: 2 })   // halves rows and columns
 */
export class MaxPooling2D extends Pooling {
  constructor(args: PoolingArgs = {}) {
    super(2, 'max', args);
  }
}

/**
 * Average over 2-D windows of each channel (Keras `layers.AveragePooling2D`). `poolSize` is required.
 * @example layers.averagePooling2d({ poolSize: 2 })
 */
export class AveragePooling2D extends Pooling {
  constructor(args: PoolingArgs) {
    super(2, 'avg', args);
  }
}

/**
 * Maximum over windows of steps of each channel (Keras `layers.MaxPooling1D`). Input `(batch, steps, channels)` (or channels first).
 * @example layers.maxPooling1d({ poolSize: 2 })
 */
export class MaxPooling1D extends Pooling {
  constructor(args: PoolingArgs = {}) {
    super(1, 'max', args);
  }
}

/**
 * Average over windows of steps of each channel (Keras `layers.AveragePooling1D`). `poolSize` is required.
 * @example layers.averagePooling1d({ poolSize: 3, strides: 1, padding: 'same' })
 */
export class AveragePooling1D extends Pooling {
  constructor(args: PoolingArgs) {
    super(1, 'avg', args);
  }
}
