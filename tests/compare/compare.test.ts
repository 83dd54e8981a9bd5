// compare() on a tiny grid: every run recorded with its curves and measures, the same seed
// gives the same curves, the report parses and holds every run, resume skips finished cells,
// a time budget and an abort stop runs, and bad setups are refused.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare } from '../../ts/compare/index.js';
import type { DataSet, Results } from '../../ts/compare/types.js';
import { ready, backendInfo } from '../../bindings/index.js';
import { ValueError } from '../../ts/errors.js';
import { saveModel } from '../../ts/saving/api.js';
import { setSeed } from '../../ts/tensor/random.js';
import { findAll, parseMarkup, textOf } from '../vis/markup.js';
import { blobs, buildMlp } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'kerasm-compare-'));
let data: DataSet;
let threaded = false;
beforeAll(async () => {
  await ready();
  threaded = backendInfo().variant.startsWith('threads');
  data = blobs();
});
afterAll(() => {
  Object.values(data).forEach((t) => t.dispose());
  rmSync(dir, { recursive: true, force: true });
});

const read = (out: string): Results => JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;

describe('compare on a tiny grid', () => {
  let results: Results;
  let out: string;
  const lines: string[] = [];

  beforeAll(async () => {
    out = join(dir, 'study');
    results = await compare({
      model: buildMlp, data, outDir: out, budget: { epochs: 4 }, targetAccuracy: 0.9,
      grid: { optimizers: ['sgd', 'adam'], learningRates: [0.05], batchSizes: [16, 64], threads: threaded ? [1, 2] : [1] },
      write: (s) => void lines.push(s),
    });
  });

  it('records every cell with per-epoch curves, throughput, time to target, test accuracy and memory', () => {
    const n = threaded ? 8 : 4;
    expect(results.complete).toBe(true);
    expect(results.runs).toHaveLength(n);
    expect(results.runs.map((r) => r.id)).toEqual(results.cells.map((c) => c.id));
    expect(results.setup).toMatchObject({ trainSamples: 240, valSamples: 90, testSamples: 90, seed: 1234, targetAccuracy: 0.9 });
    for (const r of results.runs) {
      expect(r.status, r.error).toBe('done');
      expect(r.stoppedBy).toBe('epochs');
      expect(r.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
      expect(r.samplesSeen).toBe(4 * 240);
      expect(r.samplesPerSecond).toBeGreaterThan(0);
      // CPU time of the timed batches (Node): positive and finite.
      expect(r.samplesPerCpuSecond).toBeGreaterThan(0);
      expect(Number.isFinite(r.samplesPerCpuSecond)).toBe(true);
      for (const e of r.epochs) {
        expect(Number.isFinite(e.loss) && e.valAccuracy! >= 0 && e.valAccuracy! <= 1 && e.valLoss! > 0).toBe(true);
        expect(e.wallSeconds).toBeGreaterThanOrEqual(e.trainSeconds);
      }
      expect(r.epochs.map((e) => e.trainSeconds)).toEqual([...r.epochs.map((e) => e.trainSeconds)].sort((a, b) => a - b));
      expect(r.bestValAccuracy).toBe(Math.max(...r.epochs.map((e) => e.valAccuracy!)));
      // Time to target: the end of the first epoch at or over 0.9.
      const first = r.epochs.find((e) => e.valAccuracy! >= 0.9);
      expect(r.timeToTarget).toBe(first ? first.trainSeconds : null);
      expect(r.epochsToTarget).toBe(first ? first.epoch : null);
      expect(r.testAccuracy).toBeGreaterThanOrEqual(0);
      expect(r.peakMemory.wasmMemoryBytes).toBeGreaterThan(0);
      expect(r.peakMemory.wasmBytesInUse).toBeGreaterThan(0);
    }
    // The blobs are separable: Adam learns them.
    for (const r of results.runs.filter((q) => q.optimizer === 'adam')) expect(r.testAccuracy!).toBeGreaterThan(0.85);
    // The same seed: thread counts change the speed, not the numbers' start (first epoch within float noise).
    if (threaded) {
      const [a, b] = [results.runs[0]!, results.runs[1]!];
      expect(a.threads).toBe(1); expect(b.threads).toBe(2);
      expect(Math.abs(a.epochs[0]!.loss - b.epochs[0]!.loss)).toBeLessThan(1e-4);
    }
    // One line per run plus the progress bar.
    expect(lines.join('')).toMatch(/\[1\/\d\] sgd 0\.05 bs16.*\n/);
    expect(lines.join('')).toMatch(/\[\d\/\d\] .*: 4 epochs \(epochs\), .* samples\/s, val acc 0\.\d{4}/);
    expect(lines.join('')).toMatch(/15\/15 \[=+\]/);
  });

  it('the same setup again gives the same curves (fixed seeds; the warm-up model leaves no trace)', async () => {
    const again = await compare({
      model: buildMlp, data, outDir: join(dir, 'again'), budget: { epochs: 4 }, targetAccuracy: 0.9, verbose: 0, warmup: 0,
      grid: { optimizers: ['adam'], learningRates: [0.05], batchSizes: [16], threads: [1] },
    });
    const before = results.runs.find((r) => r.id === again.runs[0]!.id)!;
    expect(again.runs[0]!.epochs.map((e) => [e.loss, e.valLoss, e.valAccuracy])).toEqual(before.epochs.map((e) => [e.loss, e.valLoss, e.valAccuracy]));
    expect(again.runs[0]!.testAccuracy).toBe(before.testAccuracy);
  });

  it('report.html parses and holds every run: table rows, chart series with the recorded values, embedded results', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const doc = parseMarkup(html, true);
    const json = findAll(doc, (e) => e.name === 'script' && e.attrs.id === 'kerasm-results')[0]!;
    expect(JSON.parse(json.text)).toEqual(read(out));
    const rows = findAll(doc, (e) => e.name === 'tbody')[0]!.children;
    expect(rows).toHaveLength(results.runs.length);
    const labels = rows.map((r) => textOf(r.children[0]!));
    expect(new Set(labels).size).toBe(results.runs.length);
    const charts = findAll(doc, (e) => e.name === 'svg' && e.attrs.class === 'kerasm-chart');
    const titles = charts.map((c) => c.attrs['data-title']);
    expect(titles).toEqual(expect.arrayContaining(['Validation accuracy vs training time', 'Training loss vs epoch', 'Validation loss vs epoch', 'Throughput vs batch size',
      'Throughput per CPU second vs batch size', 'Best validation accuracy vs batch size']));
    expect(titles.some((t) => /seconds to validation accuracy ≥ 0.9/.test(t!))).toBe(true);
    if (threaded) expect(titles).toContain('Thread scaling');
    const acc = charts[titles.indexOf('Validation accuracy vs training time')]!;
    const series = findAll([acc], (e) => e.attrs.class === 'series');
    expect(series.map((s) => s.attrs['data-name'])).toEqual(labels);
    results.runs.forEach((r, i) => {
      expect(JSON.parse(series[i]!.attrs['data-y']!)).toEqual(r.epochs.map((e) => e.valAccuracy));
      expect(JSON.parse(series[i]!.attrs['data-x']!)).toEqual(r.epochs.map((e) => e.trainSeconds));
    });
    const thr = findAll([charts[titles.indexOf('Throughput vs batch size')]!], (e) => e.attrs.class === 'series');
    expect(thr.flatMap((s) => JSON.parse(s.attrs['data-x']!))).toEqual(expect.arrayContaining([16, 64]));
    const bars = findAll(doc, (e) => e.attrs.class === 'bar' || e.attrs.class === 'missing');
    expect(bars).toHaveLength(results.runs.length);
    expect(textOf(doc[0]!)).toContain(`Node${process.version}`);
    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| run') && !l.startsWith('| ---'))).toHaveLength(results.runs.length);
    expect(md).toMatch(/- Fastest: \*\*/);
  });

  it('resume skips the cells results.json holds; a different setup is refused', async () => {
    const lines2: string[] = [];
    const r2 = await compare({
      model: buildMlp, data, outDir: out, budget: { epochs: 4 }, targetAccuracy: 0.9,
      grid: { optimizers: ['sgd', 'adam'], learningRates: [0.05], batchSizes: [16, 64, 32], threads: threaded ? [1, 2] : [1] },
      write: (s) => void lines2.push(s),
    });
    const text = lines2.join('');
    const old = results.runs.length;
    expect((text.match(/done before, skipped/g) ?? []).length).toBe(old);
    expect(r2.runs).toHaveLength(old * 1.5);
    for (const r of results.runs) expect(r2.runs.find((q) => q.id === r.id)).toEqual(r);
    expect(r2.runs.filter((r) => r.batchSize === 32).every((r) => r.status === 'done')).toBe(true);
    await expect(compare({ model: buildMlp, data, outDir: out, budget: { epochs: 3 }, targetAccuracy: 0.9, verbose: 0 })).rejects.toThrow(/different study/);
  });
});

