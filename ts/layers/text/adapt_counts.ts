// The counting behind the lookup layers' adapt() (Keras IndexLookup's update_state and
// finalize_state): token and document frequencies, the ranked vocabulary, tf-idf weights.

/** Token counts accumulated while adapting. */
export class AdaptCounts<K> {
  readonly counts = new Map<K, number>();
  readonly docCounts = new Map<K, number>();
  numDocs = 0;
  tokens = 0;

  /** Adds documents (lists of tokens); document frequencies only when `tfIdf`. */
  add(docs: readonly (readonly K[])[], tfIdf: boolean): void {
    for (const doc of docs) {
      for (const t of doc) {
        this.counts.set(t, (this.counts.get(t) ?? 0) + 1);
        this.tokens++;
      }
      if (tfIdf) {
        for (const t of new Set(doc)) this.docCounts.set(t, (this.docCounts.get(t) ?? 0) + 1);
      }
    }
    if (tfIdf) this.numDocs += docs.length;
  }

  /**
   * Tokens by count, most frequent first, ties by the token in descending `cmp` order (Keras's
   * np.lexsort), without the special tokens, at most `limit` of them (null: all).
   */
  ranked(special: readonly (K | null)[], cmp: (a: K, b: K) => number, limit: number | null): K[] {
    const counts = new Map(this.counts);
    for (const s of special) if (s !== null) counts.delete(s);
    const tokens = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || cmp(b, a));
    return limit === null ? tokens : tokens.slice(0, Math.max(0, limit));
  }

  /**
   * tf-idf weights of `tokens`, log(1 + documents / (1 + documents containing the token)), after
   * `front` entries (mask, OOV) holding their mean and followed by `back` zeros.
   */
  idfWeights(tokens: readonly K[], front: number, back: number): Float32Array {
    return framedIdf(Float32Array.from(tokens, (t) => Math.log(1 + this.numDocs / (1 + (this.docCounts.get(t) ?? 0)))), front, back);
  }
}

/** The idf vector of a lookup layer: `front` entries (mask, OOV) holding the mean of `w`, then `w`, then `back` zeros. */
export function framedIdf(w: Float32Array, front: number, back: number): Float32Array {
  const idf = new Float32Array(front + w.length + back);
  idf.fill(mean32(w), 0, front);
  idf.set(w, front);
  return idf;
}

/** float32 mean, as tf.reduce_mean of a float32 vector. */
function mean32(w: Float32Array): number {
  let s = 0;
  for (const x of w) s += x;
  return Math.fround(w.length ? s / w.length : 0);
}
