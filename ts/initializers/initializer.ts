// Weight initializers (Keras 3 formulas and configs). Seeded ones are reproducible;
// unseeded ones draw from the global stream (`setSeed`).

import { ValueError, fmt } from '../errors.js';
import { fill, fromData } from '../tensor/creation.js';
import { randomNormal, randomUniform, truncatedNormal } from '../tensor/random.js';
import { sizeOf } from '../tensor/shape.js';
import type { DType, Tensor } from '../tensor/tensor.js';
import { checkOptions } from '../utils/options.js';

/**
 * Base class of weight initializers (Keras `keras.initializers.Initializer`): `call(shape, dtype)` returns a new tensor.
 *
 * Subclass it for a custom initializer; register the class with `registerKerasSerializable` to save and load it.
 *
 * @example
 * ```ts
 * class Halves extends initializers.Initializer {
 *   readonly className = 'Halves';
 *   call(shape: readonly number[]) { return fill(shape, 0.5); }
 * }
 * layers.dense({ units: 2, kernelInitializer: new Halves() });
 * ```
 */
export abstract class Initializer {
  /** The Keras class name written in saved configs (`"GlorotUniform"`, …). */
  abstract readonly className: string;
  /** Returns a new tensor of `shape` and `dtype` (default `'float32'`) filled by this initializer. */
  abstract call(shape: readonly number[], dtype?: DType): Tensor;
  /** Keras `get_config()` (snake_case keys). */
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** A seed option: an integer or nothing (Keras also takes a SeedGenerator, which kerasm has not). */
function seedOf(who: string, v: unknown): number | undefined {
  if (v == null) return undefined;
  if (!Number.isInteger(v)) throw new ValueError(`${who}: \`seed\` must be an integer (SeedGenerator seeds are not supported). Received: seed=${fmt(v)}`);
  return v as number;
}

function finite(who: string, name: string, v: unknown, dflt: number): number {
  if (v == null) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(`${who}: \`${name}\` must be a finite number. Received: ${name}=${fmt(v)}`);
  return v;
}

function axesOf(who: string, name: string, v: unknown): number[] | null {
  if (v == null) return null;
  if (!Array.isArray(v) || !v.every(Number.isInteger)) throw new ValueError(`${who}: \`${name}\` must be a list of integers. Received: ${name}=${fmt(v)}`);
  return v.slice();
}

/** Keras `compute_fans`: conv kernels count the receptive field; explicit axes win. */
export function computeFans(shape: readonly number[], inputAxes?: readonly number[] | null, outputAxes?: readonly number[] | null): [number, number] {
  if (inputAxes && outputAxes) {
    const at = (a: number) => shape[a < 0 ? a + shape.length : a]!;
    return [inputAxes.reduce((p, a) => p * at(a), 1), outputAxes.reduce((p, a) => p * at(a), 1)];
  }
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0]!, shape[0]!];
  if (shape.length === 2) return [shape[0]!, shape[1]!];
  const rf = sizeOf(shape.slice(0, -2));
  return [shape.at(-2)! * rf, shape.at(-1)! * rf];
}

/** All zeros (Keras `Zeros`, identifier `'zeros'`). */
export class Zeros extends Initializer {
  /** Keras class name: `"Zeros"`. */
  readonly className = 'Zeros';
  constructor(opts: Record<string, never> = {}) {
    super();
    checkOptions('Zeros', opts, []);
  }
  /** A `shape` tensor of zeros. */
  call(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return fill(shape, 0, dtype);
  }
}

/** All ones (Keras `Ones`, identifier `'ones'`). */
export class Ones extends Initializer {
  /** Keras class name: `"Ones"`. */
  readonly className = 'Ones';
  constructor(opts: Record<string, never> = {}) {
    super();
    checkOptions('Ones', opts, []);
  }
  /** A `shape` tensor of ones. */
  call(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return fill(shape, 1, dtype);
  }
}

