// Argument checks for compile/fit/evaluate/predict: every degenerate run (no samples, a
// zero batch size, NaN weights, a misspelled option) fails before the first step instead
// of training on NaN or looping forever.

import { ValueError, fmt } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOptions } from '../utils/options.js';

export const COMPILE_KEYS = ['optimizer', 'loss', 'metrics', 'weightedMetrics', 'lossWeights', 'jitCompile'] as const;
export const FIT_KEYS = [
  'epochs', 'batchSize', 'verbose', 'callbacks', 'validationSplit', 'validationData', 'shuffle', 'classWeight', 'sampleWeight',
  'initialEpoch', 'stepsPerEpoch', 'validationSteps', 'validationBatchSize', 'seed',
] as const;
export const EVALUATE_KEYS = ['batchSize', 'verbose', 'sampleWeight', 'callbacks', 'returnDict', 'steps'] as const;
export const PREDICT_KEYS = ['batchSize', 'verbose', 'callbacks', 'steps'] as const;
export const ON_BATCH_KEYS = ['sampleWeight', 'resetMetrics', 'returnDict'] as const;

export { checkOptions };

/** A positive integer count (batch sizes, steps); `undefined` gives `fallback`. */
export function positiveInt(where: string, name: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new ValueError(`${where}: ${name} must be a positive integer. Received: ${name}=${fmt(v)}`);
  }
  return v;
}

export function nonNegativeInt(where: string, name: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new ValueError(`${where}: ${name} must be a non-negative integer. Received: ${name}=${fmt(v)}`);
  }
  return v;
}

export function checkVerbose(where: string, v: unknown): 0 | 1 | 2 {
  if (v === undefined || v === 'auto') return 1;
  if (v === 0 || v === 1 || v === 2) return v;
  throw new ValueError(`${where}: verbose must be 0, 1, 2 or 'auto'. Received: verbose=${fmt(v)}`);
}

export function checkNonEmpty(where: string, n: number, what = 'x'): void {
  if (n === 0) throw new ValueError(`${where}: ${what} has 0 samples; there is nothing to ${where.startsWith('fit') ? 'train on' : 'run'}. Received: ${what} with 0 samples`);
}

/** Per-sample weights: one finite, non-negative number per sample. */
export function checkSampleWeight(where: string, sw: Tensor, n: number): void {
  if (sw.dtype !== 'float32' && sw.dtype !== 'int32') {
    throw new ValueError(`${where}: sampleWeight must be numeric. Received: dtype=${sw.dtype}`);
  }
  if (sw.rank < 1 || sw.shape[0] !== n || sw.size !== n) {
    throw new ValueError(`${where}: sampleWeight must have one weight per sample (shape [${n}]). Received: shape=${fmt(sw.shape)}`);
  }
  const v = sw.buf.view();
  for (let i = 0; i < n; i++) {
    const w = v[i]!;
    if (!Number.isFinite(w) || w < 0) {
      throw new ValueError(`${where}: sampleWeight must be finite and non-negative. Received: ${w} at index ${i}`);
    }
  }
}

/** Raw sample weights before upload: numbers only (a string or object would become NaN). */
export function checkSampleWeightValues(where: string, sw: unknown): void {
  if (sw === undefined || (sw !== null && typeof sw === 'object' && (sw as { isTensor?: boolean }).isTensor)) return;
  if (ArrayBuffer.isView(sw)) return;
  if (!Array.isArray(sw) || sw.some((w) => typeof w !== 'number')) {
    throw new ValueError(`${where}: sampleWeight must be a Tensor, a typed array or an array of numbers. Received: ${fmt(sw)}`);
  }
}

/** classWeight: integer class keys, finite non-negative weights. */
export function checkClassWeight(where: string, cw: unknown): void {
  if (cw === null || typeof cw !== 'object' || Array.isArray(cw)) {
    throw new ValueError(`${where}: classWeight must be an object mapping class index to weight. Received: ${fmt(cw)}`);
  }
  for (const [k, w] of Object.entries(cw)) {
    if (!/^\d+$/.test(k)) throw new ValueError(`${where}: classWeight keys must be class indices (0, 1, …). Received: key '${k}'`);
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new ValueError(`${where}: classWeight values must be finite, non-negative numbers. Received: classWeight[${k}]=${fmt(w)}`);
    }
  }
}

export function checkValidationSplit(where: string, v: unknown): number {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !(v >= 0 && v < 1)) {
    throw new ValueError(`${where}: validationSplit must be a number in [0, 1). Received: validationSplit=${fmt(v)}`);
  }
  return v;
}
