// Adadelta (Keras `optimizers/adadelta.py`; Zeiler 2012, https://arxiv.org/abs/1212.5701).

import { H, KIND } from './kernel.js';
import {
  Optimizer, baseOptionsFromConfig, checkNonNegative, checkRange, type OptimizerConfig, type OptimizerOptions, type TfjsSlot,
} from './optimizer.js';

export interface AdadeltaOptions extends OptimizerOptions {
  /** Decay of the running averages, in [0, 1). Default 0.95. */
  rho?: number;
  /** Added inside the square roots. Default 1e-7. */
  epsilon?: number;
}

/**
 * Step sizes from the ratio of running RMS of past updates to past gradients:
 * `Δ = −√(E[Δ²] + ε) / √(E[g²] + ε) · g`, `w += lr·Δ`. Keras keeps a learning rate
 * (default 0.001; Zeiler's paper corresponds to 1.0).
 *
 * @param learningRate Default 0.001.
 * @param rho Default 0.95.
 * @param epsilon Default 1e-7.
 * @example
 * const opt = new Adadelta({ learningRate: 1.0 });
 */
export class Adadelta extends Optimizer {
  protected readonly kind = KIND.adadelta;
  /** Decay of the running averages, in [0, 1). Default 0.95. */
  readonly rho: number;
  /** Added inside the square roots. Default 1e-7. */
  readonly epsilon: number;

  constructor(opts: AdadeltaOptions = {}) {
    super('Adadelta', opts, 0.001, ['rho', 'epsilon']);
    this.rho = checkRange('Adadelta', 'rho', opts.rho ?? 0.95, 0, 1);
    this.epsilon = checkNonNegative('Adadelta', 'epsilon', opts.epsilon ?? 1e-7);
  }

  protected slotGroups(): string[][] {
    return [['accumulated_grad', 'accumulated_delta_var']];
  }

  protected writeHyper(h: Float32Array): void {
    h[H.K] = this.rho;
    h[H.K + 1] = 1 - this.rho; // folded in float64, as Keras does
    h[H.K + 2] = this.epsilon;
  }

  protected override tfjsLayout(): TfjsSlot[] {
    return [{ suffix: 'accum_grad', slot: 'accumulated_grad' }, { suffix: 'accum_var', slot: 'accumulated_delta_var' }];
  }

  protected ownConfig(): OptimizerConfig {
    return { rho: this.rho, epsilon: this.epsilon };
  }

  /** Builds the optimizer from its Keras `get_config()` (snake_case keys), as `optimizers.deserialize` does. */
  static fromConfig(c: OptimizerConfig): Adadelta {
    return new Adadelta({ ...baseOptionsFromConfig(c), rho: c.rho as number | undefined, epsilon: c.epsilon as number | undefined });
  }
}
