// Elementwise merge layers (Keras `layers.Add`, `Subtract`, `Multiply`, `Average`,
// `Maximum`, `Minimum`): combine a list of tensors with NumPy broadcasting.

import { ValueError, fmt } from '../../errors.js';
import { add, maximum, minimum, mul, sub } from '../../ops/binary.js';
import { mulScalar } from '../../ops/unary.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';

/**
 * Base of the elementwise merge layers (Keras `layers.Merge`): called on a list of tensors, folds them pairwise with `combine` under NumPy broadcasting, then applies `finish`.
 *
 * A call on a single tensor, or on too few or too many inputs, is a ValueError; so are shapes that do not broadcast.
 * The output mask is the OR of the inputs' masks when every input has one (Keras 3).
 */
export abstract class Merge extends Layer {
  /** Passes the input mask on (Keras `supports_masking`). */
  override supportsMasking = true;

  /** Merge layers have no options of their own in the Keras config. */
  static readonly configKeys: readonly string[] = [];

  constructor(args: LayerArgs = {}) {
    super(layerArgs(new.target, args));
  }

  /** Fewest inputs accepted. Default: 2. */
  protected minInputs = 2;
  /** Most inputs accepted. Default: unlimited (Subtract: 2). */
  protected maxInputs = Infinity;

  /** Merges two inputs (or the running result and the next input). */
  protected abstract combine(a: Tensor, b: Tensor): Tensor;

  /** Post-processes the folded result of `n` inputs (Average divides by `n`). Default: identity. */
  protected finish(y: Tensor, _n: number): Tensor {
    return y;
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    const xs = this.checkList(inputs);
    let y = this.combine(xs[0]!, xs[1]!);
    for (let i = 2; i < xs.length; i++) {
      const next = this.combine(y, xs[i]!);
      y.dispose();
      y = next;
    }
    const r = this.finish(y, xs.length);
    if (r !== y) y.dispose();
    return r;
  }

  /** Keras 3: the OR of the inputs' masks when every input has one, else no mask. */
  override computeMask(_inputs: Tensor | Tensor[], mask: Tensor | (Tensor | null)[] | null): Tensor | null {
    if (!Array.isArray(mask) || mask.some((m) => m === null)) return null;
    const ms = mask as Tensor[];
    return ms.slice(1).reduce((acc, m) => maximum(acc, m), ms[0]!);
  }

  /** Returns the input list, or throws a ValueError when it is not a list of an accepted length. */
  protected checkList<T>(inputs: T | T[]): T[] {
    if (!Array.isArray(inputs) || inputs.length < this.minInputs || inputs.length > this.maxInputs) {
      const want = this.maxInputs === this.minInputs ? `exactly ${this.minInputs}` : `at least ${this.minInputs}`;
      throw new ValueError(`A \`${this.className}\` layer should be called on a list of ${want} inputs. Received: ${Array.isArray(inputs) ? `${inputs.length} input(s)` : 'a single tensor'}`);
    }
    return inputs;
  }

  override computeOutputShape(shapes: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const list = this.checkList(shapes as SymbolicShape[]);
    const r = Math.max(...list.map((s) => s.length));
    const out: (number | null)[] = [];
    for (let i = 0; i < r; i++) {
      // A missing leading axis broadcasts as 1; an unknown (null) one stays unknown.
      const dims: (number | null)[] = list.map((s) => { const j = s.length - r + i; return j < 0 ? 1 : s[j]!; });
      const fixed = dims.filter((d) => d !== null && d !== 1) as number[];
      if (new Set(fixed).size > 1) {
        throw new ValueError(`Inputs have incompatible shapes. Received shapes ${list.map((s) => fmt(s.map((d) => d ?? 'None'))).join(' and ')}`);
      }
      out.push(fixed[0] ?? (dims.includes(null) ? null : 1));
    }
    return out;
  }
}

/**
 * Adds a list of tensors elementwise, with broadcasting (Keras `layers.Add`).
 * @example layers.add().apply([x1, x2])   // residual connection
 */
export class Add extends Merge {
  /** `a + b`. */
  protected combine(a: Tensor, b: Tensor): Tensor {
    return add(a, b);
  }
}

/**
 * Subtracts the second of exactly two tensors from the first (Keras `layers.Subtract`).
 * @example layers.subtract().apply([x1, x2])
 */
export class Subtract extends Merge {
  /** Exactly two inputs. */
  protected override maxInputs = 2;
  /** `a - b`. */
  protected combine(a: Tensor, b: Tensor): Tensor {
    return sub(a, b);
  }
}

/** Multiplies a list of tensors elementwise, with broadcasting (Keras `layers.Multiply`). */
export class Multiply extends Merge {
  /** `a * b`. */
  protected combine(a: Tensor, b: Tensor): Tensor {
    return mul(a, b);
  }
}

/** Averages a list of tensors elementwise, with broadcasting (Keras `layers.Average`). */
export class Average extends Merge {
  /** Sums the inputs; `finish` divides by their number. */
  protected combine(a: Tensor, b: Tensor): Tensor {
    return add(a, b);
  }
  /** Divides the sum by the number of inputs. */
  protected override finish(y: Tensor, n: number): Tensor {
    return mulScalar(y, 1 / n);
  }
}

/** Elementwise maximum of a list of tensors (Keras `layers.Maximum`). */
export class Maximum extends Merge {
  /** `max(a, b)`. */
  protected combine(a: Tensor, b: Tensor): Tensor {
    return maximum(a, b);
  }
}

/** Elementwise minimum of a list of tensors (Keras `layers.Minimum`). */
export class Minimum extends Merge {
  /** `min(a, b)`. */
  protected combine(a: Tensor, b: Tensor): Tensor {
    return minimum(a, b);
  }
}

export type MergeArgs = LayerArgs;
