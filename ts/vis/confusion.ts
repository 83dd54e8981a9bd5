// Confusion matrix and per-class accuracy (tfjs-vis `metrics.confusionMatrix`,
// `metrics.perClassAccuracy`, `render.confusionMatrix`, `show.perClassAccuracy`).

import { ValueError } from '../errors.js';
import { barChart } from './bar_chart.js';
import { heatmap } from './heatmap.js';
import { show, type Target } from './target.js';

/** A tensor (anything with `shape` and `dataSync()`), class indices, or rows of scores/one-hot vectors. */
export type ClassesLike = ArrayLike<number> | ArrayLike<number>[] | { shape: readonly number[]; dataSync(): ArrayLike<number> };

/** Class indices from labels or predictions: rows of scores (or one-hot rows) become their argmax. */
export function toClassIndices(v: ClassesLike, where: string, what: string): Int32Array {
  let flat: ArrayLike<number>;
  let cols = 1;
  if (typeof (v as { dataSync?: unknown }).dataSync === 'function') {
    const t = v as { shape: readonly number[]; dataSync(): ArrayLike<number> };
    if (t.shape.length > 2) throw new ValueError(`${where}: ${what} must be class indices [n] or scores [n, classes]. Received: a tensor of shape [${t.shape.join(', ')}]`);
    flat = t.dataSync();
    cols = t.shape.length === 2 ? t.shape[1]! : 1;
  } else if (Array.isArray(v) && v.length > 0 && typeof v[0] === 'object') {
    const rows = v as ArrayLike<number>[];
    cols = rows[0]!.length;
    const out = new Float64Array(rows.length * cols);
    rows.forEach((r, i) => {
      if (r.length !== cols) throw new ValueError(`${where}: every row of ${what} must have ${cols} scores. Received: row ${i} with ${r.length}`);
      for (let j = 0; j < cols; j++) out[i * cols + j] = r[j]!;
    });
    flat = out;
  } else {
    if (typeof (v as { then?: unknown }).then === 'function') throw new ValueError(`${where}: ${what} is a Promise; await it first (model.predict returns one). Received: a Promise`);
    if (typeof (v as ArrayLike<number>)?.length !== 'number') throw new ValueError(`${where}: ${what} must be an array, a typed array or a tensor. Received: ${String(v)}`);
    flat = v as ArrayLike<number>;
  }
  const n = cols === 0 ? 0 : flat.length / cols;
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (cols === 1) {
      const c = flat[i]!;
      if (!Number.isInteger(c) || c < 0) throw new ValueError(`${where}: ${what} must be non-negative integer class indices (or rows of scores). Received: ${c} at position ${i}`);
      idx[i] = c;
    } else {
      let best = 0;
      for (let j = 1; j < cols; j++) if (flat[i * cols + j]! > flat[i * cols + best]!) best = j;
      idx[i] = best;
    }
  }
  return idx;
}

function pair(where: string, labels: ClassesLike, predictions: ClassesLike, numClasses?: number): { y: Int32Array; p: Int32Array; k: number } {
  const y = toClassIndices(labels, where, 'labels');
  const p = toClassIndices(predictions, where, 'predictions');
  if (y.length !== p.length) throw new ValueError(`${where}: labels and predictions must have as many samples. Received: ${y.length} labels, ${p.length} predictions`);
  let k = numClasses ?? 0;
  if (numClasses === undefined) for (let i = 0; i < y.length; i++) k = Math.max(k, y[i]! + 1, p[i]! + 1);
  for (let i = 0; i < y.length; i++) {
    if (y[i]! >= k || p[i]! >= k) throw new ValueError(`${where}: class index out of range for numClasses=${k}. Received: label ${y[i]}, prediction ${p[i]} at position ${i}`);
  }
  return { y, p, k };
}

/** Counts: `matrix[label][prediction]`. */
export function confusionMatrixValues(labels: ClassesLike, predictions: ClassesLike, numClasses?: number): number[][] {
  const { y, p, k } = pair('vis.metrics.confusionMatrix', labels, predictions, numClasses);
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < y.length; i++) m[y[i]!]![p[i]!]!++;
  return m;
}

/** The accuracy of the predictions among the samples of one class (its recall). */
export interface ClassAccuracy {
  /** Correct / count; NaN for a class with no samples. */
  accuracy: number;
  /** Samples whose label is this class. */
  count: number;
}

/** The accuracy among the samples of each class (recall per class). */
export function perClassAccuracyValues(labels: ClassesLike, predictions: ClassesLike, numClasses?: number): ClassAccuracy[] {
  const { y, p, k } = pair('vis.metrics.perClassAccuracy', labels, predictions, numClasses);
  const count = new Array<number>(k).fill(0), right = new Array<number>(k).fill(0);
  for (let i = 0; i < y.length; i++) {
    count[y[i]!]!++;
    if (y[i] === p[i]) right[y[i]!]!++;
  }
  return count.map((c, i) => ({ accuracy: c ? right[i]! / c : NaN, count: c }));
}

