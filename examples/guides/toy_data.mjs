// Small synthetic data sets for the guide examples: quick to make, deterministic, and easy
// enough that a model trained for an epoch or two does clearly better than chance.

import { tensor } from 'kerasm';

/** A seeded uniform generator on [-1, 1) (an LCG: the same numbers on every run). */
export function uniform(seed = 1) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

/**
 * `n` points with `features` coordinates in [-1, 1); the label is the argmax of `classes` fixed
 * random linear scores, so the classes are linearly separable.
 * Returns `{ x: float32 [n, features], y: int32 [n], xs, ys }` (the last two as typed arrays).
 */
export function classification({ n = 512, features = 8, classes = 3, seed = 1 } = {}) {
  const rnd = uniform(seed);
  const w = Array.from({ length: classes * features }, rnd);
  const xs = new Float32Array(n * features), ys = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < features; j++) xs[i * features + j] = rnd();
    let best = 0, bestScore = -Infinity;
    for (let c = 0; c < classes; c++) {
      let score = 0;
      for (let j = 0; j < features; j++) score += w[c * features + j] * xs[i * features + j];
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    ys[i] = best;
  }
  return { x: tensor(xs, [n, features]), y: tensor(ys, [n], 'int32'), xs, ys };
}

/** `n` points with `features` coordinates; the target is a fixed smooth function of them. Shapes [n, features] and [n, 1]. */
export function regression({ n = 512, features = 4, seed = 2 } = {}) {
  const rnd = uniform(seed);
  const xs = new Float32Array(n * features), ys = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let t = 0;
    for (let j = 0; j < features; j++) {
      const v = rnd();
      xs[i * features + j] = v;
      t += (j % 2 ? Math.sin(2 * v) : v * v) / features;
    }
    ys[i] = t;
  }
  return { x: tensor(xs, [n, features]), y: tensor(ys, [n, 1]) };
}
