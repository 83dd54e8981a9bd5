// Keras's `compile_config` (optimizer, loss, metrics, loss weights) to and from kerasm's
// compile() arguments, so a loaded model trains on as it was compiled.

import { ValueError, fmt } from '../../errors.js';
import * as optimizers from '../../optimizers/index.js';
import * as losses from '../../losses/index.js';
import * as metrics from '../../metrics/index.js';
import { kerasSnakeCase } from '../../optimizers/options.js';
import type { CompileArgs } from '../../training/trainer.js';
import type { Optimizer } from '../../optimizers/optimizer.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const keras = (module: string, s: { className: string; config: Record<string, unknown> }) =>
  ({ module, class_name: s.className, config: s.config as Json, registered_name: null });

// 'sparseCategoricalCrossentropy' and 'SparseCategoricalCrossentropy' are kerasm spellings of
// Keras's 'sparse_categorical_crossentropy'.
const snakeId = (s: string) => (/[A-Z]/.test(s) ? kerasSnakeCase(s) : s);

function lossToKeras(id: unknown, where: string): Json {
  if (typeof id === 'string') return snakeId(id);
  if (id instanceof losses.Loss) return keras('keras.losses', losses.serialize(id));
  if (id !== null && typeof id === 'object' && ('class_name' in id || 'className' in id)) return id as Json;
  throw new ValueError(`Saving the compile config: the loss of ${where} is a function, which cannot be saved. Pass a loss name or a Loss instance, or save with { includeOptimizer: false }. Received: ${fmt(id)}`);
}

function metricToKeras(id: unknown, where: string): Json {
  if (typeof id === 'string') return snakeId(id);
  if (id instanceof metrics.Metric) return keras('keras.metrics', metrics.serialize(id));
  if (id !== null && typeof id === 'object' && ('class_name' in id || 'className' in id)) return id as Json;
  throw new ValueError(`Saving the compile config: a metric of ${where} is a function, which cannot be saved. Received: ${fmt(id)}`);
}

function mapShape<T>(v: unknown, f: (x: unknown, where: string) => T): T | T[] | Record<string, T> | null {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.map((x, i) => f(x, `output ${i}`));
  if (typeof v === 'object' && v.constructor === Object) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, f(x, `output '${k}'`)]));
  return f(v, 'the model');
}

/** Keras `compile_config` for the arguments of `compile()` and the optimizer it built. */
export function compileConfig(args: CompileArgs, optimizer: Optimizer): Record<string, Json> {
  const metricsOf = (m: unknown) => (Array.isArray(m) ? m.map((x) => metricToKeras(x, 'the model')) : mapShape(m, (x, w) => (Array.isArray(x) ? x.map((y) => metricToKeras(y, w)) : metricToKeras(x, w))));
  return {
    optimizer: optimizers.serialize(optimizer) as unknown as Json,
    loss: mapShape(args.loss, lossToKeras) as Json,
    loss_weights: (args.lossWeights ?? null) as Json,
    metrics: metricsOf(args.metrics) as Json,
    weighted_metrics: null,
    run_eagerly: false,
    steps_per_execution: 1,
    jit_compile: true,
  };
}

const fromKeras = (x: unknown): unknown =>
  x !== null && typeof x === 'object' && !Array.isArray(x) && 'class_name' in x ? { class_name: (x as { class_name: string }).class_name, config: (x as { config?: unknown }).config ?? {} } : x;

/** compile() arguments from a saved `compile_config` (Keras 3, or tfjs's `training_config`). */
export function compileArgsFromConfig(c: Record<string, unknown>, fileName: string): CompileArgs {
  const optSpec = (c.optimizer ?? c.optimizer_config) as Record<string, unknown> | string | undefined;
  if (!optSpec || c.loss === undefined || c.loss === null) {
    throw new ValueError(`'${fileName}': the compile config needs an optimizer and a loss. Received: keys ${fmt(Object.keys(c))}`);
  }
  const optimizer = typeof optSpec === 'string' ? optSpec as optimizers.OptimizerName : optimizers.deserialize(optSpec as never);
  const each = (v: unknown): unknown => (Array.isArray(v) ? v.map(each) : v !== null && typeof v === 'object' && !('class_name' in v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, each(x)])) : fromKeras(v));
  const args: CompileArgs = { optimizer, loss: each(c.loss) as CompileArgs['loss'] };
  if (c.metrics != null) args.metrics = each(c.metrics) as CompileArgs['metrics'];
  if (c.loss_weights != null) args.lossWeights = c.loss_weights as CompileArgs['lossWeights'];
  return args;
}
