// Permute: permutes the non-batch axes; `dims` is 1-based like Keras (`layers.Permute`).

import { ValueError, fmt } from '../../errors.js';
import { transpose } from '../../ops/transpose.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';

/**
 * Permutes the non-batch axes (Keras `layers.Permute`). `dims` is 1-based: `[2, 1]` swaps the two axes after the batch axis.
 *
 * `dims` must be a permutation of `1…n`, else a ValueError.
 * @example layers.permute({ dims: [2, 1] })   // (batch, time, features) → (batch, features, time)
 */
export class Permute extends Layer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = ['dims'];

  /** The permutation of the non-batch axes, 1-based. */
  readonly dims: number[];

  constructor(args: LayerArgs & { dims: readonly number[] }) {
    super(layerArgs(new.target, args));
    const d = args?.dims;
    const sorted = Array.isArray(d) ? [...d].sort((a, b) => a - b) : [];
    if (!Array.isArray(d) || sorted.some((v, i) => v !== i + 1)) {
      throw new ValueError(`Invalid permutation argument \`dims\` for Permute Layer. The set of indices in \`dims\` must be consecutive and start from 1. Received: dims=${fmt(d)}`);
    }
    this.dims = d.slice();
    this.inputSpec = { ndim: d.length + 1 };
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    return transpose(inputs as Tensor, [0, ...this.dims]);
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return [s[0] ?? null, ...this.dims.map((d) => s[d] ?? null)];
  }

}
