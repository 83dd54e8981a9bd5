// The demo page (examples/demo, `npm run demo`) driven in headless Chromium: the library and
// kerasm/vis are bundled from source into a scratch dist/, the demo server serves it with
// COOP/COEP and the Debian Fashion-MNIST files; the page trains in a Worker with live charts,
// classifies a drawing, saves to IndexedDB and downloads a .keras file.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JS module without declarations
import { startDemoServer } from '../../examples/demo/server.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kerasm-demo-'));
let server: { url: string; close(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  const dist = join(dir, 'dist');
  mkdirSync(dist);
  await build({
    entryPoints: { index: join(repo, 'ts/index.ts'), vis: join(repo, 'ts/vis/index.ts') },
    bundle: true, splitting: true, format: 'esm', platform: 'browser', target: 'es2022', outdir: dist, logLevel: 'error',
    keepNames: true, external: ['node:*'],
  });
  symlinkSync(join(repo, 'bindings/wasm'), join(dist, 'wasm'));
  server = await startDemoServer({ port: 0, dist });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Demo { redraws: number; done: boolean; errors: string[]; threads?: number; samplesPerSecond?: number; testAccuracy?: number; prediction?: string }

describe('demo page', () => {
  it('trains Fashion-MNIST in a Worker with live charts, classifies a drawing, saves and downloads the model', async () => {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1250, height: 1000 } });
    const page = await context.newPage();
    const log: string[] = [];
    page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
    page.on('console', (m) => log.push(`console.${m.type()}: ${m.text()}`));
    const demo = () => page.evaluate(() => (window as unknown as { __demo: Demo }).__demo);
    try {
      await page.goto(`${server.url}?samples=1800&epochs=3&batch=64`);
      await page.waitForFunction(() => !(document.getElementById('train') as HTMLButtonElement).disabled, null, { timeout: 60_000 })
        .catch((e: Error) => { throw new Error(`${e.message}\n${log.join('\n')}`); });
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      expect(await page.textContent('#status')).toMatch(/threads.* build, \d+ thread/);
      await page.click('#train');
      // Charts redraw while training runs (before `done`).
      await page.waitForFunction(() => { const d = (window as unknown as { __demo: Demo }).__demo; return d.redraws >= 3 || d.errors.length > 0; }, null, { timeout: 120_000 });
      const mid = await demo();
      expect(mid.errors, mid.errors.join('\n')).toEqual([]);
      await page.waitForFunction(() => { const d = (window as unknown as { __demo: Demo }).__demo; return d.done || d.errors.length > 0; }, null, { timeout: 180_000 });
      const end = await demo();
      expect(end.errors, end.errors.join('\n')).toEqual([]);
      expect(mid.done).toBe(false);
      expect(end.samplesPerSecond!).toBeGreaterThan(0);
      expect(end.testAccuracy!).toBeGreaterThan(0.5);
      // 1620 training images (10 % validation) / 64 = 26 batches × 3 epochs.
      const series = await page.$$eval('#charts g.series', (gs) => gs.map((g) => [(g as SVGGElement).dataset.name, JSON.parse((g as SVGGElement).dataset.y!).length]));
      expect(series).toEqual([['loss', 78], ['accuracy', 78], ['loss', 3], ['val_loss', 3], ['accuracy', 3], ['val_accuracy', 3]]);
      // Draw a trouser-ish shape: two vertical strokes.
      const box = (await page.locator('#canvas').boundingBox())!;
      for (const x of [110, 170]) {
        await page.mouse.move(box.x + x, box.y + 30);
        await page.mouse.down();
        await page.mouse.move(box.x + x, box.y + 250, { steps: 10 });
        await page.mouse.up();
      }
      await page.click('#classify');
      await page.waitForFunction(() => (window as unknown as { __demo: Demo }).__demo.prediction !== undefined, null, { timeout: 30_000 });
      expect(await page.textContent('#prediction')).toMatch(/^[A-Za-z/ -]+ \(\d+\.\d%\)$/);
      expect(await page.$$eval('#bars div', (d) => d.length)).toBe(10);
      await page.click('#save');
      await page.waitForFunction(() => /saved to IndexedDB/.test(document.getElementById('status')!.textContent ?? ''), null, { timeout: 30_000 });
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.click('#download')]);
      expect(download.suggestedFilename()).toBe('fashion-mnist.keras');
      const bytes = readFileSync((await download.path())!);
      expect(bytes.subarray(0, 2).toString()).toBe('PK');
      await page.screenshot({ path: join(tmpdir(), 'kerasm-demo.png'), fullPage: true });
      expect(log.filter((l) => /pageerror/.test(l))).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});
