// The metrics registry: every metric class, and `get(identifier, loss?)` so that
// `compile({ metrics: ['accuracy', 'mae', 'AUC'] })` works as in Keras.

import { ValueError, fmt } from '../errors.js';
import { BinaryCrossentropy as BCELoss, binaryCrossentropy } from '../losses/binary_crossentropy.js';
import { CategoricalCrossentropy as CCELoss, categoricalCrossentropy } from '../losses/categorical_crossentropy.js';
import { canonicalName as lossName } from '../losses/index.js';
import { Loss, LossFunctionWrapper, toSnakeCase } from '../losses/loss.js';
import { SparseCategoricalCrossentropy as SCCELoss, sparseCategoricalCrossentropy } from '../losses/sparse_categorical_crossentropy.js';
import {
  Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy, SparseTopKCategoricalAccuracy, TopKCategoricalAccuracy,
} from './accuracy_metrics.js';
import { AUC } from './auc.js';
import { AutoAccuracy, accuracyOfKind, type AccuracyKind } from './auto_accuracy.js';
import { FalseNegatives, FalsePositives, Precision, Recall, TrueNegatives, TruePositives } from './confusion_metrics.js';
import { Metric } from './metric.js';
import {
  BinaryCrossentropy, CategoricalCrossentropy, CategoricalHinge, Hinge, KLDivergence, Poisson, SparseCategoricalCrossentropy, SquaredHinge,
} from './probabilistic_metrics.js';
import { Mean, MeanMetricWrapper, Sum, type MetricFn } from './reduction_metrics.js';
import {
  CosineSimilarity, LogCoshError, MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredError, MeanSquaredLogarithmicError,
  RootMeanSquaredError,
} from './regression_metrics.js';
import { ConcordanceCorrelation, PearsonCorrelation } from './correlation_metrics.js';
import { F1Score, FBetaScore } from './f_score_metrics.js';
import { BinaryIoU, IoU, MeanIoU, OneHotIoU, OneHotMeanIoU } from './iou_metrics.js';
import { R2Score } from './r2_score.js';
import { PrecisionAtRecall, RecallAtPrecision, SensitivityAtSpecificity, SpecificityAtSensitivity } from './sensitivity_specificity.js';
import type { AnyCase } from '../utils/spellings.js';

export { Metric, scalarOf, type MetricConfig, type MetricOptions } from './metric.js';
export * from './reduction_metrics.js';
export * from './accuracy_metrics.js';
export * from './confusion_metrics.js';
export { confusionCounts, evenlyDistributed, NEG_INF, type ConfusionCounts, type ConfusionOptions } from './confusion.js';
export * from './auc.js';
export * from './regression_metrics.js';
export * from './probabilistic_metrics.js';
export * from './auto_accuracy.js';
export * from './f_score_metrics.js';
export * from './r2_score.js';
export * from './sensitivity_specificity.js';
export * from './iou_metrics.js';
export * from './correlation_metrics.js';

type MetricClass = new (opts?: Record<string, unknown>) => Metric;

