// Weighted confusion-matrix counts per threshold (Keras `metrics_utils.update_confusion_matrix_variables`),
// the shared core of TruePositives … AUC. A prediction counts as positive at threshold θ
// when p > θ; a label is positive when it is non-zero.
//
// Evenly spaced thresholds (AUC's 200) use Keras's bucket trick: each prediction falls in
// bucket ⌈p·(K − 1)⌉ − 1, one segment-sum gives the weighted labels per bucket, and a
// suffix sum over buckets (on the host, in float64) gives the counts at every threshold.
// Other thresholds compare every prediction against every threshold in one [M, K] mask
// and one matmul. Either way the host reads back O(K) numbers per batch.

import { ValueError, fmt } from '../errors.js';
import {
  add, addScalar, broadcastTo, cast, ceil, clipByValue, concat, greater, matmul, mul, mulScalar, notEqual, reshape, slice, sum,
} from '../ops/index.js';
import { empty } from '../ops/op.js';
import { check, ex } from '../ops/raw.js';
import { squeezeOrExpandToSameRank } from '../losses/reduction.js';
import { asFloat } from '../losses/validate.js';
import { fromData, scalar, tensor, toTensor, type TensorLike } from '../tensor/creation.js';
import { shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** Keras `NEG_INF`: the score given to predictions outside the top k. */
export const NEG_INF = -1e10;

/** Counts per threshold, laid out [K] (or [K, L] row-major when multi-label). */
export interface ConfusionCounts {
  /** True positives. */
  tp: Float64Array;
  /** False positives. */
  fp: Float64Array;
  /** True negatives. */
  tn: Float64Array;
  /** False negatives. */
  fn: Float64Array;
}

/** Options of the confusion-count update shared by the threshold metrics. */
export interface ConfusionOptions {
  /** Per-sample weights, broadcast to the predictions' shape. */
  sampleWeight?: TensorLike | null;
  /** Keep only the k highest-scoring classes of each row (others score NEG_INF). */
  topK?: number | null;
  /** Count only this class (column) of [N, C] predictions. */
  classId?: number | null;
  /** Keep one count per label (column) instead of pooling all entries. */
  multiLabel?: boolean;
  /** Per-label weights (pooled mode only). */
  labelWeights?: readonly number[] | null;
  /** Thresholds are i/(K − 1) (possibly with ∓ε ends): use the bucket path. Default: detected. */
  evenly?: boolean;
}

/** Keras `is_evenly_distributed_thresholds`: K ≥ 3 values equal to i/(K − 1) within 1e-7. */
export function evenlyDistributed(thresholds: readonly number[]): boolean {
  const k = thresholds.length;
  if (k < 3) return false;
  return thresholds.every((t, i) => Math.abs(t - Math.fround(i / (k - 1))) <= 1e-7 + 1e-5 * Math.abs(Math.fround(i / (k - 1))));
}

/** Validates thresholds in [0, 1] (Keras `parse_init_thresholds`). */
export function parseThresholds(where: string, thresholds: number | readonly number[] | null | undefined, fallback: number): number[] {
  if (thresholds == null) return [fallback];
  const list = typeof thresholds === 'number' ? [thresholds] : [...thresholds];
  const bad = list.filter((t) => typeof t !== 'number' || !(t >= 0 && t <= 1));
  if (list.length === 0 || bad.length > 0) {
    throw new ValueError(`${where}: threshold values must be in [0, 1]. Received: thresholds=${fmt(thresholds)}`);
  }
  return list;
}

/** y_pred with everything outside each row's top k set to NEG_INF (computed on the host). */
function filterTopK(p: Tensor, k: number): Tensor {
  const c = p.shape.at(-1)!;
  const v = p.buf.f32();
  const out = new Float32Array(p.size).fill(NEG_INF);
  const idx = Array.from({ length: c }, (_, i) => i);
  for (let r = 0; r < p.size / c; r++) {
    const row = v.subarray(r * c, r * c + c);
    // Largest first; ties keep the lower index, as top_k does.
    const order = idx.slice().sort((a, b) => row[b]! - row[a]! || a - b);
    for (let j = 0; j < Math.min(k, c); j++) out[r * c + order[j]!] = row[order[j]!]!;
  }
  return fromData('top_k', out, p.shape, 'float32');
}

/** Σ of `data` rows into `segments` bins by int32 `ids` (one kernel: kx_scatter_add). */
function segmentSum(data: Tensor, ids: Tensor, segments: number): Tensor {
  const [m, inner] = [ids.size, data.size / Math.max(1, ids.size)];
  const out = empty([segments, inner], 'float32', 'segmentSum');
  out.buf.f32().fill(0);
  if (m > 0) check('segmentSum', ex().kx_scatter_add(data.buf.ptr, ids.buf.ptr, out.buf.ptr, 1, m, segments, inner));
  return out;
}

/**
 * Weighted TP/FP/TN/FN at each threshold for one batch. Runs inside the caller's no-grad
 * tidy scope; returns host arrays.
 */
export function confusionCounts(where: string, yTrue: TensorLike, yPred: TensorLike, thresholds: readonly number[], opts: ConfusionOptions = {}): ConfusionCounts {
  let p = asFloat(toTensor(yPred, where));
  let t = asFloat(toTensor(yTrue, where));
  [p, t] = squeezeOrExpandToSameRank(p, t);
  if (!shapesEqual(p.shape, t.shape)) {
    throw new ValueError(`${where}: y_true and y_pred must have the same shape. Received: y_true.shape=${fmt(t.shape)}, y_pred.shape=${fmt(p.shape)}`);
  }
  let w: Tensor | null = null;
  if (opts.sampleWeight != null) {
    const sw = asFloat(toTensor(opts.sampleWeight, where));
    w = squeezeOrExpandToSameRank(t, reshape(sw, [...sw.shape, 1]), false)[1];
    try {
      w = broadcastTo(w, t.shape);
    } catch {
      throw new ValueError(`${where}: sample_weight cannot be broadcast to y_true. Received: sample_weight.shape=${fmt(sw.shape)}, y_true.shape=${fmt(t.shape)}`);
    }
  }
  if (opts.topK != null) p = filterTopK(p, opts.topK);
  if (opts.classId != null) {
    const c = p.shape.at(-1)!;
    if (p.rank < 2 || !(opts.classId >= 0 && opts.classId < c)) {
      throw new ValueError(`${where}: class_id must index the last axis of [num_samples, num_classes] predictions. ` +
        `Received: class_id=${opts.classId}, y_pred.shape=${fmt(p.shape)}`);
    }
    const col = (x: Tensor) => slice(x, x.shape.map((_, i) => (i === x.rank - 1 ? opts.classId! : 0)), [...x.shape.slice(0, -1), 1]);
    [p, t] = [col(p), col(t)];
    if (w) w = col(w);
  }
  const multi = opts.multiLabel ?? false;
  if (multi && p.rank !== 2) throw new ValueError(`${where}: multi_label needs y_pred of rank 2. Received: y_pred.shape=${fmt(p.shape)}`);
  const labels = multi ? p.shape[1]! : 1;
  if (!multi && opts.labelWeights) {
    const lw = tensor(Float32Array.from(opts.labelWeights));
    const lwb = broadcastTo(lw, p.shape);
    w = w ? mul(w, lwb) : lwb;
  }
  // Weighted positive and negative labels, as [M, 2] rows (M = every entry).
  const pos = notEqual(t, scalar(0));
  const tw = w ? mul(pos, w) : pos;
  const fw = w ? mul(addScalar(mulScalar(pos, -1), 1), w) : addScalar(mulScalar(pos, -1), 1);
  const m = p.size;
  const data = concat([reshape(tw, [m, 1]), reshape(fw, [m, 1])], 1);
  const k = thresholds.length;
  const out: ConfusionCounts = { tp: new Float64Array(k * labels), fp: new Float64Array(k * labels), tn: new Float64Array(k * labels), fn: new Float64Array(k * labels) };
  const totals = new Float64Array(2 * labels);
  if (opts.evenly ?? evenlyDistributed(thresholds)) {
    bucketCounts(p, data, thresholds, labels, out, totals);
  } else {
    compareCounts(p, data, thresholds, labels, out, totals);
  }
  for (let i = 0; i < k; i++) {
    for (let l = 0; l < labels; l++) {
      const j = i * labels + l;
      out.fn[j] = totals[2 * l]! - out.tp[j]!;
      out.tn[j] = totals[2 * l + 1]! - out.fp[j]!;
    }
  }
  return out;
}

/**
 * Segment j holds the predictions with ⌈p·(K − 1)⌉ = j, i.e. above thresholds 0 … j − 1.
 * With AUC's outer thresholds −ε and 1 + ε every p ≥ 0 clears threshold 0.
 */
function bucketCounts(p: Tensor, data: Tensor, thr: readonly number[], labels: number, out: ConfusionCounts, totals: Float64Array): void {
  const k = thr.length;
  const withEpsilon = thr[0]! < 0 || thr[k - 1]! > 1;
  let ids = cast(ceil(mulScalar(clipByValue(p, 0, 1), k - 1)), 'int32');
  if (labels > 1) {
    // Segment id = bucket·L + label, so one scatter bins every label at once.
    const lab = tensor(Float32Array.from({ length: labels }, (_, i) => i));
    ids = cast(add(mulScalar(cast(ids, 'float32'), labels), lab), 'int32');
  }
  const segs = segmentSum(data, ids, k * labels).buf.f32();
  for (let l = 0; l < labels; l++) {
    let tpAcc = 0, fpAcc = 0;
    // Threshold i counts segments i + 1 … K − 1 (bucket j − 1 lies above thresholds ≤ j − 1).
    for (let i = k - 1; i >= 0; i--) {
      const s = i + 1 < k ? i + 1 : -1;
      if (s >= 0) {
        tpAcc += segs[2 * (s * labels + l)]!;
        fpAcc += segs[2 * (s * labels + l) + 1]!;
      }
      out.tp[i * labels + l] = tpAcc;
      out.fp[i * labels + l] = fpAcc;
    }
    let tAll = 0, fAll = 0;
    for (let s = 0; s < k; s++) {
      tAll += segs[2 * (s * labels + l)]!;
      fAll += segs[2 * (s * labels + l) + 1]!;
    }
    if (withEpsilon) {
      // Bucket −1 (p = 0) still lies above −ε.
      out.tp[l] = tAll;
      out.fp[l] = fAll;
    }
    totals[2 * l] = tAll;
    totals[2 * l + 1] = fAll;
  }
}

/** Counts by comparing every prediction with every threshold: one [M, K] mask, one matmul. */
function compareCounts(p: Tensor, data: Tensor, thr: readonly number[], labels: number, out: ConfusionCounts, totals: Float64Array): void {
  const k = thr.length;
  const th = reshape(tensor(Float32Array.from(thr)), [1, k]);
  const cols = labels === 1 ? [p] : Array.from({ length: labels }, (_, l) => slice(p, [0, l], [p.shape[0]!, 1]));
  const dcols = labels === 1 ? [data] : Array.from({ length: labels }, (_, l) => slice(reshape(data, [p.shape[0]!, labels, 2]), [0, l, 0], [p.shape[0]!, 1, 2]));
  cols.forEach((pc, l) => {
    const n = pc.size;
    const mask = greater(reshape(pc, [n, 1]), th);
    const d = reshape(dcols[l]!, [n, 2]);
    const counts = matmul(d, mask, true).buf.f32(); // [2, K]
    const tot = sum(d, 0).buf.f32();
    for (let i = 0; i < k; i++) {
      out.tp[i * labels + l] = counts[i]!;
      out.fp[i * labels + l] = counts[k + i]!;
    }
    totals[2 * l] = tot[0]!;
    totals[2 * l + 1] = tot[1]!;
  });
}
