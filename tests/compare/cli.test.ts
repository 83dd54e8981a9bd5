// The `kerasm compare` command line: flag parsing and exit codes in-process; then the real
// thing in a child process (the CLI bundled from source next to the .wasm binaries) on a
// Fashion-MNIST slice, interrupted with SIGINT: exit code 130 and a valid partial report.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { main, parseArgs } from '../../ts/compare/cli.js';
import type { Results } from '../../ts/compare/types.js';
import { ValueError } from '../../ts/errors.js';
import { findAll, parseMarkup, textOf } from '../vis/markup.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kerasm-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kerasm compare flags', () => {
  it('parses the grid, budget, data slices and switches', () => {
    const o = parseArgs(['--model', 'fashion-cnn', '--optimizers', 'adam,sgd-momentum', '--lr', '1e-3,default,cosine:0.01', '--batch=16,64',
      '--threads', '1,2', '--epochs', '3', '--time', '60', '--target', '0.8', '--train', '1000', '--val', '200', '--test', '0', '--seed', '7',
      '--out', 'o', '--no-resume', '--quiet', '--warmup', '0']);
    expect(o).toEqual({
      model: 'fashion-cnn', outDir: 'o', data: { name: 'fashion-mnist', train: 1000, val: 200, test: 0 },
      grid: { optimizers: ['adam', 'sgd-momentum'], learningRates: [0.001, 'default', 'cosine:0.01'], batchSizes: [16, 64], threads: [1, 2] },
      budget: { epochs: 3, seconds: 60 }, targetAccuracy: 0.8, seed: 7, resume: false, verbose: 0, warmup: 0,
    });
    expect(parseArgs(['--target', 'none', '--data', 'd.mjs'])).toMatchObject({ model: 'fashion-mlp', outDir: 'kerasm-compare', targetAccuracy: null, data: 'd.mjs' });
    expect(() => parseArgs(['--epoch', '3'])).toThrow(/unknown option --epoch/);
    expect(() => parseArgs(['--batch', '16,x'])).toThrow(ValueError);
    expect(() => parseArgs(['--epochs'])).toThrow(/needs a value/);
    expect(() => parseArgs(['--data', 'd.mjs', '--train', '10'])).toThrow(/slice Fashion-MNIST/);
  });

  it('exit codes: help 0, no command or a bad flag 2', async () => {
    const out: string[] = [];
    expect(await main(['compare', '--help'], (s) => void out.push(s))).toBe(0);
    expect(out.join('')).toMatch(/Usage: kerasm compare/);
    expect(await main([], () => {})).toBe(2);
    const err = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      expect(await main(['compare', '--bogus'], () => {})).toBe(2);
      expect(await main(['train'], () => {})).toBe(2);
    } finally {
      process.stderr.write = err;
    }
  });
});

describe('kerasm compare in a child process', () => {
  it('Ctrl-C (SIGINT) stops the run and leaves a valid partial report (exit 130)', async () => {
    // The CLI as the package's bin runs it, bundled from source; the binaries sit next to it.
    const cli = join(dir, 'cli.mjs');
    await build({
      stdin: {
        contents: `import './bindings/node.ts';\nimport { main } from './ts/compare/cli.ts';\nprocess.exitCode = await main(process.argv.slice(2));\n`,
        resolveDir: repo, loader: 'ts',
      },
      bundle: true, format: 'esm', platform: 'node', target: 'node20', outfile: cli, logLevel: 'error', keepNames: true,
    });
    symlinkSync(join(repo, 'bindings/wasm'), join(dir, 'wasm'));
    const out = join(dir, 'study');
    const env: NodeJS.ProcessEnv = { ...process.env, KERASM_THREADS: '1' };
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, [cli, 'compare', '--train', '2000', '--val', '500', '--test', '500', '--optimizers', 'adam,sgd',
      '--batch', '32', '--epochs', '50', '--warmup', '0', '--out', out], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '', sent = false;
    const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => {
      stdout += d;
      if (!sent && /Epoch 3\/50/.test(stdout)) { sent = true; child.kill('SIGINT'); }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    const code = await done;
    clearTimeout(timer);
    expect(sent, `${stdout}\n${stderr}`).toBe(true);
    expect(code, stderr).toBe(130);
    expect(stdout).toMatch(/^kerasm compare: fashion-mlp on fashion-mnist \(train 2000, val 500, test 500\), 2 runs/);
    expect(stdout).toContain('Interrupted: stopping after this batch');
    expect(stdout).toMatch(/\[1\/2\] adam bs32: interrupted: \d+ epochs? \(interrupt\)/);
    expect(stdout).not.toContain('[2/2]');
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
    expect(results.complete).toBe(false);
    expect(results.cells).toHaveLength(2);
    expect(results.runs.map((r) => [r.id, r.status])).toEqual([['adam|lr=default|bs=32|t=1', 'interrupted']]);
    expect(results.runs[0]!.epochs.length).toBeGreaterThanOrEqual(2);
    const doc = parseMarkup(readFileSync(join(out, 'report.html'), 'utf8'), true);
    expect(textOf(doc[0]!)).toContain('Partial report');
    expect(findAll(doc, (e) => e.name === 'tbody')[0]!.children).toHaveLength(1);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('**Partial:** 0 of 2 grid cells finished.');
    expect(existsSync(join(out, 'results.json.tmp'))).toBe(false);
  });
});
