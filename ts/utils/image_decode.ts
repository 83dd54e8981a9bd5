// PNG and JPEG files → float32 pixels in [0, 255], with pure-JS decoders (pngjs, jpeg-js)
// loaded only in Node and only when first needed, so browser bundles never see them.

import { ValueError } from '../errors.js';
import { nodeModule } from '../../bindings/features.js';
import { tidy } from '../autograd/gradients.js';
import { Row, hostSource, tensorFrom, type Elem } from '../data/structure.js';
import { cropToAspectRatio, padToAspectRatio, resizeTo } from '../layers/preprocessing/image_ops.js';

export type ColorMode = 'grayscale' | 'rgb' | 'rgba';
export const CHANNELS: Record<ColorMode, number> = { grayscale: 1, rgb: 3, rgba: 4 };

export interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

let req: ((id: string) => unknown) | undefined;
function load<T>(id: string): T {
  req ??= nodeModule<typeof import('node:module')>('module').createRequire(import.meta.url);
  return req(id) as T;
}

function isPng(b: Uint8Array): boolean {
  return b.length > 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
}

function isJpeg(b: Uint8Array): boolean {
  return b.length > 3 && b[0] === 0xff && b[1] === 0xd8;
}

/** Decodes a PNG or JPEG file's bytes to RGBA; errors name the file. */
export function decodeRgba(bytes: Uint8Array, file: string, where: string): Rgba {
  try {
    if (isPng(bytes)) {
      const { PNG } = load<{ PNG: { sync: { read(b: Uint8Array): Rgba } } }>('pngjs');
      return PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    }
    if (isJpeg(bytes)) {
      const jpeg = load<{ decode(b: Uint8Array, o: object): Rgba }>('jpeg-js');
      return jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
    }
  } catch (e) {
    throw new ValueError(`${where}: could not decode the image file '${file}': ${(e as Error).message}. Received: a corrupt or unsupported image`);
  }
  throw new ValueError(`${where}: '${file}' is neither a PNG nor a JPEG image. Received: ${bytes.length} bytes starting ` +
    `${Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ')}`);
}

/** RGBA bytes → [h, w, channels] float32 (grayscale with tf.image.rgb_to_grayscale's weights). */
export function toChannels(img: Rgba, mode: ColorMode): Float32Array {
  const c = CHANNELS[mode];
  const n = img.width * img.height;
  const out = new Float32Array(n * c);
  const d = img.data;
  for (let i = 0; i < n; i++) {
    const r = d[4 * i]!, g = d[4 * i + 1]!, b = d[4 * i + 2]!;
    if (c === 1) out[i] = Math.round(0.2989 * r + 0.587 * g + 0.114 * b);
    else {
      out[c * i] = r;
      out[c * i + 1] = g;
      out[c * i + 2] = b;
      if (c === 4) out[c * i + 3] = d[4 * i + 3]!;
    }
  }
  return out;
}

export interface ResizeOptions {
  imageSize: [number, number];
  interpolation: 'bilinear' | 'nearest';
  cropToAspectRatio?: boolean;
  padToAspectRatio?: boolean;
}

/**
 * One decoded image as a data set leaf of shape [th, tw, c]: a lazy host row when it already
 * has the target size (batch() then copies it once), else resized by the WASM kernel.
 */
export function imageElem(img: Rgba, mode: ColorMode, o: ResizeOptions, where: string): Elem {
  const c = CHANNELS[mode];
  const [th, tw] = o.imageSize;
  const px = toChannels(img, mode);
  if (img.height === th && img.width === tw) return new Row(hostSource(px, [1, th, tw, c]), 0);
  return tidy(() => {
    let x = tensorFrom(() => px, [1, img.height, img.width, c], 'float32', where);
    if (o.cropToAspectRatio) x = cropToAspectRatio(x, th, tw);
    else if (o.padToAspectRatio) x = padToAspectRatio(x, th, tw, 0);
    return resizeTo(x, th, tw, o.interpolation).view([th, tw, c]);
  });
}

/** The label leaf Keras's directory loaders give for class `l` of `k`. */
export function labelElem(l: number, k: number, mode: 'int' | 'categorical' | 'binary'): Elem {
  if (mode === 'int') return new Row(hostSource(Int32Array.of(l), [1]), 0);
  if (mode === 'binary') return new Row(hostSource(Float32Array.of(l), [1, 1]), 0);
  const v = new Float32Array(k);
  v[l] = 1;
  return new Row(hostSource(v, [1, k]), 0);
}
