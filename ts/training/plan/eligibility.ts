// Which models the compiled step is allowed to try. The recording and its verification catch
// most things by themselves (a changed scalar, JS-written data, a value read back), but not
// JS state a layer keeps between steps (random generators, masks, caches): so only layers
// known to be stateless pure kernel pipelines are let in, and the rest keeps the eager step.
// The random layers (Dropout, GaussianNoise, GaussianDropout, AlphaDropout) announce each
// draw (ops/dropout_stream.ts) and the plan advances the layer's generator per step as the
// eager call would.

import type { Model } from '../../models/model.js';
import type { Layer } from '../../layers/layer.js';
import { flatten } from '../run_helpers.js';

/** Layers whose training call is a fixed sequence of kernels with no JS state. */
const PLAIN_LAYERS = new Set([
  'InputLayer', 'Dense', 'Activation', 'Flatten', 'Reshape', 'ReLU', 'Softmax', 'LeakyReLU',
  'Conv1D', 'Conv2D', 'MaxPooling1D', 'MaxPooling2D', 'AveragePooling1D', 'AveragePooling2D',
  'GlobalAveragePooling1D', 'GlobalAveragePooling2D', 'GlobalMaxPooling1D', 'GlobalMaxPooling2D', 'Dropout',
  'GaussianNoise', 'GaussianDropout', 'AlphaDropout',
  // Sequence layers: their kernels take the batch and the variables only, when not stateful
  // (states kept between calls) and without RNN dropout (masks drawn in JS once per sequence).
  'Embedding', 'SimpleRNN', 'LSTM', 'GRU', 'SimpleRNNCell', 'LSTMCell', 'GRUCell', 'Bidirectional',
  'MultiHeadAttention', 'EinsumDense', 'LayerNormalization',
  'Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Concatenate',
]);

/** Why a layer of PLAIN_LAYERS still keeps JS state between steps in this configuration. */
function stateRefusal(l: Layer): string | undefined {
  const o = l as unknown as { stateful?: boolean; dropout?: number; recurrentDropout?: number; noiseShape?: unknown };
  if (o.stateful) return `layer '${l.name}' (${l.className}) is stateful`;
  if (l.className.endsWith('Cell') && ((o.dropout ?? 0) > 0 || (o.recurrentDropout ?? 0) > 0)) {
    return `layer '${l.name}' (${l.className}) has dropout or recurrentDropout`;
  }
  // Its attention-score dropout is not known to announce its draws (ops/dropout_stream.ts).
  if (l.className === 'MultiHeadAttention' && (o.dropout ?? 0) > 0) return `layer '${l.name}' (MultiHeadAttention) has dropout`;
  // A noise shape draws its mask through the generic random kernel, which announces nothing.
  if (l.className === 'Dropout' && o.noiseShape != null) return `layer '${l.name}' (Dropout) has a noiseShape`;
  return undefined;
}

/** Why fit's default step cannot be compiled for this model, or undefined when it may be tried. */
export function staticRefusal(model: Model, outputs: number): string | undefined {
  if (!model.hasDefaultTrainStep) return 'the model overrides trainStep';
  if (!model.isFunctional) return 'the model is a subclassed model (its call is not a known graph of layers)';
  if (outputs !== 1) return `the model has ${outputs} outputs (only single-output models are verified)`;
  for (const l of flatten(model)) {
    if (l === (model as unknown as Layer)) continue;
    if (l.className === 'Sequential' || l.className === 'Functional' || l.className === 'Model') continue;
    if (!PLAIN_LAYERS.has(l.className) && l.supportsJit !== true) {
      return `layer '${l.name}' (${l.className}) is not supported by the compiled step` +
        (l.supportsJit === undefined ? ' (a custom layer whose call is pure may set supportsJit = true)' : '');
    }
    const why = stateRefusal(l);
    if (why) return why;
    if (l.activityRegularizer) return `layer '${l.name}' has an activity regularizer`;
  }
  for (const w of model.weightEntries) {
    if (w.regularizer) return `weight '${w.variable.name}' has a regularizer`;
  }
  return undefined;
}

/**
 * Recording and checking cost 5-9 ms once per fit() call (MLP, batch 32-128, measured under
 * load), and a compiled step saves ~0.1-0.25 ms: about 30-90 steps to break even. 'auto' does
 * not try for shorter fits (a data set of unknown length is tried).
 */
export const AUTO_MIN_STEPS = 64;

export function autoRefusal(mode: boolean | 'auto', stepsPerEpoch: number | null, epochsLeft: number): string | undefined {
  if (mode !== 'auto' || stepsPerEpoch === null) return undefined;
  const steps = stepsPerEpoch * epochsLeft;
  return steps < AUTO_MIN_STEPS ? `the fit has ${steps} steps, too few to pay for recording the step (${AUTO_MIN_STEPS} or more)` : undefined;
}
