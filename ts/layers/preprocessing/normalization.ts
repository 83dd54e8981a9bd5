// Normalization: (x − mean) / max(√variance, 1e-7) per feature (Keras `layers.Normalization`),
// or its inverse with `invert`. The statistics are given (`mean`/`variance`) or learned by
// `adapt(data)`: mean and population variance over every axis except `axis`.
//
// Adapted state lives in three non-trainable weights, in Keras's order and shapes — `mean`,
// `variance` (the kept axes' sizes) and the scalar int `count` — so `.keras` and `.weights.h5`
// files round-trip with Keras. Keras 3 leaves `count` at 0; kerasm stores the number of
// values each statistic was computed from (Keras 2's meaning), which Keras ignores on load.
// A layer that was neither given statistics nor adapted (nor loaded from a file) refuses to
// run instead of silently passing its input through.

import { ValueError, fmt } from '../../errors.js';
import { div, maximum, mul, add, sub } from '../../ops/binary.js';
import { sqrt } from '../../ops/unary.js';
import { reshape } from '../../ops/reshape.js';
import { broadcastTo } from '../../ops/broadcast.js';
import { cast } from '../../ops/cast.js';
import { mean as meanOp, variance as varianceOp } from '../../ops/reduce.js';
import { fromData, tensor } from '../../tensor/creation.js';
import { keep, noGrad, tidy } from '../../autograd/gradients.js';
import { Tensor } from '../../tensor/tensor.js';
import type { NestedArray } from '../../tensor/tensor.js';
import type { Variable } from '../../autograd/variable.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';
import { disposeElem } from '../../data/structure.js';

const EPSILON = 1e-7;

type Stat = number | NestedArray[];

/** Options of {@link Normalization} (Keras `layers.Normalization` arguments, camelCase). */
export interface NormalizationArgs extends LayerArgs {
  /** Axes kept (one statistic per index along them); null/[] for one scalar statistic. Default -1. */
  axis?: number | readonly number[] | null;
  /** The mean to subtract, broadcast over the kept axes; null (default) learns it with `adapt`. Needs `variance` too. */
  mean?: Stat | null;
  /** The variance to divide by (its square root, at least 1e-7); null (default) learns it with `adapt`. Needs `mean` too. */
  variance?: Stat | null;
  /** Apply the inverse, `x·√variance + mean` (to denormalize predictions). Default false. */
  invert?: boolean;
}

/** One batch of data for adapt: a Tensor, nested number arrays, or a typed array (1-D). */
export type AdaptBatch = Tensor | NestedArray[] | Float32Array | Float64Array | Int32Array;
/**
 * What adapt takes: one batch, or an iterable of batches. A `[x, y, …]` pair contributes x
 * when x is a Tensor or typed array (nested number arrays are always data).
 */
export type AdaptData = AdaptBatch | Iterable<AdaptBatch | [AdaptBatch, ...unknown[]]>;

function shapeOfNested(v: unknown): number[] {
  const s: number[] = [];
  let cur = v;
  while (Array.isArray(cur)) {
    s.push(cur.length);
    cur = cur[0];
  }
  return s;
}

export function isBatch(v: unknown): v is AdaptBatch {
  if (v instanceof Tensor || ArrayBuffer.isView(v)) return true;
  // Nested numbers: every element a number, or every element itself nested numbers. A list
  // of Tensors, or a [x, y] pair whose x is a Tensor, is a list of batches instead.
  if (!Array.isArray(v)) return false;
  return v.every((e) => typeof e === 'number') || v.every((e) => Array.isArray(e) && isBatch(e));
}

/** Running mean/variance over batches: the lack-of-fit merge Keras's adapt uses on iterables. */
class Moments {
  count = 0;
  mean: Float64Array | undefined;
  variance: Float64Array | undefined;

