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

export interface BatchNormalizationArgs extends LayerArgs {
  /** The normalised (channel) axis; a one-element list (Keras 2 configs write one) is the same. */
  axis?: number | [number];
  momentum?: number;
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  betaInitializer?: initializers.InitializerIdentifier;
  gammaInitializer?: initializers.InitializerIdentifier;
  movingMeanInitializer?: initializers.InitializerIdentifier;
  movingVarianceInitializer?: initializers.InitializerIdentifier;
  betaRegularizer?: regularizers.RegularizerIdentifier;
  gammaRegularizer?: regularizers.RegularizerIdentifier;
  betaConstraint?: constraints.ConstraintIdentifier;
  gammaConstraint?: constraints.ConstraintIdentifier;
  /** Cross-replica statistics (Keras): only false. */
  synchronized?: boolean;
  /** Batch renormalization (Keras): only the defaults. */
  renorm?: boolean;
  renormClipping?: Record<string, number> | null;
  renormMomentum?: number;
}

export class BatchNormalization extends Layer {
  /** Passes the input mask on (Keras `supports_masking`). */
  override supportsMasking = true;

  static readonly configKeys = [
    'axis', 'momentum', 'epsilon', 'center', 'scale', 'beta_initializer', 'gamma_initializer', 'moving_mean_initializer',
    'moving_variance_initializer', 'beta_regularizer', 'gamma_regularizer', 'beta_constraint', 'gamma_constraint',
    'synchronized', 'renorm', 'renorm_clipping', 'renorm_momentum',
  ];

  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly betaInitializer: initializers.Initializer;
  readonly gammaInitializer: initializers.Initializer;
  readonly movingMeanInitializer: initializers.Initializer;
  readonly movingVarianceInitializer: initializers.Initializer;
  readonly betaRegularizer: regularizers.Regularizer | undefined;
  readonly gammaRegularizer: regularizers.Regularizer | undefined;
  readonly betaConstraint: constraints.Constraint | undefined;
  readonly gammaConstraint: constraints.Constraint | undefined;
  readonly synchronized = false;
  readonly renorm = false;
  readonly renormClipping = null;
  readonly renormMomentum = 0.99;
  gamma: Variable | null = null;
  beta: Variable | null = null;
  movingMean!: Variable;
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
