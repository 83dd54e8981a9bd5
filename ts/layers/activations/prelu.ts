// PReLU: leaky ReLU with a learned slope per unit (Keras `layers.PReLU`):
// y = max(x, 0) + alpha · min(x, 0).

import { ValueError, fmt } from '../../errors.js';
import * as initializers from '../../initializers/index.js';
import * as regularizers from '../../regularizers/index.js';
import * as constraints from '../../constraints/index.js';
import { add, maximum, minimum, mul } from '../../ops/binary.js';
import { scalar } from '../../tensor/creation.js';
import { tidy } from '../../autograd/gradients.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../autograd/variable.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';

/** Options of {@link PReLU} (Keras `layers.PReLU`). */
export interface PReLUArgs extends LayerArgs {
  /** Initializer of the slopes (Keras `alpha_initializer`). Default: `'zeros'` (starts as a plain ReLU). */
  alphaInitializer?: initializers.InitializerIdentifier;
  /** Penalty on the slopes added to the loss (Keras `alpha_regularizer`). Default: none. */
  alphaRegularizer?: regularizers.RegularizerIdentifier;
  /** Constraint applied to the slopes after each update (Keras `alpha_constraint`). Default: none. */
  alphaConstraint?: constraints.ConstraintIdentifier;
  /** 1-based axes (batch excluded) along which alpha is shared. */
  sharedAxes?: number | number[] | null;
}

/**
 * Leaky ReLU with learned slopes (Keras `layers.PReLU`): `max(x, 0) + alpha·min(x, 0)`, one `alpha` per input unit unless shared along `sharedAxes`.
 * @example layers.prelu({ sharedAxes: [1, 2] })   // one slope per channel of an image
 */
export class PReLU extends Layer {
  /** Passes the input mask on (Keras `supports_masking`). */
  override supportsMasking = true;

  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = ['alpha_initializer', 'alpha_regularizer', 'alpha_constraint', 'shared_axes'];

  /** The learned slopes, shape = input shape without the batch axis, with 1 along `sharedAxes`. */
  alpha!: Variable;
  /** Initializer of the slopes. Default: zeros. */
  readonly alphaInitializer: initializers.Initializer;
  /** Penalty on the slopes added to the training loss, if any. */
  readonly alphaRegularizer: regularizers.Regularizer | undefined;
  /** Constraint applied to the slopes after each optimizer step, if any. */
  readonly alphaConstraint: constraints.Constraint | undefined;
  /** 1-based axes (batch excluded) sharing one slope, or null. */
  readonly sharedAxes: number[] | null;

  constructor(args: PReLUArgs = {}) {
    super(layerArgs(new.target, args));
    this.alphaInitializer = initializers.get(args.alphaInitializer ?? 'zeros');
    this.alphaRegularizer = regularizers.get(args.alphaRegularizer);
    this.alphaConstraint = constraints.get(args.alphaConstraint);
    const s = args.sharedAxes;
    this.sharedAxes = s == null ? null : Array.isArray(s) ? s.slice() : [s];
    if (this.sharedAxes && !this.sharedAxes.every((a) => Number.isInteger(a) && a >= 1)) {
      throw new ValueError(`Layer '${this.name}': sharedAxes must be positive integers (1-based, batch excluded). Received: sharedAxes=${fmt(s)}`);
    }
  }

  override build(inputShape: SymbolicShape): void {
    // One alpha per feature, shared (size 1) along `sharedAxes`.
    const shared = this.sharedAxes ?? [];
    const shape = inputShape.slice(1).map((d, i) => (shared.includes(i + 1) ? 1 : (d as number)));
    this.alpha = this.addWeight('alpha', {
      shape, initializer: this.alphaInitializer, regularizer: this.alphaRegularizer, constraint: this.alphaConstraint,
    });
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    const x = inputs as Tensor;
    return tidy(() => add(maximum(x, scalar(0)), mul(this.alpha, minimum(x, scalar(0)))));
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s.slice();
  }
}
