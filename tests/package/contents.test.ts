// What `npm pack` would publish, read from `npm pack --dry-run --json` (nothing is written):
// the bundles, their types, the four WASM binaries, README, LICENSE and CHANGELOG; no source maps (tsup
// builds none: they were 60 % of the unpacked size), no tests, no TypeScript sources.
// Needs dist/ (`npm run build`).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface PackFile { path: string; size: number }
let files: PackFile[];
let paths: string[];

beforeAll(() => {
  if (!existsSync(join(repo, 'dist/index.js')) || !existsSync(join(repo, 'dist/index.d.ts'))) {
    throw new Error('the package contents test needs the built bundle in dist/: run `npm run build`.');
  }
  const r = spawnSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: repo, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  if (r.status !== 0) throw new Error(`npm pack --dry-run failed (${r.status}):\n${r.stderr}`);
  files = (JSON.parse(r.stdout) as { files: PackFile[] }[])[0].files;
  paths = files.map((f) => f.path);
}, 120_000);

describe('npm pack contents', () => {
  it('ships README, LICENSE, CHANGELOG and package.json', () => {
    for (const f of ['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json']) expect(paths).toContain(f);
    expect(readFileSync(join(repo, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });

  it('ships every file package.json points at (entries, types, bin)', () => {
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
    const targets = new Set<string>([pkg.main, pkg.module, pkg.types]);
    const walk = (v: unknown): void => {
      if (typeof v === 'string') { if (!v.includes('*')) targets.add(v); } else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(pkg.exports);
    walk(pkg.bin);
    targets.delete('./package.json');
    const missing = [...targets].map((t) => t.replace(/^\.\//, '')).filter((t) => !paths.includes(t));
    expect(missing).toEqual([]);
    expect(paths.filter((p) => p.endsWith('.d.ts'))).toContain('dist/index.d.ts');
    expect(paths).toContain('dist/index.d.cts');
  });

  it('ships the four WASM binaries', () => {
    const wasm = paths.filter((p) => p.endsWith('.wasm')).sort();
    expect(wasm).toEqual(['simd', 'simd-relaxed', 'threads', 'threads-relaxed'].map((v) => `dist/wasm/kerasm-${v}.wasm`).sort());
    for (const f of files.filter((x) => x.path.endsWith('.wasm'))) expect(f.size).toBeGreaterThan(100_000);
  });

  it('ships no source maps, tests, TypeScript sources or build inputs', () => {
    const unwanted = paths.filter((p) => p.endsWith('.map')
      || /^(tests|ts|bindings|crates|bench|examples|scripts|docs|docs-site|node_modules)\//.test(p)
      || (/\.ts$/.test(p) && !/\.d\.c?ts$/.test(p)) || /\.(rs|py|tgz)$/.test(p));
    expect(unwanted).toEqual([]);
  });

  it('every shipped file is under dist/ or bin/, or is a top-level package file', () => {
    const stray = paths.filter((p) => !/^(dist|bin)\//.test(p) && !['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json'].includes(p));
    expect(stray).toEqual([]);
  });
});
