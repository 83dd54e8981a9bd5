// Lion (Keras `optimizers/lion.py`; Chen et al. 2023, https://arxiv.org/abs/2302.06675).

import { ValueError, fmt } from '../errors.js';
import { H, KIND } from './kernel.js';
import { Optimizer, baseOptionsFromConfig, checkRange, f32, type OptimizerConfig, type OptimizerOptions } from './optimizer.js';

export interface LionOptions extends OptimizerOptions {
  /** Interpolation for the update direction, in (0, 1]. Default 0.9. */
  beta1?: number;
  /** Decay of the momentum, in [0, 1]. Default 0.99. */
  beta2?: number;
}

/**
 * Sign-of-momentum updates: `w -= lr · sign(β₁·m + (1−β₁)·g)`, then
 * `m = β₂·m + (1−β₂)·g`. Updates have unit size per element, so Lion usually wants a
 * 3–10× smaller learning rate than Adam.
 *
 * @param learningRate Default 0.001.
 * @param beta1 Default 0.9.
 * @param beta2 Default 0.99.
 * @example
 * const opt = new Lion({ learningRate: 1e-4 });
 */
export class Lion extends Optimizer {
  protected readonly kind = KIND.lion;
  /** Interpolation for the update direction, in (0, 1]. Default 0.9. */
  readonly beta1: number;
  /** Decay of the momentum, in [0, 1]. Default 0.99. */
  readonly beta2: number;

  constructor(opts: LionOptions = {}) {
    super('Lion', opts, 0.001, ['beta1', 'beta2']);
    const b1 = opts.beta1 ?? 0.9;
    if (typeof b1 !== 'number' || !(b1 > 0 && b1 <= 1)) {
      throw new ValueError('Lion: Argument `beta1` must be in the (0, 1] range. Otherwise, the optimizer degenerates to ' +
        `SignSGD. Received: beta1=${fmt(b1)}`);
    }
    this.beta1 = b1;
    this.beta2 = checkRange('Lion', 'beta2', opts.beta2 ?? 0.99, 0, 1, true);
  }

  protected slotGroups(): string[][] {
    return [['momentum']];
  }

  protected writeHyper(h: Float32Array): void {
    // Lion casts the betas to float32 first, so `1 - beta` is a float32 subtraction.
    h[H.K] = this.beta1;
    h[H.K + 1] = f32(1 - f32(this.beta1));
    h[H.K + 2] = this.beta2;
    h[H.K + 3] = f32(1 - f32(this.beta2));
  }

  protected ownConfig(): OptimizerConfig {
    return { beta_1: this.beta1, beta_2: this.beta2 };
  }

  /** Builds the optimizer from its Keras `get_config()` (snake_case keys), as `optimizers.deserialize` does. */
  static fromConfig(c: OptimizerConfig): Lion {
    return new Lion({ ...baseOptionsFromConfig(c), beta1: c.beta_1 as number | undefined, beta2: c.beta_2 as number | undefined });
  }
}
