// Chooses the fused whole-sequence kernel (ts/ops/rnn.ts) for LSTM and GRU layers: when the
// cell is the built-in one with Keras's default activations (tanh, sigmoid), GRU in its
// reset_after form, and no recurrent dropout. Input dropout is one mask per sequence, so it
// is applied to the whole input first, as Keras's own fused path does. Anything else runs
// the step loop, which gives the same results.

import { backend } from '../../../bindings/index.js';
import { mul } from '../../ops/binary.js';
import { reshape } from '../../ops/reshape.js';
import { slice } from '../../ops/slice.js';
import { rnnSequence, rnnSequencePair, type RnnSequenceArgs, type RnnSequenceResult } from '../../ops/rnn.js';
import { hasRnnPair } from '../../../bindings/kernels/rnn.js';
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

/** Whether `layer`'s configuration runs on the fused kernel of `kind`. */
function eligible(layer: RNN, kind: 'lstm' | 'gru', args: RNNCallArgs): boolean {
  const cell = layer.cell;
  if (!enabled || !available()) return false;
  if (kind === 'lstm' ? cell.constructor !== LSTMCell : cell.constructor !== GRUCell) return false;
  const c = cell as LSTMCell | GRUCell;
  if (c.activation.activationName !== 'tanh' || c.recurrentActivation.activationName !== 'sigmoid') return false;
  if (c instanceof GRUCell && !c.resetAfter) return false;
  return !(args.training && c.recurrentDropout > 0 && c.recurrentDropout < 1);
}

/** The fused op's arguments for `layer` (input dropout applied to the whole input). */
function sequenceArgs(layer: RNN, kind: 'lstm' | 'gru', x: Tensor, initial: Tensor[], mask: Tensor | null, args: RNNCallArgs): RnnSequenceArgs {
  const c = layer.cell as LSTMCell | GRUCell;
  const [batch, , features] = x.shape as [number, number, number];
  const dp = c.dropoutMask({ shape: [batch, features] }, args.training);
  const xin = dp ? mul(x, reshape(dp[0]!, [batch, 1, features])) : x;
  calls++;
  return {
    kind, x: xin, h0: initial[0]!, c0: kind === 'lstm' ? initial[1]! : undefined, kernel: c.kernel, recurrentKernel: c.recurrentKernel,
    bias: c.bias, mask, goBackwards: layer.goBackwards, zeroOutput: layer.zeroOutputForMask,
  };
}

function sequenceResult(layer: RNN, x: Tensor, r: RnnSequenceResult): SequenceResult {
  const [batch, time] = x.shape as [number, number];
  const units = (layer.cell as LSTMCell | GRUCell).units;
  // A masked step outputs the state it keeps, so the last output is the final h unless masked
  // steps output zeros: no slice, and no all-but-one-step zero gradient for the sequence.
  const last = layer.zeroOutputForMask ? reshape(slice(r.sequence, [0, time - 1, 0], [batch, 1, units]), [batch, units]) : r.h;
  return { sequence: layer.returnSequences ? r.sequence : null, last, states: r.c ? [r.h, r.c] : [r.h] };
}

export function fusedSequence(layer: RNN, kind: 'lstm' | 'gru', x: Tensor, initial: Tensor[], mask: Tensor | null, args: RNNCallArgs): SequenceResult | null {
  const pre = ahead.get(layer);
  if (pre) {
    ahead.delete(layer);
    if (pre.x === x && pre.mask === mask && pre.initial.every((s, i) => s === initial[i])) return pre.result;
  }
  if (!eligible(layer, kind, args)) return null;
  return sequenceResult(layer, x, rnnSequence(sequenceArgs(layer, kind, x, initial, mask, args)));
}

/** Results {@link fusedPair} computed for a layer, which its next {@link fusedSequence} on the same inputs returns. */
interface Ahead {
  x: Tensor;
  initial: Tensor[];
  mask: Tensor | null;
  result: SequenceResult;
}

const ahead = new Map<RNN, Ahead>();
let pairs = 0;

/** How many Bidirectional layer calls have run both directions in one fused call (diagnostics). */
export function fusedPairCalls(): number {
  return pairs;
}

const KINDS: Record<string, 'lstm' | 'gru'> = { LSTM: 'lstm', GRU: 'gru' };

/** `given` when it is a valid initial state list for `layer`, zeros when absent; null when invalid (left to the layer's own error). */
function initialFor(layer: RNN, given: Tensor[] | undefined, batch: number): Tensor[] | null {
  const sizes = layer.stateSizeList;
  if (given === undefined) return layer.getInitialState(batch);
  const ok = given.length === sizes.length && given.every((s, i) => s.dtype === 'float32' && s.rank === 2 && s.shape[0] === batch && s.shape[1] === sizes[i]);
  return ok ? given : null;
}

/**
 * A Bidirectional layer's two directions in one fused call each way, one direction per thread
 * (the per-step products of one direction are too small to split well over two threads).
 * Runs when there are two threads or more and both directions would run on the same fused
 * kernel; the results are then taken by each layer's own call (which must follow with these
 * `x`, `mask` and the returned initial states), so everything else a layer call does stays as
 * it is. Returns the initial states to call each layer with, or null (nothing computed).
 */
export function fusedPair(f: RNN, b: RNN, x: Tensor, mask: Tensor | null, given: [Tensor[] | undefined, Tensor[] | undefined], args: RNNCallArgs): [Tensor[], Tensor[]] | null {
  const kind = KINDS[f.className];
  if (!kind || KINDS[b.className] !== kind || f.stateful || b.stateful) return null;
  if (backend().getThreadCount() < 2 || !hasRnnPair(backend())) return null;
  if (!eligible(f, kind, args) || !eligible(b, kind, args)) return null;
  if (x.rank !== 3 || x.dtype !== 'float32' || x.shape[1] === 0) return null;
  const [batch, time] = x.shape as [number, number];
  if (mask && (mask.dtype !== 'float32' || mask.rank !== 2 || mask.shape[0] !== batch || mask.shape[1] !== time)) return null;
  const [fi, bi] = [initialFor(f, given[0], batch), initialFor(b, given[1], batch)];
  if (!fi || !bi) return null;
  const [rf, rb] = rnnSequencePair(sequenceArgs(f, kind, x, fi, mask, args), sequenceArgs(b, kind, x, bi, mask, args));
  ahead.set(f, { x, initial: fi, mask, result: sequenceResult(f, x, rf) });
  ahead.set(b, { x, initial: bi, mask, result: sequenceResult(b, x, rb) });
  pairs++;
  return [fi, bi];
}

/** Drops what {@link fusedPair} computed for `layer` and its call did not take (it threw first). */
export function dropAhead(layer: RNN): void {
  if (!ahead.delete(layer)) return;
  const cell = layer.cell as LSTMCell | GRUCell;
  cell.resetDropoutMasks();
}
