// UnitNormalization: scales each sample to unit L2 norm along `axis` (Keras
// `layers.UnitNormalization`: x · min(rsqrt(Σx²), 1e12)).

import { ValueError, fmt } from '../../errors.js';
import { minimum, mul } from '../../ops/binary.js';
import { sum } from '../../ops/reduce.js';
import { rsqrt, square } from '../../ops/unary.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';

/** Options of {@link UnitNormalization} (Keras `layers.UnitNormalization`). */
export interface UnitNormalizationArgs extends LayerArgs {
  /** Axis or axes to normalise over. Default -1. */
  axis?: number | readonly number[];
}

export function checkAxes(layer: string, axis: number | readonly number[], rank: number): number[] {
  const axes = (typeof axis === 'number' ? [axis] : [...axis]);
  for (const a of axes) {
    if (a >= rank || a < -rank) throw new ValueError(`Layer '${layer}': axis ${fmt(axis)} is out of bounds for an input of rank ${rank}. Received: axis=${fmt(axis)}`);
  }
  return axes.map((a) => (a < 0 ? a + rank : a));
}

/**
 * Scales each sample to unit L2 norm along `axis` (Keras `layers.UnitNormalization`): `x / ||x||`, with the inverse norm capped at 1e12 so zero vectors stay finite. No weights.
 * @example layers.unitNormalization({ axis: -1 })
 */
export class UnitNormalization extends Layer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = ['axis'];

  override supportsMasking = true;
  /** Axis or axes normalised over. Default: -1. */
  readonly axis: number | number[];

  constructor(args: UnitNormalizationArgs = {}) {
    super(layerArgs(new.target, args));
    const a = args.axis ?? -1;
    if (!(Number.isInteger(a) || (Array.isArray(a) && a.every(Number.isInteger)))) {
      throw new ValueError(`Invalid value for \`axis\` argument: expected an int or a list/tuple of ints. Received: axis=${fmt(args.axis)}`);
    }
    this.axis = typeof a === 'number' ? a : a.slice();
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    const x = inputs as Tensor;
    const axes = checkAxes(this.name, this.axis, x.rank);
    return mul(x, minimum(rsqrt(sum(square(x), axes, true)), 1e12));
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    checkAxes(this.name, this.axis, s.length);
    return s;
  }
}
