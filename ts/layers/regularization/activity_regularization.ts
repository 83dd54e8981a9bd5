// ActivityRegularization: identity that adds l1·Σ|x| + l2·Σx² of its input to the loss
// (Keras `layers.ActivityRegularization`: a base-Layer activity regularizer, so the penalty
// is added in every call and divided by the batch size, as Keras 3.15 does).

import type { Tensor } from '../../tensor/tensor.js';
import { L1L2 } from '../../regularizers/index.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';

/** Options of {@link ActivityRegularization} (Keras `layers.ActivityRegularization`). */
export interface ActivityRegularizationArgs extends LayerArgs {
  /** L1 factor: adds `l1·Σ|x|` of the input to the loss. Default: 0. */
  l1?: number;
  /** L2 factor: adds `l2·Σx²` of the input to the loss. Default: 0. */
  l2?: number;
}

/**
 * Identity layer that adds an L1/L2 penalty on its input to the training loss (Keras `layers.ActivityRegularization`); like Keras 3, the penalty is divided by the batch size.
 * @example layers.activityRegularization({ l1: 1e-5 })
 */
export class ActivityRegularization extends Layer {
  /** Passes the input mask on (Keras `supports_masking`). */
  override supportsMasking = true;

  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = ['l1', 'l2'];

  /** L1 factor. Default: 0. */
  readonly l1: number;
  /** L2 factor. Default: 0. */
  readonly l2: number;

  constructor(args: ActivityRegularizationArgs = {}) {
    super(layerArgs(new.target, args));
    const reg = new L1L2({ l1: args.l1 ?? 0, l2: args.l2 ?? 0 });
    this.l1 = reg.l1;
    this.l2 = reg.l2;
    this.activityRegularizer = reg;
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    return inputs as Tensor;
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s.slice();
  }

  // Keras's get_config drops the base activity_regularizer entry: l1/l2 say it all.
  override getConfig(): Record<string, unknown> {
    const c = super.getConfig();
    delete c.activity_regularizer;
    return c;
  }
}
