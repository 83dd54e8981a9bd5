// Keras `utils.pad_sequences`: a list of variable-length sequences → one [n, maxlen] tensor,
// padded with `value` and truncated, each at the start ('pre', the default) or the end ('post').
// With dtype 'int32' (the default) values are truncated toward zero, as numpy's cast.

import { ValueError, fmt } from '../errors.js';
import { fromData } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOptions } from './options.js';

/** Options of {@link padSequences} (Keras `keras.utils.pad_sequences`). */
export interface PadSequencesOptions {
  /** Length of every output row; default: the longest sequence. */
  maxlen?: number | null;
  /** dtype of the result: `'int32'` (default; values truncated toward zero) or `'float32'`. */
  dtype?: 'int32' | 'float32';
  /** Pad before ('pre', default) or after ('post') each sequence. */
  padding?: 'pre' | 'post';
  /** Drop values from the start ('pre', default) or the end ('post') of sequences longer than maxlen. */
  truncating?: 'pre' | 'post';
  /** Padding value. Default: 0. */
  value?: number;
}

/**
 * Pads (and truncates) variable-length sequences into one `[n, maxlen]` tensor (Keras `keras.utils.pad_sequences`).
 *
 * By default both padding and truncation happen at the start of each sequence (`'pre'`), as in Keras,
 * so the most recent steps are kept next to the end. Invalid options are a ValueError naming the option, with `Received:`.
 * @example
 * ```ts
 * padSequences([[1, 2, 3], [4, 5]], { maxlen: 4 });                   // [[0, 1, 2, 3], [0, 0, 4, 5]]
 * padSequences([[1, 2, 3], [4, 5]], { maxlen: 2, padding: 'post' });  // [[2, 3], [4, 5]]
 * ```
 */
export function padSequences(sequences: ArrayLike<ArrayLike<number>>, options: PadSequencesOptions = {}): Tensor {
  const where = 'padSequences';
  checkOptions(where, options, ['maxlen', 'dtype', 'padding', 'truncating', 'value']);
  const { dtype = 'int32', padding = 'pre', truncating = 'pre', value = 0 } = options;
  if (sequences == null || typeof (sequences as ArrayLike<unknown>).length !== 'number' || typeof sequences === 'string') {
    throw new ValueError(`${where}: \`sequences\` must be an array of sequences. Received: ${fmt(sequences)}`);
  }
  if (padding !== 'pre' && padding !== 'post') throw new ValueError(`${where}: padding type ${fmt(padding)} not understood; expected 'pre' or 'post'. Received: padding=${fmt(padding)}`);
  if (truncating !== 'pre' && truncating !== 'post') throw new ValueError(`${where}: truncating type ${fmt(truncating)} not understood; expected 'pre' or 'post'. Received: truncating=${fmt(truncating)}`);
  if (dtype !== 'int32' && dtype !== 'float32') throw new ValueError(`${where}: dtype must be 'int32' or 'float32'. Received: dtype=${fmt(dtype)}`);
  if (typeof value !== 'number' || Number.isNaN(value) && dtype === 'int32') throw new ValueError(`${where}: value must be a number (not NaN for int32). Received: value=${fmt(value)}`);
  const seqs = Array.from(sequences);
  seqs.forEach((s, i) => {
    if (s == null || typeof s !== 'object' || typeof s.length !== 'number') {
      throw new ValueError(`${where}: \`sequences\` must be an array of iterables. Found non-iterable: ${fmt(s)} at index ${i}`);
    }
    for (let j = 0; j < s.length; j++) {
      if (typeof s[j] !== 'number') throw new ValueError(`${where}: sequences must hold numbers (one value per step). Received: ${fmt(s[j])} in sequence ${i}`);
    }
  });
  const maxlen = options.maxlen ?? seqs.reduce((m, s) => Math.max(m, s.length), 0);
  if (!Number.isInteger(maxlen) || maxlen < 0) throw new ValueError(`${where}: maxlen must be a non-negative integer or null. Received: maxlen=${fmt(options.maxlen)}`);
  const cast = dtype === 'int32' ? (x: number) => Math.trunc(x) : (x: number) => x;
  const out = (dtype === 'int32' ? new Int32Array(seqs.length * maxlen) : new Float32Array(seqs.length * maxlen)).fill(cast(value));
  seqs.forEach((s, i) => {
    const n = Math.min(s.length, maxlen);
    if (n === 0) return;
    const from = truncating === 'pre' ? s.length - n : 0;
    const to = padding === 'post' ? i * maxlen : i * maxlen + maxlen - n;
    for (let j = 0; j < n; j++) out[to + j] = cast(s[from + j]!);
  });
  return fromData(where, out, [seqs.length, maxlen], dtype);
}
