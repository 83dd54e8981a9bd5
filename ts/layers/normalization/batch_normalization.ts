// BatchNormalization (Keras `layers.BatchNormalization`): in training, normalise with the
// batch statistics and update the moving averages (moving = moving·momentum +
// batch·(1 − momentum), biased batch variance, as Keras 3); in inference, normalise with the
// moving statistics. The kernels normalise the last axis; any other `axis` (1 for
// channels_first) is moved last and back with transposes.

import { ValueError, fmt } from '../../errors.js';
import * as initializers from '../../initializers/index.js';
import * as regularizers from '../../regularizers/index.js';
import * as constraints from '../../constraints/index.js';
import { batchNormTraining, batchNormInference } from '../../ops/conv/batch_norm.js';
import { add } from '../../ops/binary.js';
import { mulScalar } from '../../ops/unary.js';
import { transpose } from '../../ops/transpose.js';
import { noGrad, tidy } from '../../autograd/gradients.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../autograd/variable.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs, notSupported } from '../config.js';

/** Options of {@link BatchNormalization} (Keras `layers.BatchNormalization`). */
export interface BatchNormalizationArgs extends LayerArgs {
  /** The normalised (channel) axis; a one-element list (Keras 2 configs write one) is the same. */
  axis?: number | [number];
  /** Momentum of the moving averages: `moving = moving·momentum + batch·(1 - momentum)`. In [0, 1] (else a ValueError). Default: 0.99. */
  momentum?: number;
  /** Added to the variance to avoid dividing by zero; must be positive. Default: 1e-3. */
  epsilon?: number;
  /** Whether to learn an offset `beta`. Default: true. */
  center?: boolean;
  /** Whether to learn a scale `gamma` (can be false when the next layer is linear or ReLU). Default: true. */
  scale?: boolean;
  /** Initializer of `beta`. Default: `'zeros'`. */
  betaInitializer?: initializers.InitializerIdentifier;
  /** Initializer of `gamma`. Default: `'ones'`. */
  gammaInitializer?: initializers.InitializerIdentifier;
  /** Initializer of the moving mean. Default: `'zeros'`. */
  movingMeanInitializer?: initializers.InitializerIdentifier;
  /** Initializer of the moving variance. Default: `'ones'`. */
  movingVarianceInitializer?: initializers.InitializerIdentifier;
  /** Penalty on `beta` added to the loss. Default: none. */
  betaRegularizer?: regularizers.RegularizerIdentifier;
  /** Penalty on `gamma` added to the loss. Default: none. */
  gammaRegularizer?: regularizers.RegularizerIdentifier;
  /** Constraint applied to `beta` after each update. Default: none. */
  betaConstraint?: constraints.ConstraintIdentifier;
  /** Constraint applied to `gamma` after each update. Default: none. */
  gammaConstraint?: constraints.ConstraintIdentifier;
  /** Cross-replica statistics (Keras): only false. */
  synchronized?: boolean;
  /** Batch renormalization (Keras): only the defaults. */
  renorm?: boolean;
  /** Batch renormalization clipping (Keras): not supported; only null or absent. */
  renormClipping?: Record<string, number> | null;
  /** Batch renormalization momentum (Keras): not supported; only the default 0.99. */
  renormMomentum?: number;
}

/**
 * Normalises its input per channel (Keras `layers.BatchNormalization`): `gamma·(x - mean)/sqrt(var + epsilon) + beta`.
 *
 * In training (`fit`, or `apply(x, { training: true })`) it uses the batch's statistics and updates
 * the moving mean and variance; at inference it uses the moving statistics. A frozen layer
 * (`trainable = false`) runs in inference mode even in `fit`, as in Keras 3.
 * The channel axis is `axis` (default -1; 1 for channels_first images).
 * @example layers.batchNormalization({ momentum: 0.9 })
 */
export class BatchNormalization extends Layer {
  /** Passes the input mask on (Keras `supports_masking`). */
  override supportsMasking = true;

  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = [
    'axis', 'momentum', 'epsilon', 'center', 'scale', 'beta_initializer', 'gamma_initializer', 'moving_mean_initializer',
    'moving_variance_initializer', 'beta_regularizer', 'gamma_regularizer', 'beta_constraint', 'gamma_constraint',
    'synchronized', 'renorm', 'renorm_clipping', 'renorm_momentum',
  ];

  /** The normalised (channel) axis. Default: -1. */
  readonly axis: number;
  /** Momentum of the moving averages. Default: 0.99. */
  readonly momentum: number;
  /** Added to the variance before the square root. Default: 1e-3. */
  readonly epsilon: number;
  /** Whether the offset `beta` is learned. Default: true. */
  readonly center: boolean;
  /** Whether the scale `gamma` is learned. Default: true. */
  readonly scale: boolean;
  /** Initializer of `beta`. Default: zeros. */
  readonly betaInitializer: initializers.Initializer;
  /** Initializer of `gamma`. Default: ones. */
  readonly gammaInitializer: initializers.Initializer;
  /** Initializer of the moving mean. Default: zeros. */
  readonly movingMeanInitializer: initializers.Initializer;
  /** Initializer of the moving variance. Default: ones. */
  readonly movingVarianceInitializer: initializers.Initializer;
  /** Penalty on `beta` added to the training loss, if any. */
  readonly betaRegularizer: regularizers.Regularizer | undefined;
  /** Penalty on `gamma` added to the training loss, if any. */
  readonly gammaRegularizer: regularizers.Regularizer | undefined;
  /** Constraint applied to `beta` after each optimizer step, if any. */
  readonly betaConstraint: constraints.Constraint | undefined;
  /** Constraint applied to `gamma` after each optimizer step, if any. */
  readonly gammaConstraint: constraints.Constraint | undefined;
  /** Always false: cross-replica statistics are not supported (written to the config as Keras does). */
  readonly synchronized = false;
  /** Always false: batch renormalization is not supported. */
  readonly renorm = false;
  /** Always null (batch renormalization is not supported). */
  readonly renormClipping = null;
  /** Always 0.99, Keras's default (batch renormalization is not supported). */
  readonly renormMomentum = 0.99;
  /** The learned scale, shape `[channels]`, or null when `scale` is false. */
  gamma: Variable | null = null;
  /** The learned offset, shape `[channels]`, or null when `center` is false. */
  beta: Variable | null = null;
  /** Moving average of the batch means, shape `[channels]` (non-trainable, saved with the weights). */
  movingMean!: Variable;
  /** Moving average of the batch variances, shape `[channels]` (non-trainable, saved with the weights). */
  movingVariance!: Variable;

