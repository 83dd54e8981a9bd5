// The seeds of a random layer's successive training calls (Keras's per-layer SeedGenerator):
// with a fixed `seed` every call draws the next value of a reproducible sequence, so two
// layers built with the same seed give the same outputs call after call; without one each
// call draws from the global stream (setSeed). Same rule as Dropout's masks.

import { ValueError, fmt } from '../../errors.js';

export class SeedStream {
  private calls = 0;

  constructor(readonly seed: number | null) {}

  /** Checks a `seed` option and returns it (null when absent). */
  static option(layer: string, seed: unknown): number | null {
    if (seed == null) return null;
    if (!Number.isInteger(seed)) throw new ValueError(`Layer '${layer}': seed must be an integer. Received: seed=${fmt(seed)}`);
    return seed as number;
  }

  next(): number | undefined {
    if (this.seed === null) return undefined;
    return (this.seed + this.calls++ * 1_000_003) % 2 ** 52;
  }
}

/** Keras's `0 <= value <= 1` check of rate/stddev, with its message. */
export function checkUnitInterval(name: string, v: unknown): number {
  if (!(typeof v === 'number' && v >= 0 && v <= 1)) {
    throw new ValueError(`Invalid value received for argument \`${name}\`. Expected a float value between 0 and 1. Received: ${name}=${fmt(v)}`);
  }
  return v;
}
