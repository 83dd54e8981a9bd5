// A callback that redraws loss/metric curves while `fit` runs: per batch and per epoch, into
// a browser element or (Node) a file that a browser reloads (tfjs-vis `show.fitCallbacks`).

import { isNode } from '../../bindings/features.js';
import { Callback, type Logs } from '../callbacks/callback.js';
import { checkOptions } from '../utils/options.js';
import { ValueError } from '../errors.js';
import { groupMetrics, historyCharts } from './history.js';
import { lineChart } from './line_chart.js';
import { show, type Target } from './target.js';

/** Options of `vis.fitCallbacks` (tfjs-vis `show.fitCallbacks`). */
export interface FitCallbacksOptions {
  /** Log keys to draw, e.g. ['loss', 'val_loss', 'accuracy']. Default: every key. */
  metrics?: string[];
  /** When to redraw. Default ['onEpochEnd', 'onBatchEnd']. */
  callbacks?: ('onEpochEnd' | 'onBatchEnd')[];
  /** Minimum time between two redraws after a batch, in ms. Default 250 in browsers, 1000 in Node (files). */
  interval?: number;
  /** Chart width in px. Default: 560. */
  width?: number;
  /** Chart height in px. Default: 300. */
  height?: number;
}

const KEYS = ['metrics', 'callbacks', 'interval', 'width', 'height'];

/** The callback returned by `vis.fitCallbacks`; its records are public for custom drawings. */
export class FitCallbacks extends Callback {
  /** Per-epoch values by key. */
  readonly epochLogs: Record<string, number[]> = {};
  /** Per-batch values by key; x is `batchIndex` (batches since training began, from 1). */
  readonly batchLogs: Record<string, number[]> = {};
  /** The x value of each entry of `batchLogs`: batches since training began, from 1. */
  readonly batchIndex: number[] = [];
  /** The markup last written. */
  markup = '';
  private readonly target: Target;
  private readonly opts: FitCallbacksOptions;
  private readonly onEpoch: boolean;
  private readonly onBatch: boolean;
  private readonly interval: number;
  private batches = 0;
  private lastDraw = -Infinity;
  private training = false;

  constructor(target: Target, opts: FitCallbacksOptions = {}) {
    super();
    checkOptions('vis.fitCallbacks', opts as Record<string, unknown>, KEYS);
    const hooks = opts.callbacks ?? ['onEpochEnd', 'onBatchEnd'];
    for (const h of hooks) {
      if (h !== 'onEpochEnd' && h !== 'onBatchEnd') {
        throw new ValueError(`vis.fitCallbacks: callbacks may hold 'onEpochEnd' and 'onBatchEnd'. Received: '${String(h)}'`);
      }
    }
    this.target = target;
    this.opts = opts;
    this.onEpoch = hooks.includes('onEpochEnd');
    this.onBatch = hooks.includes('onBatchEnd');
    this.interval = opts.interval ?? (isNode ? 1000 : 250);
  }

  private wanted(k: string): boolean {
    return this.opts.metrics === undefined || this.opts.metrics.includes(k);
  }

  override onTrainBegin(_logs?: Logs): void {
    this.training = true;
  }

  override onTrainBatchEnd(_batch: number, logs: Logs): void {
    if (!this.onBatch) return;
    this.batches++;
    this.batchIndex.push(this.batches);
    for (const [k, v] of Object.entries(logs)) if (this.wanted(k)) (this.batchLogs[k] ??= []).push(v);
    const now = performance.now();
    if (now - this.lastDraw >= this.interval) this.draw(now);
  }

  override onEpochEnd(_epoch: number, logs: Logs): void {
    if (!this.onEpoch && !this.onBatch) return;
    if (this.onEpoch) for (const [k, v] of Object.entries(logs)) if (this.wanted(k)) (this.epochLogs[k] ??= []).push(v);
    this.draw(performance.now());
  }

  override onTrainEnd(_logs?: Logs): void {
    this.training = false;
    this.draw(performance.now());
  }

  /** The current charts as SVG strings: per-batch curves first, then per-epoch ones. */
  charts(): string[] {
    const out: string[] = [];
    if (this.onBatch) {
      for (const [base, keys] of groupMetrics(Object.keys(this.batchLogs))) {
        out.push(lineChart({
          title: `${base} (per batch)`, xLabel: 'batch', yLabel: base, width: this.opts.width, height: this.opts.height,
          series: keys.map((k) => ({ name: k, x: this.batchIndex.slice(-this.batchLogs[k]!.length), y: this.batchLogs[k]! })),
        }));
      }
    }
    if (this.onEpoch && Object.keys(this.epochLogs).length) {
      out.push(...historyCharts(this.epochLogs, { width: this.opts.width, height: this.opts.height, titleSuffix: ' (per epoch)' }));
    }
    return out;
  }

  private draw(now: number): void {
    this.lastDraw = now;
    // A live HTML file reloads itself every 2 s until training ends.
    this.markup = show('vis.fitCallbacks', this.target, this.charts(), 'Training', this.training ? 2 : undefined);
  }
}

/**
 * A callback for `fit` that draws loss and metric curves as training runs (tfjs-vis
 * `show.fitCallbacks`): per batch (running means within each epoch, as the progress bar shows
 * them) and per epoch (with the `val_` series dashed).
 *
 * @param target A DOM element (or its id) in a browser, redrawn live; in Node a file path:
 *   `.html` (a page that reloads itself every 2 s until training ends) or `.svg`.
 * @param opts.metrics Log keys to draw. Default: all.
 * @param opts.callbacks `['onEpochEnd', 'onBatchEnd']` (default) or one of them.
 * @example
 * ```ts
 * await model.fit(x, y, { epochs: 5, validationSplit: 0.1,
 *   callbacks: [vis.fitCallbacks('training.html', { metrics: ['loss', 'val_loss', 'accuracy', 'val_accuracy'] })] });
 * ```
 */
export function fitCallbacks(target: Target, opts: FitCallbacksOptions = {}): FitCallbacks {
  return new FitCallbacks(target, opts);
}
