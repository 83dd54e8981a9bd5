// channels_first support for the spatial layers: the kernels are channels-last, so a
// channels_first layer transposes its input to channels-last, runs, and transposes back.
// Transposes are differentiable ops, so gradients follow.

import { ValueError, fmt } from '../errors.js';
import { transpose } from '../ops/transpose.js';
import { tidy } from '../autograd/gradients.js';
import type { Tensor } from '../tensor/tensor.js';
import type { SymbolicShape } from './symbolic.js';

/** Position of the channel axis in spatial inputs (Keras `data_format`): `'channels_last'` is `(batch, …spatial, channels)`, `'channels_first'` is `(batch, channels, …spatial)`. Keras's default is `'channels_last'`. */
export type DataFormat = 'channels_last' | 'channels_first';
/** Keras spellings and their camelCase forms. */
export type DataFormatOption = DataFormat | 'channelsLast' | 'channelsFirst' | null;

export function dataFormatOf(layer: string, v: unknown): DataFormat {
  if (v == null || v === 'channels_last' || v === 'channelsLast') return 'channels_last';
  if (v === 'channels_first' || v === 'channelsFirst') return 'channels_first';
  throw new ValueError(`Layer '${layer}': dataFormat must be 'channels_last' or 'channels_first'. Received: dataFormat=${fmt(v)}`);
}

/** (N, C, …spatial) → (N, …spatial, C). */
export function perm2Last(rank: number): number[] {
  return [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1];
}

/** (N, …spatial, C) → (N, C, …spatial). */
export function perm2First(rank: number): number[] {
  return [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)];
}

export function shapeToLast(s: SymbolicShape): SymbolicShape {
  return s.length <= 2 ? s.slice() : perm2Last(s.length).map((i) => s[i]!);
}

export function shapeToFirst(s: SymbolicShape): SymbolicShape {
  return s.length <= 2 ? s.slice() : perm2First(s.length).map((i) => s[i]!);
}

/** Runs channels-last `f` on a channels_first `x`; channels_last inputs go straight through. */
export function viaChannelsLast(format: DataFormat, x: Tensor, f: (x: Tensor) => Tensor): Tensor {
  if (format === 'channels_last') return f(x);
  return tidy(() => {
    const y = f(transpose(x, perm2Last(x.rank)));
    return y.rank <= 2 ? y : transpose(y, perm2First(y.rank));
  });
}

/** The output shape of a channels-last shape function, for either format. */
export function shapeViaChannelsLast(format: DataFormat, s: SymbolicShape, f: (s: SymbolicShape) => SymbolicShape): SymbolicShape {
  return format === 'channels_last' ? f(s) : shapeToFirst(f(shapeToLast(s)));
}

/** The channel axis of a spatial input of rank `rank`. */
export function channelAxis(format: DataFormat, rank: number): number {
  return format === 'channels_last' ? rank - 1 : 1;
}
