// Data sets from what a web page has: File/Blob lists (an <input type=file> FileList, a drop),
// and pixel sources (ImageData, ImageBitmap, canvases, <img>/<video>). Browsers decode images
// with createImageBitmap and a canvas; Node (tests, scripts) decodes PNG/JPEG bytes in JS.

import { ValueError, fmt } from '../errors.js';
import { isNode } from '../../bindings/features.js';
import { Tensor } from '../tensor/tensor.js';
import { checkOptions } from '../utils/options.js';
import { CHANNELS, decodeRgba, imageElem, labelElem, type ColorMode, type Rgba } from '../utils/image_decode.js';
import { Dataset } from './dataset.js';
import { materialize, type Elem } from './structure.js';

/** Anything with RGBA pixels: ImageData (or `{ data, width, height }`), ImageBitmap, canvases, images, video frames. */
export type PixelSource = ImageData | { data: Uint8Array | Uint8ClampedArray; width: number; height: number } | ImageBitmap |
  HTMLCanvasElement | OffscreenCanvas | HTMLImageElement | HTMLVideoElement;

/** Options of `data.fromImages()` and `data.fromFiles()` (as Keras `image_dataset_from_directory`'s). Unknown keys throw a `ValueError`. */
export interface ImageSourceOptions {
  /** [height, width] every image is resized to (default: the first image's size). */
  imageSize?: [number, number];
  /** Channels of the images: 'grayscale' (1), 'rgb' (3, default) or 'rgba' (4). */
  colorMode?: ColorMode;
  /** How images are resized to `imageSize`. Default 'bilinear'. */
  interpolation?: 'bilinear' | 'nearest';
  /** One class index per image; elements are then `[image, label]`. */
  labels?: ArrayLike<number>;
  /** How labels are encoded (default 'int'; 'categorical' needs `numClasses` or uses max + 1). */
  labelMode?: 'int' | 'categorical' | 'binary';
  /** Number of classes of 'categorical' labels (default: the largest label + 1). */
  numClasses?: number;
}

const KEYS = ['imageSize', 'colorMode', 'interpolation', 'labels', 'labelMode', 'numClasses'] as const;

function isRgbaData(s: unknown): s is Rgba {
  const d = (s as { data?: unknown }).data;
  return d instanceof Uint8Array || d instanceof Uint8ClampedArray;
}

/** The RGBA pixels of a pixel source (drawn on a canvas unless it already is pixel data). */
export function pixelsOf(src: PixelSource, where: string): Rgba {
  if (src !== null && typeof src === 'object' && isRgbaData(src)) {
    const { width, height } = src;
    if (src.data.length !== width * height * 4) {
      throw new ValueError(`${where}: pixel data must hold width × height × 4 bytes (RGBA). Received: ${src.data.length} bytes for ${width}×${height}`);
    }
    return { width, height, data: new Uint8Array(src.data.buffer, src.data.byteOffset, src.data.byteLength) };
  }
  if (typeof OffscreenCanvas === 'undefined') {
    throw new ValueError(`${where}: drawing ${fmt(src)} needs OffscreenCanvas (a browser); pass ImageData-like { data, width, height } instead.`);
  }
  const s = src as { width: number; height: number; videoWidth?: number; videoHeight?: number; naturalWidth?: number; naturalHeight?: number };
  const width = s.videoWidth || s.naturalWidth || s.width, height = s.videoHeight || s.naturalHeight || s.height;
  const ctx = new OffscreenCanvas(width, height).getContext('2d');
  if (!ctx) throw new ValueError(`${where}: could not get a 2d canvas context.`);
  ctx.drawImage(src as CanvasImageSource, 0, 0, width, height);
  const img = ctx.getImageData(0, 0, width, height);
  return { width, height, data: new Uint8Array(img.data.buffer) };
}

/** One image as a float32 tensor [height, width, channels] in [0, 255] (tfjs `browser.fromPixels`). */
export function fromPixels(src: PixelSource, numChannels: 1 | 3 | 4 = 3): Tensor {
  const mode: ColorMode = numChannels === 1 ? 'grayscale' : numChannels === 4 ? 'rgba' : 'rgb';
  if (![1, 3, 4].includes(numChannels)) throw new ValueError(`data.fromPixels: numChannels must be 1, 3 or 4. Received: ${fmt(numChannels)}`);
  const img = pixelsOf(src, 'data.fromPixels');
  return materialize(imageElem(img, mode, { imageSize: [img.height, img.width], interpolation: 'bilinear' }, 'data.fromPixels')) as Tensor;
}

