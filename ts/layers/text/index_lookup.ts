// IndexLookup: the vocabulary machinery shared by StringLookup, IntegerLookup and
// TextVectorization (Keras `keras.src.layers.preprocessing.index_lookup`), on the host.
//
// Index layout (Keras's): [mask token (int mode only)] [numOovIndices OOV buckets] [tokens].
// A vocabulary comes from the `vocabulary` option, setVocabulary() or adapt(): tokens sorted
// by count, most frequent first, ties broken by the token itself in descending order (UTF-8
// byte order for strings) — Keras's np.lexsort — cut to maxTokens. tf_idf weights are
// log(1 + documents / (1 + documents containing the token)), the OOV entries the mean.
// Unlike Keras, adapt() on no data at all is an error instead of a silent no-op.

import { ValueError, fmt } from '../../errors.js';
import { fromData } from '../../tensor/creation.js';
import { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs, serializeDType } from '../config.js';
import { encodeIndices, encodedShape } from './encode.js';
import { hashBucketFast, hashBucketStrong } from './fingerprint.js';
import { compareUtf8 } from './strings.js';
import { AdaptCounts, framedIdf } from './adapt_counts.js';
import { readVocabularyAsset, splitVocabulary } from './vocabulary.js';
import { OUTPUT_MODES, withoutDType, type IndexLookupArgs, type LookupOutputMode } from './index_lookup_args.js';

export { withoutDType, type IndexLookupArgs, type LookupOutputMode } from './index_lookup_args.js';

export abstract class IndexLookup<K extends string | number> extends Layer {
  /** Largest vocabulary size (special tokens included), or null for no limit. */
  readonly maxTokens: number | null;
  /** Number of out-of-vocabulary buckets. Default: 1. */
  readonly numOovIndices: number;
  /** The padding token (index 0), or null. */
  readonly maskToken: K | null;
  /** The out-of-vocabulary token returned by `invert`. */
  readonly oovToken: K | null;
  /** Whether the layer maps indices back to tokens. Default: false. */
  readonly invert: boolean;
  /** What each input becomes. Default: `'int'`. */
  readonly outputMode: LookupOutputMode;
  /** Always false: outputs are dense. */
  readonly sparse: boolean;
  /** Whether vector outputs are `maxTokens` wide. Default: false. */
  readonly padToMaxTokens: boolean;
  /** How integers pick an OOV bucket with several buckets: `'floormod'` (Keras's default) or `'farmhash'` of the decimal string. */
  readonly oovMethod: 'floormod' | 'farmhash';
  /** SipHash key of the OOV bucket hash, or null. */
  readonly salt: [number, number] | null;
  /** The vocabulary given to the constructor (Keras `input_vocabulary`, saved in the config). */
  readonly vocabulary: K[] | null;
  /** The idf weights given to the constructor (saved in the config). */
  readonly idfWeights: number[] | null;
  /** Whether the vocabulary was given rather than adapted (written to the config). */
  protected hasInputVocabulary: boolean;

  private tokens: K[] = [];
  private index = new Map<K, number>();
  private idf: Float32Array | null = null;
  private frozenVocabSize: number | null;
  private adaptState: AdaptCounts<K> | null = null;

  protected abstract readonly keyKind: 'string' | 'integer';

