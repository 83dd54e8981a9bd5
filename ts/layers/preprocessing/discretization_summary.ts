// Keras's Discretization.adapt statistics (keras/src/layers/preprocessing/discretization.py):
// an approximate quantile summary, [values; weights], merged batch by batch and compressed
// to ~1/epsilon points; bin boundaries are its num_bins-quantiles. Transcribed with
// numpy's float32/float64 steps (float32 sums, float64 interpolation) so that the
// boundaries equal Keras's.

const f = Math.fround;

export interface Summary {
  values: Float32Array;
  weights: Float32Array;
}

export const emptySummary = (): Summary => ({ values: new Float32Array(0), weights: new Float32Array(0) });

/** Every ⌊step⌋-th sorted value from index ⌊step − 1⌋, with weight `step`. */
export function summarize(data: Float32Array, epsilon: number): Summary {
  const values = Float32Array.from(data).sort();
  const step = Math.max(values.length / (1 / epsilon), 1);
  const stride = Math.trunc(step);
  const picked: number[] = [];
  for (let i = Math.trunc(step - 1); i < values.length; i += stride) picked.push(values[i]!);
  return { values: Float32Array.from(picked), weights: new Float32Array(picked.length).fill(f(step)) };
}

/** numpy.interp for increasing `xp`. */
function interp(x: number, xp: ArrayLike<number>, fp: ArrayLike<number>): number {
  const n = xp.length;
  if (x < xp[0]!) return fp[0]!;
  if (x >= xp[n - 1]!) return fp[n - 1]!;
  let lo = 0, hi = n - 1; // xp[lo] <= x < xp[hi]
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xp[mid]! <= x) lo = mid;
    else hi = mid;
  }
  const slope = (fp[hi]! - fp[lo]!) / (xp[hi]! - xp[lo]!);
  return slope * (x - xp[lo]!) + fp[lo]!;
}

export function compress(s: Summary, epsilon: number): Summary {
  const n = s.values.length;
  if (n * epsilon < 1) return s;
  const count = Math.ceil(1 / epsilon);
  const cum = new Float32Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) cum[i] = acc = f(acc + s.weights[i]!);
  const pct = cum.map((c) => f(c / cum[n - 1]!));
  const values = new Float32Array(count), weights = new Float32Array(count);
  let prev = 0;
  for (let i = 0; i < count; i++) {
    const p = epsilon + i * epsilon;
    values[i] = interp(p, pct, s.values);
    const cw = interp(p, pct, cum);
    weights[i] = cw - prev;
    prev = cw;
  }
  return { values, weights };
}

/** Concatenation sorted by value (stable), then compressed. */
export function merge(a: Summary, b: Summary, epsilon: number): Summary {
  const n = a.values.length + b.values.length;
  const idx = Array.from({ length: n }, (_, i) => i);
  const v = (i: number) => (i < a.values.length ? a.values[i]! : b.values[i - a.values.length]!);
  const w = (i: number) => (i < a.values.length ? a.weights[i]! : b.weights[i - a.values.length]!);
  idx.sort((i, j) => v(i) - v(j));
  return compress({ values: Float32Array.from(idx, v), weights: Float32Array.from(idx, w) }, epsilon);
}

/** The num_bins − 1 inner quantiles. */
export function binBoundaries(s: Summary, numBins: number): number[] {
  return Array.from(compress(s, 1 / numBins).values.slice(0, -1));
}
