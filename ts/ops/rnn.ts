// The fused recurrent ops: a whole LSTM or GRU sequence in one kernel call, forward and
// backward through time (bindings/kernels/rnn.ts). Keras semantics: gates in Keras order,
// sigmoid gates and tanh activations, GRU in its reset_after form; a [batch, time] mask
// carries the states over masked steps, which output the previous output (or zeros with
// `zeroOutput`); `goBackwards` walks the sequence from its end and returns the outputs in
// processing order.

import { rnnBackward, rnnForward, RNN_GATES, RNN_WORKSPACE, type RnnKind } from '../../bindings/kernels/rnn.js';
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

export function rnnSequence(a: RnnSequenceArgs): RnnSequenceResult {
  const d = checkShapes(a);
  const { batch, time, units } = d;
  const lstm = a.kind === 'lstm';
  const dims = { ...d, goBackwards: a.goBackwards ?? false, zeroOutput: a.zeroOutput ?? false };
  const sequence = empty([batch, time, units], 'float32', a.kind);
  const h = empty([batch, units], 'float32', a.kind);
  const c = lstm ? empty([batch, units], 'float32', a.kind) : null;
  const ws = empty([batch * time * RNN_WORKSPACE[a.kind] * units], 'float32', `${a.kind} workspace`);
  rnnForward(be(), a.kind, {
    ...dims, x: a.x.buf, h0: a.h0.buf, c0: a.c0?.buf, w: a.kernel.buf, r: a.recurrentKernel.buf, bias: a.bias?.buf ?? null,
    mask: a.mask?.buf ?? null, seq: sequence.buf, hT: h.buf, cT: c?.buf, ws: ws.buf,
  });
  const inputs = [a.x, a.h0, ...(lstm ? [a.c0!] : []), a.kernel, a.recurrentKernel, ...(a.bias ? [a.bias] : [])];
  const outputs = [sequence, h, ...(c ? [c] : [])];
  const saved = [a.x, a.kernel, a.recurrentKernel, ws, ...(a.mask ? [a.mask] : [])];
  record(a.kind, inputs, outputs, (dys, needs, s) => {
    const [sx, sk, sr, sws, sm] = s;
    const need = (i: number) => needs[i] === true;
    const iW = lstm ? 3 : 2;
    const g = {
      dx: need(0) ? empty(a.x.shape, 'float32', `${a.kind} backward`) : null,
      dh0: need(1) ? empty(a.h0.shape, 'float32', `${a.kind} backward`) : null,
      dc0: lstm && need(2) ? empty(a.c0!.shape, 'float32', `${a.kind} backward`) : null,
      dw: need(iW) ? empty(a.kernel.shape, 'float32', `${a.kind} backward`) : null,
      dr: need(iW + 1) ? empty(a.recurrentKernel.shape, 'float32', `${a.kind} backward`) : null,
      db: a.bias && need(iW + 2) ? empty(a.bias.shape, 'float32', `${a.kind} backward`) : null,
    };
    rnnBackward(be(), a.kind, {
      ...dims, x: sx!.buf, w: sk!.buf, r: sr!.buf, mask: sm?.buf ?? null, ws: sws!.buf,
      dSeq: dys[0]?.buf ?? null, dhT: dys[1]?.buf ?? null, dcT: lstm ? dys[2]?.buf ?? null : null,
      dx: g.dx?.buf, dh0: g.dh0?.buf, dc0: g.dc0?.buf, dw: g.dw?.buf, dr: g.dr?.buf, db: g.db?.buf,
    });
    return [g.dx, g.dh0, ...(lstm ? [g.dc0] : []), g.dw, g.dr, ...(a.bias ? [g.db] : [])];
  }, saved);
  ws.dispose();
  return { sequence, h, c };
}
