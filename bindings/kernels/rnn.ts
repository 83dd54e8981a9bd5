// Fused whole-sequence LSTM and GRU kernels, forward and backward through time
// (`kx_lstm_*`, `kx_gru_*`, crates/kerasm-kernels/src/rnn/). x is [batch, time, input],
// states [batch, units], gates in Keras order along the last axis of W [input, g·units],
// R [units, g·units]. The forward writes a workspace the backward reads (LSTM 7·units,
// GRU 5·units floats per batch row and step). Optional buffers may be omitted. A
// Bidirectional layer's two directions can run in one call (`kx_*_pair`), one per thread.

import type { Backend } from '../backend.js';
import type { Ptr, Status } from '../exports.js';
import type { WasmBuffer } from '../memory.js';
import { check } from '../status.js';
import { checkBuffer, checkSize } from './check.js';

/** Signatures of this family's WASM exports; part of `KernelExports` (../exports.ts). */
export interface RnnExports {
  kx_lstm_forward(batch: number, time: number, input: number, units: number, flags: number,
    x: Ptr, h0: Ptr, c0: Ptr, w: Ptr, r: Ptr, bias: Ptr, mask: Ptr, seq: Ptr, hT: Ptr, cT: Ptr, ws: Ptr): Status;
  kx_lstm_backward(batch: number, time: number, input: number, units: number, flags: number,
    x: Ptr, w: Ptr, r: Ptr, mask: Ptr, ws: Ptr, dSeq: Ptr, dhT: Ptr, dcT: Ptr,
    dx: Ptr, dh0: Ptr, dc0: Ptr, dw: Ptr, dr: Ptr, db: Ptr): Status;
  kx_gru_forward(batch: number, time: number, input: number, units: number, flags: number,
    x: Ptr, h0: Ptr, w: Ptr, r: Ptr, bias: Ptr, mask: Ptr, seq: Ptr, hT: Ptr, ws: Ptr): Status;
  kx_gru_backward(batch: number, time: number, input: number, units: number, flags: number,
    x: Ptr, w: Ptr, r: Ptr, mask: Ptr, ws: Ptr, dSeq: Ptr, dhT: Ptr,
    dx: Ptr, dh0: Ptr, dw: Ptr, dr: Ptr, db: Ptr): Status;
  // Both directions of a Bidirectional layer in one call: the single export's arguments for
  // the first direction, then for the second. Absent from binaries built before them.
  kx_lstm_forward_pair?(...args: number[]): Status;
  kx_lstm_backward_pair?(...args: number[]): Status;
  kx_gru_forward_pair?(...args: number[]): Status;
  kx_gru_backward_pair?(...args: number[]): Status;
}

export type RnnKind = 'lstm' | 'gru';

/** Gates per kind, and workspace floats per (batch row, step) per unit. */
export const RNN_GATES: Record<RnnKind, number> = { lstm: 4, gru: 3 };
export const RNN_WORKSPACE: Record<RnnKind, number> = { lstm: 7, gru: 5 };

export interface RnnDims {
  batch: number;
  time: number;
  input: number;
  units: number;
  goBackwards?: boolean;
  /** Masked steps output zeros instead of the previous output. */
  zeroOutput?: boolean;
}

export interface RnnForwardArgs extends RnnDims {
  x: WasmBuffer;
  h0: WasmBuffer;
  /** LSTM only. */
  c0?: WasmBuffer;
  w: WasmBuffer;
  r: WasmBuffer;
  /** LSTM [4u]; GRU [2, 3u] (input row, recurrent row). */
  bias?: WasmBuffer | null;
  /** [batch, time], 0 = masked. */
  mask?: WasmBuffer | null;
  seq: WasmBuffer;
  hT: WasmBuffer;
  cT?: WasmBuffer;
  ws: WasmBuffer;
}

export interface RnnBackwardArgs extends RnnDims {
  x: WasmBuffer;
  w: WasmBuffer;
  r: WasmBuffer;
  mask?: WasmBuffer | null;
  ws: WasmBuffer;
  dSeq?: WasmBuffer | null;
  dhT?: WasmBuffer | null;
  dcT?: WasmBuffer | null;
  dx?: WasmBuffer | null;
  dh0?: WasmBuffer | null;
  dc0?: WasmBuffer | null;
  dw?: WasmBuffer | null;
  dr?: WasmBuffer | null;
  db?: WasmBuffer | null;
}

function flags(d: RnnDims): number {
  return (d.goBackwards ? 1 : 0) | (d.zeroOutput ? 2 : 0);
}

/** Checks the sizes and returns the element counts every buffer must hold. */
function sizes(K: string, kind: RnnKind, d: RnnDims) {
  for (const k of ['batch', 'time', 'input', 'units'] as const) checkSize(K, k, d[k]);
  const { batch: b, time: t, input: f, units: u } = d;
  const g = RNN_GATES[kind] * u;
  return { x: b * t * f, state: b * u, w: f * g, r: u * g, bias: kind === 'lstm' ? g : 2 * g, mask: b * t, seq: b * t * u, ws: b * t * RNN_WORKSPACE[kind] * u };
}

