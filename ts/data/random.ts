// A small seeded generator (mulberry32, as ts/training/data.ts `permutation`): the same
// sequence in every runtime, so a seeded pipeline is reproducible.

export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** A seed for pipelines built without one (differs between runs, as tf.data's). */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

/** The seed of iteration `k` of a seeded transform (a reshuffle per epoch, still reproducible). */
export function iterationSeed(seed: number, k: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(k + 1, 0xc2b2ae35)) >>> 0;
}