/** Every element set to `value` (default 0; Keras `Constant`). */
export class Constant extends Initializer {
  /** Keras class name: `"Constant"`. */
  readonly className = 'Constant';
  /** The fill value. */
  readonly value: number;
  /** `new Constant(0.5)` or `new Constant({ value: 0.5 })`. */
  constructor(value: number | { value?: number } = 0) {
    super();
    if (typeof value === 'object' && value !== null) checkOptions('Constant', value, ['value']);
    this.value = finite('Constant', 'value', typeof value === 'object' && value !== null ? value.value : value, 0);
  }
  /** A `shape` tensor filled with `value`. */
  call(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return fill(shape, this.value, dtype);
  }
  override getConfig() {
    return { value: this.value };
  }
}

/**
 * Options of {@link RandomNormal} and {@link TruncatedNormal}: `mean` (default 0), `stddev` (default 0.05), `seed` (integer; unseeded draws use the global stream of `setSeed`).
 */
export interface RandomNormalArgs {
  /** Mean of the distribution. Default 0. */
  mean?: number;
  /** Standard deviation. Default 0.05. */
  stddev?: number;
  /** Integer seed; unseeded draws use the global stream (`setSeed`). */
  seed?: number | null;
}
/**
 * Options of {@link RandomUniform}: `minval` (default -0.05), `maxval` (default 0.05), `seed` (integer or null).
 */
export interface RandomUniformArgs {
  /** Lower bound. Default -0.05. */
  minval?: number;
  /** Upper bound, exclusive. Default 0.05. */
  maxval?: number;
  /** Integer seed; unseeded draws use the global stream (`setSeed`). */
  seed?: number | null;
}

/**
 * Normal draws with `mean` (default 0) and `stddev` (default 0.05) (Keras `RandomNormal`, identifier `'random_normal'`).
 */
export class RandomNormal extends Initializer {
  /** Keras class name: `"RandomNormal"`. */
  readonly className: string = 'RandomNormal';
  /** Mean of the distribution (default 0). */
  readonly mean: number;
  /** Standard deviation (default 0.05). */
  readonly stddev: number;
  /** The integer seed, or `undefined` to draw from the global stream. */
  readonly seed: number | undefined;
  constructor(opts: RandomNormalArgs = {}) {
    super();
    const who = new.target === TruncatedNormal ? 'TruncatedNormal' : 'RandomNormal';
    checkOptions(who, opts, ['mean', 'stddev', 'seed']);
    this.mean = finite(who, 'mean', opts.mean, 0);
    this.stddev = finite(who, 'stddev', opts.stddev, 0.05);
    this.seed = seedOf(who, opts.seed);
  }
  /** A `shape` tensor of normal draws. */
  call(shape: readonly number[]): Tensor {
    return randomNormal(shape, this.mean, this.stddev, this.seed);
  }
  override getConfig(): Record<string, unknown> {
    return { seed: this.seed ?? null, mean: this.mean, stddev: this.stddev };
  }
}

/**
 * Normal draws re-drawn when further than two standard deviations from the mean (Keras `TruncatedNormal`, identifier `'truncated_normal'`; same options as {@link RandomNormal}).
 */
export class TruncatedNormal extends RandomNormal {
  /** Keras class name: `"TruncatedNormal"`. */
  override readonly className = 'TruncatedNormal';
  /** A `shape` tensor of truncated normal draws. */
  override call(shape: readonly number[]): Tensor {
    return truncatedNormal(shape, this.mean, this.stddev, this.seed);
  }
}

/**
 * Uniform draws in [`minval`, `maxval`) (defaults -0.05, 0.05; Keras `RandomUniform`, identifier `'random_uniform'`).
 */
