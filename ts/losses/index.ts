// The losses registry: every loss class and function, and `get(identifier)` so that
// `compile({ loss: 'categorical_crossentropy' })` (or 'categoricalCrossentropy', or
// 'CategoricalCrossentropy') works, as Keras's `losses.get` does.

import { ValueError, fmt } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { BinaryCrossentropy, binaryCrossentropy } from './binary_crossentropy.js';
import { CategoricalCrossentropy, categoricalCrossentropy } from './categorical_crossentropy.js';
import { CategoricalHinge, Hinge, SquaredHinge, categoricalHinge, hinge, squaredHinge } from './hinge.js';
import { Loss, LossFunctionWrapper, toSnakeCase, type FusableActivation, type LossFn } from './loss.js';
import { KLDivergence, Poisson, klDivergence, poisson } from './probabilistic.js';
import {
  CosineSimilarity, MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredError, MeanSquaredLogarithmicError,
  cosineSimilarity, meanAbsoluteError, meanAbsolutePercentageError, meanSquaredError, meanSquaredLogarithmicError,
} from './regression.js';
import { Huber, LogCosh, huber, logCosh } from './robust.js';
import { SparseCategoricalCrossentropy, sparseCategoricalCrossentropy } from './sparse_categorical_crossentropy.js';
import { AutoCrossentropy } from './auto_crossentropy.js';
import { BinaryFocalCrossentropy, CategoricalFocalCrossentropy, binaryFocalCrossentropy, categoricalFocalCrossentropy } from './focal.js';
import { CategoricalGeneralizedCrossEntropy, categoricalGeneralizedCrossEntropy } from './generalized_crossentropy.js';
import { Dice, Tversky, dice, tversky } from './segmentation.js';
import type { AnyCase } from '../utils/spellings.js';

export { Loss, LossFunctionWrapper, toSnakeCase, type FusableActivation, type LossFn } from './loss.js';
export type { LossConfig, LossOptions, LossFunctionWrapperOptions, MaskedLosses } from './loss.js';
export { reduceWeightedValues, squeezeOrExpandToSameRank, standardizeReduction, REDUCTIONS, type Reduction } from './reduction.js';
export { EPSILON } from './validate.js';
export { sparseSoftmaxCrossEntropy, softmaxCrossEntropy } from '../ops/cross_entropy.js';
export * from './regression.js';
export * from './robust.js';
export * from './binary_crossentropy.js';
export * from './categorical_crossentropy.js';
export * from './sparse_categorical_crossentropy.js';
export * from './probabilistic.js';
export * from './hinge.js';
export * from './auto_crossentropy.js';
export * from './focal.js';
export * from './segmentation.js';
export * from './generalized_crossentropy.js';

type LossClass = new (opts?: Record<string, unknown>) => Loss;

/** Canonical snake_case name → class. Keys double as the registry's valid names (and `LossName`). */
const CLASSES = {
  mean_squared_error: MeanSquaredError,
  mean_absolute_error: MeanAbsoluteError,
  mean_absolute_percentage_error: MeanAbsolutePercentageError,
  mean_squared_logarithmic_error: MeanSquaredLogarithmicError,
  cosine_similarity: CosineSimilarity,
  huber: Huber,
  log_cosh: LogCosh,
  binary_crossentropy: BinaryCrossentropy,
  categorical_crossentropy: CategoricalCrossentropy,
  sparse_categorical_crossentropy: SparseCategoricalCrossentropy,
  kl_divergence: KLDivergence,
  poisson: Poisson,
  hinge: Hinge,
  squared_hinge: SquaredHinge,
  categorical_hinge: CategoricalHinge,
  binary_focal_crossentropy: BinaryFocalCrossentropy,
  categorical_focal_crossentropy: CategoricalFocalCrossentropy,
  categorical_generalized_cross_entropy: CategoricalGeneralizedCrossEntropy,
  dice: Dice,
  tversky: Tversky,
} satisfies Record<string, LossClass>;

/** Short and legacy names Keras accepts (after snake-casing and lower-casing). */
const ALIASES = {
  mse: 'mean_squared_error',
  mae: 'mean_absolute_error',
  mape: 'mean_absolute_percentage_error',
  msle: 'mean_squared_logarithmic_error',
  kld: 'kl_divergence',
  kullback_leibler_divergence: 'kl_divergence',
  huber_loss: 'huber',
  logcosh: 'log_cosh',
  bce: 'binary_crossentropy',
} as const satisfies Record<string, keyof typeof CLASSES>;

/** 'crossentropy' / 'ce': binary, categorical or sparse CE chosen from the first batch (Keras compile()). */
const AUTO = ['crossentropy', 'ce'] as const;

/**
 * Every loss name `get` accepts: snake_case, camelCase or class-name form of each canonical
 * name and alias ('categorical_crossentropy', 'categoricalCrossentropy', 'CategoricalCrossentropy', 'mse').
 */
export type LossName = AnyCase<keyof typeof CLASSES | keyof typeof ALIASES | (typeof AUTO)[number]>;

