// The published package as a user gets it: `npm pack`, install the tarball into a scratch
// project (offline; kerasm has no runtime dependencies), then import it from plain Node
// ESM and CJS scripts. Also checks what the tarball holds and that the worker pool never
// keeps a finished Node program alive. Needs dist/ (`npm run build`).

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let work: string;
let project: string;
let tarball: string;
let entries: string[];
/** How the package got into the scratch project: 'npm install' or 'extracted'. */
let installedBy: string;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  exitedAt: number;
  ms: number;
}

/** Runs `node file` in `cwd`, killing it after `timeoutMs` (the result then has a signal). */
function runNode(file: string, cwd: string, timeoutMs = 20_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const env: NodeJS.ProcessEnv = { ...process.env, KERASM_THREADS: '2' };
    delete env.NODE_OPTIONS; // vitest's loader hooks must not leak into the child
    const child = spawn(process.execPath, [file], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const exitedAt = Date.now();
      resolve({ code, signal, stdout, stderr, exitedAt, ms: exitedAt - t0 });
    });
  });
}

function sh(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const builtVariants = (): string[] =>
  readdirSync(join(repo, 'bindings/wasm')).filter((f) => /^kerasm-.*\.wasm$/.test(f)).sort();

// Integer-valued inputs, so every build (FMA or not) must give exactly these sums.
const [M, N, K] = [5, 7, 3];
const A = Array.from({ length: M * K }, (_, i) => (i % 7) - 3);
const B = Array.from({ length: K * N }, (_, i) => (i % 5) - 2);
const want: number[] = [];
for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
  let s = 0;
  for (let p = 0; p < K; p++) s += A[i * K + p]! * B[p * N + j]!;
  want.push(s);
}

/** Body shared by the ESM and CJS scripts: `k` is the kerasm namespace, already loaded. */
const gemmBody = `
  const be = k.backend();
  const [M, N, K] = [${M}, ${N}, ${K}];
  const a = k.WasmBuffer.alloc(be.heap, M * K), b = k.WasmBuffer.alloc(be.heap, K * N), c = k.WasmBuffer.alloc(be.heap, M * N);
  a.f32().set(${JSON.stringify(A)});
  b.f32().set(${JSON.stringify(B)});
  k.kernels.gemm(be, { m: M, n: N, k: K, a, b, c });
  const result = Array.from(c.f32());
`;

