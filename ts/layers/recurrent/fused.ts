// Chooses the fused whole-sequence kernel (ts/ops/rnn.ts) for LSTM and GRU layers: when the
// cell is the built-in one with Keras's default activations (tanh, sigmoid), GRU in its
// reset_after form, and no recurrent dropout. Input dropout is one mask per sequence, so it
// is applied to the whole input first, as Keras's own fused path does. Anything else runs
// the step loop, which gives the same results.

import { backend } from '../../../bindings/index.js';
import { mul } from '../../ops/binary.js';
import { reshape } from '../../ops/reshape.js';
import { slice } from '../../ops/slice.js';
import { rnnSequence } from '../../ops/rnn.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { RNN, RNNCallArgs, SequenceResult } from './rnn.js';
import { LSTMCell } from './lstm_cell.js';
import { GRUCell } from './gru_cell.js';

let enabled = true;
let calls = 0;

/** How many sequences have run on the fused kernels (diagnostics: shows which path a model takes). */
export function fusedRNNCalls(): number {
  return calls;
}

/** Turns the fused kernels off (every LSTM/GRU runs the step loop) or back on; returns the previous setting. */
export function setFusedRNN(on: boolean): boolean {
  const prev = enabled;
  enabled = on;
  return prev;
}

function available(): boolean {
  return typeof (backend().ex as { kx_lstm_forward?: unknown }).kx_lstm_forward === 'function';
}

export function fusedSequence(layer: RNN, kind: 'lstm' | 'gru', x: Tensor, initial: Tensor[], mask: Tensor | null, args: RNNCallArgs): SequenceResult | null {
  const cell = layer.cell;
  if (!enabled || !available()) return null;
  if (kind === 'lstm' ? cell.constructor !== LSTMCell : cell.constructor !== GRUCell) return null;
  const c = cell as LSTMCell | GRUCell;
  if (c.activation.activationName !== 'tanh' || c.recurrentActivation.activationName !== 'sigmoid') return null;
  if (c instanceof GRUCell && !c.resetAfter) return null;
  if (args.training && c.recurrentDropout > 0 && c.recurrentDropout < 1) return null;
  const [batch, time, features] = x.shape as [number, number, number];
  const dp = c.dropoutMask({ shape: [batch, features] }, args.training);
  const xin = dp ? mul(x, reshape(dp[0]!, [batch, 1, features])) : x;
  calls++;
  const r = rnnSequence({
    kind, x: xin, h0: initial[0]!, c0: kind === 'lstm' ? initial[1]! : undefined, kernel: c.kernel, recurrentKernel: c.recurrentKernel,
    bias: c.bias, mask, goBackwards: layer.goBackwards, zeroOutput: layer.zeroOutputForMask,
  });
  const units = c.units;
  // A masked step outputs the state it keeps, so the last output is the final h unless masked
  // steps output zeros: no slice, and no all-but-one-step zero gradient for the sequence.
  const last = layer.zeroOutputForMask ? reshape(slice(r.sequence, [0, time - 1, 0], [batch, 1, units]), [batch, units]) : r.h;
  return { sequence: layer.returnSequences ? r.sequence : null, last, states: r.c ? [r.h, r.c] : [r.h] };
}
