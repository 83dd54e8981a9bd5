// Weight initializers (Keras 3 formulas and configs). Seeded ones are reproducible;
// unseeded ones draw from the global stream (`setSeed`).

import { ValueError, fmt } from '../errors.js';
import { fill, fromData } from '../tensor/creation.js';
import { randomNormal, randomUniform, truncatedNormal } from '../tensor/random.js';
import { sizeOf } from '../tensor/shape.js';
import type { DType, Tensor } from '../tensor/tensor.js';
import { checkOptions } from '../utils/options.js';

export abstract class Initializer {
  abstract readonly className: string;
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

export class Zeros extends Initializer {
  readonly className = 'Zeros';
  constructor(opts: Record<string, never> = {}) {
    super();
    checkOptions('Zeros', opts, []);
  }
  call(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return fill(shape, 0, dtype);
  }
}

export class Ones extends Initializer {
  readonly className = 'Ones';
  constructor(opts: Record<string, never> = {}) {
    super();
    checkOptions('Ones', opts, []);
  }
  call(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return fill(shape, 1, dtype);
  }
}

export class Constant extends Initializer {
  readonly className = 'Constant';
  readonly value: number;
  /** `new Constant(0.5)` or `new Constant({ value: 0.5 })`. */
  constructor(value: number | { value?: number } = 0) {
    super();
    if (typeof value === 'object' && value !== null) checkOptions('Constant', value, ['value']);
    this.value = finite('Constant', 'value', typeof value === 'object' && value !== null ? value.value : value, 0);
  }
  call(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return fill(shape, this.value, dtype);
  }
  override getConfig() {
    return { value: this.value };
  }
}

export interface RandomNormalArgs { mean?: number; stddev?: number; seed?: number | null }
export interface RandomUniformArgs { minval?: number; maxval?: number; seed?: number | null }

export class RandomNormal extends Initializer {
  readonly className: string = 'RandomNormal';
  readonly mean: number;
  readonly stddev: number;
  readonly seed: number | undefined;
  constructor(opts: RandomNormalArgs = {}) {
    super();
    const who = new.target === TruncatedNormal ? 'TruncatedNormal' : 'RandomNormal';
    checkOptions(who, opts, ['mean', 'stddev', 'seed']);
    this.mean = finite(who, 'mean', opts.mean, 0);
    this.stddev = finite(who, 'stddev', opts.stddev, 0.05);
    this.seed = seedOf(who, opts.seed);
  }
  call(shape: readonly number[]): Tensor {
    return randomNormal(shape, this.mean, this.stddev, this.seed);
  }
  override getConfig(): Record<string, unknown> {
    return { seed: this.seed ?? null, mean: this.mean, stddev: this.stddev };
  }
}

export class TruncatedNormal extends RandomNormal {
  override readonly className = 'TruncatedNormal';
  override call(shape: readonly number[]): Tensor {
    return truncatedNormal(shape, this.mean, this.stddev, this.seed);
  }
}

export class RandomUniform extends Initializer {
  readonly className = 'RandomUniform';
  readonly minval: number;
  readonly maxval: number;
  readonly seed: number | undefined;
  constructor(opts: RandomUniformArgs = {}) {
    super();
    checkOptions('RandomUniform', opts, ['minval', 'maxval', 'seed']);
    this.minval = finite('RandomUniform', 'minval', opts.minval, -0.05);
    this.maxval = finite('RandomUniform', 'maxval', opts.maxval, 0.05);
    this.seed = seedOf('RandomUniform', opts.seed);
  }
  call(shape: readonly number[]): Tensor {
    return randomUniform(shape, this.minval, this.maxval, this.seed);
  }
  override getConfig() {
    return { seed: this.seed ?? null, minval: this.minval, maxval: this.maxval };
  }
}

export type FanMode = 'fan_in' | 'fan_out' | 'fan_avg';
export type Distribution = 'truncated_normal' | 'untruncated_normal' | 'uniform';

export interface VarianceScalingArgs {
  scale?: number;
  mode?: FanMode;
  /** Keras also accepts 'normal' (= 'truncated_normal'). */
  distribution?: Distribution | 'normal';
  seed?: number | null;
  /** Axes whose sizes multiply to the fan-in (with `outputAxes`; overrides the shape rule). */
  inputAxes?: number[] | null;
  outputAxes?: number[] | null;
}

const VS_KEYS = ['scale', 'mode', 'distribution', 'seed', 'inputAxes', 'outputAxes'];

export class VarianceScaling extends Initializer {
  className = 'VarianceScaling';
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: Distribution;
  readonly seed: number | undefined;
  readonly inputAxes: number[] | null;
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
export interface PresetArgs { seed?: number | null; inputAxes?: number[] | null; outputAxes?: number[] | null }

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

export const GlorotUniform = preset('GlorotUniform', 1, 'fan_avg', 'uniform');
export const GlorotNormal = preset('GlorotNormal', 1, 'fan_avg', 'truncated_normal');
export const HeNormal = preset('HeNormal', 2, 'fan_in', 'truncated_normal');
export const HeUniform = preset('HeUniform', 2, 'fan_in', 'uniform');
export const LecunNormal = preset('LecunNormal', 1, 'fan_in', 'truncated_normal');
export const LecunUniform = preset('LecunUniform', 1, 'fan_in', 'uniform');

/** A (semi-)orthogonal matrix from the QR decomposition of a normal draw (Keras `Orthogonal`). */
export class Orthogonal extends Initializer {
  readonly className = 'Orthogonal';
  readonly gain: number;
  readonly seed: number | undefined;
  constructor(opts: { gain?: number; seed?: number | null } = {}) {
    super();
    checkOptions('Orthogonal', opts, ['gain', 'seed']);
    this.gain = finite('Orthogonal', 'gain', opts.gain, 1);
    this.seed = seedOf('Orthogonal', opts.seed);
  }
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
  readonly className = 'Identity';
  readonly gain: number;
  constructor(opts: { gain?: number } = {}) {
    super();
    checkOptions('Identity', opts, ['gain']);
    this.gain = finite('Identity', 'gain', opts.gain, 1);
  }
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