describe('budgets, abort, sources and errors', () => {
  it('a time budget stops a run after the batch that crosses it', async () => {
    const r = await compare({ model: buildMlp, data, outDir: join(dir, 'time'), budget: { seconds: 0.3 }, verbose: 0, grid: { batchSizes: [8] } });
    const run = r.runs[0]!;
    expect(run.stoppedBy).toBe('time');
    expect(run.trainSeconds).toBeGreaterThanOrEqual(0.3);
    expect(run.status).toBe('done');
  });

  it('an abort ends the study with a partial report; the interrupted cell runs again on resume', async () => {
    const out = join(dir, 'abort');
    const ac = new AbortController();
    const r = await compare({
      model: buildMlp, data, outDir: out, budget: { epochs: 1000 }, grid: { batchSizes: [8, 16] }, signal: ac.signal,
      write: (s) => { if (/Epoch 2\//.test(s)) ac.abort(); },
    });
    expect(r.complete).toBe(false);
    expect(r.runs).toHaveLength(1);
    expect(r.runs[0]!.status).toBe('interrupted');
    expect(r.runs[0]!.epochs.length).toBeGreaterThanOrEqual(1);
    expect(read(out).complete).toBe(false);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('Partial report');
    parseMarkup(readFileSync(join(out, 'report.html'), 'utf8'), true);
    const again: string[] = [];
    const ac2 = new AbortController();
    ac2.abort();
    await compare({ model: buildMlp, data, outDir: out, budget: { epochs: 1000 }, grid: { batchSizes: [8, 16] }, signal: ac2.signal, write: (s) => void again.push(s) });
    expect(again.join('')).not.toMatch(/skipped/);
  });

  it('an abort during the warm-up stops there: the cell is interrupted with no timed epoch', async () => {
    const ac = new AbortController();
    let builds = 0;
    // Builds: the probe, the run's first model, then the warm-up model — abort as it is built.
    const build = () => { if (++builds === 3) ac.abort(); return buildMlp(); };
    const r = await compare({ model: build, data, outDir: join(dir, 'abort-warmup'), budget: { epochs: 5 }, warmup: 64, grid: { batchSizes: [8, 16] }, signal: ac.signal, verbose: 0 });
    expect(builds).toBe(3);
    expect(r.complete).toBe(false);
    expect(r.runs.map((x) => [x.status, x.stoppedBy, x.epochs.length, x.samplesSeen])).toEqual([['interrupted', 'interrupt', 0, 0]]);
  });

  it('model and data from JS modules (handed the kerasm namespace), and a cosine schedule', async () => {
    const m = join(dir, 'build.mjs'), d = join(dir, 'data.mjs');
    writeFileSync(m, `export default (k) => new k.Sequential([k.input({ shape: [4] }), k.layers.dense({ units: 2, activation: 'softmax' })]);\n`);
    writeFileSync(d, `export async function data(k) {
  const n = 64, x = new Float32Array(n * 4), y = new Int32Array(n);
  for (let i = 0; i < n; i++) { y[i] = i % 2; for (let j = 0; j < 4; j++) x[i * 4 + j] = (y[i] ? 1 : -1) * (0.5 + ((i * 7 + j) % 5) / 10); }
  return { xTrain: k.tensor(x, [n, 4]), yTrain: k.tensor(y, [n], 'int32') };
}\n`);
    const r = await compare({ model: m, data: d, outDir: join(dir, 'modules'), budget: { epochs: 2 }, verbose: 0, grid: { learningRates: ['cosine:0.01', 0.01] } });
    expect(r.setup).toMatchObject({ model: m, data: d, trainSamples: 58, valSamples: 6, testSamples: 0, targetAccuracy: null });
    expect(r.runs.map((x) => [x.id, x.status, x.epochs.length])).toEqual([['adam|lr=cosine:0.01|bs=32|t=' + r.runs[0]!.threads, 'done', 2], ['adam|lr=0.01|bs=32|t=' + r.runs[0]!.threads, 'done', 2]]);
    // Different schedules, different curves.
    expect(r.runs[0]!.epochs[1]!.loss).not.toBe(r.runs[1]!.epochs[1]!.loss);
    expect(r.runs[0]!.testAccuracy).toBeNull();
  });

  it('a .keras file: every run starts from its weights (the same curves as building the model with the seed)', async () => {
    setSeed(1234);
    const m = buildMlp();
    const file = join(dir, 'mlp.keras');
    await saveModel(m, file);
    m.dispose();
    const opts = { data, budget: { epochs: 2 }, verbose: 0 as const, warmup: 0, grid: { batchSizes: [32], threads: [1] } };
    const fromFile = await compare({ ...opts, model: file, outDir: join(dir, 'file') });
    const fromFn = await compare({ ...opts, model: buildMlp, outDir: join(dir, 'fn') });
    expect(fromFile.setup.model).toBe(file);
    expect(fromFile.runs[0]!.status).toBe('done');
    expect(fromFile.runs[0]!.epochs.map((e) => e.loss)).toEqual(fromFn.runs[0]!.epochs.map((e) => e.loss));
  });

  it('refuses bad setups with ValueError naming the option', async () => {
    const base = { model: buildMlp, data, outDir: join(dir, 'bad'), verbose: 0 as const };
    await expect(compare({ ...base, grid: { optimizers: ['adamm'] } })).rejects.toThrow(/unknown optimizer 'adamm'/);
    await expect(compare({ ...base, grid: { batchSizes: [0] } })).rejects.toThrow(ValueError);
    await expect(compare({ ...base, grid: { learningRates: ['fast'] } })).rejects.toThrow(/cosine/);
    await expect(compare({ ...base, budget: { epochs: 0 } })).rejects.toThrow(/budget.epochs/);
    await expect(compare({ ...base, model: 'fashion-rnn' })).rejects.toThrow(/fashion-mlp/);
    await expect(compare({ ...base, budgt: {} } as never)).rejects.toThrow(/budget/);
    await expect(compare({ ...base, grid: { learningRates: ['cosine:0.1'] }, budget: { seconds: 1 } })).resolves.toMatchObject({ runs: [{ status: 'failed', error: expect.stringMatching(/epoch budget/) }] });
    expect(existsSync(join(dir, 'bad', 'report.html'))).toBe(true);
  });
});
