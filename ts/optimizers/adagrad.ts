// Adagrad (Keras `optimizers/adagrad.py`; Duchi et al. 2011,
// https://jmlr.org/papers/v12/duchi11a.html).

import { H, KIND } from './kernel.js';
import { Optimizer, baseOptionsFromConfig, checkNonNegative, type OptimizerConfig, type OptimizerOptions, type TfjsSlot } from './optimizer.js';

export interface AdagradOptions extends OptimizerOptions {
  /** Starting value of the accumulators, ≥ 0. Default 0.1. */
  initialAccumulatorValue?: number;
  /** Added inside the square root. Default 1e-7. */
  epsilon?: number;
}

/**
 * Per-parameter rates scaled by the sum of all past squared gradients:
 * `acc += g²`, `w -= lr·g / √(acc + ε)`.
 *
 * @param learningRate Default 0.001.
 * @param initialAccumulatorValue Default 0.1.
 * @param epsilon Default 1e-7.
 * @example
 * const opt = new Adagrad({ learningRate: 0.1 });
 */
export class Adagrad extends Optimizer {
  protected readonly kind = KIND.adagrad;
  /** Starting value of the accumulators, ≥ 0. Default 0.1. */
  readonly initialAccumulatorValue: number;
  /** Added inside the square root. Default 1e-7. */
  readonly epsilon: number;

  constructor(opts: AdagradOptions = {}) {
    super('Adagrad', opts, 0.001, ['initialAccumulatorValue', 'epsilon']);
    this.initialAccumulatorValue = checkNonNegative('Adagrad', 'initialAccumulatorValue', opts.initialAccumulatorValue ?? 0.1);
    this.epsilon = checkNonNegative('Adagrad', 'epsilon', opts.epsilon ?? 1e-7);
  }

  protected slotGroups(): string[][] {
    return [['accumulator']];
  }

  protected override slotInitialValue(): number {
    return this.initialAccumulatorValue;
  }

  protected writeHyper(h: Float32Array): void {
    h[H.K] = this.epsilon;
  }

  protected override tfjsLayout(): TfjsSlot[] {
    return [{ suffix: 'accumulator', slot: 'accumulator' }];
  }

  protected ownConfig(): OptimizerConfig {
    return { initial_accumulator_value: this.initialAccumulatorValue, epsilon: this.epsilon };
  }

  /** Builds the optimizer from its Keras `get_config()` (snake_case keys), as `optimizers.deserialize` does. */
  static fromConfig(c: OptimizerConfig): Adagrad {
    return new Adagrad({
      ...baseOptionsFromConfig(c), initialAccumulatorValue: c.initial_accumulator_value as number | undefined,
      epsilon: c.epsilon as number | undefined,
    });
  }
}
