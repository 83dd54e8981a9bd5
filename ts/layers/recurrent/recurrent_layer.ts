// What SimpleRNN, LSTM and GRU share: the split of their options between the RNN and the
// cell they build, and the cell's options read back through the layer (Keras properties).

import type { LayerArgs } from '../layer.js';
import { knownOptions, layerFromConfig } from '../config.js';
import { checkOptions } from '../../utils/options.js';
import type { RNNOptions } from './rnn.js';
import { RNN_KEYS } from './rnn.js';

const RNN_OPTIONS = new Set(['returnSequences', 'returnState', 'goBackwards', 'stateful', 'unroll', 'zeroOutputForMask', 'activityRegularizer', 'useCudnn']);
const BASE_ONLY = new Set(['name', 'inputShape', 'batchSize', 'inputDim', 'batchInputShape']);

/** RNN options (and the base ones), and the cell's options (with trainable/dtype), apart. */
export function splitOptions<A extends object>(cls: { name: string }, args: A): { rnn: RNNOptions; cell: Record<string, unknown> } {
  // Checked here, against the layer's own list, so a typo names the layer, not its cell.
  checkOptions(cls.name, args, knownOptions(cls));
  const rnn: Record<string, unknown> = {};
  const cell: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args ?? {})) {
    if (RNN_OPTIONS.has(k) || BASE_ONLY.has(k)) rnn[k] = v;
    else if (k === 'trainable' || k === 'dtype') rnn[k] = cell[k] = v;
    else cell[k] = v;
  }
  return { rnn: rnn as RNNOptions, cell };
}

/** Config keys of SimpleRNN/LSTM/GRU: the RNN's, then the cell's in the layer's Keras order. */
export function layerKeys(own: readonly string[]): string[] {
  return [...RNN_KEYS, ...own];
}

/** Makes `names` read through to `this.cell` (Keras's LSTM.units etc. are cell properties). */
export function delegateToCell(cls: { prototype: object }, names: readonly string[]): void {
  for (const n of names) {
    Object.defineProperty(cls.prototype, n, {
      get(this: { cell: Record<string, unknown> }) {
        return this.cell[n];
      },
      configurable: true,
    });
  }
}

export const COMMON_CELL_PROPS = [
  'units', 'activation', 'useBias', 'kernelInitializer', 'recurrentInitializer', 'biasInitializer', 'kernelRegularizer',
  'recurrentRegularizer', 'biasRegularizer', 'kernelConstraint', 'recurrentConstraint', 'biasConstraint', 'dropout',
  'recurrentDropout', 'seed',
];

/** fromConfig for the layers whose constructor takes the flat Keras options. */
export function flatFromConfig<L>(cls: new (args: never) => L, config: Record<string, unknown>): L {
  return layerFromConfig(cls, config);
}

export type { LayerArgs };