export class RandomUniform extends Initializer {
  /** Keras class name: `"RandomUniform"`. */
  readonly className = 'RandomUniform';
  /** Lower bound (default -0.05). */
  readonly minval: number;
  /** Upper bound, exclusive (default 0.05). */
  readonly maxval: number;
  /** The integer seed, or `undefined` to draw from the global stream. */
  readonly seed: number | undefined;
  constructor(opts: RandomUniformArgs = {}) {
    super();
    checkOptions('RandomUniform', opts, ['minval', 'maxval', 'seed']);
    this.minval = finite('RandomUniform', 'minval', opts.minval, -0.05);
    this.maxval = finite('RandomUniform', 'maxval', opts.maxval, 0.05);
    this.seed = seedOf('RandomUniform', opts.seed);
  }
  /** A `shape` tensor of uniform draws. */
  call(shape: readonly number[]): Tensor {
    return randomUniform(shape, this.minval, this.maxval, this.seed);
  }
  override getConfig() {
    return { seed: this.seed ?? null, minval: this.minval, maxval: this.maxval };
  }
}

/** Which fan {@link VarianceScaling} divides `scale` by: inputs, outputs, or their mean. */
export type FanMode = 'fan_in' | 'fan_out' | 'fan_avg';
/** The distribution {@link VarianceScaling} draws from (`'normal'` is accepted as `'truncated_normal'`). */
export type Distribution = 'truncated_normal' | 'untruncated_normal' | 'uniform';

/** Options of {@link VarianceScaling} (Keras `VarianceScaling` arguments, camelCase). */
export interface VarianceScalingArgs {
  /** Scaling factor, > 0 (default 1). */
  scale?: number;
  /** Fan used as the divisor (default `'fan_in'`). */
  mode?: FanMode;
  /** Keras also accepts 'normal' (= 'truncated_normal'). */
  distribution?: Distribution | 'normal';
  /** Integer seed; unseeded draws use the global stream (`setSeed`). */
  seed?: number | null;
  /** Axes whose sizes multiply to the fan-in (with `outputAxes`; overrides the shape rule). */
  inputAxes?: number[] | null;
  /** Axes whose sizes multiply to the fan-out (with `inputAxes`). */
  outputAxes?: number[] | null;
}

const VS_KEYS = ['scale', 'mode', 'distribution', 'seed', 'inputAxes', 'outputAxes'];

/**
 * Draws with variance `scale / n`, n the fan chosen by `mode` (Keras `VarianceScaling`): truncated normal (std corrected for the truncation), untruncated normal, or uniform in ±√(3·scale/n).
 *
 * @example
 * ```ts
 * const init = new initializers.VarianceScaling({ scale: 2, mode: 'fan_in', distribution: 'truncated_normal', seed: 1 });
 * const w = init.call([784, 128]); // He normal
 * ```
 */
export class VarianceScaling extends Initializer {
  /** Keras class name: `"VarianceScaling"` (the presets set their own, e.g. `"GlorotUniform"`). */
  className = 'VarianceScaling';
  /** Scaling factor (default 1). */
  readonly scale: number;
  /** Fan mode (default `'fan_in'`). */
  readonly mode: FanMode;
  /** Distribution (default `'truncated_normal'`). */
  readonly distribution: Distribution;
  /** The integer seed, or `undefined` to draw from the global stream. */
  readonly seed: number | undefined;
  /** Explicit fan-in axes, or null (fans from the shape: last two axes × receptive field). */
  readonly inputAxes: number[] | null;
  /** Explicit fan-out axes, or null. */
  readonly outputAxes: number[] | null;

  constructor(args: VarianceScalingArgs = {}, who = 'VarianceScaling', known: readonly string[] = VS_KEYS) {
    super();
    checkOptions(who, args, known);
    this.scale = args.scale ?? 1;
    this.mode = args.mode ?? 'fan_in';
    const d = typeof args.distribution === 'string' ? args.distribution.toLowerCase() : args.distribution ?? 'truncated_normal';
    this.distribution = (d === 'normal' ? 'truncated_normal' : d) as Distribution;
    this.seed = seedOf(who, args.seed);
    this.inputAxes = axesOf(who, 'inputAxes', args.inputAxes);
    this.outputAxes = axesOf(who, 'outputAxes', args.outputAxes);
    if (!(this.scale > 0)) throw new ValueError(`${who}: Argument \`scale\` must be positive float. Received: scale=${fmt(args.scale)}`);
    if (!['fan_in', 'fan_out', 'fan_avg'].includes(this.mode)) {
      throw new ValueError(`${who}: mode must be fan_in, fan_out or fan_avg. Received: mode=${fmt(args.mode)}`);
    }
    if (!['truncated_normal', 'untruncated_normal', 'uniform'].includes(this.distribution)) {
      throw new ValueError(`${who}: distribution must be truncated_normal, untruncated_normal or uniform. Received: distribution=${fmt(args.distribution)}`);
    }
  }