  add(m: ArrayLike<number>, v: ArrayLike<number>, n: number): void {
    if (n === 0) return;
    if (!this.mean || !this.variance) {
      this.mean = Float64Array.from(m);
      this.variance = Float64Array.from(v);
      this.count = n;
      return;
    }
    const total = this.count + n;
    const wb = n / total, we = 1 - wb;
    for (let i = 0; i < this.mean.length; i++) {
      const nm = this.mean[i]! * we + m[i]! * wb;
      this.variance[i] = (this.variance[i]! + (this.mean[i]! - nm) ** 2) * we + (v[i]! + (m[i]! - nm) ** 2) * wb;
      this.mean[i] = nm;
    }
    this.count = total;
  }
}

/**
 * Normalizes features as `(x − mean) / max(√variance, 1e-7)`, Keras `layers.Normalization`: statistics
 * given as `mean`/`variance` or learned by `adapt(data)` (mean and population variance over every axis except `axis`).
 * A layer neither given statistics nor adapted nor loaded refuses to run; mismatched statistics throw a `ValueError` (`Received: mean=…`).
 */
export class Normalization extends Layer {
  /** Passes the input mask on (Keras `supports_masking`). */
  override supportsMasking = true;

  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = ['axis', 'invert', 'mean', 'variance'];

  /** The kept axes (one statistic per index along them); [] for one scalar statistic. */
  readonly axis: number[];
  /** Whether the layer applies the inverse transform, `x·√variance + mean`. */
  readonly invert: boolean;
  /** The statistics given to the constructor (null when they come from adapt). */
  readonly mean: Stat | null;
  /** The variance given to the constructor (null when it comes from adapt). */
  readonly variance: Stat | null;

  private keepAxes: number[] = [];
  private reduceAxes: number[] = [];
  private broadcastShape: number[] = [];
  private buildShape: SymbolicShape | undefined;
  private givenMean: Tensor | undefined;
  private givenVariance: Tensor | undefined;
  private adaptMean: Variable | undefined;
  private adaptVariance: Variable | undefined;
  private count: Variable | undefined;
  private adapted = false;

  constructor(args: NormalizationArgs = {}) {
    super(layerArgs(new.target, args));
    const a = args.axis === undefined ? -1 : args.axis;
    const axis = a === null ? [] : typeof a === 'number' ? [a] : Array.isArray(a) ? a.slice() : undefined;
    if (!axis || axis.some((d) => !Number.isInteger(d))) {
      throw new ValueError(`Layer '${this.name}': axis must be an integer, a list of integers or null. Received: axis=${fmt(a)}`);
    }
    this.axis = axis;
    this.invert = args.invert ?? false;
    const m = args.mean ?? null, v = args.variance ?? null;
    if ((m === null) !== (v === null)) {
      throw new ValueError(`Layer '${this.name}': when setting values directly, both \`mean\` and \`variance\` must be set. Received: mean=${fmt(m)} and variance=${fmt(v)}`);
    }
    if (m !== null && v !== null) {
      const ms = shapeOfNested(m), vs = shapeOfNested(v);
      if (fmt(ms) !== fmt(vs)) {
        throw new ValueError(`Layer '${this.name}': when setting values directly, \`mean\` and \`variance\` must have the same shape. Received: mean shape ${fmt(ms)} and variance shape ${fmt(vs)}`);
      }
      if (ms.length > axis.length) {
        throw new ValueError(`Layer '${this.name}': the rank of \`mean\` must be less than or equal to the number of axes (${axis.length}). Received: mean shape ${fmt(ms)} for axis ${fmt(axis)}`);
      }
    }
    this.mean = m;
    this.variance = v;
  }

