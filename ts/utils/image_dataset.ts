// Keras `image_dataset_from_directory` for Node: one subdirectory per class of PNG/JPEG files,
// decoded in JS, resized with the WASM resize kernel, as a data.Dataset of `[images, labels]`
// batches. Files are read when the data set is iterated (each epoch), asynchronously, so a
// prefetch overlaps the reads with training.

import { ValueError, fmt } from '../errors.js';
import { nodeModule } from '../../bindings/features.js';
import { Dataset } from '../data/dataset.js';
import { checkOptions } from './options.js';
import { permutation } from '../training/data.js';
import { iterationSeed } from '../data/random.js';
import { CHANNELS, decodeRgba, imageElem, labelElem, type ColorMode } from './image_decode.js';
import { checkSplit, indexDirectory, splitIndex, type FileIndex } from './directory_index.js';

export type LabelMode = 'int' | 'categorical' | 'binary' | null;

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
  shuffle?: boolean;
  seed?: number;
  validationSplit?: number;
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

/** A data set of images with the class names and files it reads (Keras sets `class_names` and `file_paths`). */
export type DirectoryDataset = Dataset & { classNames: string[]; filePaths: string[] };

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
  const labelMode = opts.labelMode === undefined ? 'int' : opts.labelMode;
  if (labelMode !== null && !['int', 'categorical', 'binary'].includes(labelMode)) {
    throw new ValueError(`${where}: labelMode must be 'int', 'categorical', 'binary' or null. Received: labelMode=${fmt(labelMode)}`);
  }
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
  const batchSize = opts.batchSize === undefined ? 32 : opts.batchSize;
  if (batchSize !== null && !(Number.isInteger(batchSize) && batchSize > 0)) {
    throw new ValueError(`${where}: batchSize must be a positive integer or null. Received: batchSize=${fmt(batchSize)}`);
  }
  checkSplit(where, opts as never);
  const index = indexDirectory(where, directory, EXTS, { ...opts, inferLabels: true });
  if (labelMode === 'binary' && index.classNames.length !== 2) {
    throw new ValueError(`${where}: labelMode 'binary' needs exactly 2 classes. Received: ${index.classNames.length} classes (${index.classNames.join(', ')})`);
  }
  const resize = { imageSize: [th, tw] as [number, number], interpolation, cropToAspectRatio: opts.cropToAspectRatio, padToAspectRatio: opts.padToAspectRatio };
  const make = (idx: FileIndex): DirectoryDataset => {
    const fs = nodeModule<typeof import('node:fs')>('fs');
    const k = idx.classNames.length;
    const paths = idx.paths, labels = idx.labels;
    // As Keras, the file order is shuffled (not the decoded data), here afresh for each epoch.
    const shuffle = opts.shuffle ?? true;
    let epoch = 0;
    let ds = new Dataset(async function* () {
      const order = shuffle ? permutation(paths.length, iterationSeed(index.seed, epoch++)) : undefined;
      for (let j = 0; j < paths.length; j++) {
        const i = order ? order[j]! : j;
        let bytes: Uint8Array;
        try {
          bytes = await fs.promises.readFile(paths[i]!);
        } catch (e) {
          throw new ValueError(`${where}: cannot read '${paths[i]}': ${(e as Error).message}`);
        }
        const x = imageElem(decodeRgba(bytes, paths[i]!, where), colorMode, resize, where);
        yield labelMode === null ? x : [x, labelElem(labels[i]!, k, labelMode)];
      }
    }, paths.length);
    if (batchSize !== null) ds = ds.batch(batchSize);
    return Object.assign(ds.prefetch(2), { classNames: idx.classNames, filePaths: paths });
  };
  if (opts.subset === 'both') return [make(splitIndex(index, opts.validationSplit, 'training')), make(splitIndex(index, opts.validationSplit, 'validation'))];
  return make(splitIndex(index, opts.validationSplit, opts.subset ?? 'training'));
}
