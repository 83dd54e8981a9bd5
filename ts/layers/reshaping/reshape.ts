// Reshape: reshapes each sample; one target entry may be -1 (Keras `layers.Reshape`).

import { ValueError, fmt } from '../../errors.js';
import { reshape } from '../../ops/reshape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';

/**
 * Reshapes each sample to `targetShape` (Keras `layers.Reshape`); the batch axis is kept.
 *
 * `targetShape` excludes the batch axis; one entry may be -1 (inferred). Sizes that do not match the input are a ValueError.
 * @example layers.reshape({ targetShape: [28, 28, 1] })
 */
export class Reshape extends Layer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = ['target_shape'];

  /** Shape of one output sample (batch axis excluded; -1 = inferred). */
  readonly targetShape: number[];

  constructor(args: LayerArgs & { targetShape: readonly number[] }) {
    super(layerArgs(new.target, args));
    const t = args?.targetShape;
    if (!Array.isArray(t) || t.some((d) => !Number.isInteger(d) || (d < 1 && d !== -1)) || t.filter((d) => d === -1).length > 1) {
      throw new ValueError(`Reshape: targetShape must be positive integers with at most one -1. Received: targetShape=${fmt(t)}`);
    }
    this.targetShape = t.slice();
  }

  private resolve(inShape: SymbolicShape): (number | null)[] {
    const known = inShape.slice(1);
    const size = known.some((d) => d === null) ? null : known.reduce<number>((a, d) => a * (d as number), 1);
    const fixed = this.targetShape.filter((d) => d !== -1).reduce((a, d) => a * d, 1);
    if (this.targetShape.includes(-1)) {
      if (size !== null && size % fixed !== 0) throw this.mismatch(inShape);
      return this.targetShape.map((d) => (d === -1 ? (size === null ? null : size / fixed) : d));
    }
    if (size !== null && size !== fixed) throw this.mismatch(inShape);
    return this.targetShape.slice();
  }

  private mismatch(inShape: SymbolicShape): ValueError {
    return new ValueError(`Layer '${this.name}': the total size of the target shape must be unchanged. Received: input_shape=${fmt(inShape)}, target_shape=${fmt(this.targetShape)}`);
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    const x = inputs as Tensor;
    return reshape(x, [x.shape[0]!, ...this.resolve(x.shape).map((d) => d ?? -1)]);
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return [s[0] ?? null, ...this.resolve(s)];
  }

}
