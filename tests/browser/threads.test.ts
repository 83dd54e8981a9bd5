// The built bundle in headless Chromium: on a cross-origin-isolated page it must run the
// threaded build with its worker pool from the page's main thread (which may not block);
// on a plain page it must fall back to a single-thread SIMD build. Both must compute a
// correct GEMM. Needs dist/ (`npm run build`) and /usr/bin/chromium (scripts/setup.sh).

import { describe, expect, it } from 'vitest';
import { useChromium } from './harness.js';

interface PageResults {
  errors: string[];
  crossOriginIsolated: boolean;
  mainThreadCanWait: boolean;
  ticksDuringReady: number;
  info: { variant: string; simd: boolean; relaxedSimd: boolean; threads: boolean; threadCount: number; readyWorkers: number };
  infoAfter: PageResults['info'];
  maxErr: number;
  repeatErr: number;
  poolDead?: boolean;
  workerErrors?: string[];
  leaked: { buffers: number; bytes: number };
}

const runPage = (isolated: boolean, threads = 2) => open<PageResults>('page.html', isolated, threads);
const open = useChromium();

describe('kerasm in headless Chromium', () => {
  it('uses the threaded build with workers on a cross-origin-isolated page', async () => {
    const { results: r, log, server } = await runPage(true, 2);
    expect(r.errors, r.errors.join('\n')).toEqual([]);
    expect(log.filter((l) => /Atomics\.wait|RuntimeError|pageerror/.test(l))).toEqual([]);
    expect(r.crossOriginIsolated).toBe(true);
    // The page's main thread really is one where a blocking wait traps…
    expect(r.mainThreadCanWait).toBe(false);
    // …and the pool worked from it anyway.
    expect(r.info.variant).toMatch(/^threads/);
    expect(r.info).toMatchObject({ simd: true, threads: true, threadCount: 2 });
    expect(r.info.readyWorkers).toBeGreaterThanOrEqual(1);
    expect(r.maxErr).toBeLessThan(1e-4);
    expect(r.repeatErr).toBeLessThan(1e-4);
    expect(r.poolDead).toBe(false);
    expect(r.workerErrors).toEqual([]);
    expect(r.infoAfter).toMatchObject({ threadCount: 2, readyWorkers: r.info.readyWorkers });
    expect(r.leaked).toEqual({ buffers: 0, bytes: 0 });
    // The event loop kept turning while the workers started.
    expect(r.ticksDuringReady).toBeGreaterThan(0);
    expect(server.requests).toContain(`/wasm/kerasm-${r.info.variant}.wasm`);
  }, 30_000);

  it('falls back to a single-thread SIMD build without isolation', async () => {
    const { results: r, log, server } = await runPage(false, 2);
    expect(r.errors, r.errors.join('\n')).toEqual([]);
    expect(log.filter((l) => /pageerror/.test(l))).toEqual([]);
    expect(r.crossOriginIsolated).toBe(false);
    expect(r.info.variant).toMatch(/^simd/);
    expect(r.info).toMatchObject({ simd: true, threads: false, threadCount: 1, readyWorkers: 0 });
    expect(r.maxErr).toBeLessThan(1e-4);
    expect(r.repeatErr).toBeLessThan(1e-4);
    expect(r.poolDead).toBeUndefined();
    expect(r.leaked).toEqual({ buffers: 0, bytes: 0 });
    expect(server.requests.filter((p) => p.endsWith('.wasm'))).toEqual([`/wasm/kerasm-${r.info.variant}.wasm`]);
  }, 30_000);
});
