// The common frame of Keras's random image layers (BaseImagePreprocessingLayer): active only
// when `training` is true, identity (cast to float32) in inference; rank-3 (one image) or
// rank-4 inputs; channels_first via transposes. Each call draws its parameters on the host
// from one seeded Philox stream (SeedStream: a fixed `seed` gives the same sequence of
// calls), so outputs never depend on the thread count. Subclasses split a call into
// `randomParams` (the draw) and `transformImages` (deterministic given the parameters),
// which the Keras fixtures check with explicit parameters.

import { ValueError, fmt } from '../../errors.js';
import { cast } from '../../ops/cast.js';
import { randomUniform } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { dataFormatOf, type DataFormat, type DataFormatOption } from '../data_format.js';
import { SeedStream } from '../regularization/seed_stream.js';
import { onImages } from './image_ops.js';
import type { FillMode, ImageInterpolation } from '../../ops/image/affine_transform.js';

/** Options shared by the random image (augmentation) layers (Keras `BaseImagePreprocessingLayer` arguments). */
export interface RandomImageArgs extends LayerArgs {
  /** Seed of the layer's random stream: a fixed seed gives the same sequence of calls; null (default) a fresh one. */
  seed?: number | null;
  /** 'channels_last' (`[batch, height, width, channels]`) or 'channels_first'; default the global image data format ('channels_last'). */
  dataFormat?: DataFormatOption;
}

/**
 * Base of the random image layers (Keras `BaseImagePreprocessingLayer`): random in training, identity (cast to float32) in inference,
 * on rank-3 (one image) or rank-4 inputs; other ranks throw a `ValueError` (`Received: inputs.shape=…`).
 */
export abstract class RandomImageLayer<P> extends Layer {
  /** Seed of the layer's random stream, or null when none was given. */
  readonly seed: number | null;
  /** Where the channels axis is: 'channels_last' or 'channels_first'. */
  readonly dataFormat: DataFormat;
  private readonly seeds: SeedStream;

  constructor(args: RandomImageArgs) {
    super(args);
    this.seed = SeedStream.option(this.name, args?.seed);
    this.seeds = new SeedStream(this.seed);
    this.dataFormat = dataFormatOf(this.name, args?.dataFormat);
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const x = inputs as Tensor;
    if (x.rank !== 3 && x.rank !== 4) {
      throw new ValueError(`Layer '${this.name}': expected image tensor to have rank 3 (single image) or 4 (batch of images). Received: inputs.shape=${fmt(x.shape)}`);
    }
    if (!args.training) return this.inference(x);
    return onImages(this.name, this.dataFormat, x, (x4) => {
      const [n, h, w] = x4.shape as [number, number, number, number];
      return this.transformImages(x4, this.randomParams(n, h, w));
    });
  }

  /** Keras casts to the compute dtype and leaves the values alone. */
  protected inference(x: Tensor): Tensor {
    return x.dtype === 'float32' ? x : cast(x, 'float32');
  }

  /** The random parameters of one call on `n` images of h×w. */
  abstract randomParams(n: number, h: number, w: number): P;

  /** Applies given parameters to channels-last [n, h, w, c] float32 images. */
  abstract transformImages(x: Tensor, params: P): Tensor;

  /** `count` uniform [0, 1) values from the layer's stream: one draw per call. */
  protected uniforms(count: number): Float32Array {
    const t = randomUniform([Math.max(count, 1)], 0, 1, this.seeds.next());
    const v = Float32Array.from(t.dataSync() as Float32Array);
    t.dispose();
    return v;
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s.slice();
  }

  protected override outputDType(): 'float32' {
    return 'float32';
  }
}

/** `lo + u·(hi − lo)` in float32, as a draw of uniform(lo, hi). */
export function scaled(u: number, lo: number, hi: number): number {
  return Math.fround(lo + Math.fround(u * Math.fround(hi - lo)));
}

