// The fused recurrent ops: a whole LSTM or GRU sequence in one kernel call, forward and
// backward through time (bindings/kernels/rnn.ts). Keras semantics: gates in Keras order,
// sigmoid gates and tanh activations, GRU in its reset_after form; a [batch, time] mask
// carries the states over masked steps, which output the previous output (or zeros with
// `zeroOutput`); `goBackwards` walks the sequence from its end and returns the outputs in
// processing order.

import {
  rnnBackward, rnnBackwardPair, rnnForward, rnnForwardPair, RNN_GATES, RNN_WORKSPACE, type RnnBackwardArgs, type RnnDims,
  type RnnForwardArgs, type RnnKind,
} from '../../bindings/kernels/rnn.js';
import { ValueError, fmt } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { be, empty, record } from './op.js';

export interface RnnSequenceArgs {
  kind: RnnKind;
  /** [batch, time, input] */
  x: Tensor;
  /** [batch, units] */
  h0: Tensor;
  /** [batch, units], LSTM only. */
  c0?: Tensor;
  /** [input, gates·units] */
  kernel: Tensor;
  /** [units, gates·units] */
  recurrentKernel: Tensor;
  /** LSTM [4u]; GRU [2, 3u]; null for none. */
  bias?: Tensor | null;
  /** [batch, time] of 0/1; not differentiated. */
  mask?: Tensor | null;
  goBackwards?: boolean;
  zeroOutput?: boolean;
}

export interface RnnSequenceResult {
  /** [batch, time, units], in processing order. */
  sequence: Tensor;
  h: Tensor;
  /** LSTM only. */
  c: Tensor | null;
}

function checkShapes(a: RnnSequenceArgs): { batch: number; time: number; input: number; units: number } {
  const K = `rnnSequence(${a.kind})`;
  if (a.kind !== 'lstm' && a.kind !== 'gru') throw new ValueError(`rnnSequence: kind must be 'lstm' or 'gru'. Received: kind=${fmt(a.kind)}`);
  const bad = (what: string, got: unknown) => new ValueError(`${K}: ${what}. Received: ${got}`);
  if (a.x.rank !== 3) throw bad('x must be [batch, time, input]', `x.shape=${fmt(a.x.shape)}`);
  const [batch, time, input] = a.x.shape as [number, number, number];
  const gates = RNN_GATES[a.kind];
  const units = a.recurrentKernel.shape[0]!;
  const want: [string, Tensor | null | undefined, number[]][] = [
    ['h0', a.h0, [batch, units]], ['kernel', a.kernel, [input, gates * units]], ['recurrentKernel', a.recurrentKernel, [units, gates * units]],
  ];
  if (a.kind === 'lstm') want.push(['c0', a.c0, [batch, units]]);
  if (a.bias) want.push(['bias', a.bias, a.kind === 'lstm' ? [4 * units] : [2, 3 * units]]);
  if (a.mask) want.push(['mask', a.mask, [batch, time]]);
  for (const [name, t, shape] of want) {
    if (!t || t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) throw bad(`${name} must have shape ${fmt(shape)}`, `${name}.shape=${fmt(t?.shape)}`);
    if (t.dtype !== 'float32') throw bad(`${name} must be float32`, `dtype=${t.dtype}`);
  }
  if (a.x.dtype !== 'float32') throw bad('x must be float32', `dtype=${a.x.dtype}`);
  if (time === 0) throw bad('the sequence needs at least one step', `x.shape=${fmt(a.x.shape)}`);
  return { batch, time, input, units };
}

/** One direction's checked sizes and fresh outputs, and how its kernel calls and its recorded op read them. */
interface Sequence {
  a: RnnSequenceArgs;
  lstm: boolean;
  dims: RnnDims;
  sequence: Tensor;
  h: Tensor;
  c: Tensor | null;
  ws: Tensor;
}

function prepare(a: RnnSequenceArgs): Sequence {
  const d = checkShapes(a);
  const { batch, time, units } = d;
  const lstm = a.kind === 'lstm';
  return {
    a, lstm, dims: { ...d, goBackwards: a.goBackwards ?? false, zeroOutput: a.zeroOutput ?? false },
    sequence: empty([batch, time, units], 'float32', a.kind),
    h: empty([batch, units], 'float32', a.kind),
    c: lstm ? empty([batch, units], 'float32', a.kind) : null,
    ws: empty([batch * time * RNN_WORKSPACE[a.kind] * units], 'float32', `${a.kind} workspace`),
  };
}

function forwardArgs(q: Sequence): RnnForwardArgs {
  const a = q.a;
  return {
    ...q.dims, x: a.x.buf, h0: a.h0.buf, c0: a.c0?.buf, w: a.kernel.buf, r: a.recurrentKernel.buf, bias: a.bias?.buf ?? null,
    mask: a.mask?.buf ?? null, seq: q.sequence.buf, hT: q.h.buf, cT: q.c?.buf, ws: q.ws.buf,
  };
}

