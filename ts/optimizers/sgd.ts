// SGD with optional momentum and Nesterov momentum (Keras `optimizers/sgd.py`).

import { H, KIND } from './kernel.js';
import { Optimizer, baseOptionsFromConfig, checkRange, type OptimizerConfig, type OptimizerOptions, type TfjsSlot } from './optimizer.js';

export interface SGDOptions extends OptimizerOptions {
  /** Velocity decay in [0, 1]; 0 is plain gradient descent. Default 0. */
  momentum?: number;
  /** Use Nesterov momentum. Default false. */
  nesterov?: boolean;
}

/**
 * Gradient descent, with optional momentum.
 *
 * With `momentum = 0`: `w -= learningRate · g`. Otherwise, with a velocity per variable:
 * `v = momentum · v − learningRate · g`, then `w += v`, or with `nesterov`
 * `w += momentum · v − learningRate · g` (Sutskever et al. 2013,
 * http://proceedings.mlr.press/v28/sutskever13.html).
 *
 * @param learningRate Default 0.01.
 * @param momentum Default 0.
 * @param nesterov Default false.
 * @param weightDecay, clipnorm, clipvalue, globalClipnorm, name See `Optimizer`.
 * @example
 * const opt = new SGD({ learningRate: 0.1, momentum: 0.9 });
 * opt.applyGradients([[grad, variable]]);
 */
export class SGD extends Optimizer {
  protected readonly kind = KIND.sgd;
  /** Velocity decay in [0, 1]; 0 is plain gradient descent. Default 0. */
  readonly momentum: number;
  /** Use Nesterov momentum. Default false. */
  readonly nesterov: boolean;

  constructor(opts: SGDOptions = {}) {
    super('SGD', opts, 0.01, ['momentum', 'nesterov']);
    this.momentum = checkRange('SGD', 'momentum', opts.momentum ?? 0, 0, 1, true);
    this.nesterov = opts.nesterov ?? false;
  }

  protected slotGroups(): string[][] {
    return this.momentum !== 0 ? [['momentum']] : [];
  }

  protected writeHyper(h: Float32Array): void {
    h[H.K] = this.momentum;
    h[H.K + 1] = this.nesterov ? 1 : 0;
  }

  /** tfjs's MomentumOptimizer keeps `a = μ·a + g` and steps `−lr·a`: the same state as Keras's `m` scaled by −1/lr. */
  protected override tfjsLayout(): TfjsSlot[] | string {
    if (this.momentum === 0) return [];
    if (this.currentLearningRate === 0) return 'with learningRate 0 the momentum has no tfjs equivalent (tfjs stores momentum / learningRate)';
    return [{ suffix: 'momentum', slot: 'momentum', toTfjs: (m, lr) => Math.fround(-m / lr), fromTfjs: (a, lr) => Math.fround(-a * lr) }];
  }

  protected ownConfig(): OptimizerConfig {
    return { momentum: this.momentum, nesterov: this.nesterov };
  }

  /** Builds the optimizer from its Keras `get_config()` (snake_case keys), as `optimizers.deserialize` does. */
  static fromConfig(c: OptimizerConfig): SGD {
    return new SGD({ ...baseOptionsFromConfig(c), momentum: c.momentum as number | undefined, nesterov: c.nesterov as boolean | undefined });
  }
}
