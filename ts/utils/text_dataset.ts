// Keras `text_dataset_from_directory` for Node: one subdirectory per class of .txt files, as a
// data.Dataset of `[texts, labels]` batches (texts are string lists; labels as for images).

import { ValueError, fmt } from '../errors.js';
import { nodeModule } from '../../bindings/features.js';
import { Dataset } from '../data/dataset.js';
import { labelElem } from './image_decode.js';
import { checkOptions } from './options.js';
import { permutation } from '../training/data.js';
import { iterationSeed } from '../data/random.js';
import { checkSplit, indexDirectory, splitIndex, type FileIndex } from './directory_index.js';
import type { DirectoryDataset, LabelMode } from './image_dataset.js';

export interface TextDatasetOptions {
  labelMode?: LabelMode;
  classNames?: string[];
  /** Default 32; null gives single texts. */
  batchSize?: number | null;
  /** Keep at most this many characters of each file. */
  maxLength?: number;
  shuffle?: boolean;
  seed?: number;
  validationSplit?: number;
  subset?: 'training' | 'validation' | 'both';
}

const KEYS = ['labelMode', 'classNames', 'batchSize', 'maxLength', 'shuffle', 'seed', 'validationSplit', 'subset'] as const;

export function textDatasetFromDirectory(directory: string, opts: TextDatasetOptions & { subset: 'both' }): Promise<[DirectoryDataset, DirectoryDataset]>;
export function textDatasetFromDirectory(directory: string, opts?: TextDatasetOptions): Promise<DirectoryDataset>;
/** Keras `text_dataset_from_directory`: `directory/<class>/**.txt` as `[texts, labels]` batches. */
export async function textDatasetFromDirectory(directory: string, opts: TextDatasetOptions = {}): Promise<DirectoryDataset | [DirectoryDataset, DirectoryDataset]> {
  const where = 'utils.textDatasetFromDirectory';
  checkOptions(where, opts, KEYS);
  const labelMode = opts.labelMode === undefined ? 'int' : opts.labelMode;
  if (labelMode !== null && !['int', 'categorical', 'binary'].includes(labelMode)) {
    throw new ValueError(`${where}: labelMode must be 'int', 'categorical', 'binary' or null. Received: labelMode=${fmt(labelMode)}`);
  }
  const batchSize = opts.batchSize === undefined ? 32 : opts.batchSize;
  if (batchSize !== null && !(Number.isInteger(batchSize) && batchSize > 0)) {
    throw new ValueError(`${where}: batchSize must be a positive integer or null. Received: batchSize=${fmt(batchSize)}`);
  }
  if (opts.maxLength !== undefined && !(Number.isInteger(opts.maxLength) && opts.maxLength > 0)) {
    throw new ValueError(`${where}: maxLength must be a positive integer. Received: maxLength=${fmt(opts.maxLength)}`);
  }
  checkSplit(where, opts as never);
  const index = indexDirectory(where, directory, ['.txt'], { ...opts, inferLabels: true });
  if (labelMode === 'binary' && index.classNames.length !== 2) {
    throw new ValueError(`${where}: labelMode 'binary' needs exactly 2 classes. Received: ${index.classNames.length} classes (${index.classNames.join(', ')})`);
  }
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
        let text = await fs.promises.readFile(paths[i]!, 'utf8');
        if (opts.maxLength !== undefined) text = text.slice(0, opts.maxLength);
        yield labelMode === null ? text : [text, labelElem(labels[i]!, k, labelMode)];
      }
    }, paths.length);
    if (batchSize !== null) ds = ds.batch(batchSize);
    return Object.assign(ds.prefetch(2), { classNames: idx.classNames, filePaths: paths });
  };
  if (opts.subset === 'both') return [make(splitIndex(index, opts.validationSplit, 'training')), make(splitIndex(index, opts.validationSplit, 'validation'))];
  return make(splitIndex(index, opts.validationSplit, opts.subset ?? 'training'));
}
