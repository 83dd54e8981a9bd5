// BatchNormalization (Keras `layers.BatchNormalization`, channels last): in training,
// normalise with the batch statistics and update the moving averages
// (moving = moving·momentum + batch·(1 − momentum), biased batch variance, as Keras 3);
// in inference, normalise with the moving statistics.

import { ValueError, fmt } from '../../errors.js';
import * as initializers from '../../initializers/index.js';
import * as regularizers from '../../regularizers/index.js';
import * as constraints from '../../constraints/index.js';
import { batchNormTraining, batchNormInference } from '../../ops/conv/batch_norm.js';
import { add } from '../../ops/binary.js';
import { mulScalar } from '../../ops/unary.js';
import { noGrad, tidy } from '../../autograd/gradients.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../autograd/variable.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';

export interface BatchNormalizationArgs extends LayerArgs {
  axis?: number;
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
}

export class BatchNormalization extends Layer {
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  gamma: Variable | null = null;
  beta: Variable | null = null;
  movingMean!: Variable;
  movingVariance!: Variable;
  private readonly args: BatchNormalizationArgs;

  constructor(args: BatchNormalizationArgs = {}) {
    super(args);
    this.args = args;
    if ((args.axis ?? -1) !== -1) {
      throw new ValueError(`Layer '${this.name}': only channels-last normalisation (axis=-1) is supported. Received: axis=${fmt(args.axis)}`);
    }
    this.momentum = args.momentum ?? 0.99;
    this.epsilon = args.epsilon ?? 1e-3;
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    if (!(this.momentum >= 0 && this.momentum <= 1)) throw new ValueError(`Layer '${this.name}': momentum must be in [0, 1]. Received: momentum=${fmt(args.momentum)}`);
    if (!(this.epsilon > 0)) throw new ValueError(`Layer '${this.name}': epsilon must be positive. Received: epsilon=${fmt(args.epsilon)}`);
  }

  override build(inputShape: SymbolicShape): void {
    const c = inputShape.at(-1);
    if (c == null) throw new ValueError(`Layer '${this.name}': the channel axis must be defined. Received: input_shape=${fmt(inputShape)}`);
    const a = this.args;
    if (this.scale) {
      this.gamma = this.addWeight('gamma', { shape: [c], initializer: a.gammaInitializer ?? 'ones', regularizer: regularizers.get(a.gammaRegularizer), constraint: constraints.get(a.gammaConstraint) });
    }
    if (this.center) {
      this.beta = this.addWeight('beta', { shape: [c], initializer: a.betaInitializer ?? 'zeros', regularizer: regularizers.get(a.betaRegularizer), constraint: constraints.get(a.betaConstraint) });
    }
    this.movingMean = this.addWeight('moving_mean', { shape: [c], initializer: a.movingMeanInitializer ?? 'zeros', trainable: false });
    this.movingVariance = this.addWeight('moving_variance', { shape: [c], initializer: a.movingVarianceInitializer ?? 'ones', trainable: false });
    this.inputSpec = { minNdim: 2, axes: { [-1]: c } };
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const x = inputs as Tensor;
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

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: -1, momentum: this.momentum, epsilon: this.epsilon, center: this.center, scale: this.scale };
  }
}
