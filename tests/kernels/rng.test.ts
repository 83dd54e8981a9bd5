// Philox random numbers on every built variant: uniform bits equal to a JS Philox4x32-10
// reference, values that depend only on (seed, position) (any split into calls, any thread
// count), the moments of each distribution, dropout's mask and scaling, and argument errors.

import { describe, expect, it } from 'vitest';
import { WasmBuffer, type Backend } from '../../bindings/index.js';
import { dropout, rng, RNG_DISTS, type RngDistName, type U64 } from '../../bindings/kernels/rng.js';
import { backendFor, builtVariants, randomArray } from '../helpers/backends.js';

const DISTS = Object.keys(RNG_DISTS) as RngDistName[];
const f = Math.fround;

/** Philox4x32-10 (Salmon et al. 2011), written the obvious way with BigInt products. */
function philox(ctr: number[], key: number[]): number[] {
  let [c0, c1, c2, c3] = ctr as [number, number, number, number];
  let [k0, k1] = key as [number, number];
  for (let r = 0; r < 10; r++) {
    if (r > 0) [k0, k1] = [(k0 + 0x9e3779b9) >>> 0, (k1 + 0xbb67ae85) >>> 0];
    const p0 = 0xd2511f53n * BigInt(c0), p1 = 0xcd9e8d57n * BigInt(c2);
    [c0, c1, c2, c3] = [(Number(p1 >> 32n) ^ c1 ^ k0) >>> 0, Number(p1 & 0xffffffffn), (Number(p0 >> 32n) ^ c3 ^ k1) >>> 0, Number(p0 & 0xffffffffn)];
  }
  return [c0, c1, c2, c3];
}

/** The kernel's uniform in [0, 1) at stream position g of seed. */
function unitAt(seed: bigint, g: bigint): number {
  const b = g >> 2n;
  const w = philox([Number(b & 0xffffffffn), Number(b >> 32n), 0, 0], [Number(seed & 0xffffffffn), Number(seed >> 32n)])[Number(g & 3n)]!;
  return (w >>> 8) / 2 ** 24;
}

function draw(be: Backend, dist: RngDistName, len: number, seed: U64, offset: U64 = 0, a?: number, b?: number): Float32Array {
  const y = WasmBuffer.alloc(be.heap, len);
  rng(be, { dist, y, seed, offset, a, b });
  const out = y.f32().slice();
  y.dispose();
  return out;
}

