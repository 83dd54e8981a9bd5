// Raw results: every bench writes bench/results/<name>-<ISO timestamp>.json (gitignored) and
// may compare against bench/baseline/<name>.json.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './env.mjs';

export const resultsDir = join(root, 'bench', 'results');
export const baselinePath = (name) => join(root, 'bench', 'baseline', `${name}.json`);

/** Writes `{ bench: name, date, ...data }` and returns the file's path. */
export function writeResults(name, data) {
  mkdirSync(resultsDir, { recursive: true });
  const date = new Date().toISOString();
  const path = join(resultsDir, `${name}-${date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(path, JSON.stringify({ bench: name, date, ...data }, null, 1));
  return path;
}

/** The saved baseline for `name`, or null. */
export function readBaseline(name) {
  const p = baselinePath(name);
  return existsSync(p) ? { path: p, ...JSON.parse(readFileSync(p, 'utf8')) } : null;
}
