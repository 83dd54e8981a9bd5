// The part of Keras's `*_dataset_from_directory` utilities that does not depend on the file
// type: labelMode/batchSize checks, the class-per-subdirectory index, the validation split,
// and a data set that reads its files when iterated (each epoch, order reshuffled), batched
// and prefetched so reads overlap training.

import { ValueError, fmt } from '../errors.js';
import { Dataset } from '../data/dataset.js';
import type { Elem } from '../data/structure.js';
import { permutation } from '../training/data.js';
import { iterationSeed } from '../data/random.js';
import { labelElem } from './image_decode.js';
import { checkSplit, indexDirectory, splitIndex, type FileIndex } from './directory_index.js';

/** How directory data sets label each file (Keras `label_mode`): `'int'` (int32 class index), `'categorical'` (float32 one-hot), `'binary'` (float32 0/1, exactly two classes) or null (no labels). */
export type LabelMode = 'int' | 'categorical' | 'binary' | null;

/** A data set of files with the class names and files it reads (Keras sets `class_names` and `file_paths`). */
export type DirectoryDataset = Dataset & { classNames: string[]; filePaths: string[] };

export interface DirectoryDatasetOptions {
  labelMode?: LabelMode;
  classNames?: string[];
  batchSize?: number | null;
  shuffle?: boolean;
  seed?: number;
  validationSplit?: number;
  subset?: 'training' | 'validation' | 'both';
}

/** The options' labelMode (default 'int'), checked. */
export function checkLabelMode(where: string, opts: DirectoryDatasetOptions): LabelMode {
  const labelMode = opts.labelMode === undefined ? 'int' : opts.labelMode;
  if (labelMode !== null && !['int', 'categorical', 'binary'].includes(labelMode)) {
    throw new ValueError(`${where}: labelMode must be 'int', 'categorical', 'binary' or null. Received: labelMode=${fmt(labelMode)}`);
  }
  return labelMode;
}

/** The options' batchSize (default 32; null: single elements), checked. */
export function checkBatchSize(where: string, opts: DirectoryDatasetOptions): number | null {
  const batchSize = opts.batchSize === undefined ? 32 : opts.batchSize;
  if (batchSize !== null && !(Number.isInteger(batchSize) && batchSize > 0)) {
    throw new ValueError(`${where}: batchSize must be a positive integer or null. Received: batchSize=${fmt(batchSize)}`);
  }
  return batchSize;
}

/**
 * `directory/<class>/**<ext>` as a data set of `load(path)` elements (with their labels unless
 * labelMode is null), or the [training, validation] pair for subset 'both'.
 */
export function directoryDataset(where: string, directory: string, exts: readonly string[], opts: DirectoryDatasetOptions,
  load: (path: string) => Promise<Elem>): DirectoryDataset | [DirectoryDataset, DirectoryDataset] {
  const labelMode = checkLabelMode(where, opts);
  const batchSize = checkBatchSize(where, opts);
  checkSplit(where, opts as never);
  const index = indexDirectory(where, directory, exts, { ...opts, inferLabels: true });
  if (labelMode === 'binary' && index.classNames.length !== 2) {
    throw new ValueError(`${where}: labelMode 'binary' needs exactly 2 classes. Received: ${index.classNames.length} classes (${index.classNames.join(', ')})`);
  }
  const make = (idx: FileIndex): DirectoryDataset => {
    const k = idx.classNames.length;
    const paths = idx.paths, labels = idx.labels;
    // As Keras, the file order is shuffled (not the decoded data), here afresh for each epoch.
    const shuffle = opts.shuffle ?? true;
    let epoch = 0;
    let ds = new Dataset(async function* () {
      const order = shuffle ? permutation(paths.length, iterationSeed(index.seed, epoch++)) : undefined;
      for (let j = 0; j < paths.length; j++) {
        const i = order ? order[j]! : j;
        const x = await load(paths[i]!);
        yield labelMode === null ? x : [x, labelElem(labels[i]!, k, labelMode)];
      }
    }, paths.length);
    if (batchSize !== null) ds = ds.batch(batchSize);
    return Object.assign(ds.prefetch(2), { classNames: idx.classNames, filePaths: paths });
  };
  if (opts.subset === 'both') return [make(splitIndex(index, opts.validationSplit, 'training')), make(splitIndex(index, opts.validationSplit, 'validation'))];
  return make(splitIndex(index, opts.validationSplit, opts.subset ?? 'training'));
}