  constructor(cls: unknown, args: IndexLookupArgs<K>, defaults: { oovToken: K | null }) {
    super(layerArgs(cls, withoutDType(args)));
    const who = `${(cls as { name: string }).name} '${this.name}'`;
    let mode = args.outputMode ?? 'int';
    if (mode === 'binary') mode = 'multi_hot';
    if (mode === 'tf-idf') mode = 'tf_idf';
    if (!OUTPUT_MODES.includes(mode)) throw new ValueError(`${who}: outputMode must be one of ${fmt(OUTPUT_MODES)}. Received: outputMode=${fmt(mode)}`);
    const maxTokens = args.maxTokens ?? null;
    if (maxTokens !== null && (!Number.isInteger(maxTokens) || maxTokens <= 1)) {
      throw new ValueError(`${who}: if set, maxTokens must be an integer greater than 1. Received: maxTokens=${fmt(maxTokens)}`);
    }
    const padToMaxTokens = args.padToMaxTokens ?? false;
    if (padToMaxTokens && maxTokens === null) throw new ValueError(`${who}: padToMaxTokens needs maxTokens. Received: maxTokens=null`);
    const numOov = args.numOovIndices ?? 1;
    if (!Number.isInteger(numOov) || numOov < 0) throw new ValueError(`${who}: numOovIndices must be an integer >= 0. Received: numOovIndices=${fmt(numOov)}`);
    const invert = args.invert ?? false;
    if (invert && mode !== 'int') throw new ValueError(`${who}: outputMode must be 'int' when invert is true. Received: outputMode=${fmt(mode)}`);
    if (args.sparse) throw new ValueError(`${who}: sparse=true is not supported by kerasm (Keras supports it on TensorFlow only); outputs are dense. Received: sparse=true`);
    if (args.idfWeights != null && mode !== 'tf_idf') {
      throw new ValueError(`${who}: idfWeights should only be set if outputMode is 'tf_idf'. Received: outputMode=${fmt(mode)}`);
    }
    const oovMethod = args.oovMethod ?? 'floormod';
    if (oovMethod !== 'floormod' && oovMethod !== 'farmhash') throw new ValueError(`${who}: oovMethod must be 'floormod' or 'farmhash'. Received: oovMethod=${fmt(oovMethod)}`);
    let salt: [number, number] | null = null;
    if (args.salt != null) {
      const s = args.salt;
      if (typeof s === 'number' && Number.isInteger(s)) salt = [s, s];
      else if (Array.isArray(s) && s.length === 2 && s.every((x) => Number.isInteger(x))) salt = [s[0], s[1]];
      else throw new ValueError(`${who}: salt must be an integer or two integers. Received: salt=${fmt(s)}`);
    }
    this.maxTokens = maxTokens;
    this.numOovIndices = numOov;
    this.maskToken = args.maskToken === undefined ? null : args.maskToken;
    this.oovToken = args.oovToken === undefined ? defaults.oovToken : args.oovToken;
    this.invert = invert;
    this.outputMode = mode as LookupOutputMode;
    this.sparse = false;
    this.padToMaxTokens = padToMaxTokens;
    this.oovMethod = oovMethod;
    this.salt = salt;
    this.vocabulary = args.vocabulary ? [...args.vocabulary] : null;
    this.idfWeights = args.idfWeights ? Array.from(args.idfWeights) : null;
    this.hasInputVocabulary = args.hasInputVocabulary ?? this.vocabulary !== null;
    this.frozenVocabSize = args.vocabularySize ?? null;
    if (mode === 'tf_idf' && this.hasInputVocabulary && this.vocabulary && !this.idfWeights) {
      throw new ValueError(`${who}: with a vocabulary in tf_idf mode, idfWeights must be given too. Received: idfWeights=null`);
    }
  }

  /** Completes construction once subclass fields exist (the given vocabulary needs keyKind). */
  protected initVocabulary(): void {
    if (this.vocabulary) this.setVocabulary(this.vocabulary, this.idfWeights ?? undefined);
  }

  /** @internal The layer named in errors when this lookup works for another (TextVectorization). */
  ownerWho: string | undefined;

  /** The layer as named in error messages. */
  protected get who(): string {
    return this.ownerWho ?? `${this.className} '${this.name}'`;
  }

  private oovStart(): number {
    return this.maskToken !== null && this.outputMode === 'int' ? 1 : 0;
  }

  private tokenStart(): number {
    return this.oovStart() + this.numOovIndices;
  }

  /** Number of indices: special tokens plus learned tokens (Keras `vocabulary_size()`). */
  vocabularySize(): number {
    return this.tokens.length + this.tokenStart();
  }

  /** The vocabulary, index order; special tokens first unless excluded (Keras `get_vocabulary`). */
  getVocabulary(includeSpecialTokens = true): K[] {
    const vocab: (K | null)[] = [];
    for (let i = 0; i < this.tokenStart(); i++) vocab.push(this.oovToken);
    if (this.maskToken !== null && this.outputMode === 'int') vocab[0] = this.maskToken;
    vocab.push(...this.tokens);
    return (includeSpecialTokens ? vocab : vocab.slice(this.tokenStart())) as K[];
  }

