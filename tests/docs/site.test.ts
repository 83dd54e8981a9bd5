// `npm run docs` builds the API reference site in CI: TypeDoc renders every entry point with the
// project's typedoc.json (invalid {@link}s are validated) into a temporary folder, and the pages a
// reader lands on exist. The coverage test checks that everything is documented; this one that
// the site those comments become actually builds.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const out = mkdtempSync(join(tmpdir(), 'kerasm-docs-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('API reference site (npm run docs)', () => {
  it('TypeDoc builds it with no errors and no invalid links', () => {
    const r = spawnSync(process.execPath, [join(root, 'node_modules/typedoc/bin/typedoc'), '--out', out], {
      cwd: root, encoding: 'utf8', timeout: 600_000,
    });
    const log = `${r.stdout}\n${r.stderr}`;
    expect(r.status, log).toBe(0);
    // TypeDoc prints a "Found N errors and M warnings" summary only when there are some.
    expect(log).not.toMatch(/\[error\]/);
    // The only tolerated warning is about the clone's git remote (source links), not the docs.
    const warnings = log.split('\n').filter((l) => /\[warning\]/.test(l) && !/git remote|Found 0 errors/.test(l));
    expect(warnings, log).toEqual([]);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    const classes = readdirSync(join(out, 'classes'));
    for (const page of ['Sequential', 'layers.Dense', 'layers.LSTM', 'layers.MultiHeadAttention', 'callbacks.TensorBoard']) {
      expect(classes.some((f) => f.endsWith(`.${page}.html`)), `${page} page in ${classes.length} class pages`).toBe(true);
    }
  }, 600_000);
});
