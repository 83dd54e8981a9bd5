// The options of the lookup layers (IndexLookup, index_lookup.ts) and their output modes.

import type { LayerArgs } from '../layer.js';

/** Output of the lookup layers (Keras `output_mode`): `'int'` (one index per token), `'one_hot'`, `'multi_hot'` (1 for each token present), `'count'` (occurrences) or `'tf_idf'` (counts weighted by `idfWeights`). Keras's spellings `'binary'` and `'tf-idf'` are accepted too. */
export type LookupOutputMode = 'int' | 'one_hot' | 'multi_hot' | 'count' | 'tf_idf';
export const OUTPUT_MODES: readonly string[] = ['int', 'one_hot', 'multi_hot', 'count', 'tf_idf'];

/** Options shared by StringLookup, IntegerLookup and TextVectorization's vocabulary (Keras `IndexLookup` arguments), with `K` the token type. */
export interface IndexLookupArgs<K> extends LayerArgs {
  /** Largest vocabulary size, mask and OOV entries included; adapt keeps the most frequent tokens. An integer > 1, else a ValueError. Default: null (no limit). */
  maxTokens?: number | null;
  /** Number of out-of-vocabulary buckets; unknown tokens hash into them (0: unknown tokens are an error). Default: 1. */
  numOovIndices?: number;
  /** Token standing for padding, mapped to index 0. Default: null (no mask token). */
  maskToken?: K | null;
  /** Token standing for out-of-vocabulary entries (returned by `invert`). Default: `'[UNK]'` (StringLookup), -1 (IntegerLookup). */
  oovToken?: K | null;
  /** A fixed vocabulary, without mask and OOV tokens, instead of `adapt`. Default: none. */
  vocabulary?: readonly K[] | null;
  /** Inverse document frequencies of the `vocabulary` tokens; required with a given vocabulary in `'tf_idf'` mode, refused in other modes. */
  idfWeights?: ArrayLike<number> | null;
  /** Map indices back to tokens (only with `outputMode: 'int'`). Default: false. */
  invert?: boolean;
  /** What each input becomes. Default: `'int'`. */
  outputMode?: LookupOutputMode | 'binary' | 'tf-idf';
  /** Accepted for Keras configs; only `false` (dense outputs) is supported. */
  sparse?: boolean;
  /** In the multi-hot, count and tf-idf modes, make the output `maxTokens` wide even when the vocabulary is smaller (needs `maxTokens`). Default: false. */
  padToMaxTokens?: boolean;
  /** Keras config: the vocabulary size the layer was frozen at. */
  vocabularySize?: number | null;
  /** Keras config: whether the vocabulary was given rather than adapted. */
  hasInputVocabulary?: boolean;
  /** How extra OOV buckets are chosen for integers: floormod (Keras default) or farmhash of the decimal string. */
  oovMethod?: 'floormod' | 'farmhash';
  /** SipHash key for the OOV buckets (one integer or two). */
  salt?: number | readonly [number, number] | null;
}

/** Strips the Keras dtype (the layer's key/output type there), which kerasm does not take. */
export function withoutDType<T extends object>(args: T): T {
  const { dtype: _d, ...rest } = args as T & { dtype?: unknown };
  return rest as T;
}
