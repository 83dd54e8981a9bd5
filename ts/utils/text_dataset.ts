// Keras `text_dataset_from_directory` for Node: one subdirectory per class of .txt files, as a
// data.Dataset of `[texts, labels]` batches (texts are string lists; labels as for images).

import { ValueError, fmt } from '../errors.js';
import { nodeModule } from '../../bindings/features.js';
import { checkOptions } from './options.js';
import { directoryDataset, type DirectoryDataset, type LabelMode } from './directory_dataset.js';

/** Options of `textDatasetFromDirectory` (Keras `keras.utils.text_dataset_from_directory`). */
export interface TextDatasetOptions {
  /** Labels: `'int'` (default), `'categorical'`, `'binary'` or null (texts only). */
  labelMode?: LabelMode;
  /** The classes, i.e. subdirectory names, in label order. Default: the sorted subdirectories. */
  classNames?: string[];
  /** Default 32; null gives single texts. */
  batchSize?: number | null;
  /** Keep at most this many characters of each file. */
  maxLength?: number;
  /** Shuffle the file order (afresh each epoch). Default: true. */
  shuffle?: boolean;
  /** Seed of the shuffle and of the validation split; required when `validationSplit` is set and shuffling is on, so the two subsets do not overlap. */
  seed?: number;
  /** Fraction in (0, 1) of the files held out for validation, taken from the end of the shuffled list. Default: none. */
  validationSplit?: number;
  /** Which part to return with `validationSplit`: `training`, `validation`, or `both` (a `[training, validation]` pair). Required with `validationSplit`, refused without it. */
  subset?: 'training' | 'validation' | 'both';
}

const KEYS = ['labelMode', 'classNames', 'batchSize', 'maxLength', 'shuffle', 'seed', 'validationSplit', 'subset'] as const;

export function textDatasetFromDirectory(directory: string, opts: TextDatasetOptions & { subset: 'both' }): Promise<[DirectoryDataset, DirectoryDataset]>;
export function textDatasetFromDirectory(directory: string, opts?: TextDatasetOptions): Promise<DirectoryDataset>;
/** Keras `text_dataset_from_directory`: `directory/<class>/**.txt` as `[texts, labels]` batches. */
export async function textDatasetFromDirectory(directory: string, opts: TextDatasetOptions = {}): Promise<DirectoryDataset | [DirectoryDataset, DirectoryDataset]> {
  const where = 'utils.textDatasetFromDirectory';
  checkOptions(where, opts, KEYS);
  if (opts.maxLength !== undefined && !(Number.isInteger(opts.maxLength) && opts.maxLength > 0)) {
    throw new ValueError(`${where}: maxLength must be a positive integer. Received: maxLength=${fmt(opts.maxLength)}`);
  }
  return directoryDataset(where, directory, ['.txt'], opts, async (path) => {
    const text = await nodeModule<typeof import('node:fs')>('fs').promises.readFile(path, 'utf8');
    return opts.maxLength === undefined ? text : text.slice(0, opts.maxLength);
  });
}
