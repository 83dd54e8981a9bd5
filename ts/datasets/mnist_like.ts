// Loaders for MNIST and Fashion-MNIST: the four IDX (gz) files from a folder or URL base.
// Default folder in Node: the Debian packages' /usr/share/datasets/…, overridable by option
// or environment variable. Optional download (Node) into a local cache, with a clear error
// when offline.

import { ValueError } from '../errors.js';
import { fromData } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { maybeGunzip, parseIdx } from './idx.js';

/** Options of `datasets.mnist.load()` and `datasets.fashionMnist.load()` (exported as `DatasetLoadArgs`). */
export interface LoadArgs {
  /** Folder (Node) or URL base (browser) holding the four files. */
  path?: string;
  /** Node only: fetch missing files from `downloadUrl` into `cacheDir`. */
  download?: boolean;
  /** Base URL of the files for `download`. Default Keras's, https://storage.googleapis.com/tensorflow/tf-keras-datasets. */
  downloadUrl?: string;
  /** Folder downloaded files are searched in and saved to. Default ~/.cache/kerasm/<name>. */
  cacheDir?: string;
  /** 'uint8' keeps raw 0..255 values as float32; 'float' (default) too — scale with utils.normalize or divide by 255. */
}

/** One split of an MNIST-like data set. */
export interface Split {
  images: Tensor;
  labels: Tensor;
}

interface Spec {
  name: string;
  envVar: string;
  defaultPath: string;
  defaultUrl: string;
}

const FILES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
};

async function readFile(spec: Spec, args: LoadArgs, file: string): Promise<Uint8Array> {
  const isNode = typeof process !== 'undefined' && !!process.versions?.node;
  const base = args.path ?? (isNode ? process.env[spec.envVar] : undefined) ?? (isNode ? spec.defaultPath : undefined);
  if (!isNode) {
    if (!base) throw new ValueError(`${spec.name}.load: in a browser pass { path: <URL of the folder with ${file}> }.`);
    const res = await fetch(`${base.replace(/\/$/, '')}/${file}`);
    if (!res.ok) throw new ValueError(`${spec.name}.load: fetching ${file} failed with HTTP ${res.status}.`);
    return new Uint8Array(await res.arrayBuffer());
  }
  const get = (process as unknown as { getBuiltinModule: (n: string) => unknown }).getBuiltinModule;
  const fs = get('fs') as typeof import('node:fs');
  const pathMod = get('path') as typeof import('node:path');
  const candidates = [pathMod.join(base!, file), pathMod.join(base!, file.replace(/\.gz$/, ''))];
  if (args.cacheDir) candidates.push(pathMod.join(args.cacheDir, file));
  for (const c of candidates) if (fs.existsSync(c)) return new Uint8Array(fs.readFileSync(c));
  if (!args.download) {
    throw new ValueError(`${spec.name}.load: ${file} not found in ${base}. Install the Debian package, set ${spec.envVar}=<folder>, ` +
      `pass { path }, or pass { download: true } to fetch it. Received: path=${base}`);
  }
  const cache = args.cacheDir ?? pathMod.join(get('os') ? (get('os') as typeof import('node:os')).homedir() : '.', '.cache', 'kerasm', spec.name);
  const url = `${(args.downloadUrl ?? spec.defaultUrl).replace(/\/$/, '')}/${file}`;
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new ValueError(`${spec.name}.load: could not download ${url} (${(e as Error).message}); are you offline? Set ${spec.envVar} to a folder with the files instead.`);
  }
  if (!res.ok) throw new ValueError(`${spec.name}.load: downloading ${url} failed with HTTP ${res.status}.`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  fs.mkdirSync(cache, { recursive: true });
  const tmp = pathMod.join(cache, `${file}.part`);
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, pathMod.join(cache, file));
  return bytes;
}

async function loadSplit(spec: Spec, args: LoadArgs, imagesFile: string, labelsFile: string): Promise<Split> {
  const img = parseIdx(await maybeGunzip(await readFile(spec, args, imagesFile)), `${spec.name} ${imagesFile}`);
  const lab = parseIdx(await maybeGunzip(await readFile(spec, args, labelsFile)), `${spec.name} ${labelsFile}`);
  if (img.shape[0] !== lab.shape[0]) {
    throw new ValueError(`${spec.name}: ${imagesFile} has ${img.shape[0]} images but ${labelsFile} has ${lab.shape[0]} labels.`);
  }
  const images = fromData(`${spec.name}.load`, Float32Array.from(img.data), img.shape, 'float32');
  const labels = fromData(`${spec.name}.load`, Int32Array.from(lab.data), [lab.shape[0]!], 'int32');
  return { images, labels };
}

export function makeLoader(spec: Spec) {
  return {
    /** `{ train: {images, labels}, test: {images, labels} }`; images float32 0..255 [n, 28, 28], labels int32. */
    async load(args: LoadArgs = {}): Promise<{ train: Split; test: Split }> {
      const train = await loadSplit(spec, args, FILES.trainImages, FILES.trainLabels);
      const test = await loadSplit(spec, args, FILES.testImages, FILES.testLabels);
      return { train, test };
    },
  };
}