  override build(inputShape: SymbolicShape): void {
    const ndim = inputShape.length;
    if (this.axis.some((a) => a < -ndim || a >= ndim)) {
      throw new ValueError(`Layer '${this.name}': all \`axis\` values must be in the range [-ndim, ndim). Received inputs with ndim=${ndim}, while axis=${fmt(this.axis)}`);
    }
    this.keepAxes = [...new Set(this.axis.map((a) => (a < 0 ? a + ndim : a)))].sort((x, y) => x - y);
    for (const d of this.keepAxes) {
      if (inputShape[d] == null) {
        throw new ValueError(`Layer '${this.name}': all \`axis\` values to be kept must have a known size. Received: axis=${fmt(this.axis)}, inputs.shape=${fmt(inputShape)}, with unknown axis at index ${d}`);
      }
    }
    this.reduceAxes = Array.from({ length: ndim }, (_, d) => d).filter((d) => !this.keepAxes.includes(d));
    this.broadcastShape = inputShape.map((s, d) => (this.keepAxes.includes(d) ? s! : 1));
    this.buildShape = inputShape.slice();
    const statShape = this.keepAxes.map((d) => inputShape[d]!);
    if (this.mean === null) {
      this.adaptMean = this.addWeight('mean', { shape: statShape, initializer: 'zeros', trainable: false });
      this.adaptVariance = this.addWeight('variance', { shape: statShape, initializer: 'ones', trainable: false });
      this.count = this.addWeight('count', { shape: [], initializer: 'zeros', trainable: false, dtype: 'int32' });
    } else {
      this.givenMean = this.givenStat(this.mean, ndim);
      this.givenVariance = this.givenStat(this.variance!, ndim);
    }
    this.built = true;
  }

  /** A given statistic aligned right-to-left with the kept axes, broadcast to broadcastShape (as Keras). */
  private givenStat(v: Stat, ndim: number): Tensor {
    return noGrad(() => tidy(() => {
      const t = typeof v === 'number' ? tensor(v) : tensor(v as NestedArray[]);
      const expanded = new Array<number>(ndim).fill(1);
      for (let i = 1; i <= t.rank; i++) expanded[this.keepAxes[this.keepAxes.length - i]!] = t.shape[t.rank - i]!;
      if (t.size !== expanded.reduce((p, q) => p * q, 1)) {
        throw new ValueError(`Layer '${this.name}': mean/variance of shape ${fmt(t.shape)} do not match the kept axes ${fmt(this.keepAxes)} of inputs of shape ${fmt(this.buildShape)}.`);
      }
      // Kept: the layer owns it until dispose(), whatever scope built the layer.
      return keep(broadcastTo(reshape(t, expanded), this.broadcastShape));
    }));
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    const x0 = inputs as Tensor;
    return tidy(() => {
      const x = x0.dtype === 'float32' ? x0 : cast(x0, 'float32');
      let m: Tensor, v: Tensor;
      if (this.givenMean && this.givenVariance) {
        m = this.givenMean;
        v = this.givenVariance;
      } else {
        this.checkAdapted();
        m = reshape(this.adaptMean!, this.broadcastShape);
        v = reshape(this.adaptVariance!, this.broadcastShape);
      }
      const std = maximum(sqrt(v), EPSILON);
      return this.invert ? add(m, mul(x, std)) : div(sub(x, m), std);
    });
  }

  /**
   * Refuses an un-adapted layer. Weights loaded from a file (or set with setWeights) count as
   * adapted: kerasm's files have count > 0, Keras 3's have statistics other than 0 and 1.
   */
  private checkAdapted(): void {
    if (this.adapted) return;
    const c = this.count!.dataSync()[0]!;
    const m = this.adaptMean!.dataSync(), v = this.adaptVariance!.dataSync();
    if (c > 0 || m.some((x) => x !== 0) || v.some((x) => x !== 1)) {
      this.adapted = true;
      return;
    }
    throw new ValueError(`Layer '${this.name}' (Normalization) has no statistics: call \`adapt(data)\` before using it, ` +
      'or pass `mean` and `variance` to the constructor. Received: a layer that was never adapted');
  }

