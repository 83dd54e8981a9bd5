// The built bundle in headless Chromium: on a cross-origin-isolated page it must run the
// threaded build with its worker pool from the page's main thread (which may not block);
// on a plain page it must fall back to a single-thread SIMD build. Both must compute a
// correct GEMM. Needs dist/ (`npm run build`) and /usr/bin/chromium (scripts/setup.sh).

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type StaticServer } from './server.js';

const CHROMIUM = '/usr/bin/chromium';
const repo = fileURLToPath(new URL('../../', import.meta.url));
const dist = join(repo, 'dist');
const pages = fileURLToPath(new URL('./', import.meta.url));

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

let context: BrowserContext | undefined;
let profile: string | undefined;
const servers: StaticServer[] = [];

beforeAll(async () => {
  if (!existsSync(join(dist, 'index.js'))) {
    throw new Error(`browser tests need the built bundle ${join(dist, 'index.js')}: run \`npm run build\` (or \`bash scripts/setup.sh\`).`);
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`browser tests need Chromium at ${CHROMIUM}: run \`bash scripts/setup.sh\` (apt-get install chromium).`);
  }
  profile = mkdtempSync(join(tmpdir(), 'kerasm-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}, 30_000);

afterAll(async () => {
  await context?.close();
  await Promise.all(servers.map((s) => s.close()));
  if (profile) rmSync(profile, { recursive: true, force: true });
}, 30_000);

/** Serves dist/ + the test page (isolated or not), loads it, and returns its results. */
async function runPage(isolated: boolean, threads = 2): Promise<{ results: PageResults; log: string[]; server: StaticServer }> {
  const server = await startServer([pages, dist], isolated);
  servers.push(server);
  const page = await context!.newPage();
  const log: string[] = [];
  page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
  page.on('console', (m) => log.push(`console.${m.type()}: ${m.text()}`));
  page.on('worker', (w) => w.on('close', () => log.push(`worker closed: ${w.url()}`)));
  try {
    await page.goto(`${server.url}page.html?threads=${threads}`, { timeout: 15_000 });
    // `!= null`: undefined until the module script has started, null while it runs.
    await page.waitForFunction(() => (window as unknown as { __results?: unknown }).__results != null, null, { timeout: 15_000 })
      .catch((e: Error) => {
        throw new Error(`${e.message}\nrequests: ${server.requests.join(' ')}\npage log:\n${log.join('\n')}`);
      });
    const results = await page.evaluate(() => (window as unknown as { __results: PageResults }).__results);
    return { results, log, server };
  } finally {
    await page.close();
  }
}

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