function moments(y: Float32Array): { mean: number; sd: number; within: number } {
  const n = y.length;
  const mean = y.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(y.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
  const within = y.filter((v) => Math.abs(v - mean) <= sd).length / n;
  return { mean, sd, within };
}

function near(what: string, got: number, want: number, sd: number, n: number): void {
  if (!(Math.abs(got - want) <= (5 * sd) / Math.sqrt(n))) throw new Error(`${what}: got ${got}, want ${want} ± ${(5 * sd) / Math.sqrt(n)}`);
}

describe.each(builtVariants())('rng on %s', (variant) => {
  it('produces uniform bits equal to a JS Philox4x32-10', async () => {
    const be = await backendFor(variant);
    // Published known answer (Random123 kat_vectors), to anchor the JS reference itself.
    expect(philox([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0])).toEqual([0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]);
    for (const [seed, offset, len] of [[0n, 0n, 17], [42n, 3n, 1023], [0xdead_beef_1234_5678n, (1n << 40n) + 1n, 5]] as const) {
      const got = draw(be, 'uniform', len, seed, offset, -2, 3);
      for (let i = 0; i < len; i++) {
        const u = unitAt(seed, offset + BigInt(i));
        expect(got[i], `seed ${seed} position ${offset + BigInt(i)}`).toBe(f(-2 + f(f(5) * u)));
      }
    }
  });

  it('depends only on seed and position, never on call splits or threads', async () => {
    const be = await backendFor(variant);
    for (const dist of DISTS) {
      const whole = draw(be, dist, 5000, 77n, 3);
      for (const len of [0, 1, 3, 4, 5, 17, 1023]) {
        for (const off of [0, 1, 2, 5, 1000]) {
          expect(Array.from(draw(be, dist, len, 77n, 3 + off)), `${dist} len=${len} off=${off}`).toEqual(Array.from(whole.subarray(off, off + len)));
        }
      }
      expect(Array.from(draw(be, dist, 64, 78n, 3))).not.toEqual(Array.from(whole.subarray(0, 64)));
      if (variant.startsWith('threads')) {
        be.setThreadCount(1);
        const one = draw(be, dist, 100_003, 5n, 2n ** 40n);
        be.setThreadCount(2);
        expect(Array.from(draw(be, dist, 100_003, 5n, 2n ** 40n)), dist).toEqual(Array.from(one));
      }
    }
  });

  it('has the right moments for each distribution', async () => {
    const be = await backendFor(variant);
    const n = 1 << 18;
    const u = draw(be, 'uniform', n, 42, 0, -1.5, 2.5);
    expect(u.every((v) => v >= -1.5 && v < 2.5)).toBe(true);
    near('uniform mean', moments(u).mean, 0.5, 4 / Math.sqrt(12), n);
    near('uniform sd', moments(u).sd, 4 / Math.sqrt(12), 1, n);
    const z = moments(draw(be, 'normal', n, 42, 0, 3, 2));
    near('normal mean', z.mean, 3, 2, n);
    near('normal sd', z.sd, 2, 1.5, n);
    near('normal within 1 sd', z.within, 0.682689, 0.5, n);
    const t = draw(be, 'truncatedNormal', n, 42, 0, -1, 0.5);
    expect(t.every((v) => Math.abs(v + 1) <= 1 + 1e-6)).toBe(true);
    near('truncated mean', moments(t).mean, -1, 0.5, n);
    // sd of a standard normal truncated to ±2: √(1 − 4φ(2)/(2Φ(2) − 1)) ≈ 0.879626.
    near('truncated sd', moments(t).sd, 0.5 * 0.879626, 0.5, n);
    const bern = draw(be, 'bernoulli', n, 42, 0, 0.3);
    expect(bern.every((v) => v === 0 || v === 1)).toBe(true);
    near('bernoulli mean', moments(bern).mean, 0.3, 0.46, n);
    expect(draw(be, 'uniform', 4, 1).every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('drops, scales and masks like Keras, matching the uniform stream', async () => {
    const be = await backendFor(variant);
    const len = 20_003;
    const xs = randomArray(len, 8).map((v) => v * 3);
    for (const rate of [0, 0.25, 0.5, 0.9, 1]) {
      const [x, y, mask] = [WasmBuffer.alloc(be.heap, len), WasmBuffer.alloc(be.heap, len), WasmBuffer.alloc(be.heap, len)];
      x.f32().set(xs);
      dropout(be, { x, y, mask, rate, seed: 7, offset: 11 });
      const [Y, M] = [y.f32().slice(), mask.f32().slice()];
      const u = draw(be, 'uniform', len, 7, 11);
      const scale = f(1 / f(1 - f(rate)));
      for (let i = 0; i < len; i++) {
        const keep = u[i]! >= f(rate);
        if (M[i] !== +keep || Y[i] !== (keep ? f(xs[i]! * scale) : 0)) {
          throw new Error(`rate=${rate} at ${i}: mask ${M[i]}, y ${Y[i]} for x ${xs[i]}, u ${u[i]}`);
        }
      }
      near(`kept fraction at rate ${rate}`, M.reduce((s, v) => s + v, 0) / len, 1 - rate, 0.5, len);
      for (const b of [x, y, mask]) b.dispose();
    }
  });

  it('rejects bad arguments with messages that name the kernel and the values', async () => {
    const be = await backendFor(variant);
    const y = WasmBuffer.alloc(be.heap, 8), x = WasmBuffer.alloc(be.heap, 8);
    expect(() => rng(be, { dist: 'gamma' as RngDistName, y, seed: 1 })).toThrow(/rng: unknown distribution 'gamma'. Expected one of uniform, normal, truncatedNormal, bernoulli/);
    expect(() => rng(be, { dist: 'uniform', y, seed: -1 })).toThrow(/rng: `seed` must be an integer in \[0, 2\^64\).*Received: seed=-1/);
    expect(() => rng(be, { dist: 'uniform', y, seed: 1n << 64n })).toThrow(/Received: seed=18446744073709551616/);
    expect(() => rng(be, { dist: 'uniform', y, seed: 1, offset: 0.5 })).toThrow(/rng: `offset` must be an integer.*Received: offset=0.5/);
    expect(() => rng(be, { dist: 'uniform', y, seed: 1, a: 2, b: 1 })).toThrow(/rng: uniform needs a ≤ b. Received: a=2, b=1/);
    expect(() => rng(be, { dist: 'normal', y, seed: 1, b: -1 })).toThrow(/non-negative stddev b. Received: b=-1/);
    expect(() => rng(be, { dist: 'bernoulli', y, seed: 1, a: 1.5 })).toThrow(/bernoulli needs a probability a in \[0, 1\]. Received: a=1.5/);
    expect(() => rng(be, { dist: 'normal', y, seed: 1, a: NaN })).toThrow(/rng: `a` must be a finite number. Received: a=NaN/);
    expect(() => rng(be, { dist: 'uniform', y, seed: 1, len: 9 })).toThrow(/rng: `y` is too short.*Received: length=8/);
    expect(() => dropout(be, { x, y, rate: 1.2, seed: 1 })).toThrow(/dropout: `rate` must be in \[0, 1\]. Received: rate=1.2/);
    expect(() => dropout(be, { x, y: x, rate: 0.5, seed: 1 })).toThrow(/dropout: `y` must not overlap `x`/);
    expect(() => dropout(be, { x, y, mask: y, rate: 0.5, seed: 1 })).toThrow(/dropout: `mask` must not overlap `y`/);
    x.dispose();
    y.dispose();
  });
});
