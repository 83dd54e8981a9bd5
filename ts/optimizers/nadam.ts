// Nadam (Keras `optimizers/nadam.py`; Dozat 2016, https://openreview.net/pdf?id=OM0jvwB8jIp57ZJjtNEZ).

import { Variable } from '../autograd/variable.js';
import { fill } from '../tensor/creation.js';
import { H, KIND } from './kernel.js';
import {
  Optimizer, baseOptionsFromConfig, checkNonNegative, checkRange, f32, powf, type OptimizerConfig, type OptimizerOptions,
} from './optimizer.js';

export interface NadamOptions extends OptimizerOptions {
  /** Decay of the first moment, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay of the second moment, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Added to √v̂. Default 1e-7. */
  epsilon?: number;
}

/**
 * Adam with Nesterov momentum and Dozat's momentum schedule
 * `μₜ = β₁(1 − ½·0.96ᵗ)`: with `Π` the running product of the μ's,
 * `m̂ = μₜ₊₁·m / (1 − Π·μₜ₊₁) + (1 − μₜ)·g / (1 − Π)`, `v̂ = v / (1 − β₂ᵗ)`,
 * `w -= lr·m̂ / (√v̂ + ε)`.
 *
 * @param learningRate Default 0.001.
 * @param beta1 Default 0.9.
 * @param beta2 Default 0.999.
 * @param epsilon Default 1e-7.
 * @example
 * const opt = new Nadam({ learningRate: 0.002 });
 */
export class Nadam extends Optimizer {
  protected readonly kind = KIND.nadam;
  /** Decay of the first moment, in [0, 1). Default 0.9. */
  readonly beta1: number;
  /** Decay of the second moment, in [0, 1). Default 0.999. */
  readonly beta2: number;
  /** Added to √v̂. Default 1e-7. */
  readonly epsilon: number;
  /** Π μ over the steps so far (Keras `_u_product`), mirrored in `uProductVar` for saving. */
  private uProduct = 1;
  private uProductVar: Variable | null = null;

  constructor(opts: NadamOptions = {}) {
    super('Nadam', opts, 0.001, ['beta1', 'beta2', 'epsilon']);
    this.beta1 = checkRange('Nadam', 'beta1', opts.beta1 ?? 0.9, 0, 1);
    this.beta2 = checkRange('Nadam', 'beta2', opts.beta2 ?? 0.999, 0, 1);
    this.epsilon = checkNonNegative('Nadam', 'epsilon', opts.epsilon ?? 1e-7);
  }

  protected slotGroups(): string[][] {
    return [['momentum', 'velocity']];
  }

  protected override onBuild(): void {
    const one = fill([], 1);
    // Keras creates it as a bare `backend.Variable(1.0)`, so its name is 'variable'.
    this.uProductVar = new Variable(one, { name: 'variable', trainable: false });
    one.dispose();
  }

  protected override onDispose(): void {
    this.uProductVar?.dispose();
    this.uProductVar = null;
  }

  protected override extraVariables(): Variable[] {
    return this.uProductVar ? [this.uProductVar] : [];
  }

  protected override afterSetWeights(): void {
    if (this.uProductVar) this.uProduct = this.uProductVar.buf.f32()[0]!;
  }

  /** μₜ in float32. */
  private mu(t: number): number {
    return f32(f32(this.beta1) * f32(1 - f32(0.5 * powf(0.96, t))));
  }

  protected override beforeStep(t: number): void {
    // Keras: u_product * beta_1 * (1 - 0.5 * 0.96^t), left to right in float32.
    this.uProduct = f32(f32(this.uProduct * f32(this.beta1)) * f32(1 - f32(0.5 * powf(0.96, t))));
    if (this.uProductVar) this.uProductVar.buf.f32()[0] = this.uProduct;
  }

  protected writeHyper(h: Float32Array, t: number): void {
    const ut = this.mu(t);
    const ut1 = this.mu(t + 1);
    const up = this.uProduct;
    const up1 = f32(up * ut1);
    // Nadam casts the betas to float32 first, so here `1 - beta` is a float32 subtraction.
    h[H.K] = f32(1 - f32(this.beta1));
    h[H.K + 1] = f32(1 - f32(this.beta2));
    h[H.K + 2] = this.epsilon;
    h[H.K + 3] = ut1 / f32(1 - up1);
    h[H.K + 4] = f32(1 - ut) / f32(1 - up);
    h[H.K + 5] = 1 / f32(1 - powf(this.beta2, t));
  }

  protected ownConfig(): OptimizerConfig {
    return { beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon };
  }

  /** Builds the optimizer from its Keras `get_config()` (snake_case keys), as `optimizers.deserialize` does. */
  static fromConfig(c: OptimizerConfig): Nadam {
    return new Nadam({
      ...baseOptionsFromConfig(c), beta1: c.beta_1 as number | undefined, beta2: c.beta_2 as number | undefined,
      epsilon: c.epsilon as number | undefined,
    });
  }
}
