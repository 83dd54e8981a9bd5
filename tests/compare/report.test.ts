// The report of a large grid (more runs than the palette has colours): per-epoch curves split
// into one panel per optimizer with shared axes, accuracy against batch size, the target label
// inside the frame; rendered from a made-up Results (no training), so it checks only layout.

import { describe, expect, it } from 'vitest';
import { reportHtml } from '../../ts/compare/report_html.js';
import { summaryMarkdown } from '../../ts/compare/report_md.js';
import type { Results, RunRecord } from '../../ts/compare/types.js';
import { findAll, parseMarkup, textOf, type El } from '../vis/markup.js';

const OPTIMIZERS = ['sgd', 'sgd-momentum', 'rmsprop', 'adagrad', 'adam', 'adamw', 'nadam', 'lion'];
const BATCHES = [16, 64, 256];

/** A run whose numbers depend on its optimizer index and batch size, so each curve is distinct. */
function run(o: number, batchSize: number): RunRecord {
  const optimizer = OPTIMIZERS[o]!;
  const slow = Math.log2(batchSize) / 8;
  const epochs = [1, 2, 3].map((epoch) => ({
    epoch, trainSeconds: epoch * (10 + o) / (1 + slow), wallSeconds: epoch * (11 + o),
    loss: 1 / epoch + slow + o / 100, valLoss: 1.1 / epoch + slow, valAccuracy: 0.7 + 0.03 * epoch - slow / 10 + o / 200,
  }));
  // One run blows up: its loss must not set the shared loss axis of every panel.
  if (o === 7 && batchSize === 256) epochs[2]!.loss = 1000;
  const best = Math.max(...epochs.map((e) => e.valAccuracy));
  return {
    id: `${optimizer}|lr=default|bs=${batchSize}|t=1`, optimizer, learningRate: 'default', batchSize, threads: 1,
    status: 'done', stoppedBy: 'epochs', startedAt: '2026-01-01T00:00:00Z', epochs,
    samplesPerSecond: 1000 * (1 + slow * 4), trainSeconds: epochs[2]!.trainSeconds, wallSeconds: epochs[2]!.wallSeconds, samplesSeen: 3000,
    timeToTarget: best >= 0.8 ? epochs.find((e) => e.valAccuracy >= 0.8)!.trainSeconds : null, epochsToTarget: null,
    bestValAccuracy: best, testLoss: 0.5, testAccuracy: best - 0.01,
    peakMemory: { wasmBytesInUse: 1 << 20, wasmMemoryBytes: 1 << 24, rssBytes: null },
  };
}

const runs = OPTIMIZERS.flatMap((_, o) => BATCHES.map((b) => run(o, b)));
const results: Results = {
  format: 'kerasm-compare/1',
  setup: { model: 'fashion-mlp', data: 'made up', budget: { epochs: 3 }, seed: 1, targetAccuracy: 0.85, loss: 'sparse_categorical_crossentropy', trainSamples: 1000, valSamples: 100, testSamples: 100 },
  environment: { cpu: 'test', cores: 1, platform: 'test', node: 'v0', kerasm: '0', variant: 'simd', threads: 1, totalMemoryBytes: 1, date: '' },
  cells: runs.map(({ id, optimizer, learningRate, batchSize, threads }) => ({ id, optimizer, learningRate, batchSize, threads })),
  runs, complete: true, updatedAt: '',
};

const doc = parseMarkup(reportHtml(results), true);
const charts = findAll(doc, (e) => e.name === 'svg' && e.attrs.class === 'kerasm-chart');
const byTitle = (t: string) => charts.filter((c) => c.attrs['data-title'] === t);
const seriesOf = (c: El) => findAll([c], (e) => e.attrs.class === 'series');
const tickTexts = (c: El) => findAll([c], (e) => e.attrs.class === 'ticks').flatMap((g) => g.children.map((t) => textOf(t)));

