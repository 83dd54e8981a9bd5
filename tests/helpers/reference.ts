// A tiny float64 NDArray reference for the op layer: every op in ts/ops/ written the
// obvious way (index loops, no cleverness), so tests compare the f32 kernels against it
// and gradcheck differentiates it numerically. Keras 3 definitions throughout.

export interface NDArray {
  shape: number[];
  data: Float64Array;
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, d) => a * d, 1);
}

export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** An NDArray from flat values or a function of the flat index. */
export function nd(shape: readonly number[], data: ArrayLike<number> | ((i: number) => number)): NDArray {
  const n = sizeOf(shape);
  const out = new Float64Array(n);
  if (typeof data === 'function') for (let i = 0; i < n; i++) out[i] = data(i);
  else {
    if (data.length !== n) throw new Error(`nd: shape [${shape}] needs ${n} values, got ${data.length}`);
    for (let i = 0; i < n; i++) out[i] = data[i]!;
  }
  return { shape: shape.slice(), data: out };
}

/** Rounds every value to float32, as uploading to a tensor does. */
export function f32(x: NDArray): NDArray {
  return nd(x.shape, (i) => Math.fround(x.data[i]!));
}

export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    idx[a] = i % shape[a]!;
    i = Math.floor(i / shape[a]!);
  }
  return idx;
}

export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let k = 0;
  for (let a = 0; a < shape.length; a++) k = k * shape[a]! + idx[a]!;
  return k;
}

function normAxis(axis: number, rank: number): number {
  if (axis < -rank || axis >= rank) throw new Error(`reference: axis ${axis} out of range for rank ${rank}`);
  return axis < 0 ? axis + rank : axis;
}

// ---------------------------------------------------------------- special functions

/**
 * erf to ~1e-15 relative: for |x| < 3 the all-positive series
 * erf(x) = 2/√π · e^{−x²} · Σ (2x²)^n · x / (2n+1)!!  (no cancellation), and beyond it
 * 1 − erfc(x) with erfc from its continued fraction.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return -erf(-x);
  if (x >= 3) return 1 - erfcLarge(x);
  let term = x, sum = x;
  const x2 = 2 * x * x;
  for (let n = 1; n < 200 && term > 1e-17 * sum; n++) {
    term *= x2 / (2 * n + 1);
    sum += term;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
}

/** erfc(x) = 1 − erf(x), accurate in both tails. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x >= 3) return erfcLarge(x);
  return 1 - erf(x);
}

/** Continued fraction erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), x ≥ 3, by Lentz. */
function erfcLarge(x: number): number {
  if (x > 27) return 0;
  const tiny = 1e-300;
  let f = x, c = x, d = 0;
  for (let n = 1; n < 500; n++) {
    const an = n / 2;
    d = x + an * d;
    d = d === 0 ? tiny : 1 / d;
    c = x + an / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

function relu6(x: number): number {
  return Number.isNaN(x) ? NaN : Math.min(Math.max(x, 0), 6);
}

function hardSigmoid(x: number): number {
  return relu6(x + 3) / 6;
}

/** numpy round: half to even. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  const r = d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
  return r === 0 && x < 0 ? -0 : r;
}

export const SELU_ALPHA = 1.6732632423543772;
export const SELU_SCALE = 1.0507009873554805;

// ---------------------------------------------------------------- unary

/** Every op in ts/ops/unary.ts `UNARY_OPS`: f(x, a, b) with the op's scalar parameters. */
export const UNARY_REF = {
  identity: (x: number) => x,
  relu: (x: number) => (Number.isNaN(x) ? NaN : Math.max(x, 0)),
  leakyRelu: (x: number, a: number) => (x < 0 ? a * x : x),
  elu: (x: number, a: number) => (x > 0 ? x : Number.isNaN(x) ? NaN : a * Math.expm1(x)),
  selu: (x: number) => SELU_SCALE * (x > 0 ? x : Number.isNaN(x) ? NaN : SELU_ALPHA * Math.expm1(x)),
  gelu: (x: number) => x * 0.5 * erfc(-x / Math.SQRT2),
  geluTanh: (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))),
  silu: (x: number) => x * sigmoid(x),
  sigmoid,
  tanh: Math.tanh,
  softplus,
  softsign: (x: number) => x / (1 + Math.abs(x)),
  hardSigmoid,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  rsqrt: (x: number) => 1 / Math.sqrt(x),
  square: (x: number) => x * x,
  abs: Math.abs,
  neg: (x: number) => -x,
  reciprocal: (x: number) => 1 / x,
  relu6,
  hardSilu: (x: number) => x * hardSigmoid(x),
  mish: (x: number) => x * Math.tanh(softplus(x)),
  clip: (x: number, a: number, b: number) => (Number.isNaN(x) ? NaN : Math.min(Math.max(x, a), b)),
  sign: (x: number) => (Number.isNaN(x) ? NaN : x > 0 ? 1 : x < 0 ? -1 : 0),
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven,
  log1p: Math.log1p,
  expm1: Math.expm1,
  sin: Math.sin,
  cos: Math.cos,
  powScalar: (x: number, a: number) => Math.pow(x, a),
  affine: (x: number, a: number, b: number) => a * x + b,
} satisfies Record<string, (x: number, a: number, b: number) => number>;

