// Dot: batched dot product of two tensors along given axes (Keras `layers.Dot`); with
// `normalize`, the inputs are L2-normalised first (cosine proximity).

import { ValueError, fmt } from '../../errors.js';
import { matmul } from '../../ops/matmul.js';
import { mul, div } from '../../ops/binary.js';
import { sum } from '../../ops/reduce.js';
import { sqrt, square, addScalar } from '../../ops/unary.js';
import { tidy } from '../../autograd/gradients.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';

/**
 * Batched dot product of two tensors along the given axes (Keras `layers.Dot`); with `normalize: true` the inputs are L2-normalised first, giving the cosine similarity.
 *
 * `axes`: one axis for both inputs or a pair `[axisA, axisB]` (batch axis = 0); anything else is a ValueError.
 * @example layers.dot({ axes: 1, normalize: true }).apply([a, b])   // (batch, d), (batch, d) → (batch, 1)
 */
export class Dot extends Layer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = ['axes', 'normalize'];

  /** As given (Keras writes `1` or `[1, 2]` back). */
  readonly axes: number | [number, number];
  private readonly pair: [number, number];
  /** Whether the inputs are L2-normalised along the dot axes first. Default: false. */
  readonly normalize: boolean;

  constructor(args: LayerArgs & { axes: number | [number, number]; normalize?: boolean }) {
    super(layerArgs(new.target, args));
    const a = args?.axes;
    if (!(Number.isInteger(a) || (Array.isArray(a) && a.length === 2 && a.every(Number.isInteger)))) {
      throw new ValueError(`Invalid format for argument \`axes\`: expected an integer or a pair of integers. Received: axes=${fmt(a)}`);
    }
    this.axes = typeof a === 'number' ? a : [a[0], a[1]];
    this.pair = typeof a === 'number' ? [a, a] : [a[0], a[1]];
    this.normalize = args.normalize ?? false;
  }

  private resolve(ra: number, rb: number): [number, number] {
    const [a, b] = this.pair;
    return [a < 0 ? a + ra : a, b < 0 ? b + rb : b];
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    if (!Array.isArray(inputs) || inputs.length !== 2) {
      throw new ValueError(`A \`Dot\` layer should be called on a list of 2 inputs. Received: ${Array.isArray(inputs) ? inputs.length : 1} input(s)`);
    }
    let [x, y] = inputs as [Tensor, Tensor];
    const [ax, ay] = this.resolve(x.rank, y.rank);
    if (x.shape[ax] !== y.shape[ay]) {
      throw new ValueError(`Incompatible input shapes: axis values ${x.shape[ax]} (at axis ${ax}) != ${y.shape[ay]} (at axis ${ay}). Received: shapes ${fmt(x.shape)} and ${fmt(y.shape)}`);
    }
    return tidy(() => {
      if (this.normalize) {
        x = div(x, addScalar(sqrt(sum(square(x), ax, true)), 1e-12));
        y = div(y, addScalar(sqrt(sum(square(y), ay, true)), 1e-12));
      }
      if (x.rank === 2 && y.rank === 2) return sum(mul(x, y), 1, true);
      if (x.rank !== 3 || y.rank !== 3) {
        throw new ValueError(`Dot supports inputs of rank 2 or 3. Received: shapes ${fmt(x.shape)} and ${fmt(y.shape)}`);
      }
      // Contract x's axis ax with y's axis ay via a batched matmul with transposes.
      return matmul(x, y, ax === 1, ay === 2);
    });
  }

  override computeOutputShape(shapes: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const [s1, s2] = shapes as SymbolicShape[];
    const [ax, ay] = this.resolve(s1!.length, s2!.length);
    const out = [...s1!.filter((_, i) => i !== ax), ...s2!.filter((_, i) => i !== ay && i !== 0)];
    return out.length === 1 ? [out[0]!, 1] : out;
  }
}
