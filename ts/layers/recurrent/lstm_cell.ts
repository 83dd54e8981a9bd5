// LSTMCell (Keras `layers.LSTMCell`): gates i, f, c, o in that order along the last axis of
// kernel [inDim, 4u], recurrent_kernel [u, 4u] and bias [4u];
//   i = σ(z_i), f = σ(z_f), c = f·c₋₁ + i·tanh(z_c), o = σ(z_o), h = o·tanh(c).
// With unitForgetBias (the default) the bias starts at 1 on the forget gate.

import { ValueError, fmt } from '../../errors.js';
import { add, mul } from '../../ops/binary.js';
import { matmul } from '../../ops/matmul.js';
import { concat, split } from '../../ops/concat.js';
import * as activations from '../../activations/index.js';
import * as initializers from '../../initializers/index.js';
import { tidy } from '../../autograd/gradients.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { CallArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { CELL_HEAD, CELL_INIT, CELL_TAIL, DropoutRNNCell, type RNNCellArgs } from './cell_base.js';

/** Options of {@link LSTMCell} and {@link LSTM}: the common cell options plus the gate ones. */
export interface LSTMCellArgs extends RNNCellArgs {
  /** Activation of the input, forget and output gates (Keras `recurrent_activation`). Default: `'sigmoid'`. */
  recurrentActivation?: activations.ActivationIdentifier;
  /** Start the forget gate's bias at 1 (Keras `unit_forget_bias`; Jozefowicz et al. 2015). Default: true. */
  unitForgetBias?: boolean;
  /** Keras's implementation switch; 1 and 2 compute the same values. */
  implementation?: number;
}

/** Keras's bias initializer under unit_forget_bias: [init(u), ones(u), init(2u)]. */
class UnitForgetBias extends initializers.Initializer {
  readonly className = 'UnitForgetBias';

  constructor(private readonly base: initializers.Initializer, private readonly units: number) {
    super();
  }

  call(shape: readonly number[], dtype: 'float32' | 'int32' = 'float32'): Tensor {
    void shape;
    const u = this.units;
    return tidy(() => concat([this.base.call([u], dtype), initializers.get('ones').call([u], dtype), this.base.call([2 * u], dtype)], 0));
  }
}

/**
 * One step of a long short-term memory cell (Keras `layers.LSTMCell`), gates i, f, c, o in Keras's order:
 * `c = f·c₋₁ + i·tanh(z_c)`, `h = o·tanh(c)`. States: `[h, c]`.
 *
 * Weights (`kernel [inDim, 4·units]`, `recurrent_kernel [units, 4·units]`, `bias [4·units]`) load from Keras files unchanged.
 * @example layers.rnn({ cell: layers.lstmCell({ units: 64 }) })
 */
export class LSTMCell extends DropoutRNNCell {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = [
    ...CELL_HEAD, 'recurrent_activation', 'use_bias', 'unit_forget_bias', ...CELL_INIT, ...CELL_TAIL, 'seed',
  ];
  /** Options accepted beyond the config keys: Keras's `implementation` switch (1 and 2 compute the same values). */
  static readonly extraOptions: readonly string[] = ['implementation'];
  /** Activation of the gates. Default: sigmoid. */
  readonly recurrentActivation: ReturnType<typeof activations.get>;
  /** Whether the forget gate's bias starts at 1. Default: true. */
  readonly unitForgetBias: boolean;
  /** Sizes of the two states h and c: `[units, units]`. */
  stateSize: number[];

  constructor(args: LSTMCellArgs) {
    super(args);
    this.recurrentActivation = activations.get(args.recurrentActivation === undefined ? 'sigmoid' : args.recurrentActivation);
    this.unitForgetBias = args.unitForgetBias ?? true;
    this.stateSize = [this.units, this.units];
  }

  protected override get maskCount(): number {
    return this.recurrentDropout > 0 ? 4 : 1;
  }

  override build(inputShape: SymbolicShape): void {
    const inDim = inputShape.at(-1);
    if (inDim == null) throw new ValueError(`Layer '${this.name}': the last axis of the input must be defined. Received: input_shape=${fmt(inputShape)}`);
    this.addKernels(inDim, 4);
    if (this.useBias) {
      this.bias = this.addWeight('bias', {
        shape: [4 * this.units], initializer: this.unitForgetBias ? new UnitForgetBias(this.biasInitializer, this.units) : this.biasInitializer,
        regularizer: this.biasRegularizer, constraint: this.biasConstraint,
      });
    }
    this.built = true;
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor[] {
    const [x, hPrev, cPrev] = inputs as Tensor[];
    return tidy(() => {
      const dp = this.dropoutMask(x!, args.training);
      const rdp = this.recurrentDropoutMask(hPrev!, args.training);
      let z: Tensor[];
      if (rdp || (dp && dp.length > 1)) {
        // Keras's implementation 1: one input and one recurrent mask per gate.
        const ks = split(this.kernel, 4, 1);
        const rs = split(this.recurrentKernel, 4, 1);
        const bs = this.bias ? split(this.bias, 4, 0) : null;
        z = [0, 1, 2, 3].map((g) => {
          let zx = matmul(dp ? mul(x!, dp[g]!) : x!, ks[g]!);
          if (bs) zx = add(zx, bs[g]!);
          return add(zx, matmul(rdp ? mul(hPrev!, rdp[g]!) : hPrev!, rs[g]!));
        });
      } else {
        let zz = add(matmul(dp ? mul(x!, dp[0]!) : x!, this.kernel), matmul(hPrev!, this.recurrentKernel));
        if (this.bias) zz = add(zz, this.bias);
        z = split(zz, 4, 1);
      }
      const i = this.recurrentActivation(z[0]!);
      const f = this.recurrentActivation(z[1]!);
      const c = add(mul(f, cPrev!), mul(i, this.activation(z[2]!)));
      const o = this.recurrentActivation(z[3]!);
      const h = mul(o, this.activation(c));
      return [h, h, c];
    });
  }
}