export type UnaryRefName = keyof typeof UNARY_REF;

export function unaryRef(name: UnaryRefName, x: NDArray, a = 0, b = 0): NDArray {
  const f = UNARY_REF[name] as (x: number, a: number, b: number) => number;
  return nd(x.shape, (i) => f(x.data[i]!, a, b));
}

export function mapRef(x: NDArray, f: (v: number) => number): NDArray {
  return nd(x.shape, (i) => f(x.data[i]!));
}

// ---------------------------------------------------------------- broadcasting binary

/** NumPy broadcasting written directly from the rules; null when incompatible. */
export function broadcastShapesRef(a: readonly number[], b: readonly number[]): number[] | null {
  const r = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < r; i++) {
    const da = i < r - a.length ? 1 : a[i - (r - a.length)]!;
    const db = i < r - b.length ? 1 : b[i - (r - b.length)]!;
    if (da === db) out.push(da);
    else if (da === 1) out.push(db);
    else if (db === 1) out.push(da);
    else return null;
  }
  return out;
}

/** Reads x at an index of the broadcast `out` shape. */
function bcastIndex(x: NDArray, outIdx: readonly number[]): number {
  const lead = outIdx.length - x.shape.length;
  let k = 0;
  for (let a = 0; a < x.shape.length; a++) {
    const d = x.shape[a]!;
    k = k * d + (d === 1 ? 0 : outIdx[a + lead]!);
  }
  return x.data[k]!;
}

export function broadcastToRef(x: NDArray, shape: readonly number[]): NDArray {
  return nd(shape, (i) => bcastIndex(x, unravel(i, shape)));
}

export function zipRef(xs: NDArray[], f: (...v: number[]) => number): NDArray {
  let shape: number[] = [];
  for (const x of xs) {
    const s = broadcastShapesRef(shape, x.shape);
    if (!s) throw new Error(`reference: cannot broadcast [${shape}] and [${x.shape}]`);
    shape = s;
  }
  return nd(shape, (i) => {
    const idx = unravel(i, shape);
    return f(...xs.map((x) => bcastIndex(x, idx)));
  });
}

export const BINARY_REF = {
  add: (a: number, b: number) => a + b,
  sub: (a: number, b: number) => a - b,
  mul: (a: number, b: number) => a * b,
  div: (a: number, b: number) => a / b,
  pow: (a: number, b: number) => Math.pow(a, b),
  maximum: (a: number, b: number) => Math.max(a, b),
  minimum: (a: number, b: number) => Math.min(a, b),
  squaredDifference: (a: number, b: number) => (a - b) * (a - b),
  equal: (a: number, b: number) => +(a === b),
  notEqual: (a: number, b: number) => +(a !== b),
  less: (a: number, b: number) => +(a < b),
  lessEqual: (a: number, b: number) => +(a <= b),
  greater: (a: number, b: number) => +(a > b),
  greaterEqual: (a: number, b: number) => +(a >= b),
};
export type BinaryRefName = keyof typeof BINARY_REF;

