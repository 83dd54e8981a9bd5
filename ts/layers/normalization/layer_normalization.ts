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
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../autograd/variable.js';
import { tidy } from '../../autograd/gradients.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';

export interface LayerNormalizationArgs extends LayerArgs {
  axis?: number | number[];
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  /** Deprecated in Keras 3 (use RMSNormalization): only false. */
  rmsScaling?: boolean;
  betaInitializer?: initializers.InitializerIdentifier;
  gammaInitializer?: initializers.InitializerIdentifier;
  betaRegularizer?: regularizers.RegularizerIdentifier;
  gammaRegularizer?: regularizers.RegularizerIdentifier;
  betaConstraint?: constraints.ConstraintIdentifier;
  gammaConstraint?: constraints.ConstraintIdentifier;
}

export class LayerNormalization extends Layer {
  /** Passes the input mask on (Keras `supports_masking`). */
  override supportsMasking = true;

  static readonly configKeys = [
    'axis', 'epsilon', 'center', 'scale', 'rms_scaling', 'beta_initializer', 'gamma_initializer', 'beta_regularizer',
    'gamma_regularizer', 'beta_constraint', 'gamma_constraint',
  ];

  /** As given; a list once built (Keras's build does the same, and writes the list back). */
  axis: number | number[];
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly rmsScaling = false;
  readonly betaInitializer: initializers.Initializer;
  readonly gammaInitializer: initializers.Initializer;
  readonly betaRegularizer: regularizers.Regularizer | undefined;
  readonly gammaRegularizer: regularizers.Regularizer | undefined;
  readonly betaConstraint: constraints.Constraint | undefined;
  readonly gammaConstraint: constraints.Constraint | undefined;
  private axes: number[] = [];
  gamma: Variable | null = null;
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
