// A lookup layer's vocabulary from outside (StringLookup, IntegerLookup, TextVectorization):
// Keras's `set_vocabulary` checks, and its `vocabulary.txt` asset (one entry a line, special
// tokens included, split as Python's str.splitlines() does).

import { ValueError, fmt } from '../../errors.js';

/** The vocabulary entries of `files['vocabulary.txt']`: strings, or integers for an integer lookup. */
export function readVocabularyAsset(who: string, files: Record<string, string | Uint8Array>, keyKind: 'string' | 'integer'): (string | number)[] {
  const f = files['vocabulary.txt'];
  if (f === undefined) throw new ValueError(`${who}: expected a 'vocabulary.txt' asset. Received: ${fmt(Object.keys(files))}`);
  const text = typeof f === 'string' ? f : new TextDecoder().decode(f);
  const lines = text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (keyKind === 'string') return lines;
  return lines.map((l) => {
    const n = Number(l);
    if (!Number.isInteger(n)) throw new ValueError(`${who}: vocabulary.txt must hold one integer a line. Received: ${fmt(l)}`);
    return n;
  });
}

/** What the vocabulary checks read of the layer. */
interface VocabularyRules<K> {
  readonly maskToken: K | null;
  readonly oovToken: K | null;
  readonly invert: boolean;
  readonly maxTokens: number | null;
}

/**
 * Keras `set_vocabulary`'s checks: `vocab` without its leading special tokens (when it starts
 * with exactly `special`), refusing an empty vocabulary, repeated terms, special tokens
 * elsewhere and a vocabulary over `maxTokens`.
 */
export function splitVocabulary<K>(who: string, layer: VocabularyRules<K>, vocab: K[], special: (K | null)[]): { tokens: K[]; foundSpecial: boolean } {
  if (vocab.length === 0) throw new ValueError(`${who}: cannot set an empty vocabulary. Received: vocabulary=[]`);
  const tokenStart = special.length;
  const foundSpecial = vocab.length >= tokenStart && special.every((s, i) => vocab[i] === s);
  const tokens = foundSpecial ? vocab.slice(tokenStart) : vocab;
  const seen = new Set<K>();
  const repeated = new Set<K>();
  for (const t of tokens) (seen.has(t) ? repeated : seen).add(t);
  if (repeated.size > 0) {
    throw new ValueError(`${who}: the vocabulary has at least one repeated term. Please uniquify your dataset. The repeated terms are: ${fmt([...repeated])}`);
  }
  const order = `Either remove all mask and OOV tokens, or include them only at the start of the vocabulary in precisely this order: ${fmt(special)}.`;
  if (layer.maskToken !== null && seen.has(layer.maskToken)) {
    throw new ValueError(`${who}: found the reserved mask token at an unexpected location in the vocabulary. ${order} Received: maskToken=${fmt(layer.maskToken)} at index ${vocab.lastIndexOf(layer.maskToken)}`);
  }
  if (layer.oovToken !== null && layer.invert && seen.has(layer.oovToken)) {
    throw new ValueError(`${who}: found the reserved OOV token at an unexpected location in the vocabulary. ${order} Received: oovToken=${fmt(layer.oovToken)} at index ${vocab.lastIndexOf(layer.oovToken)}`);
  }
  if (layer.maxTokens !== null && tokenStart + tokens.length > layer.maxTokens) {
    throw new ValueError(`${who}: attempted to set a vocabulary larger than the maximum vocab size. Received vocabulary size is ${tokenStart + tokens.length}; maxTokens is ${layer.maxTokens}.`);
  }
  return { tokens, foundSpecial };
}
