// Image helpers shared by Resizing and CenterCrop, on channels-last [n, h, w, c] tensors,
// with Keras 3's integer arithmetic for the aspect-ratio crop and pad (keras/src/backend/
// jax/image.py `resize`, keras/src/utils/image_utils.py `smart_resize`).

import { ValueError, fmt } from '../../errors.js';
import { slice, pad } from '../../ops/slice.js';
import { reshape } from '../../ops/reshape.js';
import { cast } from '../../ops/cast.js';
import { gather } from '../../ops/gather.js';
import { fromData } from '../../tensor/creation.js';
import { resizeImages, type Interpolation } from '../../ops/conv/upsampling2d.js';
import { tidy } from '../../autograd/gradients.js';
import type { Tensor } from '../../tensor/tensor.js';
import { viaChannelsLast, type DataFormat } from '../data_format.js';
import type { SymbolicShape } from '../symbolic.js';
import { resizeArea } from './resize_area.js';

/** The central crop of [n, h, w, c] images with the target's aspect ratio (Keras crop_to_aspect_ratio). */
export function cropToAspectRatio(x: Tensor, th: number, tw: number): Tensor {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const ch = Math.max(Math.min(h, Math.trunc((w * th) / tw)), 1);
  const cw = Math.max(Math.min(w, Math.trunc((h * tw) / th)), 1);
  const h0 = Math.trunc((h - ch) / 2), w0 = Math.trunc((w - cw) / 2);
  return slice(x, [0, h0, w0, 0], [n, ch, cw, c]);
}

/** Pads [n, h, w, c] images symmetrically towards the target's aspect ratio (Keras pad_to_aspect_ratio). */
export function padToAspectRatio(x: Tensor, th: number, tw: number, fillValue: number): Tensor {
  const [, h, w] = x.shape as [number, number, number, number];
  const ph = Math.max(h, Math.trunc((w * th) / tw));
  const pw = Math.max(w, Math.trunc((h * tw) / th));
  const h0 = Math.trunc((ph - h) / 2), w0 = Math.trunc((pw - w) / 2);
  // As Keras: pad rows if any are missing, else columns, by the same amount on both sides.
  if (h0 > 0) return pad(x, [[0, 0], [h0, h0], [0, 0], [0, 0]], fillValue);
  if (w0 > 0) return pad(x, [[0, 0], [0, 0], [w0, w0], [0, 0]], fillValue);
  return x;
}

/**
 * Source rows of nearest-neighbour resizing with half-pixel centres, in float32 as
 * jax.image.resize computes them: ⌊(o + ½)·in/out⌋. (The UpSampling2D kernel's ⌊o·in/out⌋
 * agrees only for integer upscaling factors.)
 */
function nearestIndices(inp: number, out: number): Tensor {
  const f = Math.fround;
  return fromData('Resizing', Int32Array.from({ length: out }, (_, o) => Math.min(Math.floor(f(f(f(o + 0.5) * inp) / out)), inp - 1)), [out], 'int32');
}

/** Resizes [n, h, w, c] images to [n, th, tw, c] as Keras's JAX backend does (no antialiasing); 'area' as its TensorFlow backend. */
export function resizeTo(x: Tensor, th: number, tw: number, interpolation: Interpolation | 'area'): Tensor {
  if (interpolation === 'bilinear') return resizeImages(x, [th, tw], 'bilinear');
  if (interpolation === 'area') return resizeArea(x, th, tw);
  return tidy(() => gather(gather(x, nearestIndices(x.shape[1]!, th), 1), nearestIndices(x.shape[2]!, tw), 2));
}

/**
 * Runs `f` on channels-last batched float32 images: a rank-3 input is one image (no batch
 * axis), channels_first inputs are transposed around `f`, integer inputs are cast.
 */
export function onImages(layer: string, format: DataFormat, x0: Tensor, f: (x: Tensor) => Tensor): Tensor {
  if (x0.rank !== 3 && x0.rank !== 4) {
    throw new ValueError(`Layer '${layer}': expected images of rank 3 (unbatched) or 4 (batched). Received: inputs.shape=${fmt(x0.shape)}`);
  }
  return tidy(() => {
    const xf = x0.dtype === 'float32' ? x0 : cast(x0, 'float32');
    const x = x0.rank === 4 ? xf : reshape(xf, [1, ...xf.shape]);
    const y = viaChannelsLast(format, x, f);
    return x0.rank === 4 ? y : reshape(y, y.shape.slice(1));
  });
}

/** Output shape: the height and width axes set to the target size. */
export function resizedShape(format: DataFormat, s: SymbolicShape, th: number, tw: number): SymbolicShape {
  const out = s.slice();
  const r = s.length;
  const [hAxis, wAxis] = format === 'channels_last' ? [r - 3, r - 2] : [r - 2, r - 1];
  out[hAxis] = th;
  out[wAxis] = tw;
  return out;
}

/** Checks a positive integer size option. */
export function sizeOption(layer: string, name: string, v: unknown): number {
  if (!Number.isInteger(v) || (v as number) < 1) throw new ValueError(`Layer '${layer}': ${name} must be a positive integer. Received: ${name}=${fmt(v)}`);
  return v as number;
}