/** The per-sample loss functions, by canonical name (Keras `keras.losses.<fn>`). */
export const LOSS_FUNCTIONS: Record<string, (yTrue: Tensor, yPred: Tensor) => Tensor> = {
  mean_squared_error: meanSquaredError,
  mean_absolute_error: meanAbsoluteError,
  mean_absolute_percentage_error: meanAbsolutePercentageError,
  mean_squared_logarithmic_error: meanSquaredLogarithmicError,
  cosine_similarity: (t, p) => cosineSimilarity(t, p),
  huber: (t, p) => huber(t, p),
  log_cosh: logCosh,
  binary_crossentropy: (t, p) => binaryCrossentropy(t, p),
  categorical_crossentropy: (t, p) => categoricalCrossentropy(t, p),
  sparse_categorical_crossentropy: (t, p) => sparseCategoricalCrossentropy(t, p),
  kl_divergence: klDivergence,
  poisson,
  hinge,
  squared_hinge: squaredHinge,
  categorical_hinge: categoricalHinge,
  binary_focal_crossentropy: (t, p) => binaryFocalCrossentropy(t, p),
  categorical_focal_crossentropy: (t, p) => categoricalFocalCrossentropy(t, p),
  categorical_generalized_cross_entropy: (t, p) => categoricalGeneralizedCrossEntropy(t, p),
  dice: (t, p) => dice(t, p),
  tversky: (t, p) => tversky(t, p),
};

/** Every name `get` accepts in snake_case (camelCase and PascalCase forms of each work too). */
export function validNames(): string[] {
  return [...Object.keys(CLASSES), ...Object.keys(ALIASES), ...AUTO];
}

/** Canonical name for a string identifier, or undefined. */
export function canonicalName(identifier: string): string | undefined {
  const key = toSnakeCase(identifier.trim());
  const name = Object.hasOwn(ALIASES, key) ? ALIASES[key as keyof typeof ALIASES] : key;
  return Object.hasOwn(CLASSES, name) ? name : undefined;
}

function snakeToCamel(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return out;
}

/** What `compile({ loss })` takes: a name (`'mse'`, `'sparse_categorical_crossentropy'`, `'sparseCategoricalCrossentropy'`, …), a Loss instance, a function of (yTrue, yPred), or a Keras config dict. */
export type LossIdentifier = Loss | LossFn | LossName | { className?: string; class_name?: string; config?: Record<string, unknown> };

/**
 * Resolves a loss identifier to a Loss instance:
 * - a Loss: returned as is;
 * - a function (yTrue, yPred) → per-sample losses: wrapped in a LossFunctionWrapper;
 * - a string: 'categorical_crossentropy', 'categoricalCrossentropy', 'CategoricalCrossentropy',
 *   or an alias ('mse', 'mae', 'mape', 'msle', 'kld', 'bce', 'huber_loss', 'logcosh');
 * - 'crossentropy' / 'ce' (any case): binary, categorical or sparse categorical CE, chosen
 *   from the first batch's shapes, as Keras's compile() does;
 * - a serialized `{ className, config }` (snake_case config keys, as `getConfig` writes them).
 * Unknown names raise a ValueError listing the valid ones.
 */
// `get` also takes any string (names read from configs, user input): typed identifiers in
// options (`compile({ loss })`) are strict; `(string & {})` keeps the editor's name completion.
export function get(identifier: LossIdentifier | (string & {})): Loss {
  if (identifier instanceof Loss) return identifier;
  if (typeof identifier === 'function') return new LossFunctionWrapper(identifier);
  if (typeof identifier === 'string') {
    if ((AUTO as readonly string[]).includes(identifier.trim().toLowerCase())) return new AutoCrossentropy({ name: identifier });
    return deserialize({ className: identifier });
  }
  if (identifier !== null && typeof identifier === 'object' && (identifier.className ?? identifier.class_name)) return deserialize(identifier);
  throw new ValueError(`losses.get: could not interpret loss identifier. Expected a Loss, a function or one of ` +
    `${validNames().map((n) => `'${n}'`).join(', ')}. Received: ${fmt(identifier)}`);
}

/** Rebuilds a loss from `{ className, config }` (config keys in snake_case or camelCase). */
export function deserialize(spec: { className?: string; class_name?: string; config?: Record<string, unknown> }): Loss {
  const raw = spec.className ?? spec.class_name ?? '';
  const name = canonicalName(raw);
  if (!name) {
    throw new ValueError(`Unknown loss: '${raw}'. Valid names are ${validNames().map((n) => `'${n}'`).join(', ')} ` +
      `(or their camelCase / class-name forms). Received: '${raw}'`);
  }
  return new CLASSES[name as keyof typeof CLASSES](snakeToCamel(spec.config ?? {}));
}

/** `{ className, config }` for a loss (Keras `losses.serialize`). */
export function serialize(loss: Loss): { className: string; config: Record<string, unknown> } {
  return { className: loss.constructor.name, config: loss.getConfig() };
}

/** True when `loss.withLogits(activation)` gives a fused equivalent (see Loss.withLogits). */
export function isLogitsFusable(loss: Loss, activation: FusableActivation = 'softmax'): boolean {
  return loss.withLogits(activation) !== null;
}

/**
 * For the trainer: `loss` rewritten to take the logits of a final `activation` (softmax →
 * categorical / sparse categorical CE with fromLogits; sigmoid → binary CE with fromLogits),
 * or null when the two do not fuse. Keras-TF does the same through `_keras_logits`.
 */
export function withLogits(loss: Loss, activation: FusableActivation = 'softmax'): Loss | null {
  return loss.withLogits(activation);
}