/** The recorded op's inputs (the differentiable ones), outputs and saved tensors. */
function inputsOf(q: Sequence): Tensor[] {
  const a = q.a;
  return [a.x, a.h0, ...(q.lstm ? [a.c0!] : []), a.kernel, a.recurrentKernel, ...(a.bias ? [a.bias] : [])];
}

function outputsOf(q: Sequence): Tensor[] {
  return [q.sequence, q.h, ...(q.c ? [q.c] : [])];
}

function savedOf(q: Sequence): Tensor[] {
  return [q.a.x, q.a.kernel, q.a.recurrentKernel, q.ws, ...(q.a.mask ? [q.a.mask] : [])];
}

function resultOf(q: Sequence): RnnSequenceResult {
  q.ws.dispose();
  return { sequence: q.sequence, h: q.h, c: q.c };
}

/**
 * The backward kernel's arguments for one direction, from the incoming gradients `dys` and the
 * saved tensors `s` (in the order of outputsOf and savedOf), and the gradients it fills, one per
 * input of inputsOf (null where not needed).
 */
function backwardOf(q: Sequence, dys: readonly (Tensor | null)[], needs: readonly boolean[], s: readonly Tensor[]): { args: RnnBackwardArgs; grads: (Tensor | null)[] } {
  const { a, lstm } = q;
  const [sx, sk, sr, sws, sm] = s;
  const need = (i: number) => needs[i] === true;
  const grad = (i: number, like: Tensor | null | undefined) => (like && need(i) ? empty(like.shape, 'float32', `${a.kind} backward`) : null);
  const iW = lstm ? 3 : 2;
  const g = {
    dx: grad(0, a.x), dh0: grad(1, a.h0), dc0: lstm ? grad(2, a.c0) : null,
    dw: grad(iW, a.kernel), dr: grad(iW + 1, a.recurrentKernel), db: grad(iW + 2, a.bias),
  };
  const args = {
    ...q.dims, x: sx!.buf, w: sk!.buf, r: sr!.buf, mask: sm?.buf ?? null, ws: sws!.buf,
    dSeq: dys[0]?.buf ?? null, dhT: dys[1]?.buf ?? null, dcT: lstm ? dys[2]?.buf ?? null : null,
    dx: g.dx?.buf, dh0: g.dh0?.buf, dc0: g.dc0?.buf, dw: g.dw?.buf, dr: g.dr?.buf, db: g.db?.buf,
  };
  return { args, grads: [g.dx, g.dh0, ...(lstm ? [g.dc0] : []), g.dw, g.dr, ...(a.bias ? [g.db] : [])] };
}

export function rnnSequence(a: RnnSequenceArgs): RnnSequenceResult {
  const q = prepare(a);
  rnnForward(be(), a.kind, forwardArgs(q));
  record(a.kind, inputsOf(q), outputsOf(q), (dys, needs, s) => {
    const { args, grads } = backwardOf(q, dys, needs, s);
    rnnBackward(be(), a.kind, args);
    return grads;
  }, savedOf(q));
  return resultOf(q);
}

/**
 * Two sequences of one kind in one kernel call each way (a Bidirectional layer's directions):
 * with two threads, one direction per thread. Results and gradients are those of two
 * {@link rnnSequence} calls, bit for bit.
 */
export function rnnSequencePair(a: RnnSequenceArgs, b: RnnSequenceArgs): [RnnSequenceResult, RnnSequenceResult] {
  if (a.kind !== b.kind) throw new ValueError(`rnnSequencePair: both sequences must be of one kind. Received: kind=${fmt(a.kind)} and kind=${fmt(b.kind)}`);
  const [p, q] = [prepare(a), prepare(b)];
  rnnForwardPair(be(), a.kind, forwardArgs(p), forwardArgs(q));
  const [ni, no, ns] = [inputsOf(p).length, outputsOf(p).length, savedOf(p).length];
  record(`${a.kind} pair`, [...inputsOf(p), ...inputsOf(q)], [...outputsOf(p), ...outputsOf(q)], (dys, needs, s) => {
    const [dp, dq] = [dys.slice(0, no), dys.slice(no)];
    // A direction nothing flows back to is left out, as the autograd walk skips such an op.
    const gp = dp.some((d) => d !== null) ? backwardOf(p, dp, needs.slice(0, ni), s.slice(0, ns)) : null;
    const gq = dq.some((d) => d !== null) ? backwardOf(q, dq, needs.slice(ni), s.slice(ns)) : null;
    if (gp && gq) rnnBackwardPair(be(), a.kind, gp.args, gq.args);
    else if (gp || gq) rnnBackward(be(), a.kind, (gp ?? gq)!.args);
    return [...(gp?.grads ?? inputsOf(p).map(() => null)), ...(gq?.grads ?? inputsOf(q).map(() => null))];
  }, [...savedOf(p), ...savedOf(q)]);
  return [resultOf(p), resultOf(q)];
}
