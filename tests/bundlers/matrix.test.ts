// The bundler matrix: the packed package installed in a scratch project, built by Vite
// (dev server and `vite build`), webpack 5, esbuild (ESM and IIFE) and Rollup with their
// default set-ups, each page training a tiny model in headless Chromium, with
// cross-origin isolation (COOP/COEP: the threaded build, 2 threads, a live worker) and
// without (the single-thread SIMD build). One pack, one browser, builds one after another.

import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openUrl, useChromium } from '../browser/harness.js';
import { startServer, type StaticServer } from '../browser/server.js';
import { esbuildBuild, rollupBuild, sizes, viteBuild, webpackBuild, type Built } from './builders.js';
import { makeProject, page, type Project } from './project.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface AppResults {
  errors: string[];
  crossOriginIsolated: boolean;
  info: { variant: string; threadCount: number; readyWorkers: number };
  infoAfter: AppResults['info'];
  loss: number[];
  accuracy: number[];
}

useChromium();
let project: Project;
const servers: StaticServer[] = [];

beforeAll(() => {
  project = makeProject();
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  if (project) rmSync(project.work, { recursive: true, force: true });
});

function checkTrained(r: AppResults, log: string[], isolated: boolean): void {
  expect(r.errors, `${r.errors.join('\n')}\n${log.join('\n')}`).toEqual([]);
  expect(log.filter((l) => /pageerror|RuntimeError|HTTP [45]\d\d/.test(l))).toEqual([]);
  expect(r.crossOriginIsolated).toBe(isolated);
  if (isolated) {
    expect(r.info.variant).toMatch(/^threads/);
    expect(r.info.threadCount).toBe(2);
    expect(r.infoAfter.readyWorkers).toBeGreaterThanOrEqual(1);
  } else {
    expect(r.info.variant).toMatch(/^simd/);
    expect(r.info).toMatchObject({ threadCount: 1, readyWorkers: 0 });
  }
  expect(r.loss.length).toBe(15);
  expect(r.loss.at(-1)!).toBeLessThan(r.loss[0]! / 2);
  expect(r.accuracy.at(-1)!).toBeGreaterThan(0.9);
}

const ISOLATION = [true, false] as const;

it('the package ships the IIFE build and the binaries the loader names', () => {
  const dist = join(project.dir, 'node_modules/kerasm/dist');
  expect(existsSync(join(dist, 'kerasm.iife.js'))).toBe(true);
  // `kerasm/kerasm.iife.js` (e.g. Vite's `?url` import for a classic worker) resolves through "exports".
  const exportsMap = (JSON.parse(readFileSync(join(dist, '../package.json'), 'utf8')) as { exports: Record<string, unknown> }).exports;
  expect(exportsMap['./kerasm.iife.js']).toBe('./dist/kerasm.iife.js');
  // The ES-module build is one file per module: the loader is dist/bindings/loader.js.
  const loader = readFileSync(join(dist, 'bindings/loader.js'), 'utf8');
  for (const v of ['simd', 'simd-relaxed', 'threads', 'threads-relaxed']) {
    // One static literal per variant, which is what bundlers look for, naming the file in dist/wasm/.
    expect(loader).toContain(`new URL("../wasm/kerasm-${v}.wasm", import.meta.url)`);
    expect(existsSync(join(dist, 'bindings', `../wasm/kerasm-${v}.wasm`))).toBe(true);
  }
});

describe('Vite dev server (dependency pre-bundle)', () => {
  it.each(ISOLATION)('isolated=%s: the page trains', async (isolated) => {
    const { createServer } = await import('vite');
    writeFileSync(join(project.dir, 'index.html'), page('/src/index.js', true));
    const headers: Record<string, string> = isolated
      ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {};
    const server = await createServer({
      root: project.dir, configFile: false, logLevel: 'warn', server: { host: '127.0.0.1', port: 0, headers },
    });
    await server.listen();
    try {
      const url = server.resolvedUrls!.local[0]!;
      const { results: r, log } = await openUrl<AppResults>(url);
      checkTrained(r, log, isolated);
    } finally {
      await server.close();
    }
  }, 90_000);
});

const BUILDS: [string, (dir: string) => Promise<Built>][] = [
  ['vite build', viteBuild],
  ['webpack 5', webpackBuild],
  ['esbuild ESM', (d) => esbuildBuild(d, 'esm')],
  ['esbuild IIFE', (d) => esbuildBuild(d, 'iife')],
  ['Rollup + node-resolve', rollupBuild],
];

describe.each(BUILDS)('%s', (name, build) => {
  let built: Built | undefined;
  it('builds', async () => {
    const t0 = performance.now();
    built = await build(project.dir);
    const s = sizes(built.root);
    console.log(`bundlers: ${name}: built in ${Math.round(performance.now() - t0)} ms; JS ${(s.js / 1024).toFixed(0)} KiB ` +
      `(${(s.jsGzip / 1024).toFixed(0)} KiB gzip); wasm ${s.wasmFiles.join(', ')}`);
    expect(s.wasmFiles.length).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it.each(ISOLATION)('isolated=%s: the page trains', async (isolated) => {
    if (!built) throw new Error(`${name} did not build`);
    const server = await startServer([built.root], isolated);
    servers.push(server);
    const { results: r, log } = await openUrl<AppResults>(`${server.url}${built.html}`, { requests: () => server.requests });
    checkTrained(r, log, isolated);
    expect(server.requests.filter((p) => p.endsWith('.wasm'))).toHaveLength(1);
  }, 90_000);
});
