// ZeroPadding2D, Cropping2D and UpSampling2D (Keras), channels last.

import { ValueError, fmt } from '../../errors.js';
import { pad, slice } from '../../ops/slice.js';
import { upSampling2d } from '../../ops/conv/upsampling2d.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';

type Amount = number | readonly [number, number] | readonly [readonly [number, number], readonly [number, number]];

/** Keras's three spellings of per-side amounts → [[top, bottom], [left, right]]. */
function sides(layer: string, name: string, v: Amount | undefined, dflt: number): [[number, number], [number, number]] {
  const a = v ?? dflt;
  let r: [[number, number], [number, number]] | undefined;
  if (typeof a === 'number') r = [[a, a], [a, a]];
  else if (Array.isArray(a) && a.length === 2 && a.every((x) => typeof x === 'number')) r = [[a[0] as number, a[0] as number], [a[1] as number, a[1] as number]];
  else if (Array.isArray(a) && a.length === 2 && a.every((x) => Array.isArray(x) && x.length === 2)) r = [[...(a[0] as [number, number])], [...(a[1] as [number, number])]];
  if (!r || r.flat().some((x) => !Number.isInteger(x) || x < 0)) {
    throw new ValueError(`Layer '${layer}': \`${name}\` must be an int, a pair of ints or a pair of pairs of non-negative ints. Received: ${name}=${fmt(v)}`);
  }
  return r;
}

export class ZeroPadding2D extends Layer {
  readonly padding: [[number, number], [number, number]];

  constructor(args: LayerArgs & { padding?: Amount } = {}) {
    super(args);
    this.padding = sides(this.name, 'padding', args.padding, 1);
    this.inputSpec = { ndim: 4 };
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    return pad(inputs as Tensor, [[0, 0], this.padding[0], this.padding[1], [0, 0]]);
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    const [h, w] = [s[1] ?? null, s[2] ?? null];
    const [[t, b], [l, r]] = this.padding;
    return [s[0] ?? null, h === null ? null : h + t + b, w === null ? null : w + l + r, s[3] ?? null];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), padding: this.padding, data_format: 'channels_last' };
  }
}

export class Cropping2D extends Layer {
  readonly cropping: [[number, number], [number, number]];

  constructor(args: LayerArgs & { cropping?: Amount } = {}) {
    super(args);
    this.cropping = sides(this.name, 'cropping', args.cropping, 0);
    this.inputSpec = { ndim: 4 };
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    const x = inputs as Tensor;
    const [[t, b], [l, r]] = this.cropping;
    const [n, h, w, c] = x.shape as [number, number, number, number];
    if (t + b >= h || l + r >= w) {
      throw new ValueError(`Layer '${this.name}': cropping ${fmt(this.cropping)} removes the whole ${h}×${w} input. Received: input_shape=${fmt(x.shape)}`);
    }
    return slice(x, [0, t, l, 0], [n, h - t - b, w - l - r, c]);
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    const [[t, b], [l, r]] = this.cropping;
    return [s[0] ?? null, s[1] == null ? null : s[1] - t - b, s[2] == null ? null : s[2] - l - r, s[3] ?? null];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), cropping: this.cropping, data_format: 'channels_last' };
  }
}

export class UpSampling2D extends Layer {
  readonly size: [number, number];
  readonly interpolation: 'nearest' | 'bilinear';

  constructor(args: LayerArgs & { size?: number | readonly [number, number]; interpolation?: 'nearest' | 'bilinear' } = {}) {
    super(args);
    const s = args.size ?? 2;
    this.size = typeof s === 'number' ? [s, s] : [s[0], s[1]];
    if (this.size.some((v) => !Number.isInteger(v) || v <= 0)) throw new ValueError(`Layer '${this.name}': size must be positive integers. Received: size=${fmt(args.size)}`);
    this.interpolation = args.interpolation ?? 'nearest';
    if (!['nearest', 'bilinear'].includes(this.interpolation)) {
      throw new ValueError(`Layer '${this.name}': interpolation must be 'nearest' or 'bilinear'. Received: interpolation=${fmt(args.interpolation)}`);
    }
    this.inputSpec = { ndim: 4 };
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    return upSampling2d(inputs as Tensor, this.size, this.interpolation);
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return [s[0] ?? null, s[1] == null ? null : s[1] * this.size[0], s[2] == null ? null : s[2] * this.size[1], s[3] ?? null];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), size: this.size, interpolation: this.interpolation, data_format: 'channels_last' };
  }
}
