// Unary kernels against the float64 reference on every built variant: every op over the
// SIMD tail lengths, special values, backward against central differences of the reference
// plus TF's conventions at kinks, 1-thread vs 2-thread agreement, and argument errors.

import { describe, expect, it } from 'vitest';
import { WasmBuffer, type Backend } from '../../bindings/index.js';
import { unary, unaryBackward, unaryBackwardNeeds, UNARY_OPS, type UnaryOpName } from '../../bindings/kernels/unary.js';
import { backendFor, builtVariants } from '../helpers/backends.js';
import { UNARY_REF } from '../helpers/reference.js';

const LENS = [0, 1, 3, 4, 5, 17, 1023];
const PARAMS: Partial<Record<UnaryOpName, [number, number]>> = {
  leakyRelu: [0.2, 0], elu: [1.3, 0], clip: [-1.5, 2.5], powScalar: [2.5, 0], affine: [1.7, -0.3],
};
type Case = { op: UnaryOpName; a: number; b: number };
const CASES: Case[] = [
  ...(Object.keys(UNARY_OPS) as UnaryOpName[]).map((op) => ({ op, a: PARAMS[op]?.[0] ?? 0, b: PARAMS[op]?.[1] ?? 0 })),
  { op: 'powScalar', a: 3, b: 0 }, { op: 'powScalar', a: 2, b: 0 }, { op: 'powScalar', a: -1, b: 0 },
];

/** Deterministic values over about [-10, 10), moved into the op's domain. */
function inputs(c: Case, n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u = (s / 2 ** 32) * 20 - 10;
    out[i] = ['log', 'sqrt', 'rsqrt'].includes(c.op) ? Math.abs(u) + 1e-3
      : c.op === 'log1p' ? Math.abs(u) * 0.5 - 0.9
      : c.op === 'reciprocal' ? (u < 0 ? u - 0.1 : u + 0.1)
      : c.op === 'powScalar' && !Number.isInteger(c.a) ? Math.abs(u) : u;
  }
  return out;
}

function upload(be: Backend, data: Float32Array): WasmBuffer {
  const buf = WasmBuffer.alloc(be.heap, data.length);
  buf.f32().set(data);
  return buf;
}

const ref = (c: Case, x: number) => (UNARY_REF[c.op] as (x: number, a: number, b: number) => number)(x, c.a, c.b);

function close(got: number, want: number, x: number, rtol: number, atol: number): boolean {
  if (Number.isNaN(want)) return Number.isNaN(got);
  return got === want || Math.abs(got - want) <= rtol * Math.abs(want) + atol * (1 + Math.abs(x));
}

/** Forward and backward of one case on `be`, as fresh arrays. */
function run(be: Backend, c: Case, x: Float32Array, dy: Float32Array): { y: Float32Array; dx: Float32Array } {
  const [xb, yb, dyb, dxb] = [upload(be, x), WasmBuffer.alloc(be.heap, x.length), upload(be, dy), WasmBuffer.alloc(be.heap, x.length)];
  unary(be, { op: c.op, x: xb, y: yb, a: c.a, b: c.b });
  const needs = unaryBackwardNeeds(c.op);
  unaryBackward(be, { op: c.op, x: needs === 'x' ? xb : undefined, y: needs === 'y' ? yb : undefined, dy: dyb, dx: dxb, a: c.a, b: c.b });
  const out = { y: yb.f32().slice(), dx: dxb.f32().slice() };
  for (const buf of [xb, yb, dyb, dxb]) buf.dispose();
  return out;
}

const KINKS: Partial<Record<UnaryOpName, (c: Case) => number[]>> = {
  relu: () => [0], leakyRelu: () => [0], elu: () => [0], selu: () => [0], abs: () => [0],
  hardSigmoid: () => [-3, 3], hardSilu: () => [-3, 3], relu6: () => [0, 6], clip: (c) => [c.a, c.b],
};

