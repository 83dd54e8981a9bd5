// CategoryEncoding (Keras `layers.CategoryEncoding`): integer category ids → one_hot,
// multi_hot or count vectors of length numTokens (float32). A numeric layer: it takes Tensors
// or number arrays and can sit in a kerasm model; `countWeights` (count mode) weighs each id.

import { ValueError, fmt } from '../../errors.js';
import { tensor } from '../../tensor/creation.js';
import { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import { layerArgs } from '../config.js';
import type { SymbolicShape } from '../symbolic.js';
import { encodeIndices } from './encode.js';
import { applyToNumbers } from './strings.js';

/** Options of {@link CategoryEncoding} (Keras `layers.CategoryEncoding`). */
export interface CategoryEncodingArgs extends LayerArgs {
  /** Number of categories: ids must lie in `[0, numTokens)`. Required (use IntegerLookup when the ids are not known beforehand). */
  numTokens: number;
  /** `'one_hot'` (one vector per id), `'multi_hot'` (1 for each id present in a sample; Keras 2's `'binary'`) or `'count'`. Default: `'multi_hot'`. */
  outputMode?: 'one_hot' | 'multi_hot' | 'count' | 'binary';
  /** Only false (dense outputs). */
  sparse?: boolean;
}

/**
 * Encodes integer category ids as one-hot, multi-hot or count vectors of length `numTokens`, float32 (Keras `layers.CategoryEncoding`).
 *
 * A numeric layer: it takes Tensors or number arrays and can sit in a model. In `'count'` mode, `apply(x, { countWeights })` weighs each id.
 * @example layers.categoryEncoding({ numTokens: 4, outputMode: 'multi_hot' }).apply([[0, 1], [3, 3]])   // [[1, 1, 0, 0], [0, 0, 0, 1]]
 */
export class CategoryEncoding extends Layer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = ['num_tokens', 'output_mode'];
  /** Options accepted beyond the config keys: `sparse` (only false). */
  static readonly extraOptions: readonly string[] = ['sparse'];

  /** Number of categories (the output width). */
  readonly numTokens: number;
  /** The encoding. Default: `'multi_hot'`. */
  readonly outputMode: 'one_hot' | 'multi_hot' | 'count';

  constructor(args: CategoryEncodingArgs) {
    super(layerArgs(new.target, args ?? ({} as CategoryEncodingArgs)));
    const who = `CategoryEncoding '${this.name}'`;
    const n = args?.numTokens;
    if (n == null) throw new ValueError(`${who}: numTokens must be set (if the number of tokens is not known beforehand, use IntegerLookup). Received: numTokens=${fmt(n)}`);
    if (!Number.isInteger(n) || n < 1) throw new ValueError(`${who}: numTokens must be an integer >= 1. Received: numTokens=${fmt(n)}`);
    let mode = args.outputMode ?? 'multi_hot';
    if (mode === 'binary') mode = 'multi_hot';
    if (!['one_hot', 'multi_hot', 'count'].includes(mode)) throw new ValueError(`${who}: outputMode must be 'one_hot', 'multi_hot' or 'count'. Received: outputMode=${fmt(mode)}`);
    if (args.sparse) throw new ValueError(`${who}: sparse=true is not supported by kerasm (Keras supports it on TensorFlow only). Received: sparse=true`);
    this.numTokens = n;
    this.outputMode = mode;
  }

  /** Takes a Tensor or number arrays (ids); `args.countWeights` as in call(). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override apply(inputs: any, args: CallArgs = {}): any {
    return applyToNumbers(inputs, (x) => super.apply(x, args));
  }

  /** `args.countWeights` (count mode): a weight per input id, same shape as the inputs. */
  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const x = inputs as Tensor;
    const who = `CategoryEncoding '${this.name}'`;
    const cw = args.countWeights as Tensor | number[] | number[][] | undefined;
    if (cw !== undefined && this.outputMode !== 'count') {
      throw new ValueError(`${who}: countWeights is only used when outputMode is 'count'. Received: outputMode=${fmt(this.outputMode)}`);
    }
    const ids = x.dataSync();
    for (const v of ids) if (!Number.isInteger(v)) throw new ValueError(`${who}: expected integer category ids. Received: ${v} in a ${x.dtype} tensor of shape ${fmt(x.shape)}`);
    let weights: Float32Array | undefined;
    if (cw !== undefined) {
      const w = cw instanceof Tensor ? cw : tensor(cw);
      if (w.size !== x.size) throw new ValueError(`${who}: countWeights must have the inputs' shape ${fmt(x.shape)}. Received: shape ${fmt(w.shape)}`);
      weights = Float32Array.from(w.dataSync());
      if (w !== cw) w.dispose();
    }
    let shape = x.shape.slice();
    if (this.outputMode === 'one_hot' && shape.length > 1 && shape[shape.length - 1] === 1) shape = shape.slice(0, -1);
    return encodeIndices(ids, shape, { where: who, mode: this.outputMode, depth: this.numTokens, countWeights: weights });
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    if (s.length === 0) return [this.numTokens];
    if (this.outputMode === 'one_hot' && !(s.length > 1 && s[s.length - 1] === 1)) return [...s, this.numTokens];
    return [...s.slice(0, -1), this.numTokens];
  }

  protected override outputDType(): 'float32' {
    return 'float32';
  }
}