function checkImageOptions(where: string, opts: ImageSourceOptions, n: number): void {
  checkOptions(where, opts, KEYS);
  if (opts.colorMode !== undefined && !(opts.colorMode in CHANNELS)) {
    throw new ValueError(`${where}: colorMode must be 'grayscale', 'rgb' or 'rgba'. Received: colorMode=${fmt(opts.colorMode)}`);
  }
  if (opts.labels !== undefined && opts.labels.length !== n) {
    throw new ValueError(`${where}: labels must have one entry per image (${n}). Received: ${opts.labels.length} labels`);
  }
}

/** `labels[i]` encoded as `labelMode` asks; undefined without labels. */
function labeller(opts: ImageSourceOptions): (i: number) => Elem | undefined {
  const ls = opts.labels;
  if (!ls) return () => undefined;
  let max = 0;
  for (let j = 0; j < ls.length; j++) {
    const l = ls[j]!;
    if (!Number.isInteger(l) || l < 0) throw new ValueError(`data: labels must be non-negative integers. Received: labels[${j}]=${fmt(l)}`);
    max = Math.max(max, l);
  }
  const k = opts.numClasses ?? max + 1;
  if (max >= k) throw new ValueError(`data: a label is ≥ numClasses=${k}. Received: ${max}`);
  return (i) => labelElem(ls[i]!, k, opts.labelMode ?? 'int');
}

/** A data set of images (and labels) from pixel sources, resized to `imageSize`. Batch it with `.batch(n)`. */
export function fromImages(sources: readonly PixelSource[], opts: ImageSourceOptions = {}): Dataset {
  const where = 'data.fromImages';
  checkImageOptions(where, opts, sources.length);
  const labelOf = labeller(opts);
  return new Dataset(async function* () {
    let size = opts.imageSize;
    for (let i = 0; i < sources.length; i++) {
      const img = pixelsOf(sources[i]!, where);
      size ??= [img.height, img.width];
      const x = imageElem(img, opts.colorMode ?? 'rgb', { imageSize: size, interpolation: opts.interpolation ?? 'bilinear' }, where);
      const y = labelOf(i);
      yield y === undefined ? x : [x, y];
    }
  }, sources.length);
}

async function decodeBlob(b: Blob, name: string, where: string): Promise<Rgba> {
  if (isNode || typeof createImageBitmap !== 'function') return decodeRgba(new Uint8Array(await b.arrayBuffer()), name, where);
  let bmp: ImageBitmap;
  try {
    bmp = await createImageBitmap(b);
  } catch (e) {
    throw new ValueError(`${where}: could not decode the image file '${name}': ${(e as Error).message}. Received: a corrupt or unsupported image`);
  }
  try {
    return pixelsOf(bmp, where);
  } finally {
    bmp.close();
  }
}

/**
 * A data set from files (a FileList from `<input type=file>`, or Blobs): images
 * (`kind: 'image'`, default; PNG/JPEG, or whatever the browser decodes) as in fromImages, or
 * texts (`kind: 'text'`) as strings. Files are read when the data set is iterated.
 */
export function fromFiles(files: FileList | readonly Blob[], opts: ImageSourceOptions & { kind?: 'image' | 'text' } = {}): Dataset {
  const where = 'data.fromFiles';
  const { kind = 'image', ...rest } = opts;
  if (kind !== 'image' && kind !== 'text') throw new ValueError(`${where}: kind must be 'image' or 'text'. Received: kind=${fmt(kind)}`);
  const list = Array.from(files as ArrayLike<Blob>);
  checkImageOptions(where, rest, list.length);
  const labelOf = labeller(rest);
  list.forEach((f, i) => {
    if (typeof (f as Blob)?.arrayBuffer !== 'function') throw new ValueError(`${where}: item ${i} is not a File or Blob. Received: ${fmt(f)}`);
  });
  return new Dataset(async function* () {
    let size = rest.imageSize;
    for (let i = 0; i < list.length; i++) {
      const f = list[i]!;
      const name = (f as File).name ?? `blob ${i}`;
      let x: Elem;
      if (kind === 'text') x = await f.text();
      else {
        const img = await decodeBlob(f, name, where);
        size ??= [img.height, img.width];
        x = imageElem(img, rest.colorMode ?? 'rgb', { imageSize: size, interpolation: rest.interpolation ?? 'bilinear' }, where);
      }
      const y = labelOf(i);
      yield y === undefined ? x : [x, y];
    }
  }, list.length);
}
