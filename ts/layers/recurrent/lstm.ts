// LSTM layer (Keras `layers.LSTM`): an RNN over an LSTMCell named `lstm_cell`; the cell's
// options read back through the layer. Runs on the fused whole-sequence kernel when it can.

import type { Tensor } from '../../tensor/tensor.js';
import type { Layer } from '../layer.js';
import { layerConfig } from '../config.js';
import { LSTMCell, type LSTMCellArgs } from './lstm_cell.js';
import { RNN, type RNNCallArgs, type RNNOptions, type SequenceResult } from './rnn.js';
import { COMMON_CELL_PROPS, delegateToCell, flatFromConfig, layerKeys, splitOptions } from './recurrent_layer.js';
import { fusedSequence } from './fused.js';

/** Options of {@link LSTM}: the LSTM cell options (`units`, `recurrentActivation`, `unitForgetBias`, dropout…) and the recurrent ones (`returnSequences`, `returnState`, `goBackwards`, `stateful`…). */
export interface LSTMArgs extends LSTMCellArgs, RNNOptions {
  /** Keras's cuDNN switch: accepted, no effect (kerasm's fused kernel is used when it applies). */
  useCudnn?: boolean | 'auto';
}

export interface LSTM extends Pick<LSTMCell, 'units' | 'activation' | 'recurrentActivation' | 'useBias' | 'unitForgetBias' |
  'kernelInitializer' | 'recurrentInitializer' | 'biasInitializer' | 'kernelRegularizer' | 'recurrentRegularizer' |
  'biasRegularizer' | 'kernelConstraint' | 'recurrentConstraint' | 'biasConstraint' | 'dropout' | 'recurrentDropout' | 'seed'> {}

/**
 * Long short-term memory layer (Keras `layers.LSTM`): an {@link RNN} over an {@link LSTMCell}; the cell's options read back through the layer (`layer.units`).
 *
 * Runs on a fused whole-sequence kernel when the configuration allows (tanh/sigmoid, no recurrent dropout), else step by step.
 * Input `(batch, time, features)`; output `(batch, units)`, or `(batch, time, units)` with `returnSequences`; with `returnState`, also the final `h` and `c`.
 * @example layers.lstm({ units: 64, returnSequences: true, dropout: 0.1 })
 */
export class LSTM extends RNN {
  static override readonly configKeys: readonly string[] = layerKeys([
    'units', 'activation', 'recurrent_activation', 'use_bias', 'kernel_initializer', 'recurrent_initializer', 'bias_initializer',
    'unit_forget_bias', 'kernel_regularizer', 'recurrent_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint',
    'recurrent_constraint', 'bias_constraint', 'dropout', 'recurrent_dropout', 'seed',
  ]);
  static override readonly extraOptions: readonly string[] = ['implementation', 'useCudnn'];
  declare readonly cell: LSTMCell;

  constructor(args: LSTMArgs) {
    const { rnn, cell } = splitOptions(new.target, args);
    super(rnn, new LSTMCell({ ...(cell as unknown as LSTMCellArgs), name: 'lstm_cell' }));
  }

  protected override runFused(x: Tensor, initial: Tensor[], mask: Tensor | null, args: RNNCallArgs): SequenceResult | null {
    return fusedSequence(this, 'lstm', x, initial, mask, args);
  }

  override getConfig(): Record<string, unknown> {
    return layerConfig(this);
  }

  static override fromConfig(config: Record<string, unknown>): Layer {
    return flatFromConfig(LSTM, config);
  }
}
delegateToCell(LSTM, [...COMMON_CELL_PROPS, 'recurrentActivation', 'unitForgetBias']);