export function binaryRef(name: BinaryRefName, a: NDArray, b: NDArray): NDArray {
  return zipRef([a, b], BINARY_REF[name]);
}

export function whereRef(c: NDArray, a: NDArray, b: NDArray): NDArray {
  return zipRef([c, a, b], (cv, av, bv) => (cv !== 0 ? av : bv));
}

// ---------------------------------------------------------------- reductions

export type ReduceRefName = 'sum' | 'mean' | 'max' | 'min' | 'prod' | 'variance' | 'logSumExp';

const REDUCERS: Record<ReduceRefName, (v: number[]) => number> = {
  sum: (v) => v.reduce((s, x) => s + x, 0),
  mean: (v) => v.reduce((s, x) => s + x, 0) / v.length,
  max: (v) => v.reduce((m, x) => Math.max(m, x), -Infinity),
  min: (v) => v.reduce((m, x) => Math.min(m, x), Infinity),
  prod: (v) => v.reduce((p, x) => p * x, 1),
  variance: (v) => {
    const m = v.reduce((s, x) => s + x, 0) / v.length;
    return v.reduce((s, x) => s + (x - m) * (x - m), 0) / v.length;
  },
  logSumExp: (v) => {
    const m = v.reduce((mm, x) => Math.max(mm, x), -Infinity);
    if (!Number.isFinite(m)) return m;
    return m + Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0));
  },
};

export function normAxes(axis: number | readonly number[] | undefined | null, rank: number): number[] {
  if (axis == null) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  return [...new Set(list.map((a) => normAxis(a, rank)))].sort((p, q) => p - q);
}

/** Groups x's values by output position (reduced axes removed or kept as 1). */
function groups(x: NDArray, axes: number[], keepDims: boolean): { shape: number[]; vals: number[][] } {
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const shape = keepDims ? kept : x.shape.filter((_, i) => !axes.includes(i));
  const vals: number[][] = Array.from({ length: sizeOf(kept) }, () => []);
  for (let i = 0; i < x.data.length; i++) {
    const idx = unravel(i, x.shape).map((v, a) => (axes.includes(a) ? 0 : v));
    vals[ravel(idx, kept)]!.push(x.data[i]!);
  }
  return { shape, vals };
}

export function reduceRef(name: ReduceRefName, x: NDArray, axis?: number | readonly number[] | null, keepDims = false): NDArray {
  const { shape, vals } = groups(x, normAxes(axis, x.shape.length), keepDims);
  return nd(shape, vals.map(REDUCERS[name]));
}

/** First index of the extreme along one axis (numpy argmax/argmin). */
export function argReduceRef(name: 'argmax' | 'argmin', x: NDArray, axis = -1): NDArray {
  const a = normAxis(axis, x.shape.length);
  const { shape, vals } = groups(x, [a], false);
  return nd(shape, vals.map((v) => {
    let best = 0;
    for (let i = 1; i < v.length; i++) {
      if (Number.isNaN(v[best]!)) break;
      if (Number.isNaN(v[i]!) || (name === 'argmax' ? v[i]! > v[best]! : v[i]! < v[best]!)) best = i;
    }
    return best;
  }));
}

export function softmaxRef(x: NDArray, axis = -1, log = false): NDArray {
  const a = normAxis(axis, x.shape.length);
  const st = stridesOf(x.shape);
  const n = x.shape[a]!;
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < x.data.length; i++) {
    const idx = unravel(i, x.shape);
    if (idx[a] !== 0) continue;
    const row = Array.from({ length: n }, (_, j) => x.data[i + j * st[a]!]!);
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    for (let j = 0; j < n; j++) out[i + j * st[a]!] = log ? row[j]! - lse : Math.exp(row[j]! - lse);
  }
  return { shape: x.shape.slice(), data: out };
}

// ---------------------------------------------------------------- matmul

