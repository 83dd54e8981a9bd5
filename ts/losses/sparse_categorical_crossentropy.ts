// Categorical cross-entropy with integer labels (Keras `sparse_categorical_crossentropy`),
// on the fused kernel for logits and for probabilities alike:
//   logits:        log Σ exp(x) − x_label
//   probabilities: −log(clip(p_label / Σp, ε, 1 − ε))
// `ignoreClass` drops the entries with that label: their loss is 0 and they leave the
// 'sum_over_batch_size' average (Keras masks them).

import { ValueError, fmt } from '../errors.js';
import { sparseSoftmaxCrossEntropy } from '../ops/cross_entropy.js';
import { mul } from '../ops/index.js';
import { engine } from '../tensor/engine.js';
import { toTensor, type TensorLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { Loss, type FusableActivation, type LossConfig, type LossOptions, type MaskedLosses } from './loss.js';
import { asFloat, sparseLabels } from './validate.js';

/** Arguments of the loss function `sparseCategoricalCrossentropy(yTrue, yPred, args)`; {@link SparseCategoricalCrossentropyOptions} adds the {@link LossOptions} of the class. */
export interface SparseCategoricalCrossentropyArgs {
  /** yPred holds logits rather than probabilities. Default false. */
  fromLogits?: boolean;
  /** A label value to ignore (e.g. padding); default none. */
  ignoreClass?: number | null;
  /** The class axis; only -1 is supported. */
  axis?: number;
}

function checkArgs(op: string, args: SparseCategoricalCrossentropyArgs): void {
  if (args.axis !== undefined && args.axis !== -1) {
    throw new ValueError(`${op}: only axis=-1 (classes last) is supported. Received: axis=${fmt(args.axis)}`);
  }
  const ic = args.ignoreClass;
  if (ic != null && !Number.isInteger(ic)) {
    throw new ValueError(`${op}: \`ignore_class\` must be an integer or null. Received: ignore_class=${fmt(ic)}`);
  }
}

/** Per-sample losses and, with `ignoreClass`, the mask of entries that count. */
export function sparseCategoricalCrossentropyMasked(yTrue: TensorLike, yPred: TensorLike, args: SparseCategoricalCrossentropyArgs = {}): MaskedLosses {
  const op = 'sparse_categorical_crossentropy';
  checkArgs(op, args);
  return engine.tidy(() => {
    const p = asFloat(toTensor(yPred, op));
    const { labels, mask } = sparseLabels(op, yTrue, p, args.ignoreClass ?? null);
    const per = sparseSoftmaxCrossEntropy(p, labels, args.fromLogits ?? false);
    return mask ? { values: mul(per, mask), mask } : { values: per, mask: null };
  });
}

/**
 * Per-sample sparse categorical cross-entropy: labels [...] (or [..., 1]) against yPred
 * [..., classes]; the result has the labels' shape.
 */
export function sparseCategoricalCrossentropy(yTrue: TensorLike, yPred: TensorLike, args: SparseCategoricalCrossentropyArgs = {}): Tensor {
  return sparseCategoricalCrossentropyMasked(yTrue, yPred, args).values;
}

/** Options of the {@link SparseCategoricalCrossentropy} loss class (Keras `losses.SparseCategoricalCrossentropy` arguments, camelCase). */
export interface SparseCategoricalCrossentropyOptions extends LossOptions, SparseCategoricalCrossentropyArgs {}

/**
 * Cross-entropy between integer class labels and predicted probabilities or logits (Keras
 * `SparseCategoricalCrossentropy`). Labels out of [0, classes) raise a ValueError.
 * @param fromLogits Default false.
 * @param ignoreClass Default null.
 * @example new SparseCategoricalCrossentropy({ fromLogits: true }).apply([2, 0], logits /* [2, 3] *\/)
 */
export class SparseCategoricalCrossentropy extends Loss {
  /** yPred holds logits rather than probabilities. Default false. */
  readonly fromLogits: boolean;
  /** A label value to ignore (e.g. padding); default none. */
  readonly ignoreClass: number | null;
  /** The class axis; only -1 is supported. */
  readonly axis = -1;

  constructor(opts: SparseCategoricalCrossentropyOptions = {}) {
    super(opts, 'sparse_categorical_crossentropy');
    checkArgs('SparseCategoricalCrossentropy', opts);
    this.fromLogits = opts.fromLogits ?? false;
    this.ignoreClass = opts.ignoreClass ?? null;
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return this.callMasked(yTrue, yPred).values;
  }

  override callMasked(yTrue: Tensor, yPred: Tensor): MaskedLosses {
    return sparseCategoricalCrossentropyMasked(yTrue, yPred, this);
  }

  /** With a softmax output, the same loss on the pre-softmax logits. */
  override withLogits(activation: FusableActivation = 'softmax'): Loss | null {
    if (activation !== 'softmax' || this.fromLogits) return null;
    return new SparseCategoricalCrossentropy({ name: this.name, reduction: this.reduction, ignoreClass: this.ignoreClass, fromLogits: true });
  }

  override getConfig(): LossConfig {
    return { ...super.getConfig(), from_logits: this.fromLogits, ignore_class: this.ignoreClass };
  }
}