/** Canonical snake_case name → class. Keys double as valid names (and `MetricName`). */
const CLASSES = {
  mean: Mean,
  sum: Sum,
  binary_accuracy: BinaryAccuracy,
  categorical_accuracy: CategoricalAccuracy,
  sparse_categorical_accuracy: SparseCategoricalAccuracy,
  top_k_categorical_accuracy: TopKCategoricalAccuracy,
  sparse_top_k_categorical_accuracy: SparseTopKCategoricalAccuracy,
  true_positives: TruePositives,
  false_positives: FalsePositives,
  true_negatives: TrueNegatives,
  false_negatives: FalseNegatives,
  precision: Precision,
  recall: Recall,
  auc: AUC,
  mean_squared_error: MeanSquaredError,
  mean_absolute_error: MeanAbsoluteError,
  mean_absolute_percentage_error: MeanAbsolutePercentageError,
  mean_squared_logarithmic_error: MeanSquaredLogarithmicError,
  root_mean_squared_error: RootMeanSquaredError,
  cosine_similarity: CosineSimilarity,
  log_cosh_error: LogCoshError,
  binary_crossentropy: BinaryCrossentropy,
  categorical_crossentropy: CategoricalCrossentropy,
  sparse_categorical_crossentropy: SparseCategoricalCrossentropy,
  kl_divergence: KLDivergence,
  poisson: Poisson,
  hinge: Hinge,
  squared_hinge: SquaredHinge,
  categorical_hinge: CategoricalHinge,
  exact_accuracy: Accuracy,
  f1_score: F1Score,
  f_beta_score: FBetaScore,
  r2_score: R2Score,
  precision_at_recall: PrecisionAtRecall as unknown as MetricClass,
  recall_at_precision: RecallAtPrecision as unknown as MetricClass,
  sensitivity_at_specificity: SensitivityAtSpecificity as unknown as MetricClass,
  specificity_at_sensitivity: SpecificityAtSensitivity as unknown as MetricClass,
  io_u: IoU as unknown as MetricClass,
  binary_io_u: BinaryIoU,
  mean_io_u: MeanIoU as unknown as MetricClass,
  one_hot_io_u: OneHotIoU as unknown as MetricClass,
  one_hot_mean_io_u: OneHotMeanIoU as unknown as MetricClass,
  pearson_correlation: PearsonCorrelation,
  concordance_correlation: ConcordanceCorrelation,
} satisfies Record<string, MetricClass>;

const ALIASES = {
  mse: 'mean_squared_error',
  mae: 'mean_absolute_error',
  mape: 'mean_absolute_percentage_error',
  msle: 'mean_squared_logarithmic_error',
  rmse: 'root_mean_squared_error',
  logcosh: 'log_cosh_error',
  log_cosh: 'log_cosh_error',
  bce: 'binary_crossentropy',
  kld: 'kl_divergence',
  fbeta_score: 'f_beta_score',
  iou: 'io_u',
  binary_iou: 'binary_io_u',
  mean_iou: 'mean_io_u',
  one_hot_iou: 'one_hot_io_u',
  one_hot_mean_iou: 'one_hot_mean_io_u',
} as const satisfies Record<string, keyof typeof CLASSES>;

/** 'accuracy' / 'acc': the accuracy that fits the loss (or the first batch's shapes). */
const ACCURACY = ['accuracy', 'acc'] as const;

/**
 * Every metric name `get` accepts: snake_case, camelCase or class-name form of each canonical
 * name and alias ('sparse_categorical_accuracy', 'sparseCategoricalAccuracy', 'mae'), and 'AUC'.
 */
export type MetricName = AnyCase<keyof typeof CLASSES | keyof typeof ALIASES | (typeof ACCURACY)[number]> | 'AUC';

/** Every name `get` accepts in snake_case (camelCase and class-name forms work too). */
export function validNames(): string[] {
  return [...ACCURACY, ...Object.keys(CLASSES), ...Object.keys(ALIASES)];
}

/**
 * The Keras snake_case class name for a metric name or alias in any spelling (`'mae'` → `'mean_absolute_error'`, `'binaryAccuracy'` → `'binary_accuracy'`), or undefined when unknown.
 */
export function canonicalName(identifier: string): string | undefined {
  const key = toSnakeCase(identifier.trim());
  const name = Object.hasOwn(ALIASES, key) ? ALIASES[key as keyof typeof ALIASES] : key;
  return Object.hasOwn(CLASSES, name) ? name : undefined;
}

