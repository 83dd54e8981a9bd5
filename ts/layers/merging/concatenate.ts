// Concatenate: joins a list of tensors along `axis` (Keras `layers.Concatenate`).

import { ValueError, fmt } from '../../errors.js';
import { concat } from '../../ops/concat.js';
import { broadcastTo } from '../../ops/broadcast.js';
import { max } from '../../ops/reduce.js';
import { reshape } from '../../ops/reshape.js';
import { ones } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';

/**
 * Joins a list of tensors along `axis` (Keras `layers.Concatenate`); the other axes must match.
 *
 * Option `axis`: default -1 (the last axis).
 * @example layers.concatenate({ axis: -1 }).apply([a, b])
 */
export class Concatenate extends Layer {
  /** Passes the input mask on (Keras `supports_masking`). */
  override supportsMasking = true;

  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = ['axis'];

  /** Axis along which the inputs are joined. Default: -1. */
  readonly axis: number;

  constructor(args: LayerArgs & { axis?: number } = {}) {
    super(layerArgs(new.target, args));
    this.axis = args.axis ?? -1;
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    if (!Array.isArray(inputs) || inputs.length < 1) {
      throw new ValueError(`A \`Concatenate\` layer should be called on a list of inputs. Received: ${fmt(inputs)}`);
    }
    return concat(inputs, this.axis);
  }

  override computeOutputShape(shapes: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const list = shapes as SymbolicShape[];
    if (!Array.isArray(list[0])) throw new ValueError(`A \`Concatenate\` layer should be called on a list of inputs. Received: a single input of shape ${fmt(shapes)}`);
    const r = list[0].length;
    const a = this.axis < 0 ? this.axis + r : this.axis;
    for (const s of list) {
      if (s.length !== r || s.some((d, i) => i !== a && d !== null && list[0]![i] !== null && d !== list[0]![i])) {
        throw new ValueError(`A \`Concatenate\` layer requires inputs with matching shapes except for the concatenation axis. Received: input_shape=${fmt(list.map((x) => x.map((d) => d ?? 'None')))}`);
      }
    }
    const out = list[0].slice();
    out[a] = list.some((s) => s[a] === null) ? null : list.reduce((acc, s) => acc + (s[a] as number), 0);
    return out;
  }

  /**
   * Keras 3: each input's mask broadcast over its features (ones for an unmasked input),
   * concatenated along `axis`, then any() over the last axis.
   */
  override computeMask(inputs: Tensor | Tensor[], mask: Tensor | (Tensor | null)[] | null): Tensor | null {
    if (!Array.isArray(mask) || !Array.isArray(inputs) || mask.every((m) => m === null)) return null;
    const full = inputs.map((x, i) => {
      const m = mask[i];
      if (!m) return ones(x.shape);
      const e = m.rank < x.rank ? reshape(m, [...m.shape, ...new Array<number>(x.rank - m.rank).fill(1)]) : m;
      return broadcastTo(e, x.shape);
    });
    return max(concat(full, this.axis), -1);
  }
}