  /** The tf_idf weights per index (special indices included), or null in other modes. */
  getIdfWeights(): Float32Array | null {
    return this.idf ? this.idf.slice() : null;
  }

  /** Checks that `v` is a valid token of this layer's kind (string or integer), else throws a ValueError. */
  protected checkKey(v: unknown): K {
    if (this.keyKind === 'string') {
      if (typeof v !== 'string') throw new ValueError(`${this.who}: vocabulary entries must be strings. Received: ${fmt(v)}`);
    } else if (typeof v !== 'number' || !Number.isInteger(v)) {
      throw new ValueError(`${this.who}: vocabulary entries must be integers. Received: ${fmt(v)}`);
    }
    return v as K;
  }

  /**
   * Sets the vocabulary (and, in tf_idf mode, the idf weights), Keras `set_vocabulary`. The
   * special tokens may lead the list in their exact order ([mask], OOV × numOovIndices);
   * otherwise they are added.
   */
  setVocabulary(vocabulary: readonly K[], idfWeights?: ArrayLike<number> | null): void {
    const who = this.who;
    if (this.outputMode === 'tf_idf') {
      if (idfWeights == null) throw new ValueError(`${who}: idfWeights must be set if outputMode is 'tf_idf'. Received: idfWeights=${fmt(idfWeights)}`);
    } else if (idfWeights != null) {
      throw new ValueError(`${who}: idfWeights should only be set if outputMode is 'tf_idf'. Received: outputMode=${fmt(this.outputMode)}`);
    }
    if (!Array.isArray(vocabulary)) throw new ValueError(`${who}: the vocabulary must be an array. Received: ${fmt(vocabulary)}`);
    const vocab = vocabulary.map((v) => this.checkKey(v));
    const tokenStart = this.tokenStart();
    const special: (K | null)[] = [...new Array<K | null>(this.oovStart()).fill(this.maskToken), ...new Array<K | null>(this.numOovIndices).fill(this.oovToken)];
    const { tokens, foundSpecial } = splitVocabulary(who, this, vocab, special);
    let idf: Float32Array | null = null;
    if (this.outputMode === 'tf_idf' && idfWeights != null) {
      const w = Float32Array.from(idfWeights);
      if (w.length !== vocab.length) {
        throw new ValueError(`${who}: idfWeights must be as long as the vocabulary. Received: ${w.length} weights for ${vocab.length} vocabulary entries`);
      }
      const front = foundSpecial ? 0 : tokenStart;
      idf = framedIdf(w, front, this.idfPadding(front + w.length));
    }
    this.setTokens(tokens, idf);
  }

  /** Zeros after `used` idf entries up to maxTokens when padToMaxTokens. */
  private idfPadding(used: number): number {
    return this.padToMaxTokens && this.maxTokens !== null ? Math.max(0, this.maxTokens - used) : 0;
  }

  private setTokens(tokens: K[], idf: Float32Array | null): void {
    const newSize = tokens.length + this.tokenStart();
    if (this.outputMode !== 'int' && !this.padToMaxTokens && this.frozenVocabSize !== null && this.calledOnce && newSize !== this.frozenVocabSize) {
      throw new ValueError(`${this.who}: with outputMode=${fmt(this.outputMode)} and padToMaxTokens=false, the vocabulary size cannot change after the layer is called. Old vocabulary size is ${this.frozenVocabSize}, new vocabulary size is ${newSize}`);
    }
    this.tokens = tokens;
    this.index = new Map(tokens.map((t, i) => [t, i + this.tokenStart()]));
    if (idf) this.idf = idf;
    this.frozenVocabSize = newSize;
  }

  private calledOnce = false;

  // ---- adapt ----

  /** Starts a fresh adapt (Keras `reset_state`). */
  /** @internal */
  resetState(): void {
    this.adaptState = new AdaptCounts<K>();
  }

