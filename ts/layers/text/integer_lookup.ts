// IntegerLookup (Keras `layers.IntegerLookup`): integer values → vocabulary indices (or their
// encodings), and indices → values with `invert`. Works on Tensors and number arrays, so it
// can sit inside a kerasm model (its input tensors are int32 or integer-valued float32).

import { ValueError, fmt } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { tensor } from '../../tensor/creation.js';
import type { CallArgs } from '../layer.js';
import { isSymbolic } from '../symbolic.js';
import { IndexLookup, type IndexLookupArgs } from './index_lookup.js';
import { runAdapt } from './adapt_data.js';
import { applyToNumbers, numbersToTensor } from './strings.js';

/** Options of {@link IntegerLookup} (Keras `layers.IntegerLookup`): the vocabulary options plus `vocabularyDtype`. */
export interface IntegerLookupArgs extends IndexLookupArgs<number> {
  /** Keras: only 'int64'; kerasm's integers are int32 tensors or JS numbers. */
  vocabularyDtype?: 'int64';
}

type IntBatch = Tensor | number | number[] | number[][] | Int32Array | Float32Array;

function isIntBatch(v: unknown): v is IntBatch {
  if (v instanceof Tensor || typeof v === 'number' || v instanceof Int32Array || v instanceof Float32Array) return true;
  if (!Array.isArray(v)) return false;
  return v.every((e) => typeof e === 'number') || (v.length > 0 && v.every((e) => Array.isArray(e) && isIntBatch(e)));
}

/**
 * Maps integers (e.g. ids from another system) to contiguous vocabulary indices, or their encodings; `invert` maps back (Keras `layers.IntegerLookup`).
 *
 * Takes a Tensor or number arrays; the vocabulary is given or learned with `adapt`. Strings are a ValueError (use StringLookup).
 * @example
 * ```ts
 * const lookup = layers.integerLookup({ vocabulary: [12, 36, 1138] });
 * lookup.apply([[12, 1138], [42, 36]]);   // int32 [[1, 3], [0, 2]]: 0 is the OOV bucket
 * ```
 */
export class IntegerLookup extends IndexLookup<number> {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = [
    'invert', 'max_tokens', 'num_oov_indices', 'oov_token', 'mask_token', 'output_mode', 'sparse', 'pad_to_max_tokens',
    'vocabulary_dtype', 'idf_weights', 'vocabulary', 'vocabulary_size', 'oov_method', 'salt',
  ];
  /** Options accepted beyond the config keys: `hasInputVocabulary` (written by Keras configs). */
  static readonly extraOptions: readonly string[] = ['hasInputVocabulary'];
  /** Tokens are integers. */
  protected readonly keyKind = 'integer' as const;
  /** Always `'int64'`, Keras's vocabulary dtype (kerasm's integers are int32 tensors or JS numbers). */
  readonly vocabularyDtype = 'int64' as const;

  constructor(args: IntegerLookupArgs = {}) {
    super(new.target, args, { oovToken: -1 });
    if (args.vocabularyDtype !== undefined && args.vocabularyDtype !== 'int64') {
      throw new ValueError(`${this.who}: only vocabularyDtype='int64' is supported. Received: vocabularyDtype=${fmt(args.vocabularyDtype)}`);
    }
    this.initVocabulary();
    this.built = true;
  }

  /** Indices (or encodings) of integer inputs; with `invert`, values of indices. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override apply(inputs: any, args: CallArgs = {}): any {
    if (this.invert && !isSymbolic(inputs)) {
      const t = inputs instanceof Tensor ? inputs : numbersToTensor(inputs) ?? tensor(inputs);
      try {
        const vals = t.dataSync();
        for (const v of vals) if (!Number.isInteger(v)) throw new ValueError(`${this.who} (invert): expected integer indices. Received: ${v}`);
        const out = this.invertIndices(vals).map((v) => v ?? 0);
        return tensor(out, t.shape.slice(), 'int32');
      } finally {
        if (t !== inputs) t.dispose();
      }
    }
    if (typeof inputs === 'string' || (Array.isArray(inputs) && inputs.flat(Infinity).some((v: unknown) => typeof v === 'string'))) {
      throw new ValueError(`${this.who}: expects integers. Received: strings ${fmt(inputs)} (use StringLookup for strings)`);
    }
    return applyToNumbers(inputs, (x) => super.apply(x, args));
  }

  protected override dtypeConfig(): Record<string, unknown> {
    return { vocabulary_dtype: 'int64' };
  }

  /** Learns the vocabulary from integers: a Tensor / number arrays, or a sync/async iterable of batches. */
  adapt(data: IntBatch | Iterable<unknown>): void;
  adapt(data: AsyncIterable<unknown>): Promise<void>;
  adapt(data: unknown): void | Promise<void> {
    return runAdapt({
      where: this.who,
      expected: 'integers (a Tensor or number arrays)',
      isBatch: isIntBatch,
      start: () => this.resetState(),
      onData: (b) => this.updateDocs(intDocs(this.who, b, true)),
      onBatch: (b) => this.updateDocs(intDocs(this.who, b, false)),
      finish: () => this.finalizeState(),
    }, data);
  }

  /** Like `adapt`, always returning a Promise (for async iterables of batches and sync data alike). */
  async adaptAsync(data: unknown): Promise<void> {
    await (this.adapt as (d: unknown) => void | Promise<void>)(data);
  }
}

function intDocs(where: string, b: IntBatch, direct: boolean): number[][] {
  const t = b instanceof Tensor ? b : tensor(b as number[]);
  try {
    const vals = Array.from(t.dataSync());
    for (const v of vals) if (!Number.isInteger(v)) throw new ValueError(`${where}.adapt: expected integers. Received: ${v}`);
    if (t.rank === 0) return [vals];
    if (t.rank === 1) return direct ? vals.map((v) => [v]) : [vals];
    const per = vals.length / Math.max(1, t.shape[0]!);
    return Array.from({ length: t.shape[0]! }, (_, i) => vals.slice(i * per, (i + 1) * per));
  } finally {
    if (t !== b) t.dispose();
  }
}