  /** A `shape` tensor drawn with variance `scale / fan`. */
  call(shape: readonly number[]): Tensor {
    const [fanIn, fanOut] = computeFans(shape, this.inputAxes, this.outputAxes);
    const n = this.mode === 'fan_in' ? fanIn : this.mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
    const s = this.scale / Math.max(1, n);
    if (this.distribution === 'truncated_normal') {
      // Std of a unit normal truncated to [-2, 2].
      return truncatedNormal(shape, 0, Math.sqrt(s) / 0.87962566103423978, this.seed);
    }
    if (this.distribution === 'untruncated_normal') return randomNormal(shape, 0, Math.sqrt(s), this.seed);
    const limit = Math.sqrt(3 * s);
    return randomUniform(shape, -limit, limit, this.seed);
  }

  override getConfig(): Record<string, unknown> {
    return {
      seed: this.seed ?? null, scale: this.scale, mode: this.mode, distribution: this.distribution,
      input_axes: this.inputAxes, output_axes: this.outputAxes,
    };
  }
}

/** Options of the fixed-scale VarianceScaling presets (GlorotUniform, HeNormal, …). */
export interface PresetArgs {
  /** Integer seed; unseeded draws use the global stream (`setSeed`). */
  seed?: number | null;
  /** Axes whose sizes multiply to the fan-in (with `outputAxes`; overrides the shape rule). */
  inputAxes?: number[] | null;
  /** Axes whose sizes multiply to the fan-out (with `inputAxes`). */
  outputAxes?: number[] | null;
}

function preset(className: string, scale: number, mode: FanMode, distribution: Distribution) {
  return class extends VarianceScaling {
    constructor(opts: PresetArgs = {}) {
      checkOptions(className, opts, ['seed', 'inputAxes', 'outputAxes']);
      super({ ...opts, scale, mode, distribution }, className);
      this.className = className;
    }
    override getConfig(): Record<string, unknown> {
      return { seed: this.seed ?? null, input_axes: this.inputAxes, output_axes: this.outputAxes };
    }
  };
}

/**
 * Glorot (Xavier) uniform: uniform in ±√(6 / (fanIn + fanOut)) (Keras `GlorotUniform`, identifier `'glorot_uniform'`, the default kernel initializer).
 */
export const GlorotUniform = /* @__PURE__ */ preset('GlorotUniform', 1, 'fan_avg', 'uniform');
/**
 * Glorot (Xavier) normal: truncated normal with variance 2 / (fanIn + fanOut) (Keras `GlorotNormal`, `'glorot_normal'`).
 */
export const GlorotNormal = /* @__PURE__ */ preset('GlorotNormal', 1, 'fan_avg', 'truncated_normal');
/** He normal: truncated normal with variance 2 / fanIn (Keras `HeNormal`, `'he_normal'`), for ReLU layers. */
export const HeNormal = /* @__PURE__ */ preset('HeNormal', 2, 'fan_in', 'truncated_normal');
/** He uniform: uniform in ±√(6 / fanIn) (Keras `HeUniform`, `'he_uniform'`). */
export const HeUniform = /* @__PURE__ */ preset('HeUniform', 2, 'fan_in', 'uniform');
/** LeCun normal: truncated normal with variance 1 / fanIn (Keras `LecunNormal`, `'lecun_normal'`), for SELU. */
export const LecunNormal = /* @__PURE__ */ preset('LecunNormal', 1, 'fan_in', 'truncated_normal');
/** LeCun uniform: uniform in ±√(3 / fanIn) (Keras `LecunUniform`, `'lecun_uniform'`). */
export const LecunUniform = /* @__PURE__ */ preset('LecunUniform', 1, 'fan_in', 'uniform');