function opt(K: string, name: string, buf: WasmBuffer | null | undefined, need: number): Ptr {
  if (buf == null) return 0;
  checkBuffer(K, name, buf, need);
  return buf.ptr;
}

type Call = (...args: number[]) => Status;

/** Checks the buffers and returns the forward export's arguments. */
function forwardArgs(K: string, kind: RnnKind, a: RnnForwardArgs): number[] {
  const n = sizes(K, kind, a);
  checkBuffer(K, 'x', a.x, n.x);
  checkBuffer(K, 'h0', a.h0, n.state);
  checkBuffer(K, 'w', a.w, n.w);
  checkBuffer(K, 'r', a.r, n.r);
  checkBuffer(K, 'seq', a.seq, n.seq);
  checkBuffer(K, 'hT', a.hT, n.state);
  checkBuffer(K, 'ws', a.ws, n.ws);
  const bias = opt(K, 'bias', a.bias, n.bias);
  const mask = opt(K, 'mask', a.mask, n.mask);
  const head = [a.batch, a.time, a.input, a.units, flags(a)];
  if (kind === 'gru') return [...head, a.x.ptr, a.h0.ptr, a.w.ptr, a.r.ptr, bias, mask, a.seq.ptr, a.hT.ptr, a.ws.ptr];
  if (!a.c0 || !a.cT) throw new TypeError(`${K}: \`c0\` and \`cT\` are required. Received: c0=${String(a.c0)}, cT=${String(a.cT)}`);
  checkBuffer(K, 'c0', a.c0, n.state);
  checkBuffer(K, 'cT', a.cT, n.state);
  return [...head, a.x.ptr, a.h0.ptr, a.c0.ptr, a.w.ptr, a.r.ptr, bias, mask, a.seq.ptr, a.hT.ptr, a.cT.ptr, a.ws.ptr];
}

export function rnnForward(be: Backend, kind: RnnKind, a: RnnForwardArgs): void {
  const K = `${kind}Forward`;
  const args = forwardArgs(K, kind, a);
  check(K, ((kind === 'lstm' ? be.ex.kx_lstm_forward : be.ex.kx_gru_forward) as Call)(...args), be);
}

/** Checks the buffers and returns the backward export's arguments. */
function backwardArgs(K: string, kind: RnnKind, a: RnnBackwardArgs): number[] {
  const n = sizes(K, kind, a);
  checkBuffer(K, 'x', a.x, n.x);
  checkBuffer(K, 'w', a.w, n.w);
  checkBuffer(K, 'r', a.r, n.r);
  checkBuffer(K, 'ws', a.ws, n.ws);
  const mask = opt(K, 'mask', a.mask, n.mask), dSeq = opt(K, 'dSeq', a.dSeq, n.seq), dhT = opt(K, 'dhT', a.dhT, n.state);
  const dx = opt(K, 'dx', a.dx, n.x), dh0 = opt(K, 'dh0', a.dh0, n.state);
  const tail = [opt(K, 'dw', a.dw, n.w), opt(K, 'dr', a.dr, n.r), opt(K, 'db', a.db, n.bias)];
  const head = [a.batch, a.time, a.input, a.units, flags(a), a.x.ptr, a.w.ptr, a.r.ptr, mask, a.ws.ptr, dSeq, dhT];
  if (kind === 'gru') return [...head, dx, dh0, ...tail];
  return [...head, opt(K, 'dcT', a.dcT, n.state), dx, dh0, opt(K, 'dc0', a.dc0, n.state), ...tail];
}

export function rnnBackward(be: Backend, kind: RnnKind, a: RnnBackwardArgs): void {
  const K = `${kind}Backward`;
  const args = backwardArgs(K, kind, a);
  check(K, ((kind === 'lstm' ? be.ex.kx_lstm_backward : be.ex.kx_gru_backward) as Call)(...args), be);
}

/** Whether this binary runs two directions in one call ({@link rnnForwardPair}, {@link rnnBackwardPair}). */
export function hasRnnPair(be: Backend): boolean {
  return typeof be.ex.kx_lstm_backward_pair === 'function';
}

/** Two {@link rnnForward} calls in one (a Bidirectional layer's directions): the same results, the directions side by side on two threads. */
export function rnnForwardPair(be: Backend, kind: RnnKind, a: RnnForwardArgs, b: RnnForwardArgs): void {
  const K = `${kind}ForwardPair`;
  const args = [...forwardArgs(K, kind, a), ...forwardArgs(K, kind, b)];
  check(K, (kind === 'lstm' ? be.ex.kx_lstm_forward_pair : be.ex.kx_gru_forward_pair)!(...args), be);
}

/** Two {@link rnnBackward} calls in one, as {@link rnnForwardPair}. */
export function rnnBackwardPair(be: Backend, kind: RnnKind, a: RnnBackwardArgs, b: RnnBackwardArgs): void {
  const K = `${kind}BackwardPair`;
  const args = [...backwardArgs(K, kind, a), ...backwardArgs(K, kind, b)];
  check(K, (kind === 'lstm' ? be.ex.kx_lstm_backward_pair : be.ex.kx_gru_backward_pair)!(...args), be);
}
