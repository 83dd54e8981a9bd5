// Hashing (Keras `layers.Hashing`): strings or integers → hash bins, exactly as Keras (which
// runs TensorFlow's string hashes on every backend): FarmHash Fingerprint64 of the UTF-8 bytes
// (of the decimal string for integers) mod numBins, or SipHash-2-4 keyed by `salt`. With
// `maskValue`, that value maps to 0 and the others to 1 + hash mod (numBins − 1). Outputs
// int32 bins or their one_hot / multi_hot / count encoding (float32).

import { ValueError, fmt } from '../../errors.js';
import { fromData } from '../../tensor/creation.js';
import { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import { layerArgs, serializeDType } from '../config.js';
import type { SymbolicShape } from '../symbolic.js';
import { encodeIndices, encodedShape } from './encode.js';
import { hashBucketFast, hashBucketStrong } from './fingerprint.js';
import { withoutDType } from './index_lookup.js';
import { applyToNumbers, flattenStrings, isStringInput } from './strings.js';

/** Output of {@link Hashing}: `'int'` (int32 bin per value, default), `'one_hot'`, `'multi_hot'` or `'count'` (float32 encodings over `numBins`). */
export type HashingOutputMode = 'int' | 'one_hot' | 'multi_hot' | 'count';

/** Options of {@link Hashing} (Keras `layers.Hashing`). */
export interface HashingArgs extends LayerArgs {
  /** Number of hash bins, mask bin included; a positive integer, else a ValueError. */
  numBins: number;
  /** Value mapped to bin 0; the others then hash into bins 1…numBins-1. Default: null (no mask). */
  maskValue?: string | number | null;
  /** SipHash-2-4 key (one integer, used twice, or two), instead of the default FarmHash Fingerprint64. Default: null. */
  salt?: number | readonly [number, number] | null;
  /** What each value becomes. Default: `'int'`. */
  outputMode?: HashingOutputMode;
  /** Only false (dense outputs). */
  sparse?: boolean;
}

/**
 * Hashes strings or integers into `numBins` bins (Keras `layers.Hashing`), bit-exact with Keras: FarmHash Fingerprint64 of the UTF-8 bytes (of the decimal string for integers), or SipHash with `salt`.
 *
 * Useful for categorical features with too many or unknown values for a vocabulary. Takes JS strings/numbers or a Tensor of integers.
 * @example layers.hashing({ numBins: 64 }).apply([['cat'], ['dog']])   // int32 [[b1], [b2]]
 */
export class Hashing extends Layer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = ['num_bins', 'salt', 'mask_value', 'output_mode', 'sparse'];

  /** Number of bins. */
  readonly numBins: number;
  /** The value mapped to bin 0, or null. */
  readonly maskValue: string | number | null;
  /** The SipHash key as two integers, or null for FarmHash. */
  readonly salt: [number, number] | null;
  /** What each value becomes. Default: `'int'`. */
  readonly outputMode: HashingOutputMode;
  /** Always false: outputs are dense (Keras's sparse outputs exist on TensorFlow only). */
  readonly sparse = false;

  constructor(args: HashingArgs) {
    super(layerArgs(new.target, withoutDType(args ?? ({} as HashingArgs))));
    const who = `Hashing '${this.name}'`;
    const n = args?.numBins;
    if (!Number.isInteger(n) || n! <= 0) throw new ValueError(`${who}: numBins must be a positive integer. Received: numBins=${fmt(n)}`);
    const mode = args.outputMode ?? 'int';
    if (!['int', 'one_hot', 'multi_hot', 'count'].includes(mode)) {
      throw new ValueError(`${who}: outputMode must be one of ['int', 'one_hot', 'multi_hot', 'count']. Received: outputMode=${fmt(mode)}`);
    }
    if (args.sparse) throw new ValueError(`${who}: sparse=true is not supported by kerasm (Keras supports it on TensorFlow only). Received: sparse=true`);
    let salt: [number, number] | null = null;
    const s = args.salt ?? null;
    if (s !== null) {
      if (typeof s === 'number' && Number.isInteger(s)) salt = [s, s];
      else if (Array.isArray(s) && s.length === 2 && s.every((x) => Number.isInteger(x))) salt = [s[0], s[1]];
      else throw new ValueError(`${who}: salt can only be a pair of integers or a single integer. Received: salt=${fmt(s)}`);
    }
    this.numBins = n!;
    this.maskValue = args.maskValue ?? null;
    this.salt = salt;
    this.outputMode = mode;
    this.built = true;
  }

  protected override get acceptsStrings(): boolean {
    return true;
  }

  private bins(values: readonly (string | number)[]): Int32Array {
    const masked = this.maskValue !== null && this.numBins > 1;
    const n = masked ? this.numBins - 1 : this.numBins;
    const cache = new Map<string | number, number>();
    const out = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (masked && v === this.maskValue) continue;
      let b = cache.get(v);
      if (b === undefined) {
        // Floats are truncated to integers first (TF's cast to int64), then hashed as decimal text.
        const s = typeof v === 'number' ? String(Math.trunc(v)) : v;
        b = this.salt ? hashBucketStrong(s, n, this.salt) : hashBucketFast(s, n);
        cache.set(v, b);
      }
      out[i] = masked ? b + 1 : b;
    }
    return out;
  }

  private encode(bins: Int32Array, shape: number[]): Tensor {
    if (this.outputMode === 'int') return fromData(`Hashing '${this.name}'`, bins, shape, 'int32');
    let s = shape;
    // one_hot on a trailing axis of 1 squeezes it (Keras), including for rank-1 inputs.
    if (this.outputMode === 'one_hot' && s.length > 0 && s[s.length - 1] === 1) s = s.slice(0, -1);
    return encodeIndices(bins, s, { where: `Hashing '${this.name}'`, mode: this.outputMode, depth: this.numBins });
  }

  /** Hashes strings (JS arrays) or integers (Tensor or number arrays). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override apply(inputs: any, args: CallArgs = {}): any {
    if (isStringInput(inputs)) {
      const { values, shape } = flattenStrings(`Hashing '${this.name}'`, inputs);
      return this.encode(this.bins(values), shape);
    }
    return applyToNumbers(inputs, (x) => super.apply(x, args));
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    const x = inputs as Tensor;
    return this.encode(this.bins(Array.from(x.dataSync())), x.shape.slice());
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    if (this.outputMode === 'int') return s.slice();
    if (s.length === 0) return [this.numBins];
    return [...s.slice(0, -1), this.numBins];
  }

  protected override outputDType(): 'float32' | 'int32' {
    return this.outputMode === 'int' ? 'int32' : 'float32';
  }

  override getConfig(): Record<string, unknown> {
    return {
      name: this.name, trainable: this.trainable, dtype: serializeDType(this.outputMode === 'int' ? 'int64' as never : 'float32'),
      num_bins: this.numBins, salt: this.salt, mask_value: this.maskValue, output_mode: this.outputMode, sparse: false,
    };
  }
}

