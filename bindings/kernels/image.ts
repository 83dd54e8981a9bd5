// Image warps on `kx_affine_transform` (crates/kerasm-kernels/src/image/warp.rs): one Keras
// 8-parameter transform [a0, a1, a2, b0, b1, b2, c0, c1] per image of an NHWC batch; output
// pixel (x, y) samples the input at ((a0·x + a1·y + a2)/k, (b0·x + b1·y + b2)/k),
// k = c0·x + c1·y + 1, with jax.scipy.ndimage.map_coordinates' sampling and fill rules.

import type { Backend } from '../backend.js';
import type { Ptr, Status } from '../exports.js';
import type { WasmBuffer } from '../memory.js';
import { check } from '../status.js';
import { checkBuffer, checkSize } from './check.js';

/** Signatures of this family's WASM exports; part of `KernelExports` (../exports.ts). */
export interface ImageExports {
  kx_affine_transform(interp: number, fill: number, fillValue: number, n: number, h: number, w: number, c: number, oh: number, ow: number, t: Ptr, x: Ptr, y: Ptr): Status;
  kx_affine_transform_backward(interp: number, fill: number, n: number, h: number, w: number, c: number, oh: number, ow: number, t: Ptr, dy: Ptr, dx: Ptr): Status;
}

/** Interpolation name → kernel code. */
export const WARP_INTERPOLATIONS = { nearest: 0, bilinear: 1 } as const;
/** Sampling of an affine warp: 'nearest' or 'bilinear' (exported from kerasm as `ImageInterpolation`). */
export type WarpInterpolation = keyof typeof WARP_INTERPOLATIONS;
/** Fill mode name → kernel code (Keras's names; 'mirror' as jax's). */
export const WARP_FILL_MODES = { constant: 0, nearest: 1, wrap: 2, mirror: 3, reflect: 4 } as const;
/**
 * How an affine warp fills points outside the image: 'constant', 'nearest', 'wrap', 'mirror' or 'reflect' (exported from kerasm as `FillMode`).
 */
export type WarpFillMode = keyof typeof WARP_FILL_MODES;

/** Arguments of {@link affineTransform}. */
export interface AffineTransformArgs {
  /** [n, h, w, c] float32 images. */
  x: WasmBuffer;
  /** [n, 8] float32 transforms. */
  transforms: WasmBuffer;
  /** [n, outHeight, outWidth, c] float32 output, not overlapping x. */
  y: WasmBuffer;
  /** The input shape `[n, h, w, c]`. */
  shape: readonly [number, number, number, number];
  /** Default: the input's height and width. */
  outSize?: readonly [number, number];
  /** Sampling of the warp. Default 'bilinear'. */
  interpolation?: WarpInterpolation;
  /** How points outside the image are filled. Default 'constant'. */
  fillMode?: WarpFillMode;
  /** The value outside the image for fillMode 'constant'. Default 0. */
  fillValue?: number;
}

function code<T extends Record<string, number>>(K: string, name: string, table: T, v: string): number {
  const c = table[v];
  if (c === undefined) throw new RangeError(`${K}: \`${name}\` must be one of ${Object.keys(table).join(', ')}. Received: ${name}=${v}`);
  return c;
}

/**
 * Warps each image by its affine transform `[a0, a1, a2, b0, b1, b2, c0, c1]` (Keras `ops.image.affine_transform`'s convention: the output
 * pixel (x, y) samples the input at `((a0·x + a1·y + a2) / k, (b0·x + b1·y + b2) / k)`, `k = c0·x + c1·y + 1`); threaded over images.
 */
export function affineTransform(be: Backend, g: AffineTransformArgs): void {
  const K = 'affineTransform';
  const [n, h, w, c] = g.shape;
  const [oh, ow] = g.outSize ?? [h, w];
  for (const [name, v] of [['n', n], ['h', h], ['w', w], ['c', c], ['outHeight', oh], ['outWidth', ow]] as const) checkSize(K, name, v);
  const interp = code(K, 'interpolation', WARP_INTERPOLATIONS, g.interpolation ?? 'bilinear');
  const fill = code(K, 'fillMode', WARP_FILL_MODES, g.fillMode ?? 'reflect');
  checkBuffer(K, 'x', g.x, n * h * w * c);
  checkBuffer(K, 'transforms', g.transforms, n * 8);
  checkBuffer(K, 'y', g.y, n * oh * ow * c);
  if (g.y === g.x) throw new RangeError(`${K}: \`y\` must not be \`x\` (the warp reads other pixels than it writes).`);
  check(K, be.ex.kx_affine_transform(interp, fill, g.fillValue ?? 0, n, h, w, c, oh, ow, g.transforms.ptr, g.x.ptr, g.y.ptr), be);
}
