// Weight initializers (Keras 3 formulas). Seeded ones are reproducible; unseeded ones draw
// from the global stream (`setSeed`).

import { ValueError, fmt } from '../errors.js';
import { fill, fromData } from '../tensor/creation.js';
import { randomNormal, randomUniform, truncatedNormal } from '../tensor/random.js';
import { sizeOf } from '../tensor/shape.js';
import type { DType, Tensor } from '../tensor/tensor.js';

export abstract class Initializer {
  abstract readonly className: string;
  abstract call(shape: readonly number[], dtype?: DType): Tensor;
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** Keras `compute_fans`: conv kernels count the receptive field. */
export function computeFans(shape: readonly number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0]!, shape[0]!];
  if (shape.length === 2) return [shape[0]!, shape[1]!];
  const rf = sizeOf(shape.slice(0, -2));
  return [shape.at(-2)! * rf, shape.at(-1)! * rf];
}

export class Zeros extends Initializer {
  readonly className = 'Zeros';
  call(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return fill(shape, 0, dtype);
  }
}

export class Ones extends Initializer {
  readonly className = 'Ones';
  call(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return fill(shape, 1, dtype);
  }
}

export class Constant extends Initializer {
  readonly className = 'Constant';
  constructor(readonly value = 0) {
    super();
  }
  call(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return fill(shape, this.value, dtype);
  }
  override getConfig() {
    return { value: this.value };
  }
}

export class RandomNormal extends Initializer {
  readonly className = 'RandomNormal';
  constructor(readonly opts: { mean?: number; stddev?: number; seed?: number } = {}) {
    super();
  }
  call(shape: readonly number[]): Tensor {
    return randomNormal(shape, this.opts.mean ?? 0, this.opts.stddev ?? 0.05, this.opts.seed);
  }
  override getConfig() {
    return { mean: this.opts.mean ?? 0, stddev: this.opts.stddev ?? 0.05, seed: this.opts.seed ?? null };
  }
}

export class RandomUniform extends Initializer {
  readonly className = 'RandomUniform';
  constructor(readonly opts: { minval?: number; maxval?: number; seed?: number } = {}) {
    super();
  }
  call(shape: readonly number[]): Tensor {
    return randomUniform(shape, this.opts.minval ?? -0.05, this.opts.maxval ?? 0.05, this.opts.seed);
  }
  override getConfig() {
    return { minval: this.opts.minval ?? -0.05, maxval: this.opts.maxval ?? 0.05, seed: this.opts.seed ?? null };
  }
}

export class TruncatedNormal extends Initializer {
  readonly className = 'TruncatedNormal';
  constructor(readonly opts: { mean?: number; stddev?: number; seed?: number } = {}) {
    super();
  }
  call(shape: readonly number[]): Tensor {
    return truncatedNormal(shape, this.opts.mean ?? 0, this.opts.stddev ?? 0.05, this.opts.seed);
  }
  override getConfig() {
    return { mean: this.opts.mean ?? 0, stddev: this.opts.stddev ?? 0.05, seed: this.opts.seed ?? null };
  }
}

export type FanMode = 'fan_in' | 'fan_out' | 'fan_avg';
export type Distribution = 'truncated_normal' | 'untruncated_normal' | 'uniform';

export interface VarianceScalingArgs {
  scale?: number;
  mode?: FanMode;
  distribution?: Distribution;
  seed?: number;
}

export class VarianceScaling extends Initializer {
  className = 'VarianceScaling';
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: Distribution;
  readonly seed: number | undefined;

  constructor(args: VarianceScalingArgs = {}) {
    super();
    this.scale = args.scale ?? 1;
    this.mode = args.mode ?? 'fan_in';
    this.distribution = args.distribution ?? 'truncated_normal';
    this.seed = args.seed;
    if (!(this.scale > 0)) throw new ValueError(`VarianceScaling: scale must be positive. Received: scale=${fmt(args.scale)}`);
    if (!['fan_in', 'fan_out', 'fan_avg'].includes(this.mode)) {
      throw new ValueError(`VarianceScaling: mode must be fan_in, fan_out or fan_avg. Received: mode=${fmt(args.mode)}`);
    }
    if (!['truncated_normal', 'untruncated_normal', 'uniform'].includes(this.distribution)) {
      throw new ValueError(`VarianceScaling: distribution must be truncated_normal, untruncated_normal or uniform. Received: distribution=${fmt(args.distribution)}`);
    }
  }

  call(shape: readonly number[]): Tensor {
    const [fanIn, fanOut] = computeFans(shape);
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
    return { scale: this.scale, mode: this.mode, distribution: this.distribution, seed: this.seed ?? null };
  }
}

function preset(className: string, scale: number, mode: FanMode, distribution: Distribution) {
  return class extends VarianceScaling {
    constructor(opts: { seed?: number } = {}) {
      super({ scale, mode, distribution, seed: opts.seed });
      this.className = className;
    }
    override getConfig(): Record<string, unknown> {
      return { seed: this.seed ?? null };
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
  constructor(readonly opts: { gain?: number; seed?: number } = {}) {
    super();
  }
  call(shape: readonly number[]): Tensor {
    if (shape.length < 2) throw new ValueError(`Orthogonal: shape must have rank ≥ 2. Received: shape=${fmt(shape)}`);
    const cols = shape.at(-1)!;
    const rows = sizeOf(shape) / cols;
    const [r, c] = rows < cols ? [cols, rows] : [rows, cols];
    const draw = randomNormal([r, c], 0, 1, this.opts.seed);
    const a = Float64Array.from(draw.dataSync());
    draw.dispose();
    const q = gramSchmidt(a, r, c);
    const gain = this.opts.gain ?? 1;
    const out = new Float32Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) out[i * cols + j] = gain * (rows < cols ? q[j * c + i]! : q[i * c + j]!);
    }
    return fromData('Orthogonal', out, shape, 'float32');
  }
  override getConfig() {
    return { gain: this.opts.gain ?? 1, seed: this.opts.seed ?? null };
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
  constructor(readonly opts: { gain?: number } = {}) {
    super();
  }
  call(shape: readonly number[]): Tensor {
    if (shape.length !== 2) throw new ValueError(`Identity: shape must be 2-D. Received: shape=${fmt(shape)}`);
    const [n, m] = shape as [number, number];
    const out = new Float32Array(n * m);
    for (let i = 0; i < Math.min(n, m); i++) out[i * m + i] = this.opts.gain ?? 1;
    return fromData('Identity', out, shape, 'float32');
  }
  override getConfig() {
    return { gain: this.opts.gain ?? 1 };
  }
}