  /**
   * Computes the mean and variance of `data` over every axis except `axis` (Keras `adapt`):
   * a Tensor, nested number arrays or a typed array, or an iterable of such batches (for
   * data that does not fit in one tensor; a `[x, y]` pair contributes x).
   */
  adapt(data: AdaptData): void {
    const batches = isBatch(data) ? [data] : data;
    if (batches == null || typeof (batches as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new ValueError(`Layer '${this.name}'.adapt: expected a Tensor, number arrays, a typed array or an iterable of batches. Received: ${fmt(data)}`);
    }
    const acc = new Moments();
    for (const item of batches as Iterable<unknown>) this.addBatch(acc, item);
    this.finish(acc);
  }

  /** adapt() over an async iterable of batches (a data set or async generator). */
  async adaptAsync(data: AsyncIterable<unknown> | AdaptData): Promise<void> {
    if (data != null && typeof (data as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
      const acc = new Moments();
      // A data.Dataset hands each element to its consumer, which frees it.
      const owned = (data as { isDataset?: boolean }).isDataset === true;
      for await (const item of data as AsyncIterable<unknown>) {
        try {
          this.addBatch(acc, item);
        } finally {
          if (owned) disposeElem(item);
        }
      }
      this.finish(acc);
      return;
    }
    this.adapt(data as AdaptData);
  }

  private addBatch(acc: Moments, item: unknown): void {
    const b = !isBatch(item) && Array.isArray(item) && isBatch(item[0]) ? item[0] : item;
    if (!isBatch(b)) {
      throw new ValueError(`Layer '${this.name}'.adapt: each batch must be a Tensor, number arrays or a typed array. Received: ${fmt(b)}`);
    }
    noGrad(() => tidy(() => {
      const x = this.batchTensor(b);
      if (!this.built) {
        this.build(x.shape.slice());
      } else {
        const bs = this.buildShape!;
        if (x.rank !== bs.length || this.keepAxes.some((d) => x.shape[d] !== bs[d])) {
          throw new ValueError(`Layer '${this.name}'.adapt: the layer was built with input_shape=${fmt(bs)}, but adapt() received data with an incompatible shape. Received: data.shape=${fmt(x.shape)}`);
        }
      }
      if (this.mean !== null) {
        throw new ValueError(`Layer '${this.name}'.adapt: the layer was given \`mean\` and \`variance\`, so it has no statistics to adapt. Received: mean=${fmt(this.mean)}`);
      }
      const n = this.reduceAxes.reduce((p, d) => p * x.shape[d]!, 1);
      if (n === 0 || x.size === 0) return;
      if (this.reduceAxes.length === 0) {
        acc.add(x.dataSync(), new Float32Array(x.size), 1);
      } else {
        acc.add(meanOp(x, this.reduceAxes).dataSync(), varianceOp(x, this.reduceAxes).dataSync(), n);
      }
    }));
  }

  private batchTensor(b: AdaptBatch): Tensor {
    if (b instanceof Tensor) return b.dtype === 'float32' ? b : cast(b, 'float32');
    if (ArrayBuffer.isView(b)) return fromData('Normalization.adapt', Float32Array.from(b), [b.length], 'float32');
    return tensor(b);
  }

  private finish(acc: Moments): void {
    if (!acc.mean || !acc.variance) {
      throw new ValueError(`Layer '${this.name}'.adapt: received no data. Expected at least one non-empty batch. Received: 0 values`);
    }
    const shape = this.adaptMean!.shape;
    noGrad(() => tidy(() => {
      this.adaptMean!.assign(fromData('adapt', Float32Array.from(acc.mean!), shape, 'float32'));
      this.adaptVariance!.assign(fromData('adapt', Float32Array.from(acc.variance!), shape, 'float32'));
      this.count!.assign(fromData('adapt', Int32Array.of(Math.min(acc.count, 2 ** 31 - 1)), [], 'int32'));
    }));
    this.adapted = true;
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s.slice();
  }

  protected override outputDType(): 'float32' {
    return 'float32';
  }

  override dispose(): void {
    this.givenMean?.dispose();
    this.givenVariance?.dispose();
    this.givenMean = this.givenVariance = undefined;
    this.adapted = false;
    super.dispose();
  }
}
