// StringLookup (Keras `layers.StringLookup`): strings → vocabulary indices (or their
// one_hot / multi_hot / count / tf_idf encoding), and indices → strings with `invert`.
// Strings are JS values: `apply(['a', 'b'])` or `apply([['a'], ['b']])` returns a Tensor, and in
// a model the layer takes a string input (a StringTensor at run time); with `invert`,
// `apply(indices)` returns nested string arrays (outside models only).

import { ValueError, fmt } from '../../errors.js';
import { tensor } from '../../tensor/creation.js';
import { Tensor } from '../../tensor/tensor.js';
import type { CallArgs } from '../layer.js';
import { isSymbolic } from '../symbolic.js';
import { IndexLookup, type IndexLookupArgs } from './index_lookup.js';
import { flattenStrings, isStringInput, nest, type StringInput } from './strings.js';
import { runAdapt } from './adapt_data.js';

/** Options of {@link StringLookup} (Keras `layers.StringLookup`): the vocabulary options plus `encoding`. */
export interface StringLookupArgs extends IndexLookupArgs<string> {
  /** Keras's text encoding option; only 'utf-8' (JS strings are Unicode). */
  encoding?: string;
}

/**
 * Maps strings to vocabulary indices (or their one-hot / multi-hot / count / tf-idf encoding), and indices back to strings with `invert` (Keras `layers.StringLookup`).
 *
 * The vocabulary is given (`vocabulary`) or learned with `adapt(data)`; index layout as Keras: mask token, OOV buckets, then tokens by frequency.
 * Strings come in as JS arrays (or a model's string input) and the result is a Tensor.
 * @example
 * ```ts
 * const lookup = layers.stringLookup({ vocabulary: ['a', 'b', 'c'] });
 * lookup.apply([['a', 'c'], ['x', 'b']]);   // int32 [[1, 3], [0, 2]]: 0 is the OOV bucket
 * ```
 */
export class StringLookup extends IndexLookup<string> {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = [
    'invert', 'max_tokens', 'num_oov_indices', 'oov_token', 'mask_token', 'output_mode', 'sparse', 'pad_to_max_tokens',
    'idf_weights', 'vocabulary', 'vocabulary_size', 'oov_method', 'salt', 'encoding',
  ];
  /** Options accepted beyond the config keys: `hasInputVocabulary` (written by Keras configs). */
  static readonly extraOptions: readonly string[] = ['hasInputVocabulary'];
  /** Tokens are strings. */
  protected readonly keyKind = 'string' as const;
  /** Text encoding: always `'utf-8'` (JS strings are Unicode). */
  readonly encoding: string;

  constructor(args: StringLookupArgs = {}) {
    super(new.target, args, { oovToken: '[UNK]' });
    const enc = (args.encoding ?? 'utf-8').toLowerCase().replace('_', '-');
    if (enc !== 'utf-8' && enc !== 'utf8') throw new ValueError(`${this.who}: only encoding='utf-8' is supported. Received: encoding=${fmt(args.encoding)}`);
    this.encoding = 'utf-8';
    this.initVocabulary();
    this.built = true;
  }

  protected override get acceptsStrings(): boolean {
    return true;
  }

  protected override tailConfig(): Record<string, unknown> {
    return { encoding: this.encoding };
  }

  /**
   * Strings → a Tensor of indices or encodings. With `invert`, indices (Tensor or numbers) →
   * nested string arrays.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override apply(inputs: any, args: CallArgs = {}): any {
    if (this.invert && !isSymbolic(inputs) && !isStringInput(inputs)) {
      const t = inputs instanceof Tensor ? inputs : tensor(inputs);
      try {
        const vals = t.dataSync();
        for (const v of vals) if (!Number.isInteger(v)) throw new ValueError(`${this.who} (invert): expected integer indices. Received: ${v}`);
        return nest(this.invertIndices(vals), t.shape);
      } finally {
        if (t !== inputs) t.dispose();
      }
    }
    if (isStringInput(inputs)) {
      if (this.invert) throw new ValueError(`${this.who}: with invert=true the inputs are integer indices. Received: strings ${fmt(inputs)}`);
      const { values, shape } = flattenStrings(this.who, inputs);
      return this.outputFor(this.lookupKeys(values), shape);
    }
    if (isSymbolic(inputs)) {
      if (this.invert) {
        throw new ValueError(`${this.who}: with invert=true the outputs are strings, which kerasm models cannot produce; apply it to predictions instead. Received: a symbolic input (${String(inputs)})`);
      }
      if (inputs.dtype !== 'string') {
        throw new ValueError(`${this.who}: expects a string input, such as input({ shape: [1], dtype: 'string' }). Received: a ${inputs.dtype} input (${String(inputs)})`);
      }
      return super.apply(inputs, args);
    }
    if (Array.isArray(inputs) && inputs.some(isSymbolic)) {
      throw new ValueError(`${this.who}: takes one string input. Received: a list of ${inputs.length} inputs`);
    }
    if (inputs instanceof Tensor) return this.call(inputs, args);
    return super.apply(inputs, args);
  }

  /**
   * Learns the vocabulary from strings (Keras `adapt`): string arrays, or a sync/async
   * iterable of batches (async returns a Promise). Each row of a batch is a document for tf_idf.
   */
  adapt(data: StringInput | Iterable<unknown>): void;
  adapt(data: AsyncIterable<unknown>): Promise<void>;
  adapt(data: unknown): void | Promise<void> {
    return runAdapt({
      where: this.who,
      expected: 'strings (string[] or string[][])',
      isBatch: isStringInput,
      start: () => this.resetState(),
      onData: (b) => this.updateDocs(docsOf(this.who, b, true)),
      onBatch: (b) => this.updateDocs(docsOf(this.who, b, false)),
      finish: () => this.finalizeState(),
    }, data);
  }

  /** adapt() that always returns a Promise (for any data). */
  async adaptAsync(data: unknown): Promise<void> {
    await (this.adapt as (d: unknown) => void | Promise<void>)(data);
  }
}

/**
 * The documents of a batch: each slice along the first axis. Data given directly to adapt()
 * as a flat array is one document per element (Keras expands it to (n, 1)); a flat batch
 * from an iterable is one document.
 */
export function docsOf(where: string, b: StringInput, direct: boolean): string[][] {
  const { values, shape } = flattenStrings(where, b);
  if (shape.length === 0) return [values];
  if (shape.length === 1) return direct ? values.map((v) => [v]) : [values];
  const per = values.length / Math.max(1, shape[0]!);
  const docs: string[][] = [];
  for (let i = 0; i < shape[0]!; i++) docs.push(values.slice(i * per, (i + 1) * per));
  return docs;
}
