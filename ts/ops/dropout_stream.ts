// The random draws of the training-time random layers (Dropout's kernel, the noise layers'
// kx_rng) and where their streams come from (internal; the public ops are dropout.ts and
// tensor/random.ts). A draw's (seed, offset) come from a `StreamSource` (the global stream, or a Dropout
// layer's seed sequence), called once per draw. A compiled training step replays the kernel
// call without running this op, so it must call the same source at the same point to keep the
// JS generators where the eager step leaves them: the stream hook lets it see each draw while
// recording (and hand back the values of a replay when it re-checks one eagerly).

import { ValueError } from '../errors.js';
import { split64 } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { mul } from './binary.js';
import { mulScalar } from './unary.js';
import { empty, record1 } from './op.js';
import { check, ex } from './raw.js';

/** Gives the (seed, offset) of a draw of `n` values, advancing whatever generator it reads. */
export type StreamSource = (n: number) => [number, number];

/**
 * Sees every draw of a dropout mask: `arg` is the index of the kernel's seed-lo argument
 * (seed lo/hi and offset lo/hi follow). Returns the (seed, offset) to use.
 */
export type StreamHook = (source: StreamSource, n: number, arg: number) => [number, number];

let hook: StreamHook | undefined;

/** Installs `h` (undefined removes it) and returns the previous hook. Internal: the compiled training step. */
export function setStreamHook(h: StreamHook | undefined): StreamHook | undefined {
  const prev = hook;
  hook = h;
  return prev;
}

/** kx_dropout's and kx_rng's seed-lo argument indices. */
const SEED_ARG = 5;
const RNG_SEED_ARG = 3;

const DIST = { uniform: 0, normal: 1, truncatedNormal: 2, bernoulli: 3 } as const;

/**
 * `randomNormal`/`randomBernoulli`/… (tensor/random.ts, same kernel call and parameters, so
 * the same values) with the stream taken from `source`. `shape` and (a, b) are the caller's, checked.
 */
export function randomFrom(op: string, dist: keyof typeof DIST, shape: readonly number[], a: number, b: number, source: StreamSource): Tensor {
  const y = empty(shape, 'float32', op);
  const [sd, off] = hook ? hook(source, y.size, RNG_SEED_ARG) : source(y.size);
  const [slo, shi] = split64(sd);
  const [olo, ohi] = split64(off);
  check(op, ex().kx_rng(DIST[dist], y.buf.ptr, y.size, slo, shi, olo, ohi, a, b));
  return y;
}

/** {@link dropout} with the mask's stream taken from `source` (validated by the caller's layer or by {@link dropout}). */
export function dropoutFrom(t: Tensor, rate: number, source: StreamSource): Tensor {
  const y = empty(t.shape, 'float32', 'dropout');
  const mask = empty(t.shape, 'float32', 'dropout mask');
  const [sd, off] = hook ? hook(source, t.size, SEED_ARG) : source(t.size);
  const [slo, shi] = split64(sd);
  const [olo, ohi] = split64(off);
  check('dropout', ex().kx_dropout(t.buf.ptr, y.buf.ptr, mask.buf.ptr, t.size, rate, slo, shi, olo, ohi));
  record1('dropout', [t], y, (dy, _n, [m]) => {
    const g = mul(dy, m!);
    const r = mulScalar(g, 1 / (1 - rate));
    g.dispose();
    return [r];
  }, [mask]);
  mask.dispose();
  return y;
}

/** Checks dropout's rate and dtype, naming `where`. */
export function checkDropout(where: string, t: Tensor, rate: number): void {
  if (!(rate >= 0 && rate < 1)) throw new ValueError(`${where}: rate must be in [0, 1). Received: rate=${rate}`);
  if (t.dtype !== 'float32') throw new ValueError(`${where}: expected a float32 tensor. Received: dtype=${t.dtype}`);
}

