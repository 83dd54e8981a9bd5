// Keras `image_dataset_from_directory` for Node: one subdirectory per class of PNG/JPEG files,
// decoded in JS, resized with the WASM resize kernel, as a data.Dataset of `[images, labels]`
// batches. Files are read when the data set is iterated (each epoch), asynchronously, so a
// prefetch overlaps the reads with training.

import { ValueError, fmt } from '../errors.js';
import { nodeModule } from '../../bindings/features.js';
import { checkOptions } from './options.js';
import { CHANNELS, decodeRgba, imageElem, type ColorMode } from './image_decode.js';
import { directoryDataset, type DirectoryDataset, type LabelMode } from './directory_dataset.js';

export type { DirectoryDataset, LabelMode };

/** Options of `imageDatasetFromDirectory` (Keras `keras.utils.image_dataset_from_directory`). */
export interface ImageDatasetOptions {
  /** 'int' (int32 class index, default), 'categorical' (float32 one-hot), 'binary' (float32 [1], two classes), null (images only). */
  labelMode?: LabelMode;
  /** The classes, i.e. subdirectory names, in label order (default: the sorted subdirectories). */
  classNames?: string[];
  /** 'grayscale', 'rgb' (default) or 'rgba'. */
  colorMode?: ColorMode;
  /** Default 32; null gives single images. */
  batchSize?: number | null;
  /** [height, width] every image is resized to (default [256, 256]). */
  imageSize?: [number, number];
  /** Shuffle the file order (afresh each epoch). Default: true. */
  shuffle?: boolean;
  /** Seed of the shuffle and of the validation split; required when `validationSplit` is set and shuffling is on, so the two subsets do not overlap. */
  seed?: number;
  /** Fraction in (0, 1) of the files held out for validation, taken from the end of the shuffled list. Default: none. */
  validationSplit?: number;
  /** Which part to return with `validationSplit`: `training`, `validation`, or `both` (a `[training, validation]` pair). Required with `validationSplit`, refused without it. */
  subset?: 'training' | 'validation' | 'both';
  /** 'bilinear' (default) or 'nearest'. */
  interpolation?: 'bilinear' | 'nearest';
  /** Crop the largest centred window with the target aspect ratio before resizing. */
  cropToAspectRatio?: boolean;
  /** Pad (with zeros) to the target aspect ratio before resizing. */
  padToAspectRatio?: boolean;
}

const KEYS = ['labelMode', 'classNames', 'colorMode', 'batchSize', 'imageSize', 'shuffle', 'seed', 'validationSplit', 'subset',
  'interpolation', 'cropToAspectRatio', 'padToAspectRatio'] as const;
const EXTS = ['.png', '.jpg', '.jpeg'];

export function imageDatasetFromDirectory(directory: string, opts: ImageDatasetOptions & { subset: 'both' }): Promise<[DirectoryDataset, DirectoryDataset]>;
export function imageDatasetFromDirectory(directory: string, opts?: ImageDatasetOptions): Promise<DirectoryDataset>;
/**
 * Keras `image_dataset_from_directory`: `directory/<class>/**.{png,jpg,jpeg}` as batches of
 * float32 images `[batch, height, width, channels]` in [0, 255] and labels. A corrupt file is
 * an error naming it, raised when the data set reaches it.
 */
export async function imageDatasetFromDirectory(directory: string, opts: ImageDatasetOptions = {}): Promise<DirectoryDataset | [DirectoryDataset, DirectoryDataset]> {
  const where = 'utils.imageDatasetFromDirectory';
  checkOptions(where, opts, KEYS);
  const colorMode = opts.colorMode ?? 'rgb';
  if (!(colorMode in CHANNELS)) throw new ValueError(`${where}: colorMode must be 'grayscale', 'rgb' or 'rgba'. Received: colorMode=${fmt(colorMode)}`);
  const [th, tw] = opts.imageSize ?? [256, 256];
  if (!Array.isArray(opts.imageSize ?? [th, tw]) || ![th, tw].every((d) => Number.isInteger(d) && d! > 0)) {
    throw new ValueError(`${where}: imageSize must be [height, width] of positive integers. Received: imageSize=${fmt(opts.imageSize)}`);
  }
  if (opts.cropToAspectRatio && opts.padToAspectRatio) throw new ValueError(`${where}: pass cropToAspectRatio or padToAspectRatio, not both.`);
  const interpolation = opts.interpolation ?? 'bilinear';
  if (interpolation !== 'bilinear' && interpolation !== 'nearest') {
    throw new ValueError(`${where}: interpolation must be 'bilinear' or 'nearest'. Received: interpolation=${fmt(interpolation)}`);
  }
  const resize = { imageSize: [th, tw] as [number, number], interpolation, cropToAspectRatio: opts.cropToAspectRatio, padToAspectRatio: opts.padToAspectRatio };
  return directoryDataset(where, directory, EXTS, opts, async (path) => {
    let bytes: Uint8Array;
    try {
      bytes = await nodeModule<typeof import('node:fs')>('fs').promises.readFile(path);
    } catch (e) {
      throw new ValueError(`${where}: cannot read '${path}': ${(e as Error).message}`);
    }
    return imageElem(decodeRgba(bytes, path, where), colorMode, resize, where);
  });
}
