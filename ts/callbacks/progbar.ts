// The text progress bar of fit/evaluate/predict (Keras `utils/progbar.py`), in the classic
// Keras layout:
//   12/1875 [>.............................] - ETA: 14s - loss: 0.4321 - accuracy: 0.8765
//   1875/1875 [==============================] - 12s 6ms/step - loss: 0.3012 - accuracy: 0.9123
// verbose 2 prints only the second kind of line, as `1875/1875 - 12s - 6ms/step - loss: …`.

import { formatMetric, pyRound } from './format.js';
import type { Writer } from './io.js';

/** Options of {@link Progbar} (Keras `keras.utils.Progbar`); every field but `width` and `unitName` is required. */
export interface ProgbarOptions {
  /** 1: a bar (redrawn on a TTY, else its final line only); 2: one line at the end; 0: nothing. */
  verbose: number;
  /** Receives the text to print (a bar line, or `\r` + the redrawn line on a TTY). */
  write: Writer;
  /** Whether the output understands '\r' redraws. */
  tty: boolean;
  /** Minimum time between two redraws, in ms. */
  interval: number;
  /** Clock in ms. */
  now: () => number;
  /** Width of the bar in characters. Default: 30. */
  width?: number;
  /** Name of a step in the per-step time (`6ms/step`). Default: `'step'`. */
  unitName?: string;
}

/** Renders progress towards `target` steps (null: unknown) with the latest metric values. */
export class Progbar {
  /** Total number of steps, or null when unknown (no bar, only the count). */
  target: number | null;
  private readonly o: ProgbarOptions;
  private readonly width: number;
  private readonly unit: string;
  private readonly values = new Map<string, number>();
  private pending: Record<string, number> | undefined;
  private readonly start: number;
  private lastUpdate = -Infinity;
  private timeAfterFirstStep: number | undefined;
  private prevWidth = 0;

  constructor(target: number | null, opts: ProgbarOptions) {
    this.target = target;
    this.o = opts;
    this.width = opts.width ?? 30;
    this.unit = opts.unitName ?? 'step';
    this.start = opts.now();
  }

  /**
   * Records that `current` steps are done and the metrics' latest values. Cheap unless it
   * draws: the values are only read when a line is rendered.
   */
  update(current: number, logs: Record<string, number> | undefined, finalize: boolean): void {
    // Every value is shown as given (the trainer already sends running means), so only the
    // latest logs matter; they are merged into `values` (first-seen key order) when drawn.
    if (logs) this.pending = logs;
    const { verbose, tty } = this.o;
    const now = this.o.now();
    const perStep = this.stepDuration(current, now);
    if (verbose === 1) {
      if (!finalize && (!tty || now - this.lastUpdate < this.o.interval)) return;
      let line = this.bar(current) + this.info(current, now, perStep, finalize);
      const width = line.length;
      if (tty) {
        if (this.prevWidth > width) line += ' '.repeat(this.prevWidth - width);
        line = `\r${line}`;
      }
      this.o.write(finalize ? `${line}\n` : line);
      this.prevWidth = width;
    } else if (verbose === 2 && finalize && this.target !== null && this.target > 0) {
      const count = `${String(current).padStart(String(this.target).length)}/${this.target}`;
      this.o.write(`${count} - ${pyRound((now - this.start) / 1000)}s -${this.formatTime(perStep)}${this.metrics()}\n`);
    }
    this.lastUpdate = now;
  }

  private metrics(): string {
    if (this.pending) {
      for (const k in this.pending) this.values.set(k, this.pending[k]!);
      this.pending = undefined;
    }
    let s = '';
    for (const [k, v] of this.values) s += ` - ${k}: ${typeof v === 'number' ? formatMetric(v) : String(v)}`;
    return s;
  }

  private bar(current: number): string {
    const target = this.target;
    if (target === null || !(target > 0)) return `${String(current).padStart(7)}/Unknown`;
    let bar = `${String(current).padStart(String(target).length)}/${target} [`;
    const progWidth = Math.min(this.width, Math.floor((this.width * current) / target));
    if (progWidth > 0) bar += '='.repeat(progWidth - 1) + (current < target ? '>' : '=');
    return `${bar}${'.'.repeat(this.width - progWidth)}]`;
  }

  private info(current: number, now: number, perStep: number, finalize: boolean): string {
    let info: string;
    if (this.target !== null && this.target > 0 && !finalize) {
      const eta = perStep * (this.target - current);
      const two = (x: number) => String(Math.floor(x)).padStart(2, '0');
      const etaText = eta > 3600 ? `${Math.floor(eta / 3600)}:${two((eta % 3600) / 60)}:${two(eta % 60)}`
        : eta > 60 ? `${Math.floor(eta / 60)}:${two(eta % 60)}` : `${Math.floor(eta)}s`;
      info = ` - ETA: ${etaText}`;
    } else {
      info = ` - ${pyRound((now - this.start) / 1000)}s${this.formatTime(perStep)}`;
    }
    return info + this.metrics();
  }

  private formatTime(perStep: number): string {
    if (perStep >= 1 || perStep === 0) return ` ${pyRound(perStep)}s/${this.unit}`;
    if (perStep >= 1e-3) return ` ${pyRound(perStep * 1e3)}ms/${this.unit}`;
    return ` ${pyRound(perStep * 1e6)}us/${this.unit}`;
  }

  /** Seconds per step, leaving out the first step (which includes warm-up) once there is a second. */
  private stepDuration(current: number, now: number): number {
    if (!current) return 0;
    const perStep = this.timeAfterFirstStep !== undefined && current > 1
      ? (now - this.timeAfterFirstStep) / (current - 1)
      : (now - this.start) / current;
    if (current === 1) this.timeAfterFirstStep = now;
    return perStep / 1000;
  }
}
