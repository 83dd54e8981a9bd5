// RepeatVector: (batch, features) → (batch, n, features) (Keras `layers.RepeatVector`).

import { ValueError, fmt } from '../../errors.js';
import { broadcastTo } from '../../ops/broadcast.js';
import { expandDims } from '../../ops/reshape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';

/**
 * Repeats a vector `n` times: `(batch, features)` → `(batch, n, features)` (Keras `layers.RepeatVector`), e.g. to feed an encoder's summary to every step of a decoder RNN.
 * @example layers.repeatVector({ n: 10 })
 */
export class RepeatVector extends Layer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = ['n'];

  /** Number of repetitions (a positive integer). */
  readonly n: number;

  constructor(args: LayerArgs & { n: number }) {
    super(layerArgs(new.target, args));
    if (!Number.isInteger(args?.n) || args.n < 1) {
      throw new ValueError(`Expected an integer value for \`n\`. Received: n=${fmt(args?.n)}`);
    }
    this.n = args.n;
    this.inputSpec = { ndim: 2 };
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    const x = inputs as Tensor;
    const e = expandDims(x, 1);
    const y = broadcastTo(e, [x.shape[0]!, this.n, x.shape[1]!]);
    e.dispose();
    return y;
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return [s[0] ?? null, this.n, s[1] ?? null];
  }

}
