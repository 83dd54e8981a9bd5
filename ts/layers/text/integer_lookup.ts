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

export class IntegerLookup extends IndexLookup<number> {
  static readonly configKeys: readonly string[] = [
    'invert', 'max_tokens', 'num_oov_indices', 'oov_token', 'mask_token', 'output_mode', 'sparse', 'pad_to_max_tokens',
    'vocabulary_dtype', 'idf_weights', 'vocabulary', 'vocabulary_size', 'oov_method', 'salt',
  ];
  static readonly extraOptions: readonly string[] = ['hasInputVocabulary'];
  protected readonly keyKind = 'integer' as const;
  readonly vocabularyDtype = 'int64' as const;

  constructor(args: IntegerLookupArgs = {}) {
    super(new.target, args, { oovToken: -1 });
    if (args.vocabularyDtype !== undefined && args.vocabularyDtype !== 'int64') {
      throw new ValueError(`${this.who}: only vocabularyDtype='int64' is supported. Received: vocabularyDtype=${fmt(args.vocabularyDtype)}`);
    }
    this.initVocabulary();
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
