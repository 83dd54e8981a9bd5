// What compile() builds for each model output: its loss (and the fused logits variant),
// loss weight, per-output loss tracker and metrics, with Keras's names (`priority_loss`,
// `priority_accuracy`, duplicates as `auc_1`), and the per-batch metric update.

import { copyKerasMask } from '../layers/masking/keras_mask.js';
import { ValueError, fmt } from '../errors.js';
import { noGrad, tidy } from '../autograd/gradients.js';
import { softmax } from '../ops/softmax.js';
import type { Tensor } from '../tensor/tensor.js';
import * as losses from '../losses/index.js';
import * as metricsLib from '../metrics/index.js';
import type { CompileArgs } from './trainer.js';

type MetricId = Parameters<typeof metricsLib.get>[0];
type Metric = InstanceType<typeof metricsLib.Metric>;

export interface OutputSpec {
  name: string;
  loss: InstanceType<typeof losses.Loss>;
  /** The same loss on logits, when the softmax can be fused into it. */
  logitsLoss: InstanceType<typeof losses.Loss> | null;
  weight: number;
  /** Per-output loss tracker (`priority_loss`), for multi-output models. */
  tracker: InstanceType<typeof metricsLib.Mean> | null;
  metrics: Metric[];
  /** The subset of `metrics` that sample weights apply to. */
  weighted: Set<Metric>;
}

/** Argmax-based metrics give the same result on logits as on probabilities. */
const LOGIT_SAFE = /^(?!.*binary).*(accuracy|acc)$/i;

/** Metric names given at compile time, so recompiling does not prefix twice. */
const baseNames = new WeakMap<Metric, string>();

/** The output specs for `names` (output names, or ['output']); no loss gives none. */
export function compileOutputs(args: CompileArgs, names: readonly string[]): OutputSpec[] {
  const pick = <T>(v: T | T[] | Record<string, T> | undefined, i: number, name: string): T | undefined => {
    if (v === undefined) return undefined;
    if (Array.isArray(v)) return v[i];
    if (typeof v === 'object' && v !== null && !(v instanceof Function) && !(v as object).constructor?.name?.match(/Loss|Metric/)) {
      if (name in (v as object)) return (v as Record<string, T>)[name];
      const unknown = Object.keys(v as object).filter((k) => !names.includes(k));
      if (unknown.length > 0 && names.length > 1) {
        throw new ValueError(`compile: unknown output name(s) ${unknown.map((k) => `'${k}'`).join(', ')}. Expected one of: ${names.join(', ')}`);
      }
    }
    return names.length === 1 || typeof v !== 'object' ? (v as T) : undefined;
  };
  const used = new Set<string>(['loss']);
  const uniqueKey = (k: string) => {
    let key = k;
    for (let i = 1; used.has(key); i++) key = `${k}_${i}`;
    used.add(key);
    return key;
  };
  let outputs: OutputSpec[] = [];
  if (args.loss !== undefined) {
    outputs = names.map((name, i) => {
      const lossId = Array.isArray(args.loss) ? args.loss[i] : pick(args.loss as never, i, name);
      if (lossId === undefined) throw new ValueError(`compile: no loss for output '${name}'. Received: loss=${fmt(args.loss)}`);
      const loss = losses.get(lossId);
      const weight = Array.isArray(args.lossWeights) ? (args.lossWeights[i] ?? 1) : (args.lossWeights?.[name] ?? 1);
      if (typeof weight !== 'number' || !Number.isFinite(weight)) {
        throw new ValueError(`compile: lossWeights must be finite numbers. Received: ${fmt(weight)} for output '${name}'`);
      }
      const tracker = names.length > 1 ? new metricsLib.Mean({ name: uniqueKey(`${name}_loss`) }) : null;
      return { name, loss, logitsLoss: null, weight, tracker, metrics: [], weighted: new Set<Metric>() };
    });
  } else if (args.metrics !== undefined || args.weightedMetrics !== undefined || args.lossWeights !== undefined) {
    throw new ValueError('compile: metrics and lossWeights need a loss (or a custom trainStep that updates them). Received: loss=undefined');
  }
  outputs.forEach((o, i) => {
    const idsOf = (v: CompileArgs['metrics']) => (Array.isArray(v) ? v : pick(v as never, i, o.name)) as MetricId[] | undefined ?? [];
    const prefix = names.length > 1 ? `${o.name}_` : '';
    const make = (id: MetricId) => {
      const metric = metricsLib.get(id, o.loss);
      if (!baseNames.has(metric)) baseNames.set(metric, typeof id === 'string' ? id : metric.name);
      // Two metrics with one name log as `auc` and `auc_1`, as in Keras.
      metric.name = uniqueKey(prefix + baseNames.get(metric)!);
      return metric;
    };
    const plain = idsOf(args.metrics).map(make);
    const weighted = idsOf(args.weightedMetrics).map(make);
    o.metrics = [...plain, ...weighted];
    o.weighted = new Set(weighted);
  });
  return outputs;
}

/** Updates every compiled metric on one batch; sample weights reach `weightedMetrics` only, as in Keras. */
export function updateCompiledMetrics(outputs: readonly OutputSpec[], ys: Tensor[], preds: Tensor[], sw: Tensor | undefined, logits: boolean): void {
  noGrad(() => tidy(() => {
    outputs.forEach((o, i) => {
      if (o.metrics.length === 0) return;
      let p = preds[i]!;
      let probs: Tensor | undefined;
      for (const metric of o.metrics) {
        if (logits && !LOGIT_SAFE.test(baseNames.get(metric) ?? metric.name)) p = probs ??= copyKerasMask(preds[i]!, softmax(preds[i]!));
        metric.updateState(ys[i]!, p, o.weighted.has(metric) ? sw : undefined);
      }
    });
  }));
}