/** What 'accuracy' means for a given loss, or null when the loss does not say (then: by shape). */
export function accuracyKindForLoss(loss: Loss | string | ((...a: never[]) => unknown) | null | undefined): AccuracyKind | null {
  if (loss == null) return null;
  if (typeof loss === 'string') {
    const n = lossName(loss);
    return n === 'binary_crossentropy' ? 'binary' : n === 'categorical_crossentropy' ? 'categorical'
      : n === 'sparse_categorical_crossentropy' ? 'sparse_categorical' : null;
  }
  if (loss instanceof BCELoss) return 'binary';
  if (loss instanceof CCELoss) return 'categorical';
  if (loss instanceof SCCELoss) return 'sparse_categorical';
  const fn = loss instanceof LossFunctionWrapper ? loss.fn : loss;
  if (fn === binaryCrossentropy) return 'binary';
  if (fn === categoricalCrossentropy) return 'categorical';
  if (fn === sparseCategoricalCrossentropy) return 'sparse_categorical';
  return null;
}

function snakeToCamel(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) if (k !== 'dtype') out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return out;
}

/** What `compile({ metrics })` takes per entry: a name (`'accuracy'`, `'mae'`, `'AUC'`, …), a Metric instance, a function of (yTrue, yPred), or a Keras config dict. */
export type MetricIdentifier = Metric | MetricFn | MetricName | { className?: string; class_name?: string; config?: Record<string, unknown> };

/**
 * Resolves a metric identifier to a fresh Metric:
 * - a Metric: returned as is; a function (yTrue, yPred) → per-sample values: a MeanMetricWrapper;
 * - 'accuracy' / 'acc' (any case): binary, categorical or sparse categorical accuracy,
 *   from `loss` (binary_crossentropy → binary_accuracy, categorical_crossentropy →
 *   categorical_accuracy, sparse_categorical_crossentropy → sparse_categorical_accuracy),
 *   otherwise from the shapes of the first batch, as Keras's compile() does;
 * - any other name in snake_case, camelCase or class-name form ('auc', 'AUC', 'meanSquaredError',
 *   'mse', …) or a serialized `{ className, config }`.
 * Unknown names raise a ValueError listing the valid ones.
 */
// Any string is accepted here (dynamic names); `compile({ metrics })` takes the strict `MetricIdentifier`.
export function get(identifier: MetricIdentifier | (string & {}), loss?: Loss | string | ((...a: never[]) => unknown) | null): Metric {
  if (identifier instanceof Metric) return identifier;
  if (typeof identifier === 'function') return new MeanMetricWrapper(identifier);
  if (typeof identifier === 'string') {
    if ((ACCURACY as readonly string[]).includes(identifier.trim().toLowerCase())) {
      const kind = accuracyKindForLoss(loss);
      return kind ? accuracyOfKind(kind, identifier) : new AutoAccuracy({ name: identifier });
    }
    return deserialize({ className: identifier });
  }
  if (identifier !== null && typeof identifier === 'object' && (identifier.className ?? identifier.class_name)) return deserialize(identifier);
  throw new ValueError(`metrics.get: could not interpret metric identifier. Expected a Metric, a function or one of ` +
    `${validNames().map((n) => `'${n}'`).join(', ')}. Received: ${fmt(identifier)}`);
}

/** Rebuilds a metric from `{ className, config }` (config keys in snake_case or camelCase). */
export function deserialize(spec: { className?: string; class_name?: string; config?: Record<string, unknown> }): Metric {
  const raw = spec.className ?? spec.class_name ?? '';
  // Keras's class `Accuracy` is exact equality; by name, 'accuracy' means the compile() shortcut.
  const name = raw === 'Accuracy' ? 'exact_accuracy' : canonicalName(raw);
  if (!name) {
    throw new ValueError(`Unknown metric: '${raw}'. Valid names are ${validNames().map((n) => `'${n}'`).join(', ')} ` +
      `(or their camelCase / class-name forms). Received: '${raw}'`);
  }
  return new (CLASSES[name as keyof typeof CLASSES] as MetricClass)(snakeToCamel(spec.config ?? {}));
}

/** `{ className, config }` for a metric (Keras `metrics.serialize`). */
export function serialize(metric: Metric): { className: string; config: Record<string, unknown> } {
  return { className: metric.constructor.name, config: metric.getConfig() };
}