  /** Adds documents (lists of tokens) to the counts (Keras `update_state`). */
  /** @internal */
  updateDocs(docs: readonly (readonly K[])[]): void {
    if (this.hasInputVocabulary) {
      throw new ValueError(`${this.who}: cannot adapt after setting a static vocabulary via the \`vocabulary\` option or setVocabulary(). Received: adapt() on a layer with a given vocabulary`);
    }
    const st = this.adaptState ?? (this.resetState(), this.adaptState!);
    st.add(docs, this.outputMode === 'tf_idf');
  }

  /** Builds the vocabulary from the counts (Keras `finalize_state`). */
  /** @internal */
  finalizeState(): void {
    const st = this.adaptState;
    this.adaptState = null;
    if (!st || st.tokens === 0) {
      throw new ValueError(`${this.who}.adapt: received no data: the data set was empty (or held only empty strings/sequences). Expected at least one token. Received: 0 tokens`);
    }
    const cmp = this.keyKind === 'string'
      ? (a: K, b: K) => compareUtf8(a as string, b as string)
      : (a: K, b: K) => (a as number) - (b as number);
    const front = this.tokenStart();
    const tokens = st.ranked([this.maskToken, this.oovToken], cmp, this.maxTokens ? this.maxTokens - front : null);
    this.setTokens(tokens, this.outputMode === 'tf_idf' ? st.idfWeights(tokens, front, this.idfPadding(front + tokens.length)) : null);
  }

  // ---- lookup ----

  private oovCache = new Map<K, number>();

  /** The OOV bucket of a key outside the vocabulary (hashed buckets are cached per key). */
  private oovIndex(key: K): number {
    const n = this.numOovIndices;
    if (n > 1) {
      const c = this.oovCache.get(key);
      if (c !== undefined) return c;
    }
    if (n === 0) {
      throw new ValueError(`${this.who}: when numOovIndices=0 all inputs should be in the vocabulary; consider setting numOovIndices=1. Received: the out-of-vocabulary value ${fmt(key)}`);
    }
    if (n === 1) return this.oovStart();
    let b: number;
    if (this.keyKind === 'integer' && this.oovMethod !== 'farmhash') b = (((key as number) % n) + n) % n;
    else {
      const s = String(key);
      b = this.salt ? hashBucketStrong(s, n, this.salt) : hashBucketFast(s, n);
    }
    if (this.oovCache.size > 100_000) this.oovCache.clear();
    this.oovCache.set(key, b + this.oovStart());
    return b + this.oovStart();
  }

  /** Indices of keys. Masked keys give 0 in int mode and -1 (dropped by the encoders) otherwise. */
  /** @internal */
  lookupKeys(keys: readonly K[]): Int32Array {
    const out = new Int32Array(keys.length);
    this.lookupInto(keys, keys.length, out, 0);
    return out;
  }

  /** @internal Writes the indices of keys[0..n) into out[at..at+n). */
  lookupInto(keys: readonly K[], n: number, out: Int32Array, at: number): void {
    this.calledOnce = true;
    const masked = this.outputMode === 'int' ? 0 : -1;
    for (let i = 0; i < n; i++) {
      const k = keys[i]!;
      if (this.maskToken !== null && k === this.maskToken) {
        out[at + i] = masked;
        continue;
      }
      const idx = this.index.get(k);
      out[at + i] = idx !== undefined ? idx : this.oovIndex(k);
    }
  }

  /** Tokens of indices (invert mode): the mask token at 0 if set, the OOV token outside the vocabulary. */
  protected invertIndices(indices: ArrayLike<number>): (K | null)[] {
    this.calledOnce = true;
    const start = this.tokenStart();
    return Array.from(indices, (i) => {
      if (this.maskToken !== null && i === 0) return this.maskToken;
      return i >= start && i < start + this.tokens.length ? this.tokens[i - start]! : this.oovToken;
    });
  }

  /** Int indices or their encoding, as a tensor of the input's shape (plus/minus the encoded axis). */
  /** @internal */
  outputFor(indices: Int32Array, shape: readonly number[]): Tensor {
    if (this.outputMode === 'int') return fromData(this.who, indices, shape.slice(), 'int32');
    return encodeIndices(indices, shape, { where: this.who, mode: this.outputMode, depth: this.depth(), idf: this.idf ?? undefined });
  }

