// SimpleRNNCell: h = activation(x·kernel + bias + h₋₁·recurrent_kernel) (Keras `layers.SimpleRNNCell`).

import { ValueError, fmt } from '../../errors.js';
import { add, mul } from '../../ops/binary.js';
import { matmul } from '../../ops/matmul.js';
import { tidy } from '../../autograd/gradients.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { CallArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { CELL_HEAD, CELL_INIT, CELL_TAIL, DropoutRNNCell, type RNNCellArgs } from './cell_base.js';

/** Options of {@link SimpleRNNCell}: the common cell options. */
export type SimpleRNNCellArgs = RNNCellArgs;

/**
 * One step of a fully-connected RNN (Keras `layers.SimpleRNNCell`): `h = activation(x·kernel + bias + h₋₁·recurrentKernel)`.
 *
 * Wrap it in {@link RNN} to run it over a sequence (or use {@link SimpleRNN}).
 * @example layers.rnn({ cell: layers.simpleRNNCell({ units: 32 }) })
 */
export class SimpleRNNCell extends DropoutRNNCell {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = [...CELL_HEAD, 'use_bias', ...CELL_INIT, ...CELL_TAIL, 'seed'];
  /** Size of the single state h (= `units`). */
  stateSize: number;

  constructor(args: SimpleRNNCellArgs) {
    super(args);
    this.stateSize = this.units;
  }

  override build(inputShape: SymbolicShape): void {
    const inDim = inputShape.at(-1);
    if (inDim == null) throw new ValueError(`Layer '${this.name}': the last axis of the input must be defined. Received: input_shape=${fmt(inputShape)}`);
    this.addKernels(inDim, 1);
    if (this.useBias) {
      this.bias = this.addWeight('bias', { shape: [this.units], initializer: this.biasInitializer, regularizer: this.biasRegularizer, constraint: this.biasConstraint });
    }
    this.built = true;
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor[] {
    const [x0, hPrev0] = inputs as Tensor[];
    return tidy(() => {
      const dp = this.dropoutMask(x0!, args.training);
      const rdp = this.recurrentDropoutMask(hPrev0!, args.training);
      const x = dp ? mul(x0!, dp[0]!) : x0!;
      let h = matmul(x, this.kernel);
      if (this.bias) h = add(h, this.bias);
      const hPrev = rdp ? mul(hPrev0!, rdp[0]!) : hPrev0!;
      const out = this.activation(add(h, matmul(hPrev, this.recurrentKernel)));
      return [out, out];
    });
  }
}