/** op(a)·op(b) over the last two axes; leading (batch) axes broadcast as in NumPy. */
export function matmulRef(a: NDArray, b: NDArray, ta = false, tb = false): NDArray {
  const [ar, ac] = a.shape.slice(-2) as [number, number];
  const [br, bc] = b.shape.slice(-2) as [number, number];
  const [m, k] = ta ? [ac, ar] : [ar, ac];
  const [k2, n] = tb ? [bc, br] : [br, bc];
  if (k !== k2) throw new Error(`matmulRef: inner dimensions ${k} vs ${k2}`);
  const batch = broadcastShapesRef(a.shape.slice(0, -2), b.shape.slice(0, -2));
  if (!batch) throw new Error('matmulRef: batch dimensions do not broadcast');
  const shape = [...batch, m, n];
  const aBatch = a.shape.slice(0, -2), bBatch = b.shape.slice(0, -2);
  return nd(shape, (i) => {
    const idx = unravel(i, shape);
    const bi = idx.slice(0, -2);
    const [r, c] = idx.slice(-2) as [number, number];
    const offA = ravel(bi.slice(bi.length - aBatch.length).map((v, q) => (aBatch[q] === 1 ? 0 : v)), aBatch) * ar * ac;
    const offB = ravel(bi.slice(bi.length - bBatch.length).map((v, q) => (bBatch[q] === 1 ? 0 : v)), bBatch) * br * bc;
    let s = 0;
    for (let p = 0; p < k; p++) {
      const av = ta ? a.data[offA + p * ac + r]! : a.data[offA + r * ac + p]!;
      const bv = tb ? b.data[offB + c * bc + p]! : b.data[offB + p * bc + c]!;
      s += av * bv;
    }
    return s;
  });
}

// ---------------------------------------------------------------- shape ops

export function reshapeRef(x: NDArray, shape: readonly number[]): NDArray {
  const s = shape.slice();
  const u = s.indexOf(-1);
  if (u >= 0) s[u] = x.data.length / sizeOf(s.filter((_, i) => i !== u));
  if (sizeOf(s) !== x.data.length) throw new Error('reshapeRef: size mismatch');
  return { shape: s, data: x.data.slice() };
}

export function transposeRef(x: NDArray, perm?: readonly number[]): NDArray {
  const r = x.shape.length;
  const p = perm ? perm.map((a) => normAxis(a, r)) : Array.from({ length: r }, (_, i) => r - 1 - i);
  const shape = p.map((a) => x.shape[a]!);
  return nd(shape, (i) => {
    const oi = unravel(i, shape);
    const src = new Array<number>(r);
    p.forEach((a, j) => (src[a] = oi[j]!));
    return x.data[ravel(src, x.shape)]!;
  });
}

export function sliceRef(x: NDArray, begin: readonly number[], size?: readonly number[]): NDArray {
  const sz = (size ?? begin.map(() => -1)).map((s, i) => (s === -1 ? x.shape[i]! - begin[i]! : s));
  return nd(sz, (i) => x.data[ravel(unravel(i, sz).map((v, a) => v + begin[a]!), x.shape)]!);
}

export function padRef(x: NDArray, paddings: readonly (readonly [number, number])[], value = 0): NDArray {
  const shape = x.shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
  return nd(shape, (i) => {
    const idx = unravel(i, shape).map((v, a) => v - paddings[a]![0]);
    return idx.every((v, a) => v >= 0 && v < x.shape[a]!) ? x.data[ravel(idx, x.shape)]! : value;
  });
}

export function concatRef(xs: NDArray[], axis = -1): NDArray {
  const a = normAxis(axis, xs[0]!.shape.length);
  const shape = xs[0]!.shape.slice();
  shape[a] = xs.reduce((s, x) => s + x.shape[a]!, 0);
  return nd(shape, (i) => {
    const idx = unravel(i, shape);
    let pos = idx[a]!;
    for (const x of xs) {
      if (pos < x.shape[a]!) {
        idx[a] = pos;
        return x.data[ravel(idx, x.shape)]!;
      }
      pos -= x.shape[a]!;
    }
    throw new Error('unreachable');
  });
}

export function stackRef(xs: NDArray[], axis = 0): NDArray {
  const a = normAxis(axis, xs[0]!.shape.length + 1);
  return concatRef(xs.map((x) => reshapeRef(x, [...x.shape.slice(0, a), 1, ...x.shape.slice(a)])), a);
}

