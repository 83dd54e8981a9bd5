// Counter-based random numbers (Philox4x32-10) on `kx_rng` and `kx_dropout`
// (crates/kerasm-kernels/src/rng.rs). Element i is stream position `offset + i` of `seed`,
// so values never depend on the thread count or on how a tensor is split into calls:
// drawing n then m values with offsets 0 and n equals drawing n + m at offset 0.

import type { Backend } from '../backend.js';
import type { Ptr, Status } from '../exports.js';
import type { WasmBuffer } from '../memory.js';
import { check } from '../status.js';
import { checkBuffer, checkSize } from './check.js';
import { checkDisjoint, checkNumber } from './flat.js';

/** Signatures of this family's WASM exports; part of `KernelExports` (../exports.ts). */
export interface RngExports {
  /** 64-bit seed and offset as (lo, hi) u32 halves. */
  kx_rng(dist: number, y: Ptr, len: number, seedLo: number, seedHi: number, offsetLo: number, offsetHi: number, a: number, b: number): Status;
  /** mask may be 0 (not wanted). */
  kx_dropout(x: Ptr, y: Ptr, mask: Ptr, len: number, rate: number, seedLo: number, seedHi: number, offsetLo: number, offsetHi: number): Status;
}

/**
 * Distribution name → kernel code, with the meaning of (a, b): uniform on [a, b) (default
 * [0, 1)); normal(mean a, stddev b) by Box–Muller (default 0, 1); truncatedNormal: normal(a, b)
 * with values beyond 2 stddev redrawn, as Keras's TruncatedNormal; bernoulli: 1 with
 * probability a (default 0.5), else 0.
 */
export const RNG_DISTS = { uniform: 0, normal: 1, truncatedNormal: 2, bernoulli: 3 } as const;
/** Name of a random distribution of the {@link rng} kernel (a key of {@link RNG_DISTS}). */
export type RngDistName = keyof typeof RNG_DISTS;

const DEFAULTS: Record<RngDistName, [number, number]> = {
  uniform: [0, 1], normal: [0, 1], truncatedNormal: [0, 1], bernoulli: [0.5, 0],
};

/** A 64-bit unsigned integer as a safe integer number or a bigint. */
export type U64 = number | bigint;

/** (lo, hi) u32 halves of a u64, or an error naming the kernel and the value. */
export function u64Halves(kernel: string, name: string, v: U64): [number, number] {
  const ok = typeof v === 'bigint' ? v >= 0n && v < 1n << 64n : Number.isSafeInteger(v) && v >= 0;
  if (!ok) {
    throw new RangeError(`${kernel}: \`${name}\` must be an integer in [0, 2^64) (a bigint above 2^53). Received: ${name}=${String(v)}`);
  }
  const b = BigInt(v);
  return [Number(b & 0xffff_ffffn), Number(b >> 32n)];
}

/** Arguments of {@link rng}. */
export interface RngArgs {
  /** The distribution; an unknown name throws a `RangeError` listing the valid ones. */
  dist: RngDistName;
  /** float32 output. */
  y: WasmBuffer;
  /** Default: all of `y` after `yOffset`. */
  len?: number;
  /** Element offset into `y`. Default 0. */
  yOffset?: number;
  /** The 64-bit seed of the counter-based (Philox) stream: the same seed and offset give the same values at any thread count. */
  seed: U64;
  /** Stream position of element 0. Default 0. */
  offset?: U64;
  /** First distribution parameter (see {@link RNG_DISTS}); default the distribution's (0 for uniform/normal, 0.5 for bernoulli). */
  a?: number;
  /** Second distribution parameter (see {@link RNG_DISTS}); default the distribution's (1 for uniform/normal). */
  b?: number;
}

