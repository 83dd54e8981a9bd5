// The one thing storage targets need to know about tfjs files: a model.json names its weight
// files in `weightsManifest[].paths`, relative to itself. Loaders fetch those too, and savers
// that choose file names (downloads://name, a path ending in name.json) rename them.

import { ValueError, fmt } from '../../errors.js';
import type { FileSet } from './types.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Parses a JSON file, with an error naming it. */
export function parseJsonFile(name: string, bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new ValueError(`'${name}' is not valid UTF-8 text, so it cannot be a model JSON file. Received: ${bytes.byteLength} bytes`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new ValueError(`'${name}' is not valid JSON (truncated or corrupt?): ${why}. Received: ${bytes.byteLength} bytes`);
  }
}

/** A manifest path as a file-set key: no leading './'; refuses paths that leave the model's folder. */
export function weightKey(path: unknown, where: string): string {
  if (typeof path !== 'string' || path.length === 0) {
    throw new ValueError(`${where}: a weightsManifest path must be a non-empty string. Received: ${fmt(path)}`);
  }
  const p = path.replace(/^(\.\/)+/, '');
  if (/^[a-z][a-z0-9+.-]*:/i.test(p) || p.startsWith('/') || p.includes('\\') || p.split('/').includes('..')) {
    throw new ValueError(`${where}: weight file paths must be relative to the model file and stay inside its folder. Received: ${fmt(path)}`);
  }
  return p;
}

export function isJsonName(name: string): boolean {
  return /\.json$/i.test(name);
}

/** The weight files a model.json refers to (empty for other files or a JSON without a manifest). */
export function companionKeys(name: string, bytes: Uint8Array): string[] {
  if (!isJsonName(name)) return [];
  const json = parseJsonFile(name, bytes) as { weightsManifest?: unknown } | null;
  const manifest = json !== null && typeof json === 'object' ? json.weightsManifest : undefined;
  if (manifest === undefined || manifest === null) return [];
  if (!Array.isArray(manifest)) throw new ValueError(`'${name}': weightsManifest must be a list of groups. Received: ${fmt(typeof manifest)}`);
  const keys: string[] = [];
  for (const group of manifest) {
    const paths = (group as { paths?: unknown })?.paths;
    if (!Array.isArray(paths)) throw new ValueError(`'${name}': every weightsManifest group needs a 'paths' list. Received: ${fmt(JSON.stringify(group)?.slice(0, 80))}`);
    for (const p of paths) {
      const k = weightKey(p, `'${name}'`);
      if (!keys.includes(k)) keys.push(k);
    }
  }
  return keys;
}

/**
 * Renames a tfjs file set to `<stem>.json` + `<stem>.weights.bin` (tfjs's downloads:// names;
 * `<stem>.weights-<i>of<n>.bin` for several files), rewriting the manifest. Other sets keep
 * their companions and only the main file takes `<stem>` with its own extension.
 */
export function renameSet(set: FileSet, stem: string): FileSet {
  const main = set.files.get(set.main);
  if (!main) throw new ValueError(`file set: the main file '${set.main}' is missing.`);
  if (!isJsonName(set.main)) {
    const ext = /\.[^./]+$/.exec(set.main)?.[0] ?? '';
    const files = new Map(set.files);
    files.delete(set.main);
    files.set(stem + ext, main);
    return { main: stem + ext, files };
  }
  const json = parseJsonFile(set.main, main) as { weightsManifest?: { paths: string[] }[] };
  const old = companionKeys(set.main, main);
  const renamed = new Map(old.map((k, i) => [k, old.length === 1 ? `${stem}.weights.bin` : `${stem}.weights-${i + 1}of${old.length}.bin`]));
  for (const g of json.weightsManifest ?? []) g.paths = g.paths.map((p) => `./${renamed.get(weightKey(p, set.main))!}`);
  const files = new Map<string, Uint8Array>([[`${stem}.json`, new TextEncoder().encode(JSON.stringify(json))]]);
  for (const [k, n] of renamed) {
    const b = set.files.get(k);
    if (!b) throw new ValueError(`'${set.main}' refers to weight file '${k}', which is not in the file set.`);
    files.set(n, b);
  }
  return { main: `${stem}.json`, files };
}