  private depth(): number {
    if (this.padToMaxTokens) return this.maxTokens!;
    if (this.frozenVocabSize === null) {
      throw new ValueError(`${this.who}: with outputMode=${fmt(this.outputMode)} and padToMaxTokens=false, the vocabulary must be set before calling the layer: pass \`vocabulary\` or call adapt() first. Received: a layer without a vocabulary`);
    }
    return this.frozenVocabSize;
  }

  /** @internal */
  encodedShape(shape: SymbolicShape): SymbolicShape {
    return this.outputMode === 'int' ? shape.slice() : encodedShape(shape, this.outputMode, this.depth());
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return this.encodedShape(s);
  }

  protected override outputDType(): 'float32' | 'int32' {
    return this.outputMode === 'int' ? 'int32' : 'float32';
  }

  /** Numeric lookups run on host copies of the input; integer keys come from its values. */
  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    const x = inputs as Tensor;
    if (this.keyKind === 'string' && !this.invert) {
      throw new ValueError(`${this.who}: expects strings (string[] / string[][]) passed to apply(); kerasm tensors are numeric. Received: a ${x.dtype} tensor of shape ${fmt(x.shape)}`);
    }
    const vals = x.dataSync();
    for (let i = 0; i < vals.length; i++) {
      if (!Number.isInteger(vals[i]!)) throw new ValueError(`${this.who}: expected integer values. Received: ${vals[i]} in a ${x.dtype} tensor of shape ${fmt(x.shape)}`);
    }
    return this.outputFor(this.lookupKeys(Array.from(vals) as K[]), x.shape);
  }

  override getConfig(): Record<string, unknown> {
    return {
      name: this.name, trainable: this.trainable, dtype: serializeDType('float32'),
      invert: this.invert, max_tokens: this.maxTokens, num_oov_indices: this.numOovIndices, oov_token: this.oovToken,
      mask_token: this.maskToken, output_mode: this.outputMode, sparse: this.sparse, pad_to_max_tokens: this.padToMaxTokens,
      ...this.dtypeConfig(),
      idf_weights: this.idfWeights, vocabulary: this.vocabulary, vocabulary_size: this.frozenVocabSize,
      oov_method: this.oovMethod, salt: this.salt, ...this.tailConfig(),
    };
  }

  /** StringLookup appends `encoding`. */
  protected tailConfig(): Record<string, unknown> {
    return {};
  }

  /** IntegerLookup writes `vocabulary_dtype`; StringLookup does not. */
  protected dtypeConfig(): Record<string, unknown> {
    return {};
  }

  // ---- Keras save_own_variables / load_own_variables: the tf_idf weights ----

  /** Keras `save_own_variables`: `{ idf_weights }` in tf_idf mode, else nothing. */
  saveOwnVariables(): Record<string, Float32Array> {
    return this.outputMode === 'tf_idf' && this.idf ? { idf_weights: this.idf.slice() } : {};
  }

  /** Keras `load_own_variables` (called before loadAssets, as Keras does). */
  loadOwnVariables(store: Record<string, ArrayLike<number>>): void {
    if (this.outputMode !== 'tf_idf') return;
    const w = store.idf_weights;
    if (!w) throw new ValueError(`${this.who}.loadOwnVariables: expected 'idf_weights' in tf_idf mode. Received: ${fmt(Object.keys(store))}`);
    this.idf = Float32Array.from(w);
  }

  // ---- assets (Keras save_assets / load_assets) ----

  /**
   * The files Keras's `save_assets` writes: `vocabulary.txt`, one entry a line, special tokens
   * included. None when the vocabulary lives in the config (it was given to the constructor).
   */
  saveAssets(): Record<string, string> {
    if (this.vocabulary !== null) return {};
    return { 'vocabulary.txt': this.getVocabulary(true).map(String).join('\n') };
  }

  /** Restores the vocabulary from Keras's asset files (the idf weights, if any, are already set). */
  loadAssets(files: Record<string, string | Uint8Array>): void {
    if (this.vocabulary !== null) return;
    const values = readVocabularyAsset(`${this.who}.loadAssets`, files, this.keyKind);
    this.setVocabulary(values as K[], this.outputMode === 'tf_idf' ? this.idf : undefined);
  }
}
