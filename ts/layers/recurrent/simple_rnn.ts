// SimpleRNN layer (Keras `layers.SimpleRNN`): an RNN over a SimpleRNNCell named `simple_rnn_cell`.

import type { Layer } from '../layer.js';
import { layerConfig } from '../config.js';
import { SimpleRNNCell, type SimpleRNNCellArgs } from './simple_rnn_cell.js';
import { RNN, type RNNOptions } from './rnn.js';
import { COMMON_CELL_PROPS, delegateToCell, flatFromConfig, layerKeys, splitOptions } from './recurrent_layer.js';

/** Options of {@link SimpleRNN}: the cell options (`units`, `activation`, initializers, dropout…) and the recurrent ones (`returnSequences`, `returnState`, `goBackwards`, `stateful`…). */
export interface SimpleRNNArgs extends SimpleRNNCellArgs, RNNOptions {}

export interface SimpleRNN extends Pick<SimpleRNNCell, 'units' | 'activation' | 'useBias' | 'kernelInitializer' | 'recurrentInitializer' |
  'biasInitializer' | 'kernelRegularizer' | 'recurrentRegularizer' | 'biasRegularizer' | 'kernelConstraint' | 'recurrentConstraint' |
  'biasConstraint' | 'dropout' | 'recurrentDropout' | 'seed'> {}

/**
 * Fully-connected RNN whose output is fed back as its state (Keras `layers.SimpleRNN`): an {@link RNN} over a {@link SimpleRNNCell}; the cell's options read back through the layer (`layer.units`).
 *
 * Input `(batch, time, features)`; output `(batch, units)`, or `(batch, time, units)` with `returnSequences`.
 * @example layers.simpleRNN({ units: 32, returnSequences: true })
 */
export class SimpleRNN extends RNN {
  // Keras 3's SimpleRNN config has no seed (it takes one).
  static override readonly configKeys: readonly string[] = layerKeys([
    'units', 'activation', 'use_bias', 'kernel_initializer', 'recurrent_initializer', 'bias_initializer', 'kernel_regularizer',
    'recurrent_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'recurrent_constraint', 'bias_constraint',
    'dropout', 'recurrent_dropout',
  ]);
  static override readonly extraOptions: readonly string[] = ['seed'];
  declare readonly cell: SimpleRNNCell;

  constructor(args: SimpleRNNArgs) {
    const { rnn, cell } = splitOptions(new.target, args);
    super(rnn, new SimpleRNNCell({ ...(cell as unknown as SimpleRNNCellArgs), name: 'simple_rnn_cell' }));
  }

  override getConfig(): Record<string, unknown> {
    return layerConfig(this);
  }

  static override fromConfig(config: Record<string, unknown>): Layer {
    return flatFromConfig(SimpleRNN, config);
  }
}
delegateToCell(SimpleRNN, COMMON_CELL_PROPS);
