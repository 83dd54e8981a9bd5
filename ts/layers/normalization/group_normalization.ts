// GroupNormalization: the channels along `axis` split into `groups`; each sample is
// normalised over every axis but the batch within each group, then scaled by gamma and shifted
// by beta per channel (Keras `layers.GroupNormalization`; groups = -1 is instance norm).

import { ValueError, fmt } from '../../errors.js';
import { add, mul, sub } from '../../ops/binary.js';
import { mean, variance } from '../../ops/reduce.js';
import { reshape } from '../../ops/reshape.js';
import { addScalar, rsqrt } from '../../ops/unary.js';
import * as initializers from '../../initializers/index.js';
import * as regularizers from '../../regularizers/index.js';
import * as constraints from '../../constraints/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../autograd/variable.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';

/** Options of {@link GroupNormalization} (Keras `layers.GroupNormalization`). */
export interface GroupNormalizationArgs extends LayerArgs {
  /** Default 32; -1 = one group per channel. */
  groups?: number;
  /** The channel axis. Default -1. */
  axis?: number;
  /** Added to the variance to avoid dividing by zero; must be positive. Default: 1e-3. */
  epsilon?: number;
  /** Whether to learn an offset `beta`. Default: true. */
  center?: boolean;
  /** Whether to learn a scale `gamma`. Default: true. */
  scale?: boolean;
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
 * Group normalization (Keras `layers.GroupNormalization`): splits the channels along `axis` into `groups`, normalises each sample within each group, then scales and shifts per channel.
 *
 * `groups: -1` gives instance normalization, `groups: 1` layer normalization over all features.
 * The number of channels must be divisible by `groups`, else a ValueError.
 * @example layers.groupNormalization({ groups: 8 })
 */
export class GroupNormalization extends Layer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = [
    'groups', 'axis', 'epsilon', 'center', 'scale', 'beta_initializer', 'gamma_initializer', 'beta_regularizer',
    'gamma_regularizer', 'beta_constraint', 'gamma_constraint',
  ];

  override supportsMasking = true;
  /** Number of groups (after build, -1 is replaced by the channel count). Default: 32. */
  groups: number;
  /** The channel axis. Default: -1. */
  readonly axis: number;
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
  /** Penalty on `beta` added to the training loss, if any. */
  readonly betaRegularizer: regularizers.Regularizer | undefined;
  /** Penalty on `gamma` added to the training loss, if any. */
  readonly gammaRegularizer: regularizers.Regularizer | undefined;
  /** Constraint applied to `beta` after each optimizer step, if any. */
  readonly betaConstraint: constraints.Constraint | undefined;
  /** Constraint applied to `gamma` after each optimizer step, if any. */
  readonly gammaConstraint: constraints.Constraint | undefined;
  /** The learned per-channel scale, or null when `scale` is false. */
  gamma: Variable | null = null;
  /** The learned per-channel offset, or null when `center` is false. */
  beta: Variable | null = null;

  constructor(args: GroupNormalizationArgs = {}) {
    super(layerArgs(new.target, args));
    const g = args.groups ?? 32;
    if (!Number.isInteger(g) || (g <= 0 && g !== -1)) {
      throw new ValueError(`Received an invalid value for argument \`groups\`, expected a positive integer (or \`-1\` for instance normalization). Received: groups=${fmt(args.groups)}`);
    }
    if (args.axis !== undefined && !Number.isInteger(args.axis)) throw new ValueError(`Layer '${this.name}': axis must be an integer. Received: axis=${fmt(args.axis)}`);
    this.groups = g;
    this.axis = args.axis ?? -1;
    this.epsilon = args.epsilon ?? 1e-3;
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.betaInitializer = initializers.get(args.betaInitializer ?? 'zeros');
    this.gammaInitializer = initializers.get(args.gammaInitializer ?? 'ones');
    this.betaRegularizer = regularizers.get(args.betaRegularizer);
    this.gammaRegularizer = regularizers.get(args.gammaRegularizer);
    this.betaConstraint = constraints.get(args.betaConstraint);
    this.gammaConstraint = constraints.get(args.gammaConstraint);
  }

  private axisOf(rank: number): number {
    if (this.axis >= rank || this.axis < -rank) throw new ValueError(`Layer '${this.name}': axis ${this.axis} is out of bounds for an input of rank ${rank}. Received: axis=${this.axis}`);
    return this.axis < 0 ? this.axis + rank : this.axis;
  }

  override build(inputShape: SymbolicShape): void {
    const a = this.axisOf(inputShape.length);
    const dim = inputShape[a];
    if (dim == null) {
      throw new ValueError(`Axis ${this.axis} of input tensor should have a defined dimension but the layer received an input with shape ${fmt(inputShape)}.`);
    }
    if (this.groups === -1) this.groups = dim;
    if (dim < this.groups) throw new ValueError(`Number of groups (${this.groups}) cannot be more than the number of channels (${dim}).`);
    if (dim % this.groups !== 0) throw new ValueError(`Number of groups (${this.groups}) must be a multiple of the number of channels (${dim}).`);
    this.inputSpec = { ndim: inputShape.length, axes: { [a]: dim } };
    if (this.scale) {
      this.gamma = this.addWeight('gamma', { shape: [dim], initializer: this.gammaInitializer, regularizer: this.gammaRegularizer, constraint: this.gammaConstraint });
    }
    if (this.center) {
      this.beta = this.addWeight('beta', { shape: [dim], initializer: this.betaInitializer, regularizer: this.betaRegularizer, constraint: this.betaConstraint });
    }
    this.built = true;
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    const x = inputs as Tensor;
    const a = this.axisOf(x.rank);
    const dim = x.shape[a]!, per = dim / this.groups;
    const grouped = [...x.shape.slice(0, a), this.groups, per, ...x.shape.slice(a + 1)];
    const xg = reshape(x, grouped);
    // Reduce over every axis but the batch and the group axis.
    const axes = Array.from({ length: grouped.length - 1 }, (_, i) => i + 1).filter((i) => i !== a);
    const mu = mean(xg, axes, true);
    const inv0 = rsqrt(addScalar(variance(xg, axes, true), this.epsilon));
    const bshape = grouped.map((_, i) => (i === a ? this.groups : i === a + 1 ? per : 1));
    const inv = this.gamma ? mul(inv0, reshape(this.gamma, bshape)) : inv0;
    let res = mul(mu, inv);
    res = this.beta ? sub(reshape(this.beta, bshape), res) : mul(res, -1);
    return reshape(add(mul(xg, inv), res), x.shape);
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    this.axisOf(s.length);
    return s;
  }
}
