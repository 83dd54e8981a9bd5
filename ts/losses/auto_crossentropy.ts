// 'crossentropy' / 'ce' as compile() understands it (Keras `compile_utils.get_loss`):
// binary, categorical or sparse categorical cross-entropy, chosen from the shapes of the
// first batch, with the same rule 'accuracy' uses.

import type { Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { BinaryCrossentropy } from './binary_crossentropy.js';
import { CategoricalCrossentropy } from './categorical_crossentropy.js';
import { Loss, type FusableActivation, type LossConfig, type LossOptions, type MaskedLosses } from './loss.js';
import { sigmoid, softmax } from '../ops/index.js';
import { SparseCategoricalCrossentropy } from './sparse_categorical_crossentropy.js';

/** Which cross-entropy the targets call for: 0/1 labels, one-hot rows, or integer class ids. */
export type TargetKind = 'binary' | 'categorical' | 'sparse_categorical';

/**
 * Keras `is_binary_or_sparse_categorical`: a 1-unit output is binary; targets with fewer
 * axes than the predictions, or a trailing 1 against several classes, are sparse labels.
 */
export function targetKindForShapes(yTrue: Shape, yPred: Shape): TargetKind {
  const pLast = yPred.at(-1) ?? 1;
  const tLast = yTrue.at(-1) ?? 1;
  if (pLast === 1) return 'binary';
  if (yTrue.length < yPred.length || (tLast === 1 && pLast > 1)) return 'sparse_categorical';
  return 'categorical';
}

/** The cross-entropy loss of one kind. */
export function crossentropyOfKind(kind: TargetKind, opts: LossOptions = {}): Loss {
  if (kind === 'binary') return new BinaryCrossentropy(opts);
  if (kind === 'sparse_categorical') return new SparseCategoricalCrossentropy(opts);
  return new CategoricalCrossentropy(opts);
}

/** Options of {@link AutoCrossentropy}. */
export interface AutoCrossentropyOptions extends LossOptions {
  /** yPred holds the logits of this final activation (set by `withLogits`). Default none. */
  logitsOf?: FusableActivation | null;
}

/** Cross-entropy whose kind is decided by the first batch's shapes. */
export class AutoCrossentropy extends Loss {
  private inner: Loss | null = null;
  /** yPred holds the logits of this final activation (set by `withLogits`). Default none. */
  readonly logitsOf: FusableActivation | null;

  constructor(opts: AutoCrossentropyOptions = {}) {
    super(opts, 'crossentropy');
    this.logitsOf = opts.logitsOf ?? null;
  }

  /** The loss chosen on the first call (null before). */
  get resolved(): Loss | null {
    return this.inner;
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return this.callMasked(yTrue, yPred).values;
  }

  override callMasked(yTrue: Tensor, yPred: Tensor): MaskedLosses {
    if (!this.inner) {
      const kind = targetKindForShapes(yTrue.shape, yPred.shape);
      const base = crossentropyOfKind(kind, { name: this.name, reduction: this.reduction });
      this.inner = this.logitsOf ? base.withLogits(this.logitsOf) ?? new ActivatedLoss(base, this.logitsOf) : base;
    }
    return this.inner.callMasked(yTrue, yPred);
  }

  /** Fuses once resolved; before that, a lazy loss that takes the logits of `activation`. */
  override withLogits(activation: FusableActivation = 'softmax'): Loss | null {
    if (this.logitsOf) return null;
    if (this.inner) return this.inner.withLogits(activation);
    return new AutoCrossentropy({ name: this.name, reduction: this.reduction, logitsOf: activation });
  }

  override getConfig(): LossConfig {
    return this.inner ? { ...this.inner.getConfig(), name: this.name } : super.getConfig();
  }
}

/** A loss applied after the activation it could not absorb (a softmax over one unit, say). */
class ActivatedLoss extends Loss {
  constructor(private readonly base: Loss, private readonly activation: FusableActivation) {
    super({ name: base.name, reduction: base.reduction }, base.name);
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return this.callMasked(yTrue, yPred).values;
  }

  override callMasked(yTrue: Tensor, yPred: Tensor): MaskedLosses {
    return this.base.callMasked(yTrue, this.activation === 'softmax' ? softmax(yPred) : sigmoid(yPred));
  }

  override getConfig(): LossConfig {
    return this.base.getConfig();
  }
}
