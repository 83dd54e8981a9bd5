// Global average / max pooling over the spatial axes, 1-D and 2-D (Keras
// `GlobalAveragePooling1D/2D`, `GlobalMaxPooling1D/2D`).

import { globalAvgPool, globalMaxPool } from '../../ops/conv/global_pool.js';
import type { Tensor } from '../../tensor/tensor.js';
import { div } from '../../ops/binary.js';
import { where } from '../../ops/where.js';
import { sum } from '../../ops/reduce.js';
import { reshape } from '../../ops/reshape.js';
import { checkMaskShape } from '../masking/keras_mask.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';
import { dataFormatOf, shapeViaChannelsLast, viaChannelsLast, type DataFormat, type DataFormatOption } from '../data_format.js';

/** Options of the global pooling layers: `keepdims` keeps the pooled axes with size 1 (default false); `dataFormat` is `'channels_last'` (default) or `'channels_first'`. */
export type GlobalPoolingArgs = LayerArgs & { keepdims?: boolean; dataFormat?: DataFormatOption };

abstract class GlobalPooling extends Layer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = ['data_format', 'keepdims'];

  /** Whether the pooled axes stay, with size 1. Default: false. */
  readonly keepdims: boolean;
  /** Channel axis convention of the input. Default: `'channels_last'`. */
  readonly dataFormat: DataFormat;

  /**
   * @param rank - Number of spatial axes pooled away: 1 or 2.
   * @param kind - `'avg'` or `'max'` pooling.
   * @param args - The layer's options.
   */
  constructor(readonly rank: 1 | 2, readonly kind: 'avg' | 'max', args: GlobalPoolingArgs = {}) {
    super(layerArgs(new.target, args));
    this.keepdims = args.keepdims ?? false;
    this.dataFormat = dataFormatOf(this.name, args.dataFormat);
    this.inputSpec = { ndim: rank + 2 };
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    return viaChannelsLast(this.dataFormat, inputs as Tensor, (x) => (this.kind === 'avg' ? globalAvgPool : globalMaxPool)(x, this.keepdims));
  }

  override computeOutputShape(shape: SymbolicShape): SymbolicShape {
    return shapeViaChannelsLast(this.dataFormat, shape, (s) =>
      this.keepdims ? [s[0] ?? null, ...new Array<number>(this.rank).fill(1), s.at(-1) ?? null] : [s[0] ?? null, s.at(-1) ?? null]);
  }
}

/**
 * Average of each channel over all steps (Keras `layers.GlobalAveragePooling1D`): `(batch, steps, channels)` → `(batch, channels)`.
 *
 * With a mask ([batch, steps], e.g. from Embedding({ maskZero: true })) the average runs over
 * the kept steps only, as Keras 3 (a row with every step masked gives NaN, as there).
 */
export class GlobalAveragePooling1D extends GlobalPooling {
  override supportsMasking = true;

  constructor(args: GlobalPoolingArgs = {}) {
    super(1, 'avg', args);
  }

  /** Averages over the steps; with a mask, over the kept steps only. */
  override call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const mask = args.mask;
    if (!mask) return super.call(inputs, args);
    const x = inputs as Tensor;
    const cl = this.dataFormat === 'channels_last';
    checkMaskShape(`Layer '${this.name}'`, mask, x.shape, x.shape[cl ? 1 : 2]!);
    const m = reshape(mask, cl ? [mask.shape[0]!, mask.shape[1]!, 1] : [mask.shape[0]!, 1, mask.shape[1]!]);
    const stepsAxis = cl ? 1 : 2;
    return div(sum(where(m, x, 0), stepsAxis, this.keepdims), sum(m, stepsAxis, this.keepdims));
  }

  /** The steps are pooled away: no mask after this layer. */
  override computeMask(): null {
    return null;
  }
}
/**
 * Average of each channel over all rows and columns (Keras `layers.GlobalAveragePooling2D`): `(batch, rows, cols, channels)` → `(batch, channels)`.
 * @example layers.globalAveragePooling2d()
 */
export class GlobalAveragePooling2D extends GlobalPooling {
  constructor(args: GlobalPoolingArgs = {}) {
    super(2, 'avg', args);
  }
}
/** Maximum of each channel over all steps (Keras `layers.GlobalMaxPooling1D`): `(batch, steps, channels)` → `(batch, channels)`. */
export class GlobalMaxPooling1D extends GlobalPooling {
  constructor(args: GlobalPoolingArgs = {}) {
    super(1, 'max', args);
  }
}
/** Maximum of each channel over all rows and columns (Keras `layers.GlobalMaxPooling2D`): `(batch, rows, cols, channels)` → `(batch, channels)`. */
export class GlobalMaxPooling2D extends GlobalPooling {
  constructor(args: GlobalPoolingArgs = {}) {
    super(2, 'max', args);
  }
}
