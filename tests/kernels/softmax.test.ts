// softmax / log_softmax, their backward, and the fused cross-entropies against float64 on
// every built variant: shape sweeps over [outer, n, inner], huge logits, −inf and NaN,
// Keras's probability path, 1-thread vs 2-thread bit agreement, and argument errors.

import { describe, expect, it } from 'vitest';
import { WasmBuffer, type Backend } from '../../bindings/index.js';
import {
  softmax, softmaxBackward, softmaxCrossEntropyDense, softmaxCrossEntropySparse, XENT_EPSILON,
} from '../../bindings/kernels/softmax.js';
import { backendFor, builtVariants, randomArray } from '../helpers/backends.js';

function upload(be: Backend, data: ArrayLike<number>, dtype: 'float32' | 'int32' = 'float32'): WasmBuffer {
  const buf = WasmBuffer.alloc(be.heap, data.length, dtype);
  buf.view().set(data);
  return buf;
}

function scaled(n: number, seed: number, scale: number, offset = 0): Float32Array {
  return randomArray(n, seed).map((v) => v * scale + offset);
}

/** Forward then backward (from the kernel's own y); returns fresh arrays. */
function run(be: Backend, x: Float32Array, dy: Float32Array, outer: number, n: number, inner: number, log: boolean) {
  const [xb, yb, gb, dxb] = [upload(be, x), WasmBuffer.alloc(be.heap, x.length), upload(be, dy), WasmBuffer.alloc(be.heap, x.length)];
  softmax(be, { x: xb, y: yb, outer, n, inner, log });
  softmaxBackward(be, { y: yb, dy: gb, dx: dxb, outer, n, inner, log });
  const out = { y: yb.f32().slice(), dx: dxb.f32().slice() };
  for (const b of [xb, yb, gb, dxb]) b.dispose();
  return out;
}

function expectClose(what: string, got: number, want: number, tol: number): void {
  const ok = Number.isNaN(want) ? Number.isNaN(got) : got === want || Math.abs(got - want) <= tol;
  if (!ok) throw new Error(`${what}: got ${got}, want ${want} (tol ${tol})`);
}

function checkShape(be: Backend, outer: number, n: number, inner: number, scale: number, offset = 0): void {
  const x = scaled(outer * n * inner, n * 7 + inner, scale, offset);
  const dy = randomArray(x.length, 5);
  for (const log of [false, true]) {
    const { y, dx } = run(be, x, dy, outer, n, inner, log);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < inner; j++) {
        const at = (r: number) => (o * n + r) * inner + j;
        const col = Array.from({ length: n }, (_, r) => x[at(r)]!);
        const m = Math.max(...col);
        const lse = m + Math.log(col.reduce((s, v) => s + Math.exp(v - m), 0));
        const yc = Array.from({ length: n }, (_, r) => y[at(r)]!), gc = Array.from({ length: n }, (_, r) => dy[at(r)]!);
        const s = log ? gc.reduce((a, g) => a + g, 0) : gc.reduce((a, g, r) => a + g * yc[r]!, 0);
        const mag = gc.reduce((a, g, r) => a + Math.abs(g) * (1 + Math.abs(yc[r]!)), 0);
        for (let r = 0; r < n; r++) {
          const label = `${log ? 'logSoftmax' : 'softmax'} [${outer},${n},${inner}] at (${o},${r},${j})`;
          const want = log ? col[r]! - lse : Math.exp(col[r]! - lse);
          expectClose(`${label} y`, y[at(r)]!, want, log ? 3e-6 * (1 + Math.abs(want)) : 2e-5 * want + 1e-7);
          const wd = log ? gc[r]! - Math.exp(yc[r]!) * s : yc[r]! * (gc[r]! - s);
          expectClose(`${label} dx`, dx[at(r)]!, wd, 1e-5 * (1 + mag) * (log ? 1 : Math.abs(yc[r]!)) + 1e-7);
        }
      }
    }
  }
}

function lse(row: ArrayLike<number>): number {
  const v = Array.from(row);
  const m = Math.max(...v);
  return m + Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0));
}

