// A topic-classification text data set from the Debian `fortunes` package (Node only): each
// topic file in /usr/share/games/fortunes holds quotations separated by lines of a single
// `%`. Each quotation becomes a (text, topic) pair; overstrike sequences (x\b) are resolved,
// whitespace trimmed, empty and duplicate quotations dropped (a duplicate keeps its first
// topic, so no text is both in train and test). The split is per topic (stratified), with a
// fixed seeded shuffle (mulberry32 + Fisher–Yates) that examples/reference/text_keras.py
// re-implements, so Keras trains on exactly the same split.

import { ValueError, fmt } from '../errors.js';
import { checkOptions } from '../utils/options.js';

/** The ten topic files of the fortunes data set, in label order (fortune files, as under /usr/share/games/fortunes). */
export const FORTUNES_TOPICS = ['art', 'computers', 'food', 'law', 'literature', 'love', 'medicine', 'politics', 'science', 'sports'] as const;

/** Options of `datasets.fortunes()`. */
export interface FortunesOptions {
  /** Folder with the topic files. Default: $KERASM_FORTUNES or /usr/share/games/fortunes. */
  path?: string;
  /** Topic files to use, in label order. Default: the ten of FORTUNES_TOPICS. */
  topics?: readonly string[];
  /** Fraction of each topic held out for test. Default 0.2. */
  testSplit?: number;
  /** Shuffle seed. Default 1337. */
  seed?: number;
}

/** One split of the fortunes data set: the quotations and their topic labels. */
export interface FortunesSplit {
  /** The quotations. */
  texts: string[];
  /** Topic index of each text (into classNames). */
  labels: number[];
}

/** The fortunes topic-classification data set: train and test splits and the topic names. */
export interface FortunesData {
  /** Training split (1 − testSplit of each topic). */
  train: FortunesSplit;
  /** Test split (testSplit of each topic). */
  test: FortunesSplit;
  /** The topic of each label index. */
  classNames: string[];
}

const DEFAULT_PATH = '/usr/share/games/fortunes';

/** mulberry32: a tiny 32-bit PRNG whose every step is exact in JS and Python. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(xs: T[], rand: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** The quotations of one fortune file's text. */
export function parseFortunes(text: string): string[] {
  const out: string[] = [];
  for (const block of text.split(/\r?\n%\r?\n|^%\r?\n|\r?\n%\r?\n?$/)) {
    let s = block;
    // Overstrike (x\b y prints y over x): keep what is printed last.
    while (s.includes('\b')) {
      const next = s.replace(/[^\b]\x08/g, '').replace(/^\x08+/, '');
      if (next === s) break;
      s = next;
    }
    s = s.replace(/\x08/g, '').trim();
    if (s) out.push(s);
  }
  return out;
}

/** Loads the fortunes topic data set (Node). Labels index `classNames`. */
export async function fortunes(options: FortunesOptions = {}): Promise<FortunesData> {
  checkOptions('datasets.fortunes', options, ['path', 'topics', 'testSplit', 'seed']);
  const isNode = typeof process !== 'undefined' && !!process.versions?.node;
  if (!isNode) throw new ValueError('datasets.fortunes: reads the Debian fortune files and runs in Node only. Received: a non-Node environment');
  const topics = [...(options.topics ?? FORTUNES_TOPICS)];
  const testSplit = options.testSplit ?? 0.2;
  const seed = options.seed ?? 1337;
  if (topics.length < 2 || topics.some((t) => typeof t !== 'string' || !/^[\w.-]+$/.test(t))) {
    throw new ValueError(`datasets.fortunes: topics must be at least two topic file names. Received: topics=${fmt(topics)}`);
  }
  if (!(testSplit > 0 && testSplit < 1)) throw new ValueError(`datasets.fortunes: testSplit must be in (0, 1). Received: testSplit=${fmt(testSplit)}`);
  if (!Number.isInteger(seed)) throw new ValueError(`datasets.fortunes: seed must be an integer. Received: seed=${fmt(seed)}`);
  const get = (process as unknown as { getBuiltinModule: (n: string) => unknown }).getBuiltinModule;
  const fs = get('fs') as typeof import('node:fs');
  const pathMod = get('path') as typeof import('node:path');
  const dir = options.path ?? process.env.KERASM_FORTUNES ?? DEFAULT_PATH;
  const missing = topics.filter((t) => !fs.existsSync(pathMod.join(dir, t)));
  if (missing.length > 0) {
    throw new ValueError(`datasets.fortunes: topic file(s) ${fmt(missing)} not found in ${dir}. Install the Debian package ` +
      `\`fortunes\` (sudo apt-get install fortunes), set KERASM_FORTUNES=<folder> or pass { path }. Received: path=${fmt(dir)}`);
  }
  const seen = new Set<string>();
  const byTopic = topics.map((t) => {
    const texts = parseFortunes(new TextDecoder('utf-8').decode(fs.readFileSync(pathMod.join(dir, t))));
    return texts.filter((x) => !seen.has(x) && (seen.add(x), true));
  });
  const train: [string, number][] = [];
  const test: [string, number][] = [];
  byTopic.forEach((texts, label) => {
    const order = shuffle(texts.map((_, i) => i), mulberry32(seed + label));
    const nTest = Math.round(texts.length * testSplit);
    order.forEach((i, k) => (k < nTest ? test : train).push([texts[i]!, label]));
  });
  shuffle(train, mulberry32(seed ^ 0x5bd1e995));
  shuffle(test, mulberry32(seed ^ 0x1b873593));
  const split = (xs: [string, number][]): FortunesSplit => ({ texts: xs.map((x) => x[0]), labels: xs.map((x) => x[1]) });
  return { train: split(train), test: split(test), classNames: topics };
}
