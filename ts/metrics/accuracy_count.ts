// Sparse categorical accuracy counted on the host. fit updates it every step on a small
// prediction block (batch × classes); the tensor route (argmax, equal, sum: three kernel calls,
// five tensors) costs far more than reading a few hundred floats. The answer is the same
// number: the count of exact matches is an integer, which the float32 sum also gives exactly.

import { Tensor } from '../tensor/tensor.js';
import { hasKerasMask } from '../layers/masking/keras_mask.js';

/** Above this many predictions the kernel's argmax (SIMD) wins over a scalar host loop. */
const MAX_HOST = 1 << 15;

/**
 * { total, count } of one unweighted batch as `batchMean(sparseCategoricalAccuracy(t, p))`
 * gives it, or null when the case is not the plain one (sample weights, masks, broadcasting,
 * other dtypes, empty axes): the tensor route then runs and gives its own errors.
 */
export function sparseAccuracyCount(yTrue: unknown, yPred: unknown): { total: number; count: number } | null {
  if (!(yTrue instanceof Tensor) || !(yPred instanceof Tensor)) return null;
  const p = yPred, t = yTrue;
  if (p.dtype !== 'float32' || p.rank < 2 || p.size > MAX_HOST || p.size === 0 || hasKerasMask(p)) return null;
  if (t.dtype !== 'int32' && t.dtype !== 'float32') return null;
  const r = p.rank - 1;
  // Labels shaped like the predictions without their class axis, or with a trailing 1.
  if (!(t.rank === r || (t.rank === p.rank && t.shape[r] === 1))) return null;
  for (let a = 0; a < r; a++) if (t.shape[a] !== p.shape[a]) return null;
  const c = p.shape[r]!;
  const n = p.size / c;
  // Whole-memory arrays indexed from each buffer's offset: no subarray objects per call.
  const pb = p.buf, tb = t.buf;
  const pv = pb.heap.f32Upto(pb.ptr + 4 * p.size);
  const tv = t.dtype === 'int32' ? tb.heap.i32Upto(tb.ptr + 4 * t.size) : tb.heap.f32Upto(tb.ptr + 4 * t.size);
  const t0 = tb.ptr >>> 2;
  let hits = 0;
  for (let i = 0, o = pb.ptr >>> 2; i < n; i++, o += c) {
    // The kernel's rule (numpy's): the first NaN wins, otherwise the first strict maximum.
    let best = pv[o]!, k = 0;
    if (best === best) {
      for (let j = 1; j < c; j++) {
        const v = pv[o + j]!;
        if (v !== v) {
          k = j;
          break;
        }
        if (v > best) {
          best = v;
          k = j;
        }
      }
    }
    if (tv[t0 + i] === k) hits++;
  }
  // batchMean: Σ per-sample means, one sample per row of the batch axis.
  const b = p.shape[0]!;
  return { total: hits / (n / b), count: b };
}