describe.each(builtVariants())('softmax on %s', (variant) => {
  it('matches float64 forward and backward over a shape sweep', async () => {
    const be = await backendFor(variant);
    for (const outer of [1, 3]) {
      for (const n of [1, 3, 4, 5, 16, 17, 1023]) for (const inner of [1, 2, 3, 4, 5, 17, 67]) checkShape(be, outer, n, inner, 5);
    }
    checkShape(be, 2, 0, 3, 1);
    // Logits far from 0: only a max-subtracting softmax survives.
    checkShape(be, 2, 33, 1, 30, 1000);
    checkShape(be, 2, 33, 6, 30, -1000);
  });

  it('handles −inf and NaN like TF', async () => {
    const be = await backendFor(variant);
    const z = new Float32Array(4);
    expect(Array.from(run(be, Float32Array.from([0, -Infinity, 0, -Infinity]), z, 1, 4, 1, false).y)).toEqual([0.5, 0, 0.5, 0]);
    expect(run(be, Float32Array.from([0, -Infinity, 0, -Infinity]), z, 1, 4, 1, true).y[1]).toBe(-Infinity);
    expect(Array.from(run(be, Float32Array.from([1, NaN, 2, 3]), z, 1, 4, 1, false).y).every(Number.isNaN)).toBe(true);
  });

  it('computes sparse cross-entropy and its gradient from logits', async () => {
    const be = await backendFor(variant);
    for (const [batch, classes] of [[1, 1], [3, 4], [5, 17], [2, 1023], [300, 10]] as const) {
      const x = scaled(batch * classes, classes, 8);
      const labels = Int32Array.from({ length: batch }, (_, b) => (b * 7 + 3) % classes);
      const [xb, lb, loss, d] = [upload(be, x), upload(be, labels, 'int32'), WasmBuffer.alloc(be.heap, batch), WasmBuffer.alloc(be.heap, batch * classes)];
      softmaxCrossEntropySparse(be, { logits: xb, labels: lb, loss, dlogits: d, batch, classes });
      const [L, D] = [loss.f32().slice(), d.f32().slice()];
      softmaxCrossEntropySparse(be, { logits: xb, labels: lb, loss, batch, classes });
      expect(Array.from(loss.f32())).toEqual(Array.from(L));
      for (let b = 0; b < batch; b++) {
        const row = x.subarray(b * classes, (b + 1) * classes), z = lse(row);
        expectClose(`loss[${b}]`, L[b]!, z - row[labels[b]!]!, 1e-5 * (1 + Math.abs(z)));
        for (let k = 0; k < classes; k++) expectClose(`dlogits[${b},${k}]`, D[b * classes + k]!, Math.exp(row[k]! - z) - +(k === labels[b]), 2e-6);
      }
      for (const buf of [xb, lb, loss, d]) buf.dispose();
    }
  });

  it('follows Keras for probabilities (fromLogits: false): normalise, clip, d/dp', async () => {
    const be = await backendFor(variant);
    const p = [0.2, 0.5, 0.31, 1e-9, 0.6, 0.4, 0, 1, 0];
    const labels = [1, 0, 1];
    const [pb, lb, loss, d] = [upload(be, p), upload(be, labels, 'int32'), WasmBuffer.alloc(be.heap, 3), WasmBuffer.alloc(be.heap, 9)];
    softmaxCrossEntropySparse(be, { logits: pb, labels: lb, loss, dlogits: d, batch: 3, classes: 3, fromLogits: false });
    const pf = Float32Array.from(p);
    for (let b = 0; b < 3; b++) {
      const row = pf.subarray(3 * b, 3 * b + 3), S = row[0]! + row[1]! + row[2]!, q = row[labels[b]!]! / S;
      expectClose(`loss[${b}]`, loss.f32()[b]!, -Math.log(Math.min(Math.max(q, XENT_EPSILON), 1 - XENT_EPSILON)), 1e-5);
      const inside = q >= XENT_EPSILON && q <= Math.fround(1 - XENT_EPSILON);
      for (let k = 0; k < 3; k++) {
        const want = inside ? 1 / S - +(k === labels[b]) / row[k]! : 0;
        expectClose(`dp[${b},${k}]`, d.f32()[3 * b + k]!, want, 1e-5 * (1 + Math.abs(want)));
      }
    }
    for (const buf of [pb, lb, loss, d]) buf.dispose();
  });

  it('computes dense cross-entropy against soft targets', async () => {
    const be = await backendFor(variant);
    for (const [batch, classes] of [[1, 1], [3, 4], [5, 17], [2, 1023]] as const) {
      const x = scaled(batch * classes, 3, 6);
      const t = randomArray(batch * classes, 4).map((v) => (v < -0.5 ? 0 : v + 1));
      for (let b = 0; b < batch; b++) {
        const row = t.subarray(b * classes, (b + 1) * classes), s = Math.max(row.reduce((a, v) => a + v, 0), 1e-3);
        row.forEach((v, k) => (row[k] = v / s));
      }
      const [xb, tb, loss, d] = [upload(be, x), upload(be, t), WasmBuffer.alloc(be.heap, batch), WasmBuffer.alloc(be.heap, batch * classes)];
      softmaxCrossEntropyDense(be, { logits: xb, targets: tb, loss, dlogits: d, batch, classes });
      for (let b = 0; b < batch; b++) {
        const row = x.subarray(b * classes, (b + 1) * classes), tr = t.subarray(b * classes, (b + 1) * classes), z = lse(row);
        const ts = tr.reduce((a, v) => a + v, 0);
        const want = tr.reduce((a, v, k) => a + v * (z - row[k]!), 0);
        expectClose(`loss[${b}]`, loss.f32()[b]!, want, 1e-5 * (1 + Math.abs(want)));
        for (let k = 0; k < classes; k++) expectClose(`dlogits[${b},${k}]`, d.f32()[b * classes + k]!, Math.exp(row[k]! - z) * ts - tr[k]!, 2e-6);
      }
      for (const buf of [xb, tb, loss, d]) buf.dispose();
    }
  });

  it('gives the same bits on 1 thread and on 2', async () => {
    if (!variant.startsWith('threads')) return;
    const be = await backendFor(variant);
    for (const [outer, n, inner] of [[300, 100, 1], [7, 50, 130], [1, 20, 4000]] as const) {
      const x = scaled(outer * n * inner, 1, 4);
      for (const log of [false, true]) {
        be.setThreadCount(1);
        const one = run(be, x, x, outer, n, inner, log);
        be.setThreadCount(2);
        const two = run(be, x, x, outer, n, inner, log);
        expect(Array.from(two.y)).toEqual(Array.from(one.y));
        expect(Array.from(two.dx)).toEqual(Array.from(one.dx));
      }
    }
  });

  it('leaves no buffer behind', async () => {
    const be = await backendFor(variant);
    const before = be.memoryInfo();
    run(be, randomArray(600, 1), randomArray(600, 2), 3, 20, 10, true);
    const after = be.memoryInfo();
    expect(after.liveBuffers).toBe(before.liveBuffers);
    expect(after.bytesInUse).toBe(before.bytesInUse);
  });

  it('rejects bad arguments with messages that name the kernel and the values', async () => {
    const be = await backendFor(variant);
    const x = WasmBuffer.alloc(be.heap, 12), y = WasmBuffer.alloc(be.heap, 12), loss = WasmBuffer.alloc(be.heap, 3);
    const labels = upload(be, [0, 4, 1], 'int32');
    expect(() => softmax(be, { x, y, outer: 1, n: 13, inner: 1 })).toThrow(/softmax: `x` is too short.*Received: length=12/);
    expect(() => softmax(be, { x, y: x, outer: 1, n: 12, inner: 1, log: true })).toThrow(/logSoftmax: `y` must not overlap `x`/);
    expect(() => softmax(be, { x, y, outer: 1, n: 1.5, inner: 1 })).toThrow(/softmax: `n` must be a non-negative integer. Received: n=1.5/);
    expect(() => softmaxBackward(be, { y, dy: x, dx: x, outer: 1, n: 12, inner: 1 })).toThrow(/softmaxBackward: `dx` must not overlap `dy`/);
    expect(() => softmaxCrossEntropySparse(be, { logits: x, labels, loss, batch: 3, classes: 4 })).toThrow(/softmaxCrossEntropySparse: `labels` must lie in \[0, classes=4\). Received: labels\[1\]=4/);
    expect(() => softmaxCrossEntropySparse(be, { logits: x, labels: x, loss, batch: 3, classes: 4 })).toThrow(/`labels` must be int32. Received: dtype=float32/);
    expect(() => softmaxCrossEntropyDense(be, { logits: x, targets: y, loss, dlogits: x, batch: 3, classes: 4 })).toThrow(/softmaxCrossEntropyDense: `dlogits` must not overlap `logits`/);
    for (const b of [x, y, loss, labels]) b.dispose();
  });
});
