// LayerNormalization: normalises each sample over `axis` (default last), then scales by
// gamma and shifts by beta (Keras `layers.LayerNormalization`, epsilon 1e-3).

import { ValueError, fmt } from '../../errors.js';
import * as initializers from '../../initializers/index.js';
import * as regularizers from '../../regularizers/index.js';
import * as constraints from '../../constraints/index.js';
import { add, mul, sub } from '../../ops/binary.js';
import { mean, variance } from '../../ops/reduce.js';
import { addScalar, rsqrt } from '../../ops/unary.js';
import { reshape } from '../../ops/reshape.js';
import { layerNormLastAxis } from '../../ops/layer_norm.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../autograd/variable.js';
import { tidy } from '../../autograd/gradients.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';

/** Options of {@link LayerNormalization} (Keras `layers.LayerNormalization`). */
export interface LayerNormalizationArgs extends LayerArgs {
  /** Axis or axes normalised over, batch axis excluded. Default: -1 (the last axis). Not an integer or a list of integers: a ValueError. */
  axis?: number | number[];
  /** Added to the variance to avoid dividing by zero; must be positive. Default: 1e-3. */
  epsilon?: number;
  /** Whether to learn an offset `beta`. Default: true. */
  center?: boolean;
  /** Whether to learn a scale `gamma`. Default: true. */
  scale?: boolean;
  /** Deprecated in Keras 3 (use RMSNormalization): only false. */
  rmsScaling?: boolean;
  /** Initializer of `beta`. Default: `'zeros'`. */
  betaInitializer?: initializers.InitializerIdentifier;
  /** Initializer of `gamma`. Default: `'ones'`. */
  gammaInitializer?: initializers.InitializerIdentifier;
  /** Penalty on `beta` added to the loss. Default: none. */
  betaRegularizer?: regularizers.RegularizerIdentifier;
  /** Penalty on `gamma` added to the loss. Default: none. */
  gammaRegularizer?: regularizers.RegularizerIdentifier;
  /** Constraint applied to `beta` after each update. Default: none. */
  betaConstraint?: constraints.ConstraintIdentifier;
  /** Constraint applied to `gamma` after each update. Default: none. */
  gammaConstraint?: constraints.ConstraintIdentifier;
}

/**
 * Normalises each sample over `axis` (default: the last axis), then scales by `gamma` and shifts by `beta` (Keras `layers.LayerNormalization`). Unlike BatchNormalization it behaves the same in training and inference.
 * @example layers.layerNormalization({ epsilon: 1e-6 })
 */
export class LayerNormalization extends Layer {
  /** Passes the input mask on (Keras `supports_masking`). */
  override supportsMasking = true;

  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = [
    'axis', 'epsilon', 'center', 'scale', 'rms_scaling', 'beta_initializer', 'gamma_initializer', 'beta_regularizer',
    'gamma_regularizer', 'beta_constraint', 'gamma_constraint',
  ];

  /** As given; a list once built (Keras's build does the same, and writes the list back). */
  axis: number | number[];
  /** Added to the variance before the square root. Default: 1e-3. */
  readonly epsilon: number;
  /** Whether the offset `beta` is learned. Default: true. */
  readonly center: boolean;
  /** Whether the scale `gamma` is learned. Default: true. */
  readonly scale: boolean;
  /** Always false: Keras 3 deprecated `rms_scaling`; use {@link RMSNormalization}. */
  readonly rmsScaling = false;
  /** Initializer of `beta`. Default: zeros. */
  readonly betaInitializer: initializers.Initializer;
  /** Initializer of `gamma`. Default: ones. */
  readonly gammaInitializer: initializers.Initializer;
  /** Penalty on `beta` added to the training loss, if any. */
  readonly betaRegularizer: regularizers.Regularizer | undefined;
  /** Penalty on `gamma` added to the training loss, if any. */
  readonly gammaRegularizer: regularizers.Regularizer | undefined;
  /** Constraint applied to `beta` after each optimizer step, if any. */
  readonly betaConstraint: constraints.Constraint | undefined;
  /** Constraint applied to `gamma` after each optimizer step, if any. */
  readonly gammaConstraint: constraints.Constraint | undefined;
  private axes: number[] = [];
  /** The learned scale, shaped like the normalised axes, or null when `scale` is false. */
  gamma: Variable | null = null;
  /** The learned offset, shaped like the normalised axes, or null when `center` is false. */
  beta: Variable | null = null;

  constructor(args: LayerNormalizationArgs = {}) {
    super(layerArgs(new.target, args));
    if (args.rmsScaling === true) {
      throw new ValueError(`LayerNormalization: rms_scaling is deprecated in Keras 3 and not supported; use RMSNormalization. Received: rms_scaling=true`);
    }
    const a = args.axis ?? -1;
    if (![a].flat().every(Number.isInteger) || (Array.isArray(a) && a.length === 0)) {
      throw new ValueError(`Layer '${this.name}': axis must be an integer or a list of integers. Received: axis=${fmt(args.axis)}`);
    }
    this.axis = Array.isArray(a) ? a.slice() : a;
    this.epsilon = args.epsilon ?? 1e-3;
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    if (!(this.epsilon > 0)) throw new ValueError(`LayerNormalization: epsilon must be positive. Received: epsilon=${fmt(args.epsilon)}`);
    this.betaInitializer = initializers.get(args.betaInitializer ?? 'zeros');
    this.gammaInitializer = initializers.get(args.gammaInitializer ?? 'ones');
    this.betaRegularizer = regularizers.get(args.betaRegularizer);
    this.gammaRegularizer = regularizers.get(args.gammaRegularizer);
    this.betaConstraint = constraints.get(args.betaConstraint);
    this.gammaConstraint = constraints.get(args.gammaConstraint);
  }

  override build(inputShape: SymbolicShape): void {
    const r = inputShape.length;
    const list = [this.axis].flat();
    this.axes = list.map((a) => (a < 0 ? a + r : a));
    if (this.axes.some((a) => a < 1 || a >= r)) {
      throw new ValueError(`Layer '${this.name}': invalid axis for an input of rank ${r}. Received: axis=${fmt(this.axis)}`);
    }
    this.axis = list;
    const paramShape = this.axes.map((a) => inputShape[a] as number);
    if (this.scale) {
      this.gamma = this.addWeight('gamma', { shape: paramShape, initializer: this.gammaInitializer, regularizer: this.gammaRegularizer, constraint: this.gammaConstraint });
    }
    if (this.center) {
      this.beta = this.addWeight('beta', { shape: paramShape, initializer: this.betaInitializer, regularizer: this.betaRegularizer, constraint: this.betaConstraint });
    }
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    const x = inputs as Tensor;
    // The usual case, the last axis only: one fused kernel per direction.
    if (this.axes.length === 1 && this.axes[0] === x.rank - 1 && x.dtype === 'float32') {
      return layerNormLastAxis(x, this.gamma, this.beta, this.epsilon);
    }
    return tidy(() => {
      const m = mean(x, this.axes, true);
      const v = variance(x, this.axes, true);
      let y = mul(sub(x, m), rsqrt(addScalar(v, this.epsilon)));
      // gamma/beta cover the normalised axes; shape them to broadcast against x.
      const bshape = x.shape.map((d, i) => (this.axes.includes(i) ? d : 1));
      if (this.gamma) y = mul(y, reshape(this.gamma, bshape));
      if (this.beta) y = add(y, reshape(this.beta, bshape));
      return y;
    });
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s.slice();
  }
}
