// Random tensors (ts/tensor/random.ts): seeded reproducibility, the (seed, position) stream
// contract, the moments of each distribution within 5 standard errors, the 2σ bound of the
// truncated normal, thread-count independence, and argument errors.

import { describe, expect, it } from 'vitest';
import { backendInfo, getThreadCount, setThreadCount } from '../../bindings/index.js';
import { tidy } from '../../ts/autograd/gradients.js';
import { randomBernoulli, randomNormal, randomUniform, setSeed, truncatedNormal } from '../../ts/tensor/random.js';
import type { Tensor } from '../../ts/tensor/tensor.js';

const N = 200_000;

function moments(v: Float32Array | Int32Array): { mean: number; variance: number } {
  let s = 0;
  for (const x of v) s += x;
  const mean = s / v.length;
  let q = 0;
  for (const x of v) q += (x - mean) ** 2;
  return { mean, variance: q / v.length };
}

const draw = (f: () => Tensor) => tidy(() => f().dataSync());

describe('random: reproducibility', () => {
  it('an explicit seed gives the same values every time; another seed gives others', () => {
    for (const f of [(s: number) => randomUniform([500], 0, 1, s), (s: number) => randomNormal([500], 0, 1, s),
      (s: number) => truncatedNormal([500], 0, 1, s), (s: number) => randomBernoulli([500], 0.5, s)]) {
      const a = Array.from(draw(() => f(3)));
      expect(Array.from(draw(() => f(3)))).toEqual(a);
      expect(Array.from(draw(() => f(4)))).not.toEqual(a);
    }
  });

  it('a value depends only on (seed, position): a shorter draw is a prefix of a longer one', () => {
    for (const f of [(n: number) => randomUniform([n], -1, 1, 9), (n: number) => randomNormal([n], 0, 1, 9), (n: number) => truncatedNormal([n], 0, 1, 9)]) {
      const long = Array.from(draw(() => f(1001)));
      expect(Array.from(draw(() => f(37)))).toEqual(long.slice(0, 37));
    }
  });

  it('unseeded draws advance a global stream that setSeed restarts', () => {
    setSeed(2024);
    const a = Array.from(draw(() => randomNormal([64]))), b = Array.from(draw(() => randomNormal([64])));
    expect(b).not.toEqual(a);
    setSeed(2024);
    expect(Array.from(draw(() => randomNormal([64])))).toEqual(a);
    expect(Array.from(draw(() => randomNormal([64])))).toEqual(b);
  });

  it('the same values on 1 thread and on 2', () => {
    const before = getThreadCount();
    try {
      const run = () => [randomUniform([300_000], 0, 1, 5), randomNormal([300_000], 0, 1, 5), truncatedNormal([300_000], 0, 1, 5)]
        .map((t) => Array.from(draw(() => t)));
      setThreadCount(1);
      const one = run();
      // The single-threaded (simd) builds cannot take 2 threads; there both runs use one.
      if (backendInfo().threads) setThreadCount(2);
      const two = run();
      one.forEach((v, i) => expect(two[i]!.length === v.length && two[i]!.every((x, j) => x === v[j]), `distribution ${i}`).toBe(true));
    } finally {
      setThreadCount(before);
    }
  });
});

describe('random: distributions', () => {
  it('uniform(-2, 3): inside [min, max), mean (a+b)/2, variance (b−a)²/12', () => {
    const v = draw(() => randomUniform([N], -2, 3, 1));
    expect(v.every((x) => x >= -2 && x < 3)).toBe(true);
    const { mean, variance } = moments(v);
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(25 / 12 / N));
    expect(Math.abs(variance - 25 / 12)).toBeLessThan(5 * Math.sqrt((625 / 80 - (25 / 12) ** 2) / N));
    expect(v.length).toBe(N);
  });

  it('normal(1.5, 2): mean, variance and the 1σ fraction', () => {
    const v = draw(() => randomNormal([N], 1.5, 2, 2));
    const { mean, variance } = moments(v);
    expect(Math.abs(mean - 1.5)).toBeLessThan(5 * 2 / Math.sqrt(N));
    expect(Math.abs(variance - 4)).toBeLessThan(5 * Math.sqrt(2 * 16 / N));
    const within = v.filter((x) => Math.abs(x - 1.5) < 2).length / N;
    expect(Math.abs(within - 0.6826894921370859)).toBeLessThan(5 * Math.sqrt(0.683 * 0.317 / N));
  });

  it('truncatedNormal(0.5, 2): every value within 2σ; variance σ²·0.7737', () => {
    const v = draw(() => truncatedNormal([N], 0.5, 2, 3));
    expect(v.every((x) => x >= 0.5 - 4 && x <= 0.5 + 4)).toBe(true);
    const { mean, variance } = moments(v);
    // Var of N(0,1) truncated to [−2, 2]: 1 − 2·2φ(2)/(2Φ(2) − 1).
    const phi2 = Math.exp(-2) / Math.sqrt(2 * Math.PI), mass = 0.9544997361036416;
    const unitVar = 1 - (4 * phi2) / mass;
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * 2 * Math.sqrt(unitVar / N));
    expect(Math.abs(variance - 4 * unitVar)).toBeLessThan(0.05);
    // Not just clipped: the edges hold no pile-up.
    expect(v.filter((x) => Math.abs(x - 0.5) > 3.99).length).toBeLessThan(N * 0.005);
  });

  it('bernoulli(0.3): values in {0, 1} with mean p; p = 0 and p = 1 are constant', () => {
    const v = draw(() => randomBernoulli([N], 0.3, 4));
    expect(v.every((x) => x === 0 || x === 1)).toBe(true);
    expect(Math.abs(moments(v).mean - 0.3)).toBeLessThan(5 * Math.sqrt(0.21 / N));
    expect(draw(() => randomBernoulli([100], 0, 4)).every((x) => x === 0)).toBe(true);
    expect(draw(() => randomBernoulli([100], 1, 4)).every((x) => x === 1)).toBe(true);
  });

  it('stddev 0 gives the mean; shapes are as requested, empty included', () => {
    expect(Array.from(draw(() => randomNormal([3], 2.5, 0, 1)))).toEqual([2.5, 2.5, 2.5]);
    tidy(() => {
      expect(randomUniform([2, 0, 3]).shape).toEqual([2, 0, 3]);
      expect(randomNormal([2, 3]).shape).toEqual([2, 3]);
    });
  });
});

describe('random: errors', () => {
  it('name the function and the value received', () => {
    expect(() => randomUniform([2], 1, 1)).toThrow(/randomUniform: minval must be < maxval\. Received: minval=1, maxval=1/);
    expect(() => randomNormal([2], 0, -1)).toThrow(/randomNormal: stddev must be ≥ 0\. Received: stddev=-1/);
    expect(() => truncatedNormal([2], 0, -1)).toThrow(/truncatedNormal: stddev must be ≥ 0\. Received: stddev=-1/);
    expect(() => randomBernoulli([2], 1.5)).toThrow(/randomBernoulli: p must be in \[0, 1\]\. Received: p=1\.5/);
    expect(() => randomUniform([2], 0, 1, 0.5)).toThrow(/random: seed must be an integer\. Received: seed=0\.5/);
    expect(() => setSeed(1.5)).toThrow(/setSeed: seed must be an integer\. Received: seed=1\.5/);
    expect(() => randomUniform([2, -1])).toThrow(/randomUniform: shape must be an array of non-negative integers\. Received: shape=\[2,-1\]/);
  });
});