function isPair(v: unknown): v is [number, number] {
  return Array.isArray(v) && v.length === 2 && v.every((e) => typeof e === 'number' && Number.isFinite(e));
}

/**
 * Keras's base `_set_factor`: a number f in [lo, hi] → [max(−|f|, lo), |f|]; a pair inside
 * the bounds → sorted. Anything else is an error naming the layer.
 */
export function baseFactor(layer: string, factor: unknown, bounds: readonly [number, number]): [number, number] {
  const bad = () => new ValueError(`Layer '${layer}': the \`factor\` argument should be a number (or a list of two numbers) in the range [${bounds[0]}, ${bounds[1]}]. Received: factor=${fmt(factor)}`);
  if (isPair(factor)) {
    if (factor[0] > bounds[1] || factor[1] < bounds[0]) throw bad();
    const [a, b] = factor;
    return a <= b ? [a, b] : [b, a];
  }
  if (typeof factor === 'number' && Number.isFinite(factor)) {
    if (factor < bounds[0] || factor > bounds[1]) throw bad();
    const f = Math.abs(factor);
    return [Math.max(-f, bounds[0]), f];
  }
  throw bad();
}

/**
 * RandomZoom's and RandomTranslation's factor check: each number in (−1, 1] (zoom, `open`)
 * or [−1, 1] (translation); a number f means [−|f|, |f|].
 */
export function signedFactor(layer: string, name: string, factor: unknown, open: boolean): [number, number] {
  const range = open ? '(-1.0, 1.0]' : '[-1.0, 1.0]';
  const bad = () => new ValueError(`Layer '${layer}': the \`${name}\` argument should be a number (or a list of two numbers) in the range ${range}. Received: ${name}=${fmt(factor)}`);
  const ok = (v: number) => v <= 1 && (open ? v > -1 : v >= -1);
  if (isPair(factor)) {
    if (!ok(factor[0]) || !ok(factor[1])) throw bad();
    const [a, b] = factor;
    return a <= b ? [a, b] : [b, a];
  }
  if (typeof factor === 'number' && Number.isFinite(factor)) {
    if (!ok(factor)) throw bad();
    const f = Math.abs(factor);
    return [-f, f];
  }
  throw bad();
}

const FILL_MODES = ['reflect', 'wrap', 'constant', 'nearest'] as const;
const INTERPOLATIONS = ['nearest', 'bilinear'] as const;

/** Checks a `fillMode` option ('reflect', 'wrap', 'constant' or 'nearest'); anything else is a `ValueError` naming the layer. */
export function fillModeOption(layer: string, v: unknown): FillMode {
  if (!(FILL_MODES as readonly unknown[]).includes(v)) throw new ValueError(`Layer '${layer}': unknown \`fillMode\`. Expected one of ${fmt(FILL_MODES)}. Received: fillMode=${fmt(v)}`);
  return v as FillMode;
}

/** Checks an `interpolation` option ('nearest' or 'bilinear'); anything else is a `ValueError` naming the layer. */
export function interpolationOption(layer: string, v: unknown): ImageInterpolation {
  if (!(INTERPOLATIONS as readonly unknown[]).includes(v)) throw new ValueError(`Layer '${layer}': unknown \`interpolation\`. Expected one of ${fmt(INTERPOLATIONS)}. Received: interpolation=${fmt(v)}`);
  return v as ImageInterpolation;
}

/** Checks a `fillValue` option (a finite number); anything else is a `ValueError` naming the layer. */
export function fillValueOption(layer: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(`Layer '${layer}': fillValue must be a finite number. Received: fillValue=${fmt(v)}`);
  return v;
}

/** Keras's `value_range`: two numbers. */
export function valueRangeOption(layer: string, v: unknown): [number, number] {
  if (!isPair(v)) throw new ValueError(`Layer '${layer}': the \`valueRange\` argument should be a list of two numbers. Received: valueRange=${fmt(v)}`);
  return [v[0], v[1]];
}
