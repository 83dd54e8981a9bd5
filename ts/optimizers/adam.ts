// Adam and AMSGrad (Keras `optimizers/adam.py`; Kingma & Ba 2014,
// https://arxiv.org/abs/1412.6980; AMSGrad: Reddi et al. 2018, https://openreview.net/forum?id=ryQu7f-RZ).

import { H, KIND } from './kernel.js';
import {
  Optimizer, baseOptionsFromConfig, checkNonNegative, checkRange, f32, powf, type OptimizerConfig, type OptimizerOptions, type TfjsSlot,
} from './optimizer.js';

export interface AdamOptions extends OptimizerOptions {
  /** Decay of the first-moment average, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay of the second-moment average, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Added to √v̂ (Keras places it after the bias correction of the rate). Default 1e-7. */
  epsilon?: number;
  /** Use the running maximum of the second moment (AMSGrad). Default false. */
  amsgrad?: boolean;
}

/**
 * Adaptive moment estimation.
 *
 * `m += (g − m)(1−β₁)`, `v += (g² − v)(1−β₂)`, then
 * `w -= α·m / (√v + ε)` with `α = lr·√(1−β₂ᵗ)/(1−β₁ᵗ)` and t the 1-based step.
 *
 * @param learningRate Default 0.001.
 * @param beta1 Default 0.9.
 * @param beta2 Default 0.999.
 * @param epsilon Default 1e-7.
 * @param amsgrad Default false.
 * @example
 * const opt = new Adam({ learningRate: 1e-3 });
 * opt.applyGradients([[grad, variable]]);
 */
export class Adam extends Optimizer {
  protected readonly kind = KIND.adam;
  /** Decay of the first-moment average, in [0, 1). Default 0.9. */
  readonly beta1: number;
  /** Decay of the second-moment average, in [0, 1). Default 0.999. */
  readonly beta2: number;
  /** Added to √v̂ (Keras places it after the bias correction of the rate). Default 1e-7. */
  readonly epsilon: number;
  /** Use the running maximum of the second moment (AMSGrad). Default false. */
  readonly amsgrad: boolean;

  constructor(opts: AdamOptions = {}, /** @internal AdamW passes its own name. */ className = 'Adam') {
    super(className, opts, 0.001, ['beta1', 'beta2', 'epsilon', 'amsgrad']);
    this.beta1 = checkRange(className, 'beta1', opts.beta1 ?? 0.9, 0, 1);
    this.beta2 = checkRange(className, 'beta2', opts.beta2 ?? 0.999, 0, 1);
    this.epsilon = checkNonNegative(className, 'epsilon', opts.epsilon ?? 1e-7);
    this.amsgrad = opts.amsgrad ?? false;
  }

  protected slotGroups(): string[][] {
    return this.amsgrad ? [['momentum', 'velocity'], ['velocity_hat']] : [['momentum', 'velocity']];
  }

  protected writeHyper(h: Float32Array, t: number, lr: number): void {
    const b1p = powf(this.beta1, t);
    const b2p = powf(this.beta2, t);
    // Keras folds `1 - beta` in float64 (Python floats); the powers are float32 tensors.
    h[H.K] = 1 - this.beta1;
    h[H.K + 1] = 1 - this.beta2;
    h[H.K + 2] = this.epsilon;
    h[H.K + 3] = this.amsgrad ? 1 : 0;
    h[H.K + 4] = f32(f32(f32(lr) * f32(Math.sqrt(f32(1 - b2p)))) / f32(1 - b1p));
  }

  /** tfjs's Adam (AdamW uses the same layout; tfjs has no AMSGrad). */
  protected override tfjsLayout(): TfjsSlot[] | string {
    if (this.amsgrad) return 'tfjs has no AMSGrad variant of Adam, so this state has no tfjs layout; save in the .keras format to keep it';
    return [{ suffix: 'm', slot: 'momentum' }, { suffix: 'v', slot: 'velocity' }];
  }

  protected ownConfig(): OptimizerConfig {
    return { beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad };
  }

  /** The Adam options in a Keras config. */
  protected static adamOptions(c: OptimizerConfig): AdamOptions {
    return {
      ...baseOptionsFromConfig(c), beta1: c.beta_1 as number | undefined, beta2: c.beta_2 as number | undefined,
      epsilon: c.epsilon as number | undefined, amsgrad: c.amsgrad as boolean | undefined,
    };
  }

  /** Builds the optimizer from its Keras `get_config()` (snake_case keys), as `optimizers.deserialize` does. */
  static fromConfig(c: OptimizerConfig): Adam {
    return new Adam(Adam.adamOptions(c));
  }
}