beforeAll(() => {
  if (!existsSync(join(repo, 'dist/index.js')) || !existsSync(join(repo, 'dist/index.cjs'))) {
    throw new Error('packaging tests need the built bundle in dist/: run `npm run build` (or `bash scripts/setup.sh`).');
  }
  work = mkdtempSync(join(tmpdir(), 'kerasm-pack-'));
  const packed = JSON.parse(sh(npm, ['pack', '--json', '--silent', '--pack-destination', work], repo)) as { filename: string }[];
  tarball = join(work, packed[0]!.filename);
  entries = sh('tar', ['-tzf', tarball], work).split('\n').filter(Boolean);

  project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  const r = spawnSync(npm, ['install', tarball, '--offline', '--no-audit', '--no-fund', '--silent'], { cwd: project, encoding: 'utf8' });
  if (r.status === 0) {
    installedBy = 'npm install';
  } else {
    // npm wanted the network after all: unpack the tarball where npm would have put it.
    const dir = join(project, 'node_modules/kerasm');
    mkdirSync(dir, { recursive: true });
    sh('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], project);
    installedBy = 'extracted';
  }

  writeFileSync(join(project, 'esm.mjs'), `
import * as k from 'kerasm';
import { ready, backendInfo, kernels, WasmBuffer, backend } from 'kerasm';
if (![ready, backendInfo, kernels.gemm, WasmBuffer, backend].every((f) => typeof f === 'function')) throw new Error('missing export');
await ready();
${gemmBody}
console.log(JSON.stringify({ resolved: import.meta.resolve('kerasm'), info: backendInfo(), result, doneAt: Date.now() }));
// No dispose: the process must end by itself.
`);
  writeFileSync(join(project, 'cjs.cjs'), `
const k = require('kerasm');
(async () => {
  // The synchronous first-use load, then again once the workers are up (they start async).
  { ${gemmBody} if (JSON.stringify(result) !== ${JSON.stringify(JSON.stringify(want))}) throw new Error('sync gemm wrong'); }
  for (let t = 0; t < 500 && k.backendInfo().readyWorkers < 1; t++) await new Promise((r) => setTimeout(r, 10));
  ${gemmBody}
  console.log(JSON.stringify({ resolved: require.resolve('kerasm'), info: k.backendInfo(), result, doneAt: Date.now() }));
})().catch((e) => { console.error(e); process.exitCode = 1; });
`);
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm package', () => {
  it('ships the bundles, types and every built .wasm, and no sources', () => {
    const files = entries.map((e) => e.replace(/^package\//, ''));
    for (const f of ['package.json', 'dist/index.js', 'dist/index.cjs', 'dist/node.js', 'dist/node.cjs', 'dist/index.d.ts', 'dist/index.d.cts']) {
      expect(files, `tarball lacks ${f}`).toContain(f);
    }
    const built = builtVariants();
    expect(built.length).toBeGreaterThan(0);
    const shipped = files.filter((f) => f.startsWith('dist/wasm/')).map((f) => f.slice('dist/wasm/'.length)).sort();
    expect(shipped, 'dist/wasm differs from bindings/wasm: run `npm run build:ts`').toEqual(built);
    const forbidden = files.filter((f) =>
      /^(crates|ts|tests|target|bindings|scripts|bench|node_modules|examples)\//.test(f) || /\.(rs|toml)$/.test(f));
    expect(forbidden).toEqual([]);
  });

  it(`installs offline into a scratch project`, () => {
    expect(['npm install', 'extracted']).toContain(installedBy);
    expect(existsSync(join(project, 'node_modules/kerasm/dist/index.js'))).toBe(true);
    // Report it when the fallback had to be used, without failing: the package itself is fine.
    if (installedBy !== 'npm install') console.warn('pack.test: npm install --offline failed; extracted the tarball instead');
  });

  it('works from an ESM script (import) and exits without dispose', async () => {
    const r = await runNode('esm.mjs', project);
    expect(r.signal, `killed after ${r.ms} ms; stderr:\n${r.stderr}`).toBeNull();
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    // Node takes the "node" condition: the entry that imports the built-ins statically (Node < 20.16).
    expect(out.resolved).toBe(pathToFileURL(join(project, 'node_modules/kerasm/dist/node.js')).href);
    expect(out.result).toEqual(want);
    expect(out.info.simd).toBe(true);
    expect(out.info.variant).toMatch(/^threads/);
    expect(out.info).toMatchObject({ threads: true, threadCount: 2, readyWorkers: 1 });
    expect(r.exitedAt - out.doneAt).toBeLessThan(3_000);
  });

  it('works from a CJS script (require) and exits by itself promptly', async () => {
    const r = await runNode('cjs.cjs', project);
    expect(r.signal, `killed after ${r.ms} ms: the worker pool kept Node alive; stderr:\n${r.stderr}`).toBeNull();
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.resolved).toBe(join(project, 'node_modules/kerasm/dist/node.cjs'));
    expect(out.result).toEqual(want);
    expect(out.info.variant).toMatch(/^threads/);
    expect(out.info).toMatchObject({ threads: true, threadCount: 2, readyWorkers: 1 });
    expect(r.exitedAt - out.doneAt).toBeLessThan(3_000);
    expect(r.ms).toBeLessThan(10_000);
  });
});

describe('process lifetime', () => {
  it('a Node ESM script that ran threaded kernels and never disposed exits on its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kerasm-exit-'));
    try {
      const entry = pathToFileURL(join(repo, 'dist/index.js')).href;
      // Big enough that the workers take part; the workers then park in wait32.
      writeFileSync(join(dir, 'main.mjs'), `
import { ready, backendInfo, kernels, WasmBuffer, backend } from ${JSON.stringify(entry)};
await ready({ threads: 2 });
const be = backend();
const n = 256;
const a = WasmBuffer.alloc(be.heap, n * n), b = WasmBuffer.alloc(be.heap, n * n), c = WasmBuffer.alloc(be.heap, n * n);
a.f32().fill(1); b.f32().fill(2);
for (let i = 0; i < 5; i++) kernels.gemm(be, { m: n, n, k: n, a, b, c });
await new Promise((r) => setTimeout(r, 50)); // let the workers go to sleep
console.log(JSON.stringify({ info: backendInfo(), c0: c.f32()[0], doneAt: Date.now() }));
`);
      const r = await runNode('main.mjs', dir, 15_000);
      expect(r.signal, `still running after ${r.ms} ms: the worker pool kept Node alive`).toBeNull();
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.info).toMatchObject({ threads: true, threadCount: 2, readyWorkers: 1 });
      expect(out.c0).toBe(512);
      expect(r.exitedAt - out.doneAt).toBeLessThan(3_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
