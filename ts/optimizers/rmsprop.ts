// RMSprop (Keras `optimizers/rmsprop.py`; Hinton, Coursera lecture 6e).

import { H, KIND } from './kernel.js';
import {
  Optimizer, baseOptionsFromConfig, checkNonNegative, checkRange, type OptimizerConfig, type OptimizerOptions, type TfjsSlot,
} from './optimizer.js';

export interface RMSpropOptions extends OptimizerOptions {
  /** Discount of the squared-gradient average, in [0, 1). Default 0.9. */
  rho?: number;
  /** Momentum in [0, 1]. Default 0. */
  momentum?: number;
  /** Added to the denominator. Default 1e-7. */
  epsilon?: number;
  /** Normalise by the gradient's estimated variance instead of its second moment. Default false. */
  centered?: boolean;
}

/**
 * Divides the gradient by a running root mean square of recent gradients.
 *
 * `v = rho·v + (1−rho)·g²`; the step is `lr·g / √(v + ε)` (centered:
 * `lr·g / √(v − ā² + ε)` with `ā` the running mean gradient), applied directly or
 * through a momentum accumulator.
 *
 * @param learningRate Default 0.001.
 * @param rho Default 0.9.
 * @param momentum Default 0.
 * @param epsilon Default 1e-7.
 * @param centered Default false.
 * @example
 * const opt = new RMSprop({ learningRate: 0.01, centered: true });
 */
export class RMSprop extends Optimizer {
  protected readonly kind = KIND.rmsprop;
  /** Discount of the squared-gradient average, in [0, 1). Default 0.9. */
  readonly rho: number;
  /** Momentum in [0, 1]. Default 0. */
  readonly momentum: number;
  /** Added to the denominator. Default 1e-7. */
  readonly epsilon: number;
  /** Normalise by the gradient's estimated variance instead of its second moment. Default false. */
  readonly centered: boolean;

  constructor(opts: RMSpropOptions = {}) {
    super('RMSprop', opts, 0.001, ['rho', 'momentum', 'epsilon', 'centered']);
    this.rho = checkRange('RMSprop', 'rho', opts.rho ?? 0.9, 0, 1);
    this.momentum = checkRange('RMSprop', 'momentum', opts.momentum ?? 0, 0, 1, true);
    this.epsilon = checkNonNegative('RMSprop', 'epsilon', opts.epsilon ?? 1e-7);
    this.centered = opts.centered ?? false;
  }

  protected slotGroups(): string[][] {
    const g = [['velocity']];
    if (this.momentum > 0) g.push(['momentum']);
    if (this.centered) g.push(['average_gradient']);
    return g;
  }

  protected writeHyper(h: Float32Array): void {
    // Keras folds `1 - rho` in float64 (Python floats), then rounds to float32.
    h[H.K] = this.rho;
    h[H.K + 1] = 1 - this.rho;
    h[H.K + 2] = this.momentum;
    h[H.K + 3] = this.epsilon;
    h[H.K + 4] = this.centered ? 1 : 0;
  }

  /** tfjs always keeps a momentum accumulator (unused when momentum is 0). */
  protected override tfjsLayout(): TfjsSlot[] {
    return [
      { suffix: 'rms', slot: 'velocity' },
      { suffix: 'momentum', slot: this.momentum > 0 ? 'momentum' : null },
      ...(this.centered ? [{ suffix: 'mg', slot: 'average_gradient' }] : []),
    ];
  }

  protected ownConfig(): OptimizerConfig {
    return { rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }

  /** Builds the optimizer from its Keras `get_config()` (snake_case keys), as `optimizers.deserialize` does. */
  static fromConfig(c: OptimizerConfig): RMSprop {
    return new RMSprop({
      ...baseOptionsFromConfig(c), rho: c.rho as number | undefined, momentum: c.momentum as number | undefined,
      epsilon: c.epsilon as number | undefined, centered: c.centered as boolean | undefined,
    });
  }
}