/** Fills `y` with random values of `dist` from the seeded stream (the kernel behind `random.uniform`/`normal`/…). */
export function rng(be: Backend, g: RngArgs): void {
  const K = 'rng';
  if (typeof g.dist !== 'string' || !Object.hasOwn(RNG_DISTS, g.dist)) {
    const got = typeof g.dist === 'string' ? `'${g.dist}'` : String(g.dist);
    throw new RangeError(`${K}: unknown distribution ${got}. Expected one of ${Object.keys(RNG_DISTS).join(', ')}. Received: ${got}`);
  }
  const [a, b] = [g.a ?? DEFAULTS[g.dist][0], g.b ?? DEFAULTS[g.dist][1]];
  checkNumber(K, 'a', a, true);
  checkNumber(K, 'b', b, true);
  if (g.dist === 'uniform' && !(a <= b)) throw new RangeError(`${K}: uniform needs a ≤ b. Received: a=${a}, b=${b}`);
  if ((g.dist === 'normal' || g.dist === 'truncatedNormal') && b < 0) {
    throw new RangeError(`${K}: ${g.dist} needs a non-negative stddev b. Received: b=${b}`);
  }
  if (g.dist === 'bernoulli' && !(a >= 0 && a <= 1)) throw new RangeError(`${K}: bernoulli needs a probability a in [0, 1]. Received: a=${a}`);
  const yo = g.yOffset ?? 0;
  checkBuffer(K, 'y', g.y, 0, 'float32', yo);
  const len = g.len ?? g.y.length - yo;
  checkSize(K, 'len', len);
  checkBuffer(K, 'y', g.y, len, 'float32', yo);
  const [sl, sh] = u64Halves(K, 'seed', g.seed);
  const [ol, oh] = u64Halves(K, 'offset', g.offset ?? 0);
  check(K, be.ex.kx_rng(RNG_DISTS[g.dist], g.y.ptr + 4 * yo, len, sl, sh, ol, oh, a, b), be);
}

/** Arguments of {@link dropout}. */
export interface DropoutArgs {
  /** Float32 input. */
  x: WasmBuffer;
  /** y = x·m/(1 − rate); must not overlap `x`. */
  y: WasmBuffer;
  /** Receives m as 1/0 for the backward; omit when not needed. */
  mask?: WasmBuffer;
  /** Probability of dropping an element, in [0, 1]. */
  rate: number;
  /** The 64-bit seed of the mask's random stream. */
  seed: U64;
  /** Stream position of element 0. Default 0. */
  offset?: U64;
  /** Default: all of `x`. */
  len?: number;
}

/**
 * Inverted dropout, as Keras: element i is kept when the uniform at stream position
 * offset + i is ≥ rate, so `mask` equals `rng({dist: 'uniform'}) >= rate` for the same seed
 * and offset. Dropped elements are exactly 0, even where x is infinite or NaN.
 */
export function dropout(be: Backend, g: DropoutArgs): void {
  const K = 'dropout';
  checkNumber(K, 'rate', g.rate);
  if (!(g.rate >= 0 && g.rate <= 1)) throw new RangeError(`${K}: \`rate\` must be in [0, 1]. Received: rate=${g.rate}`);
  checkBuffer(K, 'x', g.x, 0);
  const len = g.len ?? g.x.length;
  checkSize(K, 'len', len);
  checkBuffer(K, 'x', g.x, len);
  checkBuffer(K, 'y', g.y, len);
  checkDisjoint(K, 'y', g.y, 0, len, 'x', g.x, 0, len);
  if (g.mask) {
    checkBuffer(K, 'mask', g.mask, len);
    checkDisjoint(K, 'mask', g.mask, 0, len, 'x', g.x, 0, len);
    checkDisjoint(K, 'mask', g.mask, 0, len, 'y', g.y, 0, len);
  }
  const [sl, sh] = u64Halves(K, 'seed', g.seed);
  const [ol, oh] = u64Halves(K, 'offset', g.offset ?? 0);
  check(K, be.ex.kx_dropout(g.x.ptr, g.y.ptr, g.mask ? g.mask.ptr : 0, len, g.rate, sl, sh, ol, oh), be);
}