/** A (semi-)orthogonal matrix from the QR decomposition of a normal draw (Keras `Orthogonal`). */
export class Orthogonal extends Initializer {
  /** Keras class name: `"Orthogonal"`. */
  readonly className = 'Orthogonal';
  /** Multiplier of the orthogonal matrix (default 1). */
  readonly gain: number;
  /** The integer seed, or `undefined` to draw from the global stream. */
  readonly seed: number | undefined;
  constructor(opts: { gain?: number; seed?: number | null } = {}) {
    super();
    checkOptions('Orthogonal', opts, ['gain', 'seed']);
    this.gain = finite('Orthogonal', 'gain', opts.gain, 1);
    this.seed = seedOf('Orthogonal', opts.seed);
  }
  /** A `shape` tensor (rank ≥ 2; flattened to rows × last axis) with orthonormal rows or columns, times `gain`. */
  call(shape: readonly number[]): Tensor {
    if (shape.length < 2) throw new ValueError(`Orthogonal: shape must have rank ≥ 2. Received: shape=${fmt(shape)}`);
    const cols = shape.at(-1)!;
    const rows = sizeOf(shape) / cols;
    const [r, c] = rows < cols ? [cols, rows] : [rows, cols];
    const draw = randomNormal([r, c], 0, 1, this.seed);
    const a = Float64Array.from(draw.dataSync());
    draw.dispose();
    const q = gramSchmidt(a, r, c);
    const out = new Float32Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) out[i * cols + j] = this.gain * (rows < cols ? q[j * c + i]! : q[i * c + j]!);
    }
    return fromData('Orthogonal', out, shape, 'float32');
  }
  override getConfig() {
    return { seed: this.seed ?? null, gain: this.gain };
  }
}

/** Orthonormalises the columns of an r×c (r ≥ c) row-major matrix in place (modified Gram–Schmidt). */
function gramSchmidt(a: Float64Array, r: number, c: number): Float64Array {
  for (let j = 0; j < c; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < r; i++) dot += a[i * c + j]! * a[i * c + k]!;
      for (let i = 0; i < r; i++) a[i * c + j]! -= dot * a[i * c + k]!;
    }
    let norm = 0;
    for (let i = 0; i < r; i++) norm += a[i * c + j]! ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < r; i++) a[i * c + j]! /= norm;
  }
  return a;
}

/** gain · I for 2-D shapes (Keras `Identity`). */
export class Identity extends Initializer {
  /** Keras class name: `"Identity"`. */
  readonly className = 'Identity';
  /** Value of the diagonal (default 1). */
  readonly gain: number;
  constructor(opts: { gain?: number } = {}) {
    super();
    checkOptions('Identity', opts, ['gain']);
    this.gain = finite('Identity', 'gain', opts.gain, 1);
  }
  /** A 2-D `shape` tensor with `gain` on the diagonal, zeros elsewhere. */
  call(shape: readonly number[]): Tensor {
    if (shape.length !== 2) throw new ValueError(`Identity: shape must be 2-D. Received: shape=${fmt(shape)}`);
    const [n, m] = shape as [number, number];
    const out = new Float32Array(n * m);
    for (let i = 0; i < Math.min(n, m); i++) out[i * m + i] = this.gain;
    return fromData('Identity', out, shape, 'float32');
  }
  // Keras 3's Identity has no get_config (it writes {} and loses the gain); kerasm writes the
  // gain when it is not 1, which Keras's Identity(**config) also reads.
  override getConfig(): Record<string, unknown> {
    return this.gain === 1 ? {} : { gain: this.gain };
  }
}
