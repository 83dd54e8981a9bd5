// Headless Chromium for the browser tests: launches Debian's /usr/bin/chromium through
// playwright-core (never a downloaded browser), serves dist/ and the test pages (with or
// without COOP/COEP), and returns what a page leaves on `window.__results`.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startServer, type StaticServer } from './server.js';

const CHROMIUM = '/usr/bin/chromium';
const repo = fileURLToPath(new URL('../../', import.meta.url));
const dist = join(repo, 'dist');
const pages = fileURLToPath(new URL('./', import.meta.url));

let context: BrowserContext | undefined;
let profile: string | undefined;
const servers: StaticServer[] = [];

/** Extra roots to serve after the pages and dist/, and a hook to watch the page (e.g. its downloads). */
export interface PageOptions {
  roots?: string[];
  onPage?: (page: Page) => void;
}

/** What a page left on `window.__results`, and everything it logged. */
export interface Loaded<R> {
  results: R;
  log: string[];
}

/**
 * Loads `url` in a new tab of the shared browser and waits for `window.__results` (set
 * by the page's script, `null` while it runs). The error names the server's requests and
 * the page's log.
 */
export async function openUrl<R>(url: string, opts: { requests?: () => string[]; onPage?: (page: Page) => void } = {}): Promise<Loaded<R>> {
  if (!context) throw new Error('openUrl: call useChromium() in the test file first');
  const page = await context.newPage();
  opts.onPage?.(page);
  const log: string[] = [];
  page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
  page.on('console', (m) => log.push(`console.${m.type()}: ${m.text()}`));
  page.on('worker', (w) => w.on('close', () => log.push(`worker closed: ${w.url()}`)));
  page.on('requestfailed', (r) => log.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => { if (r.status() >= 400) log.push(`HTTP ${r.status()}: ${r.url()}`); });
  try {
    await page.goto(url, { timeout: 30_000 });
    // `!= null`: undefined until the module script has started, null while it runs.
    await page.waitForFunction(() => (window as unknown as { __results?: unknown }).__results != null, null, { timeout: 60_000 })
      .catch((e: Error) => {
        throw new Error(`${e.message}\nrequests: ${opts.requests?.().join(' ') ?? '?'}\npage log:\n${log.join('\n')}`);
      });
    const results = await page.evaluate(() => (window as unknown as { __results: R }).__results);
    return { results, log };
  } finally {
    await page.close();
  }
}

/** Serves dist/ + the test page (isolated or not), loads it, and returns its results. */
async function runPage<R>(file: string, isolated: boolean, threads: number, opts: PageOptions = {}): Promise<{ results: R; log: string[]; server: StaticServer }> {
  const server = await startServer([pages, dist, ...(opts.roots ?? [])], isolated);
  servers.push(server);
  const r = await openUrl<R>(`${server.url}${file}?threads=${threads}`, { requests: () => server.requests, onPage: opts.onPage });
  return { ...r, server };
}

/** Registers the launch/teardown hooks and returns the page runner for this test file. */
export function useChromium(): <R>(file: string, isolated: boolean, threads?: number, opts?: PageOptions) => Promise<{ results: R; log: string[]; server: StaticServer }> {
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
  return (file, isolated, threads = 2, opts) => runPage(file, isolated, threads, opts);
}
