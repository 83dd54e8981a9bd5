// tfjs's `trainingConfig` ({loss, metrics, optimizer_config}) to and from Keras's compile
// config. tfjs has fewer optimizers, names some differently (RMSProp, Momentum) and writes
// their configs in camelCase (tfjs-core `getConfig()`); the Python converter writes Keras
// configs inside `modelTopology.training_config`. Both are read.

import { ValueError, fmt } from '../../errors.js';
import * as optimizers from '../../optimizers/index.js';
import type { Optimizer } from '../../optimizers/optimizer.js';
import type { CompileArgs } from '../../training/trainer.js';
import { compileConfig } from '../keras/compile_config.js';
import { kerasSnakeCase } from '../../utils/naming.js';

type Cfg = Record<string, unknown>;

const ALIASES: Record<string, string> = { mse: 'mean_squared_error', mae: 'mean_absolute_error', mape: 'mean_absolute_percentage_error', msle: 'mean_squared_logarithmic_error' };

function lossOrMetricName(v: unknown, what: string): unknown {
  if (typeof v === 'string') return ALIASES[v] ?? v;
  if (Array.isArray(v)) return v.map((x) => lossOrMetricName(x, what));
  if (v !== null && typeof v === 'object') {
    const o = v as { class_name?: string; config?: Cfg };
    if (typeof o.class_name === 'string') {
      if (o.config?.from_logits === true) {
        throw new ValueError(`tfjs format: the ${what} ${o.class_name}(from_logits=true) has no tfjs spelling (tfjs's training config holds loss names only). Save as '.keras' or save without includeOptimizer.`);
      }
      return kerasSnakeCase(o.class_name);
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, lossOrMetricName(x, what)]));
  }
  return v;
}

/** tfjs optimizer class and camelCase config for a kerasm optimizer. */
function tfjsOptimizer(opt: Optimizer): { class_name: string; config: Cfg } {
  const s = optimizers.serialize(opt);
  const c = s.config as Cfg;
  const lr = c.learning_rate;
  if (typeof lr !== 'number') {
    throw new ValueError(`tfjs format: tfjs optimizers take a constant learning rate; ${s.class_name} has a schedule. Save as '.keras' to keep it. Received: learning_rate=${fmt(JSON.stringify(lr))}`);
  }
  switch (s.class_name) {
    case 'Adam':
      if (c.amsgrad) break;
      return { class_name: 'Adam', config: { learningRate: lr, beta1: c.beta_1, beta2: c.beta_2, epsilon: c.epsilon } };
    case 'SGD':
      if (!c.momentum && !c.nesterov) return { class_name: 'SGD', config: { learningRate: lr } };
      return { class_name: 'Momentum', config: { learningRate: lr, momentum: c.momentum, useNesterov: c.nesterov === true } };
    case 'RMSprop':
      return { class_name: 'RMSProp', config: { learningRate: lr, decay: c.rho, momentum: c.momentum, epsilon: c.epsilon, centered: c.centered === true } };
    case 'Adagrad':
      return { class_name: 'Adagrad', config: { learningRate: lr, initialAccumulatorValue: c.initial_accumulator_value } };
    case 'Adadelta':
      return { class_name: 'Adadelta', config: { learningRate: lr, rho: c.rho, epsilon: c.epsilon } };
    case 'Adamax':
      // tfjs-core's AdamaxOptimizer has no getWeights/setWeights: tfjs would fail to load the state.
      throw new ValueError(`tfjs format: tfjs-layers cannot restore Adamax state (tfjs-core's Adamax has no setWeights), so includeOptimizer cannot be written in its format. ` +
        `Save as '.keras' to keep the optimizer, or save without includeOptimizer.`);
  }
  throw new ValueError(`tfjs format: tfjs has no ${s.class_name}${c.amsgrad ? '(amsgrad=true)' : ''} optimizer, so includeOptimizer cannot be written in its format. ` +
    `Save as '.keras' to keep the optimizer, or save without includeOptimizer.`);
}

