// TextVectorization (Keras `layers.TextVectorization`): strings → token indices (int mode,
// padded/truncated to outputSequenceLength) or a multi_hot / count / tf_idf / one_hot
// vector per string, with a vocabulary from `vocabulary`, setVocabulary() or adapt().
//
// Strings stay JS values (see tensor/string_tensor.ts), so this layer runs on the host:
// `apply(texts)` returns a Tensor (int32 indices or float32 encodings), and in a model it takes
// a string input (`input({ shape: [1], dtype: 'string' })`), which fit/predict fill from
// `string[]` / `string[][]`. Vectorizing in the data pipeline works too.
// The vocabulary is held by an inner StringLookup with mask token '' (index 0) and one OOV
// index (1), as in Keras; its `vocabulary.txt` asset is Keras's format.

import { ValueError, fmt } from '../../errors.js';
import { fromData } from '../../tensor/creation.js';
import { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import { layerArgs, serializeDType } from '../config.js';
import type { SymbolicShape } from '../symbolic.js';
import { isSymbolic } from '../symbolic.js';
import { StringLookup } from './string_lookup.js';
import { withoutDType, type LookupOutputMode } from './index_lookup.js';
import { flattenStrings, isStringInput, type StringInput } from './strings.js';
import { ngramsOf, splitText, standardizeText, type Split, type Standardize } from './preprocess.js';
import { runAdapt } from './adapt_data.js';

/** Options of {@link TextVectorization} (Keras `layers.TextVectorization`). */
export interface TextVectorizationArgs extends LayerArgs {
  /** Largest vocabulary size, the mask ('') and OOV ('[UNK]') entries included; adapt keeps the most frequent tokens. Default: null (no limit). */
  maxTokens?: number | null;
  /** Text standardization before splitting. Default: `'lower_and_strip_punctuation'`. */
  standardize?: Standardize | Record<string, unknown>;
  /** Tokenization. Default: `'whitespace'`. */
  split?: Split | Record<string, unknown>;
  /** n-gram widths: n for 1..n, or a list of widths. */
  ngrams?: number | readonly number[] | null;
  /** `'int'` (a sequence of token indices per string, default), or one vector per string: `'multi_hot'`, `'count'`, `'tf_idf'`, `'one_hot'`. */
  outputMode?: LookupOutputMode | 'binary' | 'tf-idf';
  /** In `'int'` mode, pad (with 0) or truncate every sequence to this length; otherwise sequences are padded to the longest in the batch. Only valid with `'int'`. Default: null. */
  outputSequenceLength?: number | null;
  /** In the vector modes, make the output `maxTokens` wide even when the vocabulary is smaller. Default: false. */
  padToMaxTokens?: boolean;
  /** A fixed vocabulary (without mask and OOV tokens) instead of `adapt`. Default: none. */
  vocabulary?: readonly string[] | null;
  /** Inverse document frequencies of the `vocabulary` tokens, for `'tf_idf'` mode with a given vocabulary. */
  idfWeights?: ArrayLike<number> | null;
  /** Keras options kerasm accepts only at their defaults (false, false, 'utf-8'). */
  sparse?: boolean;
  /** Ragged outputs (Keras): not supported; only false. */
  ragged?: boolean;
  /** Text encoding: only `'utf-8'`. */
  encoding?: string;
  /** Keras config: the vocabulary size the layer was saved with. */
  vocabularySize?: number | null;
  /** Keras config: whether the vocabulary was given rather than adapted. */
  hasInputVocabulary?: boolean;
}

/** Options of {@link TextVectorization.fromConfig}. */
export interface TextVectorizationFromConfigOptions {
  /** Custom standardize/split functions by the name the config gives them. */
  customObjects?: Record<string, unknown>;
}

const STANDARDIZE = ['lower_and_strip_punctuation', 'lower', 'strip_punctuation'];
const SPLIT = ['whitespace', 'character'];

/** A Keras-serialized function (`{class_name: 'function', config: name}`) → its name. */
function functionName(v: Record<string, unknown>): string | undefined {
  return typeof v.config === 'string' ? v.config : typeof v.registered_name === 'string' ? v.registered_name : undefined;
}

/**
 * Turns strings into token indices or per-string vectors (Keras `layers.TextVectorization`): standardize, split, optional n-grams, then a vocabulary lookup.
 *
 * Runs on JS strings and returns a Tensor; in a model it takes a string input, and fit/predict take the raw strings.
 * The vocabulary comes from `vocabulary`, `setVocabulary()` or `adapt(texts)`; index 0 is padding (''), 1 the OOV token.
 * @example
 * ```ts
 * const vectorize = layers.textVectorization({ maxTokens: 20000, outputSequenceLength: 200 });
 * vectorize.adapt(trainTexts);
 * const text = input({ shape: [1], dtype: 'string' });
 * let x = layers.embedding({ inputDim: 20000, outputDim: 16 }).apply(vectorize.apply(text));
 * const model = new Model({ inputs: text, outputs: layers.dense({ units: 1, activation: 'sigmoid' }).apply(layers.globalAveragePooling1d().apply(x)) });
 * await model.fit(trainTexts, labels, { epochs: 5 });   // trainTexts: string[]
 * ```
 */
export class TextVectorization extends Layer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = [
    'max_tokens', 'standardize', 'split', 'ngrams', 'output_mode', 'output_sequence_length', 'pad_to_max_tokens', 'sparse',
    'ragged', 'vocabulary', 'idf_weights', 'encoding', 'vocabulary_size',
  ];
  /** Options accepted beyond the config keys: `hasInputVocabulary` (written by Keras configs). */
  static readonly extraOptions: readonly string[] = ['hasInputVocabulary'];

  /** Text standardization. Default: `'lower_and_strip_punctuation'`. */
  readonly standardize: Standardize;
  /** Tokenization. Default: `'whitespace'`. */
  readonly split: Split;
  /** n-gram widths as given (n: widths 1…n; a list: those widths), or null for single tokens. */
  readonly ngrams: number | number[] | null;
  /** What each string becomes. Default: `'int'`. */
  readonly outputMode: LookupOutputMode;
  /** Fixed sequence length in `'int'` mode, or null. */
  readonly outputSequenceLength: number | null;
  private readonly widths: number[] | null;
  // Keras's attribute name: `.keras` files keep the inner lookup's assets under `_lookup_layer/`.
  // eslint-disable-next-line @typescript-eslint/naming-convention
  private readonly _lookup_layer: StringLookup;

  constructor(args: TextVectorizationArgs = {}) {
    super(layerArgs(new.target, withoutDType(args)));
    const who = `TextVectorization '${this.name}'`;
    const std = args.standardize === undefined ? 'lower_and_strip_punctuation' : args.standardize;
    if (!(std === null || typeof std === 'function' || STANDARDIZE.includes(std as string))) {
      throw new ValueError(`${who}: standardize must be one of ${fmt(STANDARDIZE)}, null or a function (text: string) => string. Received: standardize=${fmt(std)}`);
    }
    const split = args.split === undefined ? 'whitespace' : args.split;
    if (!(split === null || typeof split === 'function' || SPLIT.includes(split as string))) {
      throw new ValueError(`${who}: split must be one of ${fmt(SPLIT)}, null or a function (text: string) => string[]. Received: split=${fmt(split)}`);
    }
    let mode = args.outputMode ?? 'int';
    if (mode === 'binary') mode = 'multi_hot';
    if (mode === 'tf-idf') mode = 'tf_idf';
    const ng = args.ngrams ?? null;
    const okInt = (n: unknown) => Number.isInteger(n) && (n as number) >= 1;
    if (!(ng === null || okInt(ng) || (Array.isArray(ng) && ng.length > 0 && ng.every(okInt)))) {
      throw new ValueError(`${who}: ngrams must be null, a positive integer or a list of positive integers. Received: ngrams=${fmt(ng)}`);
    }
    const len = args.outputSequenceLength ?? null;
    if (len !== null && mode !== 'int') {
      throw new ValueError(`${who}: outputSequenceLength must not be set if outputMode is not 'int'. Received: outputSequenceLength=${fmt(len)} with outputMode=${fmt(mode)}`);
    }
    if (len !== null && (!Number.isInteger(len) || len < 0)) {
      throw new ValueError(`${who}: outputSequenceLength must be null or a non-negative integer. Received: outputSequenceLength=${fmt(len)}`);
    }
    if (args.ragged) throw new ValueError(`${who}: ragged=true is not supported by kerasm (Keras supports it on TensorFlow only). Received: ragged=true`);
    if (args.sparse) throw new ValueError(`${who}: sparse=true is not supported by kerasm (Keras supports it on TensorFlow only). Received: sparse=true`);
    this.standardize = std as Standardize;
    this.split = split as Split;
    this.ngrams = ng === null ? null : typeof ng === 'number' ? ng : [...ng];
    this.widths = ng === null ? null : typeof ng === 'number' ? Array.from({ length: ng }, (_, i) => i + 1) : [...ng];
    this.outputMode = mode as LookupOutputMode;
    this.outputSequenceLength = len;
    this._lookup_layer = new StringLookup({
      name: `${this.name}_string_lookup`, maxTokens: args.maxTokens ?? null, vocabulary: args.vocabulary ?? null,
      idfWeights: args.idfWeights ?? null, padToMaxTokens: args.padToMaxTokens ?? false, maskToken: '', outputMode: mode as LookupOutputMode,
      hasInputVocabulary: args.hasInputVocabulary ?? args.vocabulary != null, vocabularySize: args.vocabularySize ?? null,
      encoding: args.encoding,
    });
    this._lookup_layer.ownerWho = who;
    // No weights to build (the vocabulary is host data), so no build call on zeros either.
    this._lookup_layer.built = true;
    this.built = true;
  }

  /** Nothing to create: the vocabulary is host data (also after dispose(), so a shared layer can join another model). */
  override build(): void {
    this._lookup_layer.built = true;
    this.built = true;
  }

  /** The vocabulary holder (Keras `_lookup_layer`). */
  get lookupLayer(): StringLookup {
    return this._lookup_layer;
  }

  protected override get acceptsStrings(): boolean {
    return true;
  }

  protected override outputDType(): 'float32' | 'int32' {
    return this.outputMode === 'int' ? 'int32' : 'float32';
  }

  /** From a Keras config; custom standardize/split functions come from `customObjects` by name. */
  static fromConfig(config: Record<string, unknown>, opts: TextVectorizationFromConfigOptions = {}): TextVectorization {
    const c: Record<string, unknown> = { ...config };
    for (const key of ['standardize', 'split']) {
      const v = c[key];
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        const name = functionName(v as Record<string, unknown>);
        const fn = name !== undefined ? opts.customObjects?.[name] : undefined;
        if (typeof fn !== 'function') {
          throw new ValueError(`TextVectorization.fromConfig: ${key} is the custom function ${fmt(name)}; pass it in customObjects. Received: customObjects keys ${fmt(Object.keys(opts.customObjects ?? {}))}`);
        }
        c[key] = fn;
      }
    }
    const args: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(c)) {
      if (k === 'dtype' || k === 'trainable' && v === true) continue;
      args[k.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase())] = v;
    }
    return new TextVectorization(args as TextVectorizationArgs);
  }

  /** Largest vocabulary size, or null. */
  get maxTokens(): number | null {
    return this.lookupLayer.maxTokens;
  }

  /** Whether vector outputs are `maxTokens` wide. */
  get padToMaxTokens(): boolean {
    return this.lookupLayer.padToMaxTokens;
  }

  private get who(): string {
    return `TextVectorization '${this.name}'`;
  }

  /** Standardize, split and n-grams of each string: one token list per row, and the rows' shape. */
  private preprocess(input: StringInput): { rows: string[][]; lead: number[] } {
    const { values, shape } = flattenStrings(this.who, input);
    const texts = values.map((s) => {
      const r = standardizeText(s, this.standardize);
      if (typeof r !== 'string') throw new ValueError(`${this.who}: the standardize function must return a string. Received: ${fmt(r)}`);
      return r;
    });
    let rows: string[][];
    let lead: number[];
    if (this.split !== null) {
      if (shape.length > 1 && shape[shape.length - 1] !== 1) {
        throw new ValueError(`${this.who}: when tokenizing strings, the input rank must be 1 or the last shape dimension must be 1. Received: inputs.shape=${fmt(shape)} with rank=${shape.length}`);
      }
      lead = shape.length > 1 ? shape.slice(0, -1) : shape.slice();
      rows = texts.map((t) => {
        const toks = splitText(t, this.split as Exclude<Split, null>);
        if (!Array.isArray(toks) || toks.some((x) => typeof x !== 'string')) {
          throw new ValueError(`${this.who}: the split function must return an array of strings. Received: ${fmt(toks)}`);
        }
        return toks;
      });
    } else {
      lead = shape.slice(0, -1);
      const w = shape.length === 0 ? 1 : shape[shape.length - 1]!;
      rows = [];
      for (let i = 0; i < texts.length; i += w) rows.push(texts.slice(i, i + w));
      if (texts.length === 0 && lead.length === 0) rows.push([]);
    }
    if (this.widths) rows = rows.map((r) => ngramsOf(r, this.widths!));
    return { rows, lead };
  }

  /** Vectorizes strings (string[] or string[][] with a last axis of 1) into a Tensor. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override apply(inputs: any, args: CallArgs = {}): any {
    if (isStringInput(inputs)) return this.vectorize(inputs);
    if (inputs instanceof Tensor) return this.call(inputs, args);
    if (isSymbolic(inputs)) {
      if (inputs.dtype !== 'string') {
        throw new ValueError(`${this.who}: expects a string input, such as input({ shape: [1], dtype: 'string' }). Received: a ${inputs.dtype} input (${String(inputs)})`);
      }
      return super.apply(inputs, args);
    }
    if (Array.isArray(inputs) && inputs.some(isSymbolic)) {
      throw new ValueError(`${this.who}: takes one string input. Received: a list of ${inputs.length} inputs`);
    }
    return super.apply(inputs, args);
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    const x = inputs as Tensor;
    throw new ValueError(`${this.who}: expects strings (string[] / string[][], or a model's string input). Received: a ${x.dtype} tensor of shape ${fmt(x.shape)}`);
  }

  private vectorize(inputs: StringInput): Tensor {
    const { rows, lead } = this.preprocess(inputs);
    const maxLen = rows.reduce((m, r) => Math.max(m, r.length), 0);
    const lookup = this.lookupLayer;
    const L = this.outputMode === 'int' ? (this.outputSequenceLength ?? maxLen) : maxLen;
    // Rows padded to L: with 0 (the mask index) in int mode, with -1 (dropped) for encodings.
    const dense = new Int32Array(rows.length * L).fill(this.outputMode === 'int' ? 0 : -1);
    rows.forEach((r, i) => lookup.lookupInto(r, Math.min(r.length, L), dense, i * L));
    if (this.outputMode === 'int') return fromData(this.who, dense, [...lead, L], 'int32');
    return lookup.outputFor(dense, [...lead, L]);
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    if (this.outputMode === 'int') return [s[0] ?? null, this.outputSequenceLength];
    const shape = this.split === null ? (s.length <= 1 ? [...s, 1] : s.slice()) : [...s, null];
    return this.lookupLayer.encodedShape(shape);
  }

  /**
   * Learns the vocabulary (Keras `adapt`) from strings or a sync/async iterable of string
   * batches (async returns a Promise). Each string is one document for tf_idf.
   */
  adapt(data: StringInput | Iterable<unknown>): void;
  adapt(data: AsyncIterable<unknown>): Promise<void>;
  adapt(data: unknown): void | Promise<void> {
    const lookup = this.lookupLayer;
    const add = (b: StringInput, direct: boolean) => {
      const { rows, lead } = this.preprocess(b);
      if (this.split !== null || lead.length > 0) {
        lookup.updateDocs(rows);
        return;
      }
      // Without splitting, flat strings are one document per string when given directly
      // (Keras expands them to (n, 1)) and one document per batch from an iterable.
      const tokens = rows.flat();
      lookup.updateDocs(direct ? tokens.map((t) => [t]) : [tokens]);
    };
    return runAdapt({
      where: this.who,
      expected: 'strings (string[] or string[][])',
      isBatch: isStringInput,
      start: () => lookup.resetState(),
      onData: (b) => add(b, true),
      onBatch: (b) => add(b, false),
      finish: () => lookup.finalizeState(),
    }, data);
  }

  /** adapt() that always returns a Promise. */
  async adaptAsync(data: unknown): Promise<void> {
    await (this.adapt as (d: unknown) => void | Promise<void>)(data);
  }

  /** The vocabulary by index (Keras `get_vocabulary`): with `includeSpecialTokens` (default true) it starts with '' (padding) and '[UNK]'. */
  getVocabulary(includeSpecialTokens = true): string[] {
    return this.lookupLayer.getVocabulary(includeSpecialTokens);
  }

  /** Replaces the vocabulary (tokens without the special ones), with idf weights in `'tf_idf'` mode (Keras `set_vocabulary`). */
  setVocabulary(vocabulary: readonly string[], idfWeights?: ArrayLike<number> | null): void {
    this.lookupLayer.setVocabulary(vocabulary, idfWeights);
  }

  /** Current vocabulary size, special tokens included (Keras `vocabulary_size`). */
  vocabularySize(): number {
    return this.lookupLayer.vocabularySize();
  }

  /** The tf_idf weights per index, or null in other modes. */
  getIdfWeights(): Float32Array | null {
    return this.lookupLayer.getIdfWeights();
  }

  override getConfig(): Record<string, unknown> {
    const l = this.lookupLayer;
    const fnConfig = (v: unknown) => (typeof v === 'function'
      ? { module: 'builtins', class_name: 'function', config: v.name, registered_name: 'function' }
      : v);
    return {
      name: this.name, trainable: this.trainable, dtype: serializeDType('float32'),
      max_tokens: l.maxTokens, standardize: fnConfig(this.standardize), split: fnConfig(this.split), ngrams: this.ngrams,
      output_mode: this.outputMode, output_sequence_length: this.outputSequenceLength, pad_to_max_tokens: l.padToMaxTokens,
      sparse: false, ragged: false, vocabulary: l.vocabulary, idf_weights: l.idfWeights, encoding: 'utf-8',
      vocabulary_size: this.vocabularySize(),
    };
  }

  /** Keras's asset files (`vocabulary.txt`), see StringLookup.saveAssets. */
  saveAssets(): Record<string, string> {
    return this.lookupLayer.saveAssets();
  }

  /** Reads Keras's asset files (`vocabulary.txt`) when loading a `.keras` file. */
  loadAssets(files: Record<string, string | Uint8Array>): void {
    this.lookupLayer.loadAssets(files);
  }

  /** The tf_idf weights as Keras's `save_own_variables` stores them. */
  saveOwnVariables(): Record<string, Float32Array> {
    return this.lookupLayer.saveOwnVariables();
  }

  /** Reads the tf-idf weights Keras's `save_own_variables` stored, when loading a `.keras` file. */
  loadOwnVariables(store: Record<string, ArrayLike<number>>): void {
    this.lookupLayer.loadOwnVariables(store);
  }
}