describe.each(builtVariants())('unary on %s', (variant) => {
  it('matches float64 for every op and tail length, in place too', async () => {
    const be = await backendFor(variant);
    for (const c of CASES) {
      for (const n of LENS) {
        const x = inputs(c, n, n + 1);
        const { y } = run(be, c, x, new Float32Array(n));
        for (let i = 0; i < n; i++) {
          if (!close(y[i]!, ref(c, x[i]!), x[i]!, 2e-6, 2e-7)) {
            throw new Error(`${c.op}(${x[i]}) with a=${c.a}, b=${c.b}: got ${y[i]}, want ${ref(c, x[i]!)} (n=${n}, i=${i})`);
          }
        }
        const inPlace = upload(be, x);
        unary(be, { op: c.op, x: inPlace, y: inPlace, a: c.a, b: c.b });
        expect(Array.from(inPlace.f32()), `${c.op} in place`).toEqual(Array.from(y));
        inPlace.dispose();
      }
    }
  });

  it('handles special values like numpy and TF', async () => {
    const be = await backendFor(variant);
    const cases: [UnaryOpName, number, number][] = [
      ['log', 0, -Infinity], ['log', -1, NaN], ['exp', 100, Infinity], ['exp', -200, 0], ['sigmoid', -100, 3.720076e-44],
      ['sigmoid', 100, 1], ['softplus', 100, 100], ['softplus', -100, 3.720076e-44], ['tanh', Infinity, 1],
      ['tanh', -Infinity, -1], ['sqrt', -1, NaN], ['rsqrt', 0, Infinity], ['reciprocal', -0, -Infinity], ['round', 2.5, 2],
      ['round', 3.5, 4], ['round', -2.5, -2], ['log1p', -1, -Infinity], ['gelu', Infinity, Infinity], ['elu', -Infinity, -1],
    ];
    for (const [op, x, want] of cases) {
      const { y } = run(be, { op, a: 1, b: 0 }, Float32Array.of(x), Float32Array.of(1));
      expect(y[0], `${op}(${x})`).toBe(Math.fround(want));
    }
    for (const c of CASES) expect(run(be, c, Float32Array.of(NaN), Float32Array.of(1)).y[0], `${c.op}(NaN)`).toBeNaN();
  });

  it('computes dx = dy·f\'(x) like central differences of the reference', async () => {
    const be = await backendFor(variant);
    for (const c of CASES) {
      for (const n of LENS) {
        const x = inputs(c, n, 7 + n);
        const dy = inputs({ op: 'identity', a: 0, b: 0 }, n, 99 + n).map((g) => g / 10);
        const { dx } = run(be, c, x, dy);
        const kinks = KINKS[c.op]?.(c) ?? [];
        for (let i = 0; i < n; i++) {
          const xi = x[i]!, h = 1e-5 * Math.max(1, Math.abs(xi));
          let want: number;
          if (['sign', 'floor', 'ceil', 'round'].includes(c.op)) want = 0;
          else if (kinks.some((k) => Math.abs(xi - k) < 2 * h)) continue;
          else want = dy[i]! * (ref(c, xi + h) - ref(c, xi - h)) / (2 * h);
          if (!close(dx[i]!, want, 0, 1e-4, 1e-6)) throw new Error(`${c.op}'(${xi})·${dy[i]}: got ${dx[i]}, want ${want}`);
        }
      }
    }
  });

  it('follows TF at kinks: relu\'(0) = 0, clip passes at its bounds, corners have zero slope', async () => {
    const be = await backendFor(variant);
    const cases: [UnaryOpName, number, number, number, number][] = [
      ['relu', 0, 0, 0, 0], ['leakyRelu', 0, 0.3, 0, 0.3], ['relu6', 0, 0, 0, 0], ['relu6', 6, 0, 0, 0],
      ['hardSigmoid', 3, 0, 0, 0], ['hardSigmoid', -3, 0, 0, 0], ['hardSilu', -3, 0, 0, 0], ['hardSilu', 3, 0, 0, 1],
      ['clip', -1, -1, 2, 1], ['clip', 2, -1, 2, 1], ['clip', 2.5, -1, 2, 0], ['abs', 0, 0, 0, 0], ['powScalar', 0, 0, 0, 0],
    ];
    for (const [op, x, a, b, want] of cases) {
      expect(run(be, { op, a, b }, Float32Array.of(x), Float32Array.of(1)).dx[0], `${op}'(${x})`).toBe(Math.fround(want));
    }
  });

  it('gives the same bits on 1 thread and on 2', async () => {
    if (!variant.startsWith('threads')) return;
    const be = await backendFor(variant);
    const n = 100_003;
    const all = (threads: number) => {
      be.setThreadCount(threads);
      return CASES.map((c) => run(be, c, inputs(c, n, 3), inputs(c, n, 4)));
    };
    const one = all(1), two = all(2);
    be.setThreadCount(2);
    CASES.forEach((c, k) => {
      expect(Buffer.from(two[k]!.y.buffer).equals(Buffer.from(one[k]!.y.buffer)), `${c.op} forward`).toBe(true);
      expect(Buffer.from(two[k]!.dx.buffer).equals(Buffer.from(one[k]!.dx.buffer)), `${c.op} backward`).toBe(true);
    });
  });

  it('leaves no buffer behind and rejects bad arguments by name', async () => {
    const be = await backendFor(variant);
    const before = be.memoryInfo();
    const x = WasmBuffer.alloc(be.heap, 8), y = WasmBuffer.alloc(be.heap, 4);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => unary(be, { op: 'foo' as any, x, y })).toThrow(/^unary: unknown op 'foo'. Expected one of identity, relu, .* Received: 'foo'$/);
    expect(() => unary(be, { op: 'relu', x, y })).toThrow(/unary: `y` is too short.*Received: length=4/);
    expect(() => unary(be, { op: 'relu', x, y: x, yOffset: 2, len: 4 })).toThrow(/unary: `y` partially overlaps `x`.*offset=2/);
    expect(() => unary(be, { op: 'relu', x, y, len: -1 })).toThrow(/unary: `len` must be a non-negative integer. Received: len=-1/);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => unary(be, { op: 'clip', x, y, len: 4, a: '1' as any })).toThrow(/unary: `a` must be a number. Received: a=1/);
    expect(() => unaryBackward(be, { op: 'relu', dy: x, dx: x })).toThrow(/unaryBackward: op 'relu' needs the forward input `x`/);
    expect(() => unaryBackward(be, { op: 'tanh', x, dy: x, dx: x })).toThrow(/op 'tanh' needs the forward output `y`/);
    y.dispose();
    expect(() => unary(be, { op: 'relu', x, y, len: 4 })).toThrow(/unary: `y` has been disposed/);
    x.dispose();
    const after = be.memoryInfo();
    expect([after.liveBuffers, after.bytesInUse]).toEqual([before.liveBuffers, before.bytesInUse]);
  });
});