export function splitRef(x: NDArray, numOrSizes: number | readonly number[], axis = 0): NDArray[] {
  const a = normAxis(axis, x.shape.length);
  const len = x.shape[a]!;
  const sizes = typeof numOrSizes === 'number' ? new Array<number>(numOrSizes).fill(len / numOrSizes) : numOrSizes.slice();
  const u = sizes.indexOf(-1);
  if (u >= 0) sizes[u] = len - sizes.reduce((s, v, i) => (i === u ? s : s + v), 0);
  let off = 0;
  return sizes.map((s) => {
    const begin = x.shape.map((_, i) => (i === a ? off : 0));
    off += s;
    return sliceRef(x, begin, x.shape.map((d, i) => (i === a ? s : d)));
  });
}

/** Takes slices of x along `axis` at the integer `indices` (any shape). */
export function gatherRef(x: NDArray, indices: NDArray, axis = 0): NDArray {
  const a = normAxis(axis, x.shape.length);
  const shape = [...x.shape.slice(0, a), ...indices.shape, ...x.shape.slice(a + 1)];
  const ir = indices.shape.length;
  return nd(shape, (i) => {
    const idx = unravel(i, shape);
    const which = indices.data[ravel(idx.slice(a, a + ir), indices.shape)]!;
    return x.data[ravel([...idx.slice(0, a), which, ...idx.slice(a + ir)], x.shape)]!;
  });
}

export function oneHotRef(indices: NDArray, depth: number, on = 1, off = 0): NDArray {
  const shape = [...indices.shape, depth];
  return nd(shape, (i) => (indices.data[Math.floor(i / depth)] === i % depth ? on : off));
}

/** float → int32 truncates toward zero (NaN → 0, saturating), as tf.cast; int → float rounds to f32. */
export function castRef(x: NDArray, dtype: 'float32' | 'int32'): NDArray {
  if (dtype === 'float32') return f32(x);
  return mapRef(x, (v) => (Number.isNaN(v) ? 0 : Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, Math.trunc(v))) + 0));
}

/** Σ y⊙w in float64: the scalar gradcheck differentiates. */
export function dot(a: NDArray, w: NDArray): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i]! * w.data[i]!;
  return s;
}

// ---------------------------------------------------------------- fused ops

/** act(x·W + b) over the last axis of x (ts/ops/dense.ts). */
export function denseRef(x: NDArray, w: NDArray, b: NDArray | null, relu: boolean): NDArray {
  const [inDim, units] = w.shape as [number, number];
  const rows = x.data.length / inDim;
  const y = matmulRef(reshapeRef(x, [rows, inDim]), w);
  const out = nd([...x.shape.slice(0, -1), units], (i) => {
    const v = y.data[i]! + (b ? b.data[i % units]! : 0);
    return relu ? Math.max(v, 0) : v;
  });
  return out;
}

/** Per-row −Σ_k t_k·log softmax(x)_k over the last axis. */
export function softmaxXentRef(logits: NDArray, targets: NDArray): NDArray {
  const ls = softmaxRef(logits, -1, true);
  const c = logits.shape.at(-1)!;
  return nd(logits.shape.slice(0, -1), (r) => {
    let s = 0;
    for (let j = 0; j < c; j++) s -= targets.data[r * c + j]! * ls.data[r * c + j]!;
    return s;
  });
}

/**
 * Per-row −log p[label]: from logits via log-softmax, or (fromLogits = false) from
 * probabilities normalised by their row sum and clipped to [1e-7, 1 − 1e-7] (Keras).
 */
export function sparseXentRef(x: NDArray, labels: NDArray, fromLogits = true): NDArray {
  const c = x.shape.at(-1)!;
  const ls = fromLogits ? softmaxRef(x, -1, true) : null;
  return nd(x.shape.slice(0, -1), (r) => {
    const l = labels.data[r]!;
    if (ls) return -ls.data[r * c + l]!;
    let s = 0;
    for (let j = 0; j < c; j++) s += x.data[r * c + j]!;
    return -Math.log(Math.min(Math.max(x.data[r * c + l]! / s, 1e-7), 1 - 1e-7));
  });
}
