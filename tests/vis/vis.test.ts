// kerasm/vis in Node: history, fitCallbacks and confusionMatrix write files that parse as
// SVG/HTML and hold exactly the values they were given (read back from data attributes).

import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as vis from '../../ts/vis/index.js';
import { Sequential } from '../../ts/models/sequential.js';
import * as layers from '../../ts/layers/index.js';
import { input } from '../../ts/layers/input_layer.js';
import { tensor } from '../../ts/tensor/creation.js';
import { setSeed } from '../../ts/tensor/random.js';
import { ValueError } from '../../ts/errors.js';
import { findAll, parseMarkup, textOf, type El } from './markup.js';

const dir = mkdtempSync(join(tmpdir(), 'kerasm-vis-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const series = (els: El[]) => findAll(els, (e) => e.attrs.class === 'series');
const charts = (els: El[]) => findAll(els, (e) => e.name === 'svg' && e.attrs.class === 'kerasm-chart');
const nums = (s: string) => JSON.parse(s) as (number | null)[];

describe('vis.history', () => {
  const h = { history: { loss: [0.9, 0.5, 0.3], accuracy: [0.6, 0.8, 0.9], val_loss: [1, 0.7, 0.65], val_accuracy: [0.55, 0.7, 0.72] }, epoch: [0, 1, 2] };

  it('an .svg file: one chart per metric, train and val_ series with their values', () => {
    const file = join(dir, 'h.svg');
    const out = vis.history(h, file);
    expect(readFileSync(file, 'utf8')).toBe(out);
    const doc = parseMarkup(out);
    expect(doc).toHaveLength(1);
    expect(doc[0]!.name).toBe('svg');
    expect(doc[0]!.attrs.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(charts(doc).map((c) => c.attrs['data-title'])).toEqual(['loss', 'accuracy']);
    const s = series(doc);
    expect(s.map((e) => e.attrs['data-name'])).toEqual(['loss', 'val_loss', 'accuracy', 'val_accuracy']);
    for (const e of s) {
      expect(nums(e.attrs['data-y']!)).toEqual((h.history as Record<string, number[]>)[e.attrs['data-name']!]);
      expect(nums(e.attrs['data-x']!)).toEqual([1, 2, 3]);
      // Three points: a path with one move and two lines.
      const d = findAll([e], (x) => x.name === 'path')[0]!.attrs.d!;
      expect(d.match(/[ML]/g)).toEqual(['M', 'L', 'L']);
    }
  });

  it('an .html file is a page holding the charts; metrics selects keys; a bare record works', () => {
    const file = join(dir, 'h.html');
    const out = vis.history(h.history, file, { metrics: ['loss', 'val_loss'] });
    const doc = parseMarkup(readFileSync(file, 'utf8'), true);
    expect(out.startsWith('<!DOCTYPE html>')).toBe(true);
    const html = doc.find((e) => e.name === 'html')!;
    expect(textOf(findAll([html], (e) => e.name === 'title')[0]!)).toBe('Training history');
    expect(series(doc).map((e) => e.attrs['data-name'])).toEqual(['loss', 'val_loss']);
    // Not a live page: no refresh.
    expect(findAll(doc, (e) => e.name === 'meta' && e.attrs['http-equiv'] === 'refresh')).toHaveLength(0);
  });

  it('a DOM-like element gets the charts as its content; NaN leaves a gap', () => {
    const el = { innerHTML: '' };
    vis.history({ loss: [1, NaN, 0.5, 0.4] }, el);
    const doc = parseMarkup(el.innerHTML, true);
    const s = series(doc)[0]!;
    expect(nums(s.attrs['data-y']!)).toEqual([1, null, 0.5, 0.4]);
    expect(findAll([s], (x) => x.name === 'path')[0]!.attrs.d!.match(/[ML]/g)).toEqual(['M', 'M', 'L']);
  });

  it('a Node file target must be .svg or .html', () => {
    expect(() => vis.history({ loss: [1] }, join(dir, 'curves.png'))).toThrow(/\.svg or \.html/);
  });

  it('text is escaped', () => {
    const doc = parseMarkup(vis.history({ '<b>&"x\'': [1, 2] }));
    expect(series(doc)[0]!.attrs['data-name']).toBe('<b>&"x\'');
  });
});

describe('vis.fitCallbacks during fit', () => {
  it('writes a live page while training and the final per-batch and per-epoch curves at the end', async () => {
    setSeed(7);
    const m = new Sequential([input({ shape: [2] }), layers.dense({ units: 8, activation: 'relu' }), layers.dense({ units: 2, activation: 'softmax' })]);
    m.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    const xs: number[][] = [], ys: number[] = [];
    for (let i = 0; i < 40; i++) { const a = (i % 7) / 7, b = (i % 5) / 5; xs.push([a, b]); ys.push(a > b ? 1 : 0); }
    const x = tensor(xs), y = tensor(ys, [40], 'int32');
    const file = join(dir, 'live.html');
    let midRun = '';
    const cb = vis.fitCallbacks(file, { interval: 0 });
    const peek = new (class extends (await import('../../ts/callbacks/callback.js')).Callback {
      override onEpochEnd(epoch: number) { if (epoch === 1) midRun = readFileSync(file, 'utf8'); }
    })();
    const hist = await m.fit(x, y, { epochs: 3, batchSize: 10, validationSplit: 0.25, verbose: 0, callbacks: [cb, peek] });
    expect(parseMarkup(midRun, true).length).toBeGreaterThan(0);
    expect(midRun).toContain('http-equiv="refresh"');
    const final = readFileSync(file, 'utf8');
    expect(final).not.toContain('http-equiv="refresh"');
    const doc = parseMarkup(final, true);
    const byName = new Map<string, El[]>();
    for (const c of charts(doc)) byName.set(c.attrs['data-title']!, series([c]));
    expect([...byName.keys()]).toEqual(['loss (per batch)', 'accuracy (per batch)', 'loss (per epoch)', 'accuracy (per epoch)']);
    // 30 training rows / batch 10 = 3 batches per epoch, 9 in all.
    const batchLoss = byName.get('loss (per batch)')![0]!;
    expect(nums(batchLoss.attrs['data-x']!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(nums(batchLoss.attrs['data-y']!)).toEqual(cb.batchLogs.loss);
    const epochLoss = byName.get('loss (per epoch)')!;
    expect(epochLoss.map((e) => e.attrs['data-name'])).toEqual(['loss', 'val_loss']);
    expect(nums(epochLoss[0]!.attrs['data-y']!)).toEqual(hist.history.loss);
    expect(nums(epochLoss[1]!.attrs['data-y']!)).toEqual(hist.history.val_loss);
    [x, y].forEach((t) => t.dispose());
    m.dispose();
  });

  it('onEpochEnd only, an .svg target, a metrics filter; bad options are refused', async () => {
    const file = join(dir, 'epochs.svg');
    const cb = vis.fitCallbacks(file, { callbacks: ['onEpochEnd'], metrics: ['loss'] });
    cb.onTrainBegin({});
    cb.onTrainBatchEnd(0, { loss: 5 });
    cb.onEpochEnd(0, { loss: 2, accuracy: 0.5 });
    cb.onEpochEnd(1, { loss: 1, accuracy: 0.7 });
    cb.onTrainEnd({});
    const s = series(parseMarkup(readFileSync(file, 'utf8')));
    expect(s.map((e) => [e.attrs['data-name'], nums(e.attrs['data-y']!)])).toEqual([['loss', [2, 1]]]);
    expect(() => vis.fitCallbacks(file, { callbacks: ['onBatchBegin' as 'onBatchEnd'] })).toThrow(ValueError);
    expect(() => vis.fitCallbacks(file, { metric: ['loss'] } as never)).toThrow(/metrics/);
  });
});

describe('vis.confusionMatrix and per-class accuracy', () => {
  const labels = [0, 0, 0, 1, 1, 2, 2, 2, 2, 1];
  const preds = [0, 1, 0, 1, 1, 2, 0, 2, 2, 2];
  const expected = [[2, 1, 0], [0, 2, 1], [1, 0, 3]];

  it('counts labels × predictions from indices, score rows or tensors', () => {
    expect(vis.metrics.confusionMatrix(labels, preds)).toEqual(expected);
    const scores = preds.map((p) => [0, 1, 2].map((c) => (c === p ? 0.8 : 0.1)));
    expect(vis.metrics.confusionMatrix(labels, scores)).toEqual(expected);
    const t = tensor(scores), l = tensor(labels, [10], 'int32');
    expect(vis.metrics.confusionMatrix(l, t)).toEqual(expected);
    [t, l].forEach((q) => q.dispose());
    const pc = vis.metrics.perClassAccuracy(labels, preds, 4);
    expect(pc.map((c) => c.count)).toEqual([3, 3, 4, 0]);
    expect(pc.slice(0, 3).map((c) => c.accuracy)).toEqual([2 / 3, 2 / 3, 3 / 4]);
    expect(pc[3]!.accuracy).toBeNaN();
    expect(() => vis.metrics.confusionMatrix([0, 1], [1])).toThrow(/as many samples/);
    expect(() => vis.metrics.confusionMatrix([0, 1.5], [1, 1])).toThrow(/integer/);
    expect(() => vis.metrics.confusionMatrix([0, 3], [1, 1], 3)).toThrow(/out of range/);
    expect(() => vis.metrics.confusionMatrix([0, 1], Promise.resolve([0, 1]) as never)).toThrow(/await it/);
  });

  it('draws the matrix (counts in cells) and the per-class accuracy bars into a file', () => {
    const file = join(dir, 'cm.svg');
    const r = vis.confusionMatrix(labels, preds, { classNames: ['cat', 'dog', 'bird'], target: file });
    expect(r.matrix).toEqual(expected);
    const doc = parseMarkup(readFileSync(file, 'utf8'));
    const cells = findAll(doc, (e) => e.attrs.class === 'cell');
    expect(cells).toHaveLength(9);
    for (const c of cells) {
      const [i, j] = [Number(c.attrs['data-row']), Number(c.attrs['data-col'])];
      expect(Number(c.attrs['data-count'])).toBe(expected[i]![j]);
      expect(Number(c.attrs['data-value'])).toBeCloseTo(expected[i]![j]! / expected[i]!.reduce((a, b) => a + b), 12);
      expect(textOf(c)).toContain(String(expected[i]![j]));
    }
    const bars = findAll(doc, (e) => e.attrs.class === 'bar');
    expect(bars.map((b) => [b.attrs['data-category'], Number(b.attrs['data-value'])])).toEqual([['cat', 2 / 3], ['dog', 2 / 3], ['bird', 0.75]]);
    expect(() => vis.confusionMatrix(labels, preds, { classNames: ['a', 'b'] })).toThrow(/out of range|all 3 classes/);
    const only = vis.perClassAccuracy(labels, preds, { classNames: ['cat', 'dog', 'bird'], target: join(dir, 'pc.html') });
    expect(only.perClass.map((c) => c.count)).toEqual([3, 3, 4]);
    expect(existsSync(join(dir, 'pc.html'))).toBe(true);
  });
});
