// The guides in docs/: each one's runnable example under examples/guides/ runs against the
// built package (dist/, imported as 'kerasm' through the package's self-reference) on small
// data, exits 0 and prints the line that shows it worked; every code block of a guide must be
// a verbatim piece of its example files, so a guide cannot drift from code that runs.

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useChromium } from '../browser/harness.js';
import { hasPython, pythonNotice, runPython } from '../helpers/python.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const docs = join(repo, 'docs');
const examples = join(repo, 'examples', 'guides');
// Modules the examples import (not examples themselves).
const HELPERS = ['toy_data.mjs'];

interface Guide {
  /** The Markdown page in docs/. */
  page: string;
  /** Its example files in examples/guides/ (a guide's code blocks come from these). */
  files: string[];
  /** The Node examples among `files`, each with the printed line that shows it worked (run below, in order). */
  runs: { file: string; check: (out: string) => void }[];
}

/** The first capture of `re` in `out` as a number (fails, showing the output, if absent). */
function num(out: string, re: RegExp): number {
  const m = out.match(re);
  expect(m, `no line matching ${re} in:\n${out}`).not.toBeNull();
  return Number(m![1]);
}

const GUIDES: Guide[] = [
  {
    page: 'getting-started.md',
    files: ['getting_started.mjs', 'getting_started.html'],
    runs: [{
      file: 'getting_started.mjs',
      check: (out) => {
        // 10 classes: chance is 10 %; 2000 samples and 2 epochs reach ~70 %.
        expect(num(out, /test accuracy: ([\d.]+)%/)).toBeGreaterThan(50);
        expect(out).toContain('restored model, same accuracy: true');
      },
    }],
  },
  {
    page: 'sequential-and-functional.md',
    files: ['sequential_and_functional.mjs'],
    runs: [{
      file: 'sequential_and_functional.mjs',
      check: (out) => {
        // 3 classes: chance is 1/3 (the largest class ~40 %).
        expect(num(out, /sequential: accuracy ([\d.]+)/)).toBeGreaterThan(0.8);
        expect(num(out, /multi-output: class accuracy ([\d.]+)/)).toBeGreaterThan(0.6);
      },
    }],
  },
  {
    page: 'subclassing.md',
    files: ['subclassing.mjs'],
    runs: [{
      file: 'subclassing.mjs',
      check: (out) => {
        expect(num(out, /subclassed model: accuracy ([\d.]+)/)).toBeGreaterThan(0.8);
        expect(out).toContain('same predictions after loading: true');
      },
    }],
  },
  {
    page: 'training-loops.md',
    files: ['training_loops.mjs'],
    runs: [{
      file: 'training_loops.mjs',
      check: (out) => {
        expect(num(out, /custom trainStep: accuracy ([\d.]+)/)).toBeGreaterThan(0.8);
        expect(num(out, /accuracy: ([\d.]+) }/)).toBeGreaterThan(0.8); // the low-level model's evaluate
        expect(num(out, /loop from scratch: accuracy ([\d.]+)/)).toBeGreaterThan(0.7);
      },
    }],
  },
  {
    page: 'callbacks.md',
    files: ['callbacks.mjs'],
    runs: [{
      file: 'callbacks.mjs',
      check: (out) => {
        // EarlyStopping ended the run well before 100 epochs, ReduceLROnPlateau lowered the rate,
        // ModelCheckpoint and TensorBoard wrote files.
        expect(num(out, /early stopping: ran (\d+) of 100 epochs/)).toBeLessThan(100);
        expect(out).toMatch(/learning rates: \[[^\]]*0\.005/);
        expect(out).toMatch(/checkpoints: \[\s*'ckpt-01-/);
        expect(out).toMatch(/TensorBoard runs: \[ 'train', 'validation' \]/);
        expect(out).toContain('scheduled learning rates: [ 0.002, 0.004,');
        expect(out).toMatch(/custom callback: 4 epochs, last val_loss [\d.]+, learning rate 0.01/);
      },
    }],
  },
  {
    page: 'coming-from-keras.md',
    files: ['coming_from_keras.mjs'],
    runs: [{
      file: 'coming_from_keras.mjs',
      // 10 classes (chance 10 %); 2000 images, 2 epochs of batch 128 reach ~60 %.
      check: (out) => expect(num(out, /Test accuracy: ([\d.]+)/)).toBeGreaterThan(0.4),
    }],
  },
  {
    page: 'coming-from-tfjs.md',
    files: ['coming_from_tfjs.mjs'],
    runs: [{
      file: 'coming_from_tfjs.mjs',
      check: (out) => {
        const tfjs = num(out, /tfjs-layers: accuracy ([\d.]+)/), kerasm = num(out, /kerasm: accuracy ([\d.]+)/);
        expect(kerasm).toBeGreaterThan(0.85);
        expect(Math.abs(kerasm - tfjs)).toBeLessThan(0.1); // the same program learns the same in both
      },
    }],
  },
  {
    page: 'data-pipelines.md',
    files: ['data_pipelines.mjs'],
    runs: [{
      file: 'data_pipelines.mjs',
      check: (out) => {
        expect(num(out, /from tensors: validation accuracy ([\d.]+)/)).toBeGreaterThan(0.8);
        // Only 4 of the 8 features the labels depend on are in the CSV: better than the 39 % majority class.
        expect(num(out, /from a CSV file: accuracy ([\d.]+)/)).toBeGreaterThan(0.45);
        expect(out).toContain("[ 'horizontal', 'vertical' ]");
        expect(num(out, /images from folders: validation accuracy ([\d.]+)/)).toBeGreaterThan(0.75);
        expect(out).toContain('[ 16, 16, 16, 1 ] [ 16, 2 ]');
      },
    }],
  },
  {
    page: 'text-and-sequences.md',
    files: ['text_and_sequences.mjs'],
    runs: [{
      file: 'text_and_sequences.mjs',
      check: (out) => {
        // Two balanced topics: chance is 0.5.
        expect(num(out, /bidirectional LSTM: accuracy ([\d.]+)/)).toBeGreaterThan(0.85);
        expect(num(out, /transformer block: accuracy ([\d.]+)/)).toBeGreaterThan(0.85);
        expect(out).toContain("[ 'space', 'food' ]");
        expect(out).toContain('[ [ 0, 5, 8, 2 ], [ 0, 0, 0, 7 ], [ 9, 4, 4, 1 ] ]');
      },
    }],
  },
  {
    page: 'performance.md',
    files: ['performance.mjs'],
    runs: [{
      file: 'performance.mjs',
      check: (out) => {
        // Speeds depend on the machine's load (no timed assertions); each measurement must exist.
        for (const re of [/batch 32: (\d+) samples\/s/, /batch 256: (\d+) samples\/s/, /1 thread\(s\), batch 128: (\d+)/, /2 thread\(s\), batch 128: (\d+)/]) {
          expect(num(out, re)).toBeGreaterThan(0);
        }
        // A warm fit allocates nothing and leaves no tensors behind.
        const m = out.match(/tensors before\/after 2 epochs: (\d+)\/(\d+), allocator calls during them: (\d+)/);
        expect(m, out).not.toBeNull();
        expect(m![1]).toBe(m![2]);
        expect(m![3]).toBe('0');
      },
    }],
  },
  {
    page: 'compare.md',
    files: ['compare.mjs'],
    runs: [{
      file: 'compare.mjs',
      check: (out) => {
        // Four runs of the API's grid, each better than chance (10 classes), and the CLI's run.
        const runs = [...out.matchAll(/^(sgd-momentum|adam) batch (32|128): (\d+) samples\/s, validation accuracy ([\d.]+), test accuracy ([\d.]+)$/gm)];
        expect(runs.map((m) => `${m[1]} ${m[2]}`)).toEqual(['sgd-momentum 32', 'sgd-momentum 128', 'adam 32', 'adam 128']);
        for (const m of runs) expect(Number(m[5])).toBeGreaterThan(0.2);
        expect(out).toContain('## kerasm compare: fashion-mlp');
        expect(out).toMatch(/kerasm compare: 1 runs, 1 done/);
      },
    }],
  },
  // Pages: run in Chromium below.
  { page: 'browser-training.md', files: ['browser_training.html', 'browser_worker.js'], runs: [] },
  // Its examples run as a chain in their own test below.
  { page: 'saving-and-interop.md', files: ['saving_and_interop.mjs', 'saving_and_interop.py'], runs: [] },
];

function run(file: string, args: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(examples, file), ...args], { cwd: repo, timeout: 120_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`node examples/guides/${file} failed (${err.code ?? err.signal}):\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** The fenced code blocks of a Markdown page, with their language. */
function codeBlocks(md: string): { lang: string; lines: string[] }[] {
  const out: { lang: string; lines: string[] }[] = [];
  const re = /^```(\S*)[^\n]*\n([\s\S]*?)^```$/gm;
  for (const m of md.matchAll(re)) out.push({ lang: m[1]!, lines: m[2]!.replace(/\n$/, '').split('\n') });
  return out;
}

/**
 * Whether `block` occurs as consecutive lines of `text`, each shifted by the same indentation.
 * A shell block may be a `// `-commented part of its example (the command the example runs).
 */
function contains(text: string, block: string[], lang: string): boolean {
  if (lang === 'sh' && contains(text.replace(/^(\s*)\/\/ ?/gm, '$1'), block, '')) return true;
  const lines = text.split('\n').map((l) => l.trimEnd());
  const b = block.map((l) => l.trimEnd());
  for (let i = 0; i + b.length <= lines.length; i++) {
    const indent = lines[i]!.length - b[0]!.length;
    if (indent < 0 || lines[i]!.slice(indent) !== b[0]) continue;
    const pad = lines[i]!.slice(0, indent);
    if (pad.trim() !== '') continue;
    if (b.every((l, j) => (l === '' ? lines[i + j] === '' : lines[i + j] === pad + l))) return true;
  }
  return false;
}

describe('guides: the code in docs/*.md is code from examples/guides/', () => {
  it('every guide example is listed here, and every guide is linked from docs/README.md and README.md', () => {
    const listed = new Set([...GUIDES.flatMap((g) => g.files), ...HELPERS]);
    const onDisk = readdirSync(examples).filter((f) => /\.(m?js|html|py)$/.test(f));
    expect(onDisk.filter((f) => !listed.has(f))).toEqual([]);
    const index = readFileSync(join(docs, 'README.md'), 'utf8');
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    for (const g of GUIDES) {
      expect(existsSync(join(docs, g.page)), g.page).toBe(true);
      expect(index, `docs/README.md links ${g.page}`).toContain(`](${g.page})`);
      expect(readme, `README.md links docs/${g.page}`).toContain(`](docs/${g.page})`);
    }
  });

  it.each(GUIDES.map((g) => [g.page, g] as const))('%s: each code block is in its example files', (_, g) => {
    const blocks = codeBlocks(readFileSync(join(docs, g.page), 'utf8'));
    expect(blocks.length).toBeGreaterThan(0);
    const sources = g.files.map((f) => readFileSync(join(examples, f), 'utf8'));
    const drifted = blocks.filter((b) => !sources.some((s) => contains(s, b.lines, b.lang)));
    expect(drifted.map((b) => b.lines.join('\n')), `blocks of docs/${g.page} not found in ${g.files.join(', ')}`).toEqual([]);
  });
});

describe('guides: the examples run', () => {
  beforeAll(() => {
    // The examples import 'kerasm', which resolves to this package's dist/ (package.json exports).
    if (!existsSync(join(repo, 'dist', 'node.js'))) throw new Error('the guide examples need the built package: run `npm run build` (or `bash scripts/setup.sh`)');
  });
  const runs = GUIDES.flatMap((g) => g.runs.map((r) => [r.file, r] as const));
  it.each(runs)('node examples/guides/%s', async (_, r) => {
    const out = await run(r.file);
    r.check(out);
  }, 180_000);
});

describe('guides: saving and interop, kerasm → Keras 3 → kerasm', () => {
  const out = mkdtempSync(join(tmpdir(), 'kerasm-guide-saving-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('kerasm saves and loads .keras, model.json and .weights.h5; tfjs-layers predicts the same', async () => {
    const log = await run('saving_and_interop.mjs', ['--out', out]);
    expect(num(log, /model\.json vs model: max difference ([\d.e-]+)/)).toBe(0);
    expect(num(log, /weights\.h5 vs model: max difference ([\d.e-]+)/)).toBe(0);
    expect(num(log, /tfjs-layers vs kerasm: max difference ([\d.e+-]+)/)).toBeLessThan(1e-5);
  }, 180_000);

  pythonNotice('the Keras 3 step of the saving guide');
  it.skipIf(!hasPython)('Keras 3 loads the file, predicts the same and trains on; kerasm loads its file back', async () => {
    const py = runPython(join(examples, 'saving_and_interop.py'), [out]);
    expect(num(py, /Keras vs kerasm: max difference ([\d.e+-]+)/)).toBeLessThan(1e-5);
    const back = await run('saving_and_interop.mjs', ['--out', out, '--from-keras']);
    expect(back).toMatch(/^Adam 91$/m); // 65 kerasm steps + 26 Keras steps
    expect(num(back, /back from Keras: accuracy ([\d.]+)/)).toBeGreaterThan(0.8);
  }, 300_000);
});

describe('guides: the pages train in Chromium', () => {
  const open = useChromium();

  interface WorkerResults { error?: string; variant?: string; threadCount?: number; isolated?: boolean; accuracy?: number; reloadedLayers?: number }
  it.each([[true, 2], [false, 1]] as const)('examples/guides/browser_training.html (isolated=%s) trains in a worker on %i thread(s)', async (isolated, threads) => {
    const { results: r, log } = await open<WorkerResults>('browser_training.html', isolated, 2, { roots: [examples, repo] });
    expect(r.error, log.join('\n')).toBeUndefined();
    expect(r.isolated, `${JSON.stringify(r)}\n${log.join('\n')}`).toBe(isolated);
    expect(r.threadCount).toBe(threads);
    expect(r.variant).toMatch(isolated ? /^threads/ : /^simd/);
    // XOR of the signs: a linear model scores 0.5; the hidden layer must do better.
    expect(r.accuracy).toBeGreaterThan(0.85);
    expect(r.reloadedLayers).toBe(2); // saved to and loaded from IndexedDB
  }, 120_000);

  it('examples/guides/getting_started.html learns the circle', async () => {
    // The page's import map names /dist/index.js and /node_modules/fflate: serve the repository.
    const { results, log } = await open<{ accuracy?: number; error?: string }>('getting_started.html', true, 2, { roots: [examples, repo] });
    expect(log.filter((l) => /pageerror|HTTP [45]/.test(l))).toEqual([]);
    // 72 % of the points lie outside the circle: always answering 'outside' scores 0.72.
    expect(results.accuracy).toBeGreaterThan(0.85);
  }, 120_000);
});
