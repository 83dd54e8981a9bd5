// Options objects reject keys they do not know. A misspelled option (`activaton`, or a
// Python spelling such as `kernel_size`) would otherwise be dropped and train a different
// model than the one written, with no sign of it.

import { ValueError } from '../errors.js';

const camel = (k: string) => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Edit distance, for "did you mean" suggestions on short option names. */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The known key closest to `key` (camelCase form first, then small edit distance). */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  const c = camel(key);
  if (c !== key && known.includes(c)) return c;
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return bestD <= Math.max(2, Math.floor(key.length / 4)) ? best : undefined;
}

/**
 * Throws a ValueError naming every key of `opts` that is not in `known`, with a suggestion.
 * `undefined` values count too: `{ activaton: undefined }` is still a typo.
 * @param where what the options are for, e.g. "Dense" or "fit"
 */
export function checkOptions(where: string, opts: object | undefined | null, known: readonly string[]): void {
  if (opts === undefined || opts === null) return;
  if (typeof opts !== 'object' || Array.isArray(opts)) {
    throw new ValueError(`${where}: options must be an object. Received: ${Array.isArray(opts) ? 'an array' : typeof opts}`);
  }
  const bad = Object.keys(opts).filter((k) => !known.includes(k));
  if (bad.length === 0) return;
  const parts = bad.map((k) => {
    const s = suggestKey(k, known);
    return s ? `'${k}' (did you mean '${s}'?)` : `'${k}'`;
  });
  throw new ValueError(`${where}: unknown option${bad.length > 1 ? 's' : ''} ${parts.join(', ')}. ` +
    `Expected keys: ${[...known].sort().join(', ')}. Received: ${Object.keys(opts).join(', ')}`);
}
