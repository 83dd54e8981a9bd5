// kerasm/vis in headless Chromium: the library and vis bundled from source for the browser,
// a page trains a tiny model with vis.fitCallbacks(element) and renders history and a
// confusion matrix; the charts update during fit and hold the recorded values.

import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openUrl, useChromium } from '../browser/harness.js';
import { startServer, type StaticServer } from '../browser/server.js';

interface VisResults {
  errors: string[];
  rendersDuringFit: number;
  liveTitles: string[];
  batchLoss: number[];
  recordedBatchLoss: number[];
  liveWidth: number;
  pathLength: number;
  histSeries: [string, number[]][];
  history: Record<string, number[]>;
  matrix: number[][];
  cells: number[];
  parseErrors: number;
  rootName: string;
}

const repo = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kerasm-vis-browser-'));
let server: StaticServer;
useChromium();

beforeAll(async () => {
  await build({
    stdin: { contents: `export * from './ts/index.ts';\nexport * as vis from './ts/vis/index.ts';\n`, resolveDir: repo, loader: 'ts' },
    bundle: true, format: 'esm', platform: 'browser', target: 'es2022', outfile: join(dir, 'kerasm-vis.js'), logLevel: 'error',
    keepNames: true, external: ['node:*'],
  });
  symlinkSync(join(repo, 'bindings/wasm'), join(dir, 'wasm'));
  server = await startServer([fileURLToPath(new URL('./browser/', import.meta.url)), dir], false);
}, 60_000);
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('kerasm/vis in a browser', () => {
  it('fitCallbacks redraws an element during fit; history and confusionMatrix render real SVG', async () => {
    const { results: r, log } = await openUrl<VisResults>(`${server.url}vis.html`, { requests: () => server.requests });
    expect(r.errors, `${r.errors.join('\n')}\n${log.join('\n')}`).toEqual([]);
    // Redrawn after every batch and epoch while fit ran (48 rows / 16 = 3 batches × 4 epochs).
    expect(r.rendersDuringFit).toBeGreaterThanOrEqual(12);
    expect(r.liveTitles).toEqual(['loss (per batch)', 'accuracy (per batch)', 'loss (per epoch)', 'accuracy (per epoch)']);
    expect(r.batchLoss).toHaveLength(12);
    expect(r.batchLoss).toEqual(r.recordedBatchLoss);
    expect(r.liveWidth).toBeGreaterThan(300);
    expect(r.pathLength).toBeGreaterThan(10);
    expect(r.histSeries.map(([n]) => n)).toEqual(['loss', 'val_loss', 'accuracy', 'val_accuracy']);
    for (const [n, ys] of r.histSeries) expect(ys).toEqual(r.history[n]);
    expect(r.cells).toEqual(r.matrix.flat());
    expect(r.matrix.flat().reduce((a, b) => a + b)).toBe(64);
    expect(r.parseErrors).toBe(0);
    expect(r.rootName).toBe('svg');
  }, 90_000);
});