/** Options of `vis.confusionMatrix` and `vis.perClassAccuracy` (tfjs-vis `show.confusionMatrix`, `show.perClassAccuracy`). */
export interface ConfusionOptions {
  /** Names of the classes (tick labels). Default '0', '1', …. */
  classNames?: string[];
  /** Default: classNames.length, else the largest index + 1. */
  numClasses?: number;
  /** Colour by the share of each true class (the cell text shows count and share). Default true. */
  normalize?: boolean;
  /** Where to draw: a DOM element (or id) in a browser, a `.svg`/`.html` file in Node. */
  target?: Target;
  /** Chart title. Default: `'Confusion matrix'` (`'Per-class accuracy'` for `vis.perClassAccuracy`). */
  title?: string;
}

/** What `vis.confusionMatrix` returns: the counts, the per-class accuracies and the markup it drew. */
export interface ConfusionResult {
  /** `matrix[label][prediction]` counts. */
  matrix: number[][];
  /** Accuracy and sample count of each class, in class order. */
  perClass: ClassAccuracy[];
  /** The class names used as labels (given, or `'0'`, `'1'`, …). */
  classNames: string[];
  /** The markup drawn (the matrix and the per-class accuracy bars). */
  markup: string;
}

function names(where: string, k: number, given?: string[]): string[] {
  if (given && given.length !== k) throw new ValueError(`${where}: classNames must name all ${k} classes. Received: ${given.length} names`);
  return given ?? Array.from({ length: k }, (_, i) => String(i));
}

function perClassChart(perClass: ClassAccuracy[], classNames: string[]): string {
  return barChart({
    title: 'Per-class accuracy', categories: classNames, yDomain: [0, 1], yLabel: 'accuracy',
    series: [{ name: 'accuracy', values: perClass.map((c) => c.accuracy) }], missingLabel: 'no samples',
  });
}

/**
 * Computes and draws a confusion matrix (rows: true class, columns: predicted class) and the
 * per-class accuracy beside it.
 *
 * @param labels True classes: indices, one-hot rows, or a tensor of either.
 * @param predictions Predicted classes: indices, or scores/probabilities (argmax taken), or a tensor.
 * @example
 * ```ts
 * const probs = model.predict(xTest) as Tensor;
 * const { matrix } = vis.confusionMatrix(yTest, probs, { classNames: FASHION_CLASSES, target: 'confusion.html' });
 * ```
 */
export function confusionMatrix(labels: ClassesLike, predictions: ClassesLike, opts: ConfusionOptions = {}): ConfusionResult {
  const where = 'vis.confusionMatrix';
  const k0 = opts.numClasses ?? opts.classNames?.length;
  const matrix = confusionMatrixValues(labels, predictions, k0);
  const k = matrix.length;
  const classNames = names(where, k, opts.classNames);
  const perClass = matrix.map((row, i) => {
    const count = row.reduce((a, b) => a + b, 0);
    return { accuracy: count ? row[i]! / count : NaN, count };
  });
  const normalize = opts.normalize ?? true;
  const shown = normalize ? matrix.map((row) => { const s = row.reduce((a, b) => a + b, 0); return row.map((v) => (s ? v / s : 0)); }) : matrix;
  const svg = heatmap({
    title: opts.title ?? 'Confusion matrix', values: shown, rowLabels: classNames, colLabels: classNames,
    xLabel: 'predicted', yLabel: 'true', cellText: (i, j) => String(matrix[i]![j]),
  });
  // The counts stay readable in the SVG: data-value holds the colour value, so tag counts too.
  const tagged = svg.replace(/<g class="cell" data-row="(\d+)" data-col="(\d+)"/g, (_m, i: string, j: string) => `<g class="cell" data-row="${i}" data-col="${j}" data-count="${matrix[+i]![+j]}"`);
  const markup = show(where, opts.target, [tagged, perClassChart(perClass, classNames)], opts.title ?? 'Confusion matrix');
  return { matrix, perClass, classNames, markup };
}

/** Computes and draws the accuracy of every class (tfjs-vis `show.perClassAccuracy`). */
export function perClassAccuracy(labels: ClassesLike, predictions: ClassesLike, opts: Omit<ConfusionOptions, 'normalize'> = {}): { perClass: ClassAccuracy[]; classNames: string[]; markup: string } {
  const perClass = perClassAccuracyValues(labels, predictions, opts.numClasses ?? opts.classNames?.length);
  const classNames = names('vis.perClassAccuracy', perClass.length, opts.classNames);
  const markup = show('vis.perClassAccuracy', opts.target, [perClassChart(perClass, classNames)], opts.title ?? 'Per-class accuracy');
  return { perClass, classNames, markup };
}
