// GRUCell (Keras `layers.GRUCell`): gates z (update), r (reset), h (candidate) in that order;
//   z = σ(x·Wz + h₋₁·Uz), r = σ(x·Wr + h₋₁·Ur),
//   ĥ = tanh(x·Wh + r·(h₋₁·Uh + b_rh))   (resetAfter, Keras 3's default; bias [2, 3u])
//   ĥ = tanh(x·Wh + (r·h₋₁)·Uh)          (resetAfter false; bias [3u])
//   h = z·h₋₁ + (1 − z)·ĥ.

import { ValueError, fmt } from '../../errors.js';
import { add, mul, sub } from '../../ops/binary.js';
import { matmul } from '../../ops/matmul.js';
import { split } from '../../ops/concat.js';
import { reshape } from '../../ops/reshape.js';
import * as activations from '../../activations/index.js';
import { tidy } from '../../autograd/gradients.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { CallArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { CELL_HEAD, CELL_INIT, CELL_TAIL, DropoutRNNCell, type RNNCellArgs } from './cell_base.js';

/** Options of {@link GRUCell} and {@link GRU}: the common cell options plus the gate ones. */
export interface GRUCellArgs extends RNNCellArgs {
  /** Activation of the update and reset gates (Keras `recurrent_activation`). Default: `'sigmoid'`. */
  recurrentActivation?: activations.ActivationIdentifier;
  /** Apply the reset gate after the recurrent matmul (Keras 3's and cuDNN's convention, bias shape `[2, 3·units]`) rather than before (bias `[3·units]`). Default: true. */
  resetAfter?: boolean;
  /** Keras's implementation switch: accepted for config compatibility; 1 and 2 compute the same values. */
  implementation?: number;
}

/**
 * One step of a gated recurrent unit (Keras `layers.GRUCell`), gates z (update), r (reset), h (candidate) in Keras's order:
 * `h = z·h₋₁ + (1 - z)·ĥ`.
 * @example layers.rnn({ cell: layers.gruCell({ units: 64 }) })
 */
export class GRUCell extends DropoutRNNCell {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = [
    ...CELL_HEAD, 'recurrent_activation', 'use_bias', ...CELL_INIT, ...CELL_TAIL, 'reset_after', 'seed',
  ];
  /** Options accepted beyond the config keys: Keras's `implementation` switch. */
  static readonly extraOptions: readonly string[] = ['implementation'];
  /** Activation of the gates. Default: sigmoid. */
  readonly recurrentActivation: ReturnType<typeof activations.get>;
  /** Whether the reset gate applies after the recurrent matmul. Default: true. */
  readonly resetAfter: boolean;
  /** Size of the single state h (= `units`). */
  stateSize: number;

  constructor(args: GRUCellArgs) {
    super(args);
    this.recurrentActivation = activations.get(args.recurrentActivation === undefined ? 'sigmoid' : args.recurrentActivation);
    this.resetAfter = args.resetAfter ?? true;
    this.stateSize = this.units;
  }

  protected override get maskCount(): number {
    return this.recurrentDropout > 0 ? 3 : 1;
  }

  override build(inputShape: SymbolicShape): void {
    const inDim = inputShape.at(-1);
    if (inDim == null) throw new ValueError(`Layer '${this.name}': the last axis of the input must be defined. Received: input_shape=${fmt(inputShape)}`);
    this.addKernels(inDim, 3);
    if (this.useBias) {
      this.bias = this.addWeight('bias', {
        shape: this.resetAfter ? [2, 3 * this.units] : [3 * this.units], initializer: this.biasInitializer,
        regularizer: this.biasRegularizer, constraint: this.biasConstraint,
      });
    }
    this.built = true;
  }

  /** The input bias and the recurrent bias (resetAfter only), as [3u] vectors. */
  private biases(): [Tensor | null, Tensor | null] {
    if (!this.bias) return [null, null];
    if (!this.resetAfter) return [this.bias, null];
    const [bi, br] = split(this.bias, 2, 0);
    return [reshape(bi!, [3 * this.units]), reshape(br!, [3 * this.units])];
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor[] {
    const [x, hPrev] = inputs as Tensor[];
    return tidy(() => {
      const dp = this.dropoutMask(x!, args.training);
      const rdp = this.recurrentDropoutMask(hPrev!, args.training);
      const [bIn, bRec] = this.biases();
      const xm = (g: number) => (dp ? mul(x!, dp[Math.min(g, dp.length - 1)]!) : x!);
      const hm = (g: number) => (rdp ? mul(hPrev!, rdp[g]!) : hPrev!);
      const ks = split(this.kernel, 3, 1);
      const rs = split(this.recurrentKernel, 3, 1);
      const bis = bIn ? split(bIn, 3, 0) : null;
      const brs = bRec ? split(bRec, 3, 0) : null;
      // One product per gate: with a single mask this equals Keras's fused matmul up to
      // rounding of the summation order, which the fixtures' tolerances cover.
      const xg = [0, 1, 2].map((g) => (bis ? add(matmul(xm(g), ks[g]!), bis[g]!) : matmul(xm(g), ks[g]!)));
      const rec = (g: number, h: Tensor) => (brs ? add(matmul(h, rs[g]!), brs[g]!) : matmul(h, rs[g]!));
      const z = this.recurrentActivation(add(xg[0]!, rec(0, hm(0))));
      const r = this.recurrentActivation(add(xg[1]!, rec(1, hm(1))));
      const recH = this.resetAfter ? mul(r, rec(2, hm(2))) : matmul(mul(r, hm(2)), rs[2]!);
      const hh = this.activation(add(xg[2]!, recH));
      const h = add(mul(z, hPrev!), mul(sub(1, z), hh));
      return [h, h];
    });
  }
}
