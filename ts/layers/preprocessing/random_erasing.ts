// RandomErasing (Keras `layers.RandomErasing`): in training, each image is erased with
// probability p ~ U(factor) inside one random box whose sides are √U(scale) of the image's,
// by `fillValue` (a number, or one per channel) or, when null, by N(0, 1)·valueRange[1]
// noise; fills are clipped to `valueRange`. Identity in inference.

import { fromData } from '../../tensor/creation.js';
import { randomNormal } from '../../tensor/random.js';
import { clipByValue } from '../../ops/unary.js';
import { mul } from '../../ops/binary.js';
import { where } from '../../ops/where.js';
import type { Tensor } from '../../tensor/tensor.js';
import { tidy } from '../../autograd/gradients.js';
import { ValueError, fmt } from '../../errors.js';
import { layerArgs } from '../config.js';
import { boxMask, type Box } from './mixing.js';
import { RandomImageLayer, baseFactor, scaled, valueRangeOption, type RandomImageArgs } from './random_image.js';

const f = Math.fround;

/** Options of {@link RandomErasing} (Keras `layers.RandomErasing` arguments, camelCase). */
export interface RandomErasingArgs extends RandomImageArgs {
  /** Erasing probability range in [0, 1] (Keras default 1: p ~ U(0, 1)). */
  factor?: number | [number, number];
  /** Range of the erased area fraction per axis, squared (default [0.02, 0.33]). */
  scale?: number | [number, number];
  /** null (default): Gaussian noise; a number, or three (one per channel). */
  fillValue?: number | [number, number, number] | null;
  /** Default [0, 255]. */
  valueRange?: [number, number];
}

/** The random draw of one RandomErasing call. */
export interface ErasingParams {
  /** Per image: erase at all? */
  apply: boolean[];
  /** Per image: [x0, x1, y0, y1], pixels with x0 ≤ x < x1 and y0 ≤ y < y1 are erased. */
  boxes: Box[];
  /** The fill, [n, h, w, c] channels-last, clipped to valueRange; default: drawn by the layer. */
  fill?: Tensor;
}

/**
 * Randomly erases a box of each training image, Keras `layers.RandomErasing` (Zhong et al. 2017): with probability p ~ U(factor),
 * a box with sides √U(scale) of the image's is filled with `fillValue` or, when null, Gaussian noise, clipped to `valueRange`.
 * Identity in inference. Invalid factors or fill values throw a `ValueError` (`Received: fillValue=…`).
 */
export class RandomErasing extends RandomImageLayer<ErasingParams> {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = ['data_format', 'factor', 'scale', 'fill_value', 'value_range', 'seed'];

  /** The erasing probability range [lower, upper] in [0, 1]. */
  readonly factor: [number, number];
  /** The range [lower, upper] the erased area fraction is drawn from (each side is its square root of the image's side). */
  readonly scale: [number, number];
  /** The fill: a number, one per channel (3), or null for N(0, 1)·valueRange[1] noise. */
  readonly fillValue: number | [number, number, number] | null;
  /** The images' value range [min, max] (default [0, 255]); fills are clipped to it. */
  readonly valueRange: [number, number];

  constructor(args: RandomErasingArgs = {}) {
    super(layerArgs(new.target, args));
    this.factor = baseFactor(this.name, args?.factor ?? 1, [0, 1]);
    this.scale = baseFactor(this.name, args?.scale ?? [0.02, 0.33], [0, 1]);
    const fv = args?.fillValue ?? null;
    const ok = fv === null || (typeof fv === 'number' && Number.isFinite(fv)) || (Array.isArray(fv) && fv.length === 3 && fv.every((v) => typeof v === 'number'));
    if (!ok) throw new ValueError(`Layer '${this.name}': the \`fillValue\` argument should be a number (or a list of three numbers). Received: fillValue=${fmt(fv)}`);
    this.fillValue = fv;
    this.valueRange = valueRangeOption(this.name, args?.valueRange ?? [0, 255]);
  }

  randomParams(n: number, h: number, w: number): ErasingParams {
    const u = this.uniforms(6 * n);
    const [s0, s1] = this.scale, [p0, p1] = this.factor;
    const apply: boolean[] = [], boxes: Box[] = [];
    for (let b = 0; b < n; b++) {
      const bounds = (len: number, ratio: number, v: number): [number, number] => {
        const crop = f(ratio * len);
        const start = f(v * f(len - crop));
        return [start, f(start + crop)];
      };
      const [x0, x1] = bounds(w, f(Math.sqrt(scaled(u[6 * b]!, s0, s1))), u[6 * b + 2]!);
      const [y0, y1] = bounds(h, f(Math.sqrt(scaled(u[6 * b + 1]!, s0, s1))), u[6 * b + 3]!);
      boxes.push([x0, x1, y0, y1]);
      apply.push(u[6 * b + 5]! < scaled(u[6 * b + 4]!, p0, p1));
    }
    return { apply, boxes };
  }

  private fillTensor(shape: number[]): Tensor {
    const [lo, hi] = this.valueRange;
    return tidy(() => {
      const fv = this.fillValue;
      if (fv === null) return clipByValue(mul(randomNormal(shape, 0, 1, this.seedForFill()), fromData(this.name, [hi], [], 'float32')), lo, hi);
      const size = shape.reduce((a, b) => a * b, 1), c = shape[3]!;
      const vals = new Float32Array(size);
      for (let i = 0; i < size; i++) vals[i] = Math.min(Math.max(typeof fv === 'number' ? fv : fv[i % c]!, lo), hi);
      return fromData(this.name, vals, shape, 'float32');
    });
  }

  /** The noise fill's seed: the next value of the layer's stream (undefined: global). */
  private seedForFill(): number | undefined {
    return this.seed === null ? undefined : Math.floor(this.uniforms(1)[0]! * 2 ** 31);
  }

  transformImages(x: Tensor, p: ErasingParams): Tensor {
    return tidy(() => where(boxMask(this.name, x.shape, p.boxes, p.apply), p.fill ?? this.fillTensor([...x.shape]), x));
  }
}