/** tfjs-layers `getTrainingConfig()` for a compiled kerasm model. */
export function toTfjsTrainingConfig(args: CompileArgs, opt: Optimizer): Cfg {
  if (args.lossWeights != null) throw new ValueError(`tfjs format: tfjs cannot load a training config with loss weights. Save as '.keras' instead. Received: lossWeights=${fmt(JSON.stringify(args.lossWeights))}`);
  const k = compileConfig(args, opt);
  // tfjs writes `{}` for a model compiled without metrics.
  const metrics = k.metrics == null || (Array.isArray(k.metrics) && k.metrics.length === 0) ? {} : lossOrMetricName(k.metrics, 'metric');
  return { loss: lossOrMetricName(k.loss, 'loss'), metrics, optimizer_config: tfjsOptimizer(opt) };
}

const pick = (c: Cfg, ...keys: string[]) => {
  for (const k of keys) if (c[k] !== undefined && c[k] !== null) return c[k];
  return undefined;
};

function defined(c: Cfg): Cfg {
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined));
}

/** A Keras optimizer spec from tfjs's (camelCase, tfjs class names) or the converter's (Keras) form. */
function kerasOptimizer(spec: unknown, file: string): { class_name: string; config: Cfg } {
  const s = spec as { class_name?: string; config?: Cfg } | null;
  if (!s || typeof s.class_name !== 'string') throw new ValueError(`'${file}': trainingConfig.optimizer_config needs a class_name. Received: ${fmt(JSON.stringify(spec)?.slice(0, 80))}`);
  const c = s.config ?? {};
  const lr = pick(c, 'learningRate', 'learning_rate', 'lr');
  switch (s.class_name) {
    case 'Adam':
    case 'Adamax':
      return { class_name: s.class_name, config: defined({ learning_rate: lr, beta_1: pick(c, 'beta1', 'beta_1'), beta_2: pick(c, 'beta2', 'beta_2'), epsilon: pick(c, 'epsilon'), ...(c.amsgrad ? { amsgrad: true } : {}) }) };
    case 'SGD':
      return { class_name: 'SGD', config: defined({ learning_rate: lr, momentum: pick(c, 'momentum'), nesterov: pick(c, 'nesterov') }) };
    case 'Momentum':
      return { class_name: 'SGD', config: defined({ learning_rate: lr, momentum: pick(c, 'momentum'), nesterov: pick(c, 'useNesterov', 'use_nesterov') === true }) };
    case 'RMSProp': // tfjs: `decay` is Keras's rho
      return { class_name: 'RMSprop', config: defined({ learning_rate: lr, rho: pick(c, 'decay', 'rho'), momentum: pick(c, 'momentum'), epsilon: pick(c, 'epsilon'), centered: pick(c, 'centered') }) };
    case 'RMSprop':
      return { class_name: 'RMSprop', config: defined({ learning_rate: lr, rho: pick(c, 'rho'), momentum: pick(c, 'momentum'), epsilon: pick(c, 'epsilon'), centered: pick(c, 'centered') }) };
    case 'Adagrad':
      return { class_name: 'Adagrad', config: defined({ learning_rate: lr, initial_accumulator_value: pick(c, 'initialAccumulatorValue', 'initial_accumulator_value'), epsilon: pick(c, 'epsilon') }) };
    case 'Adadelta':
      return { class_name: 'Adadelta', config: defined({ learning_rate: lr, rho: pick(c, 'rho'), epsilon: pick(c, 'epsilon') }) };
  }
  return { class_name: s.class_name, config: defined({ ...c, learning_rate: lr, lr: undefined, learningRate: undefined, decay: undefined, name: undefined }) };
}

/** Keras compile_config (for compileArgsFromConfig) from a tfjs training config. */
export function kerasCompileConfig(t: Cfg, file: string): Cfg {
  if (t.weighted_metrics != null || t.sample_weight_mode != null) {
    throw new ValueError(`'${file}': weighted_metrics and sample_weight_mode in a tfjs training config are not supported (tfjs refuses them too).`);
  }
  const camelToSnake = (v: unknown): unknown =>
    typeof v === 'string' ? (/[A-Z]/.test(v) ? kerasSnakeCase(v) : v) : Array.isArray(v) ? v.map(camelToSnake)
      : v !== null && typeof v === 'object' && !('class_name' in v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, camelToSnake(x)])) : v;
  const m = t.metrics;
  const none = m == null || (Array.isArray(m) ? m.length === 0 : typeof m === 'object' && Object.keys(m).length === 0);
  return { optimizer: kerasOptimizer(t.optimizer_config, file), loss: camelToSnake(t.loss), metrics: none ? null : camelToSnake(m), loss_weights: t.loss_weights ?? null };
}
