// dist/kerasm.iife.js, the classic-script build (global `kerasm`): from a `<script>` tag
// and via importScripts in a classic Web Worker that sits in another directory (and, for
// comparison, the ES-module build in a module worker), with the
// binaries found next to the script by default or under a relative `wasmBaseUrl`; with
// cross-origin isolation (threaded build, 2 threads) and without (single-thread SIMD).

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { useChromium } from './harness.js';

interface Results {
  errors: string[];
  crossOriginIsolated: boolean;
  inWorker?: boolean;
  globalType?: string;
  info: { variant: string; threadCount: number; readyWorkers: number };
  infoAfter: Results['info'];
  loss: number[];
  accuracy: number[];
}

const open = useChromium();
// A second copy of the binaries under /assets/, for the wasmBaseUrl cases.
const extra = mkdtempSync(join(tmpdir(), 'kerasm-iife-'));
cpSync(fileURLToPath(new URL('../../dist/wasm', import.meta.url)), join(extra, 'assets'), { recursive: true });
afterAll(() => rmSync(extra, { recursive: true, force: true }));

const CASES = [
  // where, wasmBaseUrl, the directory the binary must come from
  ['page', undefined, '/wasm/'],
  ['worker', undefined, '/wasm/'],
  ['page', 'assets', '/assets/'],
  ['worker', '../assets', '/assets/'],
  // For comparison, a module worker with the ES-module build (dist/index.js).
  ['module-worker', undefined, '/wasm/'],
] as const;

describe('the IIFE build (kerasm.iife.js)', () => {
  for (const isolated of [true, false]) {
    it.each(CASES)(`isolated=${isolated}: %s, wasmBaseUrl=%s, trains`, async (where, base, dir) => {
      const query = `iife.html?where=${where}${base ? `&base=${encodeURIComponent(base)}` : ''}&`;
      const { results: r, log, server } = await open<Results>(query, isolated, 2, { roots: [extra] });
      expect(r.errors, `${r.errors.join('\n')}\n${log.join('\n')}`).toEqual([]);
      expect(log.filter((l) => /pageerror|HTTP [45]\d\d/.test(l))).toEqual([]);
      if (where !== 'page') expect(r.inWorker).toBe(true);
      else expect(r.globalType).toBe('object');
      expect(r.crossOriginIsolated).toBe(isolated);
      if (isolated) {
        expect(r.info.variant).toMatch(/^threads/);
        expect(r.info.threadCount).toBe(2);
        expect(r.infoAfter.readyWorkers).toBeGreaterThanOrEqual(1);
      } else {
        expect(r.info).toMatchObject({ threadCount: 1, readyWorkers: 0 });
        expect(r.info.variant).toMatch(/^simd/);
      }
      expect(r.loss.at(-1)!).toBeLessThan(r.loss[0]! / 2);
      expect(r.accuracy.at(-1)!).toBeGreaterThan(0.9);
      expect(server.requests.filter((p) => p.endsWith('.wasm'))).toEqual([`${dir}kerasm-${r.info.variant}.wasm`]);
    }, 60_000);
  }
});