describe('compare report of a large grid', () => {
  it('splits the curves into one panel per optimizer, batch sizes as series', () => {
    for (const title of ['Validation accuracy vs training time', 'Training loss vs epoch', 'Validation loss vs epoch']) {
      expect(byTitle(title)).toHaveLength(0);
      OPTIMIZERS.forEach((o, i) => {
        const panel = byTitle(`${title}: ${o}`);
        expect(panel, `${title}: ${o}`).toHaveLength(1);
        const series = seriesOf(panel[0]!);
        expect(series.map((s) => s.attrs['data-name'])).toEqual(['bs16', 'bs64', 'bs256']);
        if (title.startsWith('Validation accuracy')) {
          series.forEach((s, j) => expect(JSON.parse(s.attrs['data-y']!)).toEqual(runs[i * 3 + j]!.epochs.map((e) => e.valAccuracy)));
        }
      });
    }
  });

  it('panels of one chart share their axes (the same tick labels), and a blown-up loss does not set them', () => {
    for (const title of ['Validation accuracy vs training time', 'Training loss vs epoch', 'Validation loss vs epoch']) {
      const ticks = OPTIMIZERS.map((o) => JSON.stringify(tickTexts(byTitle(`${title}: ${o}`)[0]!)));
      expect(new Set(ticks).size, title).toBe(1);
    }
    const lossTicks = tickTexts(byTitle('Training loss vs epoch: sgd')[0]!).map(Number);
    expect(Math.max(...lossTicks)).toBeLessThan(100);
  });

  it('the target label sits inside the frame when the target is the top of the axis', () => {
    const panel = byTitle('Validation accuracy vs training time: lion')[0]!;
    const rule = findAll([panel], (e) => e.name === 'line' && e.attrs.class === 'rule')[0]!;
    const label = findAll([panel], (e) => e.name === 'text' && textOf(e) === 'target 0.85')[0]!;
    const frameTop = Number(findAll([panel], (e) => e.name === 'rect' && e.attrs.stroke === '#888')[0]!.attrs.y);
    expect(Number(label.attrs.y)).toBeGreaterThan(frameTop + 8);
    expect(Number(rule.attrs.y1)).toBeCloseTo(frameTop, 0);
  });

  it('plots the best validation accuracy against the batch size, one line per optimizer', () => {
    const chart = byTitle('Best validation accuracy vs batch size');
    expect(chart).toHaveLength(1);
    const series = seriesOf(chart[0]!);
    expect(series.map((s) => s.attrs['data-name'])).toEqual(OPTIMIZERS);
    series.forEach((s, i) => {
      expect(JSON.parse(s.attrs['data-x']!)).toEqual(BATCHES);
      expect(JSON.parse(s.attrs['data-y']!)).toEqual(BATCHES.map((_, j) => runs[i * 3 + j]!.bestValAccuracy));
    });
  });

  it('without a target accuracy: a note instead of an empty time-to-target chart', () => {
    const html = reportHtml({ ...results, setup: { ...results.setup, targetAccuracy: null } });
    const d = parseMarkup(html, true);
    expect(findAll(d, (e) => e.attrs['data-kind'] === 'bar')).toHaveLength(0);
    expect(textOf(d[0]!)).toContain('Time to target: no target accuracy set');
  });

  it('one epoch per run: a note instead of loss-vs-epoch charts (columns of dots)', () => {
    const one = { ...results, runs: runs.map((r) => ({ ...r, epochs: r.epochs.slice(0, 1) })) };
    const d = parseMarkup(reportHtml(one), true);
    const titles = findAll(d, (e) => e.name === 'svg' && e.attrs.class === 'kerasm-chart').map((c) => c.attrs['data-title'] ?? '');
    expect(titles.filter((t) => /loss vs epoch/.test(t))).toHaveLength(0);
    expect(titles.filter((t) => t.startsWith('Validation accuracy vs training time: '))).toHaveLength(OPTIMIZERS.length);
    expect(textOf(d[0]!)).toContain('Loss vs epoch: every run trained one epoch');
  });

  it('results without CPU times (older files) get no CPU-throughput chart and empty cells', () => {
    expect(byTitle('Throughput per CPU second vs batch size')).toHaveLength(0);
    const head = findAll(doc, (e) => e.name === 'thead')[0]!.children[0]!.children.map((t) => textOf(t));
    const col = head.indexOf('samples/CPU-s');
    expect(col).toBeGreaterThan(0);
    expect(textOf(findAll(doc, (e) => e.name === 'tbody')[0]!.children[0]!.children[col]!)).toBe('–');
  });

  it('keeps one table row and one time-to-target bar per run, and the summary a row per run', () => {
    expect(findAll(doc, (e) => e.name === 'tbody')[0]!.children).toHaveLength(runs.length);
    expect(findAll(doc, (e) => e.attrs.class === 'bar' || e.attrs.class === 'missing')).toHaveLength(runs.length);
    const md = summaryMarkdown(results);
    expect(md.split('\n').filter((l) => /^\| (sgd|rmsprop|adagrad|adam|nadam|lion)/.test(l))).toHaveLength(runs.length);
  });
});
