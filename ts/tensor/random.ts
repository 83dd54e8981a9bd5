// Seeded random tensors on the counter-based Philox kernel: a value depends only on
// (seed, position), so results never depend on the thread count.

import { ValueError, fmt } from '../errors.js';
import { check, ex } from '../ops/raw.js';
import { empty } from '../ops/op.js';
import { checkShape } from './shape.js';
import type { Tensor } from './tensor.js';

const DIST = { uniform: 0, normal: 1, truncatedNormal: 2, bernoulli: 3 } as const;

let globalSeed = 1337;
let counter = 0;

/** Seeds every unseeded random op from here on (Keras `utils.set_random_seed`). */
export function setSeed(seed: number): void {
  if (!Number.isInteger(seed)) throw new ValueError(`setSeed: seed must be an integer. Received: seed=${fmt(seed)}`);
  globalSeed = seed;
  counter = 0;
}

/** The global generator's position, so a resumed run draws what an uninterrupted one would. */
export function getRandomState(): { seed: number; counter: number } {
  return { seed: globalSeed, counter };
}

export function setRandomState(state: { seed: number; counter: number }): void {
  if (!Number.isInteger(state?.seed) || !Number.isSafeInteger(state?.counter) || state.counter < 0) {
    throw new ValueError(`setRandomState: expected integers { seed, counter >= 0 }. Received: ${fmt(state && [state.seed, state.counter])}`);
  }
  globalSeed = state.seed;
  counter = state.counter;
}

/** The (seed, offset) pair for a draw of `n` values: explicit seeds restart at offset 0. */
export function nextStream(n: number, seed?: number): [number, number] {
  if (seed !== undefined) {
    if (!Number.isInteger(seed)) throw new ValueError(`random: seed must be an integer. Received: seed=${fmt(seed)}`);
    return [seed, 0];
  }
  const off = counter;
  counter += Math.max(n, 1);
  return [globalSeed, off];
}

export function split64(v: number): [number, number] {
  return [v >>> 0, Math.floor(v / 2 ** 32) >>> 0];
}

function draw(op: string, dist: keyof typeof DIST, shape: readonly number[], a: number, b: number, seed?: number): Tensor {
  const s = checkShape(op, shape);
  const y = empty(s, 'float32', op);
  const [sd, off] = nextStream(y.size, seed);
  const [slo, shi] = split64(sd);
  const [olo, ohi] = split64(off);
  check(op, ex().kx_rng(DIST[dist], y.buf.ptr, y.size, slo, shi, olo, ohi, a, b));
  return y;
}

/**
 * Uniform draws in [`minval`, `maxval`) (defaults 0, 1; Keras `random.uniform`). A `seed` makes the draw reproducible; without one the global stream of {@link setSeed} is used.
 */
export function randomUniform(shape: readonly number[], minval = 0, maxval = 1, seed?: number): Tensor {
  if (!(minval < maxval)) throw new ValueError(`randomUniform: minval must be < maxval. Received: minval=${minval}, maxval=${maxval}`);
  return draw('randomUniform', 'uniform', shape, minval, maxval, seed);
}

/**
 * Normal draws with `mean` (default 0) and `stddev` (default 1) (Keras `random.normal`); `seed` as in {@link randomUniform}.
 */
export function randomNormal(shape: readonly number[], mean = 0, stddev = 1, seed?: number): Tensor {
  if (!(stddev >= 0)) throw new ValueError(`randomNormal: stddev must be ≥ 0. Received: stddev=${stddev}`);
  return draw('randomNormal', 'normal', shape, mean, stddev, seed);
}

/** Normal values redrawn when beyond 2 standard deviations (Keras TruncatedNormal). */
export function truncatedNormal(shape: readonly number[], mean = 0, stddev = 1, seed?: number): Tensor {
  if (!(stddev >= 0)) throw new ValueError(`truncatedNormal: stddev must be ≥ 0. Received: stddev=${stddev}`);
  return draw('truncatedNormal', 'truncatedNormal', shape, mean, stddev, seed);
}

/** 0/1 draws, 1 with probability `p` (default 0.5); `seed` as in {@link randomUniform}. */
export function randomBernoulli(shape: readonly number[], p = 0.5, seed?: number): Tensor {
  if (!(p >= 0 && p <= 1)) throw new ValueError(`randomBernoulli: p must be in [0, 1]. Received: p=${p}`);
  return draw('randomBernoulli', 'bernoulli', shape, p, 0, seed);
}
