// Every variant this runtime can run, each loaded once per test file, so kernel suites run
// the same assertions on simd, relaxed, and threaded builds (candle's `test_device!`).

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { Backend, createBackend, VARIANTS, type Variant } from '../../bindings/index.js';
import { enableNodeRelaxedSimd, hasRelaxedSimd } from '../../bindings/features.js';
import { isRelaxed } from '../../bindings/variants.js';

export function builtVariants(): Variant[] {
  enableNodeRelaxedSimd();
  return VARIANTS.filter((v) => {
    const file = fileURLToPath(new URL(`../../bindings/wasm/kerasm-${v}.wasm`, import.meta.url));
    return existsSync(file) && (!isRelaxed(v) || hasRelaxedSimd());
  });
}

const cache = new Map<string, Promise<Backend>>();

/** A backend for `variant` with `threads` threads, shared within the test file. */
export function backendFor(variant: Variant, threads = 2): Promise<Backend> {
  const key = `${variant}/${threads}`;
  let p = cache.get(key);
  if (!p) {
    p = createBackend({ variant, threads: variant.startsWith('threads') ? threads : 1 });
    cache.set(key, p);
  }
  return p;
}

afterAll(async () => {
  for (const p of cache.values()) (await p).dispose();
  cache.clear();
});

/** Deterministic values in [-1, 1) from a 32-bit LCG; the same on every run. */
export function randomArray(n: number, seed = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}
