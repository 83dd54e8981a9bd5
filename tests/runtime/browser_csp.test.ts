// Issue 10 "Runtimes": a Content-Security-Policy that blocks blob: workers (`worker-src
// 'self'`) used to make ready() throw "a worker thread failed to start: undefined". The page
// is cross-origin isolated (so kerasm picks the threaded build) and sends the CSP; ready()
// must fall back to one thread with a one-line notice and compute correctly.
// Needs dist/ (`npx tsup`) and /usr/bin/chromium (scripts/setup.sh).

import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const roots = [fileURLToPath(new URL('./', import.meta.url)), join(repo, 'dist')];
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.map': 'application/json' };

let server: Server | undefined;
afterAll(() => server?.close());

async function serve(): Promise<string> {
  server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Content-Security-Policy': "worker-src 'self'",
      'Cache-Control': 'no-store',
    };
    for (const root of roots) {
      try {
        const body = await readFile(join(root, path.replace(/^\/+/, '')));
        res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' });
        return res.end(body);
      } catch { /* next root */ }
    }
    res.writeHead(404, headers);
    res.end();
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('browser with a CSP that blocks blob: workers', () => {
  it('ready() falls back to one thread with a one-line notice', async () => {
    const url = await serve();
    const profile = mkdtempSync(join(tmpdir(), 'kerasm-csp-'));
    const ctx = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium', headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await ctx.newPage();
      await page.goto(`${url}/csp.html`);
      await page.waitForFunction(() => (window as unknown as { __results?: unknown }).__results != null, null, { timeout: 60_000 });
      const r = await page.evaluate(() => (window as unknown as { __results: Record<string, unknown> }).__results) as {
        errors: string[]; warnings: string[]; info: { variant: string; threadCount: number }; y: number[];
      };
      expect(r.errors).toEqual([]);
      expect(r.info.variant).toMatch(/^threads/);
      expect(r.info.threadCount).toBe(1);
      expect(r.warnings).toHaveLength(1);
      expect(r.warnings[0]).toMatch(/^kerasm: worker threads could not start \(.*\); running on one thread\.$/);
      expect(r.y).toEqual([17, 39]);
    } finally {
      await ctx.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
