// Learning curves from a History (or any { key: number[] } record): one chart per metric,
// the training series solid and its `val_` twin dashed, as tfjs-vis's show.history draws them.

import { lineChart } from './line_chart.js';
import { show, type Target } from './target.js';

/** `model.fit`'s History, its `.history` record, or any record of per-epoch value arrays. */
export type HistoryLike = { history: Record<string, ArrayLike<number>>; epoch?: number[] } | Record<string, ArrayLike<number>>;

/** Options of `vis.history` and `historyCharts` (tfjs-vis `show.history`). */
export interface HistoryOptions {
  /** Keys to draw (e.g. ['loss', 'val_loss']). Default: every key. */
  metrics?: string[];
  /** Chart size in px. */
  width?: number;
  /** Chart height in px. Default: 300. */
  height?: number;
  /** x-axis title. Default 'epoch'. */
  xLabel?: string;
  /** Appended to each chart's title (the metric name). */
  titleSuffix?: string;
}

function records(h: HistoryLike): { values: Record<string, ArrayLike<number>>; epoch?: number[] } {
  const maybe = h as { history?: unknown; epoch?: number[] };
  if (maybe.history && typeof maybe.history === 'object' && !Array.isArray(maybe.history)) {
    return { values: maybe.history as Record<string, ArrayLike<number>>, epoch: maybe.epoch };
  }
  return { values: h as Record<string, ArrayLike<number>> };
}

/** Groups keys by metric: `loss` with `val_loss`, `accuracy` with `val_accuracy`; loss first. */
export function groupMetrics(keys: string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  const ordered = [...keys].sort((a, b) => Number(b.replace(/^val_/, '') === 'loss') - Number(a.replace(/^val_/, '') === 'loss'));
  for (const k of ordered) {
    const base = k.replace(/^val_/, '');
    const g = groups.get(base) ?? [];
    g.push(k);
    groups.set(base, g);
  }
  for (const g of groups.values()) g.sort((a, b) => Number(a.startsWith('val_')) - Number(b.startsWith('val_')));
  return groups;
}

/** The SVG charts of a history, one per metric. */
export function historyCharts(h: HistoryLike, opts: HistoryOptions = {}): string[] {
  const { values, epoch } = records(h);
  const keys = (opts.metrics ?? Object.keys(values)).filter((k) => values[k] !== undefined);
  const charts: string[] = [];
  for (const [base, group] of groupMetrics(keys)) {
    const series = group.map((k) => {
      const y = Array.from(values[k]!);
      // Epochs are counted from 1, as the progress bar prints them.
      const x = epoch && epoch.length === y.length ? epoch.map((e) => e + 1) : y.map((_, i) => i + 1);
      return { name: k, x, y, dashed: k.startsWith('val_') };
    });
    charts.push(lineChart({
      series, title: base + (opts.titleSuffix ?? ''), xLabel: opts.xLabel ?? 'epoch', xInteger: true, yLabel: base, width: opts.width, height: opts.height,
      yDomain: /acc/.test(base) && series.every((s) => s.y.every((v) => !Number.isFinite(v) || (v >= 0 && v <= 1))) ? [0, 1] : undefined,
    }));
  }
  return charts;
}

/**
 * Draws the loss and metric curves of a training run (tfjs-vis `show.history`).
 *
 * @param h What `fit` returned (or its `.history` record).
 * @param target A DOM element (or its id) in a browser; a file path in Node (`.svg` → one SVG
 *   document, `.html` → a page). Omitted: nothing is written.
 * @returns The markup: the SVG document, the HTML page, or the container's new content.
 * @example
 * ```ts
 * const history = await model.fit(x, y, { epochs: 10, validationSplit: 0.1 });
 * vis.history(history, 'curves.html');                  // Node
 * vis.history(history, document.getElementById('out')); // browser
 * ```
 */
export function history(h: HistoryLike, target?: Target, opts: HistoryOptions = {}): string {
  return show('vis.history', target, historyCharts(h, opts), 'Training history');
}
