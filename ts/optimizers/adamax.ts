// Adamax (Keras `optimizers/adamax.py`; Kingma & Ba 2014 §7.1, https://arxiv.org/abs/1412.6980).

import { H, KIND } from './kernel.js';
import {
  Optimizer, baseOptionsFromConfig, checkNonNegative, checkRange, f32, powf, type OptimizerConfig, type OptimizerOptions, type TfjsSlot,
} from './optimizer.js';

export interface AdamaxOptions extends OptimizerOptions {
  /** Decay of the first moment, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay of the infinity norm, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Added to the norm. Default 1e-7. */
  epsilon?: number;
}

/**
 * Adam with the infinity norm: `m += (g − m)(1−β₁)`, `u = max(β₂·u, |g|)`,
 * `w -= lr·m / ((1−β₁ᵗ)(u + ε))`.
 *
 * @param learningRate Default 0.001.
 * @param beta1 Default 0.9.
 * @param beta2 Default 0.999.
 * @param epsilon Default 1e-7.
 * @example
 * const opt = new Adamax({ learningRate: 0.002 });
 */
export class Adamax extends Optimizer {
  protected readonly kind = KIND.adamax;
  /** Decay of the first moment, in [0, 1). Default 0.9. */
  readonly beta1: number;
  /** Decay of the infinity norm, in [0, 1). Default 0.999. */
  readonly beta2: number;
  /** Added to the norm. Default 1e-7. */
  readonly epsilon: number;

  constructor(opts: AdamaxOptions = {}) {
    super('Adamax', opts, 0.001, ['beta1', 'beta2', 'epsilon']);
    this.beta1 = checkRange('Adamax', 'beta1', opts.beta1 ?? 0.9, 0, 1);
    this.beta2 = checkRange('Adamax', 'beta2', opts.beta2 ?? 0.999, 0, 1);
    this.epsilon = checkNonNegative('Adamax', 'epsilon', opts.epsilon ?? 1e-7);
  }

  protected slotGroups(): string[][] {
    return [['momentum', 'norm']];
  }

  protected writeHyper(h: Float32Array, t: number): void {
    h[H.K] = 1 - this.beta1; // folded in float64, as Keras does
    h[H.K + 1] = this.beta2;
    h[H.K + 2] = this.epsilon;
    h[H.K + 3] = f32(1 - powf(this.beta1, t));
  }

  /** tfjs's Adamax names (its own getWeights is unimplemented, so only kerasm reads these back). */
  protected override tfjsLayout(): TfjsSlot[] {
    return [{ suffix: 'm', slot: 'momentum' }, { suffix: 'v', slot: 'norm' }];
  }

  protected ownConfig(): OptimizerConfig {
    return { beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon };
  }

  /** Builds the optimizer from its Keras `get_config()` (snake_case keys), as `optimizers.deserialize` does. */
  static fromConfig(c: OptimizerConfig): Adamax {
    return new Adamax({
      ...baseOptionsFromConfig(c), beta1: c.beta_1 as number | undefined, beta2: c.beta_2 as number | undefined,
      epsilon: c.epsilon as number | undefined,
    });
  }
}
