// Masking: marks the time steps whose features all equal `maskValue` as masked and zeroes
// them (Keras `layers.Masking`). The mask travels with the output to the next layers.

import { ValueError, fmt } from '../../errors.js';
import { notEqual } from '../../ops/binary.js';
import { where } from '../../ops/where.js';
import { max } from '../../ops/reduce.js';
import { reshape } from '../../ops/reshape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';
import { setKerasMask } from './keras_mask.js';

/** Options of {@link Masking} (Keras `layers.Masking`). */
export interface MaskingArgs extends LayerArgs {
  /** A time step is masked when every feature equals this value. Default 0. */
  maskValue?: number;
}

/**
 * Masks the time steps whose features all equal `maskValue` (Keras `layers.Masking`): zeroes them and attaches a `(batch, time)` mask to the output, which RNNs, attention, pooling and losses honour.
 *
 * Input: `(batch, time, …features)`, rank ≥ 2.
 * @example layers.masking({ maskValue: 0 })
 */
export class Masking extends Layer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = ['mask_value'];

  /** Value marking a padded time step. Default: 0. */
  readonly maskValue: number;
  override supportsMasking = true;

  constructor(args: MaskingArgs = {}) {
    super(layerArgs(new.target, args));
    const v = args.maskValue ?? 0;
    if (typeof v !== 'number' || Number.isNaN(v)) throw new ValueError(`Layer '${this.name}': maskValue must be a number. Received: maskValue=${fmt(v)}`);
    this.maskValue = v;
  }

  /** The mask, shape `[batch, time]`: 1 where some feature differs from maskValue (Keras `any(x != v, axis=-1)`). */
  override computeMask(inputs: Tensor | Tensor[]): Tensor {
    const x = inputs as Tensor;
    if (x.rank < 2) throw new ValueError(`Layer '${this.name}': expected an input of rank ≥ 2 ([batch, time, …]). Received: shape=${fmt(x.shape)}`);
    return max(notEqual(x, this.maskValue), -1);
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    const x = inputs as Tensor;
    const keep = this.computeMask(x);
    const y = where(reshape(keep, [...keep.shape, 1]), x, 0);
    setKerasMask(y, keep);
    keep.dispose();
    return y;
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s;
  }
}
