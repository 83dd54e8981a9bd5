// ActivityRegularization: identity that adds l1·Σ|x| + l2·Σx² of its input to the loss
// (Keras `layers.ActivityRegularization`: a base-Layer activity regularizer, so the penalty
// is added in every call and divided by the batch size, as Keras 3.15 does).

import type { Tensor } from '../../tensor/tensor.js';
import { L1L2 } from '../../regularizers/index.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';

export interface ActivityRegularizationArgs extends LayerArgs {
  l1?: number;
  l2?: number;
}

export class ActivityRegularization extends Layer {
  /** Passes the input mask on (Keras `supports_masking`). */
  override supportsMasking = true;

  static readonly configKeys: readonly string[] = ['l1', 'l2'];

  readonly l1: number;
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
