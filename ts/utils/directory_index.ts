// The file index behind imageDatasetFromDirectory / textDatasetFromDirectory (Keras
// `index_directory` and `get_training_or_validation_split`): one subdirectory per class,
// classes in sorted order, files listed recursively in sorted order, a seeded shuffle, and the
// validation split taken from the end of the shuffled list. Node only.

import { ValueError, fmt } from '../errors.js';
import { isNode, nodeModule } from '../../bindings/features.js';
import { permutation } from '../training/data.js';
import { randomSeed } from '../data/random.js';

export interface IndexOptions {
  classNames?: string[];
  shuffle?: boolean;
  seed?: number;
  validationSplit?: number;
  subset?: 'training' | 'validation' | 'both';
  /** Whether files sit in class subdirectories (false: every file under the directory, no labels). */
  inferLabels: boolean;
}

export interface FileIndex {
  paths: string[];
  labels: number[];
  classNames: string[];
}

type Fs = typeof import('node:fs');
type Path = typeof import('node:path');

function walk(fs: Fs, path: Path, dir: string, exts: readonly string[], out: string[]): void {
  for (const name of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    const st = fs.statSync(p);
    if (st.isDirectory()) walk(fs, path, p, exts, out);
    else if (exts.some((e) => name.toLowerCase().endsWith(e))) out.push(p);
  }
}

/** Checks the split options as Keras does (a subset with a split, a seed when shuffling). */
export function checkSplit(where: string, o: IndexOptions): void {
  if (o.validationSplit === undefined || o.validationSplit === 0) {
    if (o.subset !== undefined) throw new ValueError(`${where}: \`subset\` needs a \`validationSplit\`. Received: subset=${fmt(o.subset)}`);
    return;
  }
  if (typeof o.validationSplit !== 'number' || !(o.validationSplit > 0 && o.validationSplit < 1)) {
    throw new ValueError(`${where}: validationSplit must be between 0 and 1. Received: validationSplit=${fmt(o.validationSplit)}`);
  }
  if (o.subset !== 'training' && o.subset !== 'validation' && o.subset !== 'both') {
    throw new ValueError(`${where}: with a validationSplit, subset must be 'training', 'validation' or 'both'. Received: subset=${fmt(o.subset)}`);
  }
  if ((o.shuffle ?? true) && o.seed === undefined) {
    throw new ValueError(`${where}: with a validationSplit and shuffling, you must provide a \`seed\` so that the training and ` +
      'validation subsets do not overlap. Received: seed=undefined');
  }
}

/** Lists the files of `dir` with one of `exts` and their class labels, shuffled with `seed`. */
export function indexDirectory(where: string, dir: string, exts: readonly string[], o: IndexOptions): FileIndex & { seed: number } {
  if (!isNode) throw new ValueError(`${where}: reading a directory needs Node's fs. In a browser, build a data set from files with data.fromFiles.`);
  const fs = nodeModule<Fs>('fs'), path = nodeModule<Path>('path');
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new ValueError(`${where}: '${dir}' is not a directory.`);
  const subdirs = fs.readdirSync(dir).filter((n) => fs.statSync(path.join(dir, n)).isDirectory()).sort();
  let classNames: string[] = [];
  const paths: string[] = [];
  const labels: number[] = [];
  if (o.inferLabels) {
    classNames = subdirs;
    if (o.classNames !== undefined) {
      const given = o.classNames;
      if (!Array.isArray(given) || given.length !== subdirs.length || !given.every((c) => subdirs.includes(c))) {
        throw new ValueError(`${where}: classNames must match the subdirectories of '${dir}' (${subdirs.join(', ')}). Received: classNames=${fmt(given)}`);
      }
      classNames = given.slice();
    }
    classNames.forEach((c, label) => {
      const files: string[] = [];
      walk(fs, path, path.join(dir, c), exts, files);
      paths.push(...files);
      for (const _ of files) labels.push(label);
    });
  } else {
    walk(fs, path, dir, exts, paths);
  }
  if (paths.length === 0) {
    throw new ValueError(`${where}: no files found in directory '${dir}'. Allowed formats: ${exts.join(', ')}`);
  }
  const seed = o.seed ?? randomSeed();
  if (o.shuffle ?? true) {
    const p = permutation(paths.length, seed);
    const ps = Array.from(p, (i) => paths[i]!), ls = Array.from(p, (i) => labels[i]!);
    paths.splice(0, paths.length, ...ps);
    if (labels.length > 0) labels.splice(0, labels.length, ...ls);
  }
  return { paths, labels, classNames, seed };
}

/** Keras `get_training_or_validation_split`: the validation subset is the last ⌊split·n⌋ files. */
export function splitIndex(index: FileIndex, split: number | undefined, subset: 'training' | 'validation'): FileIndex {
  if (!split) return index;
  const nVal = Math.floor(split * index.paths.length);
  const cut = index.paths.length - nVal;
  const pick = <T>(a: T[]) => (subset === 'training' ? a.slice(0, cut) : a.slice(cut));
  return { paths: pick(index.paths), labels: index.labels.length > 0 ? pick(index.labels) : [], classNames: index.classNames };
}