  constructor(args: BatchNormalizationArgs = {}) {
    super(layerArgs(new.target, args));
    const a = Array.isArray(args.axis) && args.axis.length === 1 ? args.axis[0] : args.axis ?? -1;
    if (!Number.isInteger(a)) {
      throw new ValueError(`Layer '${this.name}': axis must be an integer (normalising over several axes is not supported). Received: axis=${fmt(args.axis)}`);
    }
    this.axis = a as number;
    this.momentum = args.momentum ?? 0.99;
    this.epsilon = args.epsilon ?? 1e-3;
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    if (!(this.momentum >= 0 && this.momentum <= 1)) throw new ValueError(`Layer '${this.name}': momentum must be in [0, 1]. Received: momentum=${fmt(args.momentum)}`);
    if (!(this.epsilon > 0)) throw new ValueError(`Layer '${this.name}': epsilon must be positive. Received: epsilon=${fmt(args.epsilon)}`);
    notSupported(this.name, 'synchronized', args.synchronized, (v) => v === false);
    notSupported(this.name, 'renorm', args.renorm, (v) => v === false, 'batch renormalization');
    notSupported(this.name, 'renormClipping', args.renormClipping, (v) => v === null, 'batch renormalization');
    notSupported(this.name, 'renormMomentum', args.renormMomentum, (v) => v === 0.99, 'batch renormalization');
    this.betaInitializer = initializers.get(args.betaInitializer ?? 'zeros');
    this.gammaInitializer = initializers.get(args.gammaInitializer ?? 'ones');
    this.movingMeanInitializer = initializers.get(args.movingMeanInitializer ?? 'zeros');
    this.movingVarianceInitializer = initializers.get(args.movingVarianceInitializer ?? 'ones');
    this.betaRegularizer = regularizers.get(args.betaRegularizer);
    this.gammaRegularizer = regularizers.get(args.gammaRegularizer);
    this.betaConstraint = constraints.get(args.betaConstraint);
    this.gammaConstraint = constraints.get(args.gammaConstraint);
  }

  /** The normalised axis for an input of rank `r`. */
  private resolvedAxis(r: number): number {
    const a = this.axis < 0 ? this.axis + r : this.axis;
    if (a < 1 || a >= r) throw new ValueError(`Layer '${this.name}': invalid axis for an input of rank ${r}. Received: axis=${this.axis}`);
    return a;
  }

  override build(inputShape: SymbolicShape): void {
    const axis = this.resolvedAxis(inputShape.length);
    const c = inputShape[axis];
    if (c == null) throw new ValueError(`Layer '${this.name}': the normalised axis must be defined. Received: input_shape=${fmt(inputShape)}`);
    if (this.scale) {
      this.gamma = this.addWeight('gamma', { shape: [c], initializer: this.gammaInitializer, regularizer: this.gammaRegularizer, constraint: this.gammaConstraint });
    }
    if (this.center) {
      this.beta = this.addWeight('beta', { shape: [c], initializer: this.betaInitializer, regularizer: this.betaRegularizer, constraint: this.betaConstraint });
    }
    this.movingMean = this.addWeight('moving_mean', { shape: [c], initializer: this.movingMeanInitializer, trainable: false });
    this.movingVariance = this.addWeight('moving_variance', { shape: [c], initializer: this.movingVarianceInitializer, trainable: false });
    this.inputSpec = { minNdim: 2, axes: { [this.axis]: c } };
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const x = inputs as Tensor;
    const axis = this.resolvedAxis(x.rank);
    if (axis === x.rank - 1) return this.normalizeLast(x, args);
    // Move the normalised axis last, normalise, move it back.
    const perm = [...Array.from({ length: x.rank }, (_, i) => i).filter((i) => i !== axis), axis];
    const inv = perm.map((_, i) => perm.indexOf(i));
    return tidy(() => transpose(this.normalizeLast(transpose(x, perm), args), inv));
  }

  private normalizeLast(x: Tensor, args: CallArgs): Tensor {
    // A frozen layer (trainable = false) runs in inference mode, as in Keras.
    if (!args.training || !this.trainable) {
      return batchNormInference(x, this.movingMean, this.movingVariance, this.gamma, this.beta, this.epsilon);
    }
    const { y, mean, variance } = batchNormTraining(x, this.gamma, this.beta, this.epsilon);
    noGrad(() => tidy(() => {
      const m = this.momentum;
      this.movingMean.assign(add(mulScalar(this.movingMean, m), mulScalar(mean, 1 - m)));
      this.movingVariance.assign(add(mulScalar(this.movingVariance, m), mulScalar(variance, 1 - m)));
    }));
    mean.dispose();
    variance.dispose();
    return y;
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s.slice();
  }
}
