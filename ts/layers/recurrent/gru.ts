// GRU layer (Keras `layers.GRU`): an RNN over a GRUCell named `gru_cell`; the cell's
// options read back through the layer. Runs on the fused whole-sequence kernel when it can.

import type { Tensor } from '../../tensor/tensor.js';
import type { Layer } from '../layer.js';
import { layerConfig } from '../config.js';
import { GRUCell, type GRUCellArgs } from './gru_cell.js';
import { RNN, type RNNCallArgs, type RNNOptions, type SequenceResult } from './rnn.js';
import { COMMON_CELL_PROPS, delegateToCell, flatFromConfig, layerKeys, splitOptions } from './recurrent_layer.js';
import { fusedSequence } from './fused.js';

/** Options of {@link GRU}: the GRU cell options (`units`, `recurrentActivation`, `resetAfter`, dropout…) and the recurrent ones (`returnSequences`, `returnState`, `goBackwards`, `stateful`…). */
export interface GRUArgs extends GRUCellArgs, RNNOptions {
  /** Keras's cuDNN switch: accepted, no effect (kerasm's fused kernel is used when it applies). */
  useCudnn?: boolean | 'auto';
}

export interface GRU extends Pick<GRUCell, 'units' | 'activation' | 'recurrentActivation' | 'useBias' | 'resetAfter' | 
  'kernelInitializer' | 'recurrentInitializer' | 'biasInitializer' | 'kernelRegularizer' | 'recurrentRegularizer' |
  'biasRegularizer' | 'kernelConstraint' | 'recurrentConstraint' | 'biasConstraint' | 'dropout' | 'recurrentDropout' | 'seed'> {}

/**
 * Gated recurrent unit layer (Keras `layers.GRU`): an {@link RNN} over a {@link GRUCell}; the cell's options read back through the layer (`layer.units`).
 *
 * Runs on a fused whole-sequence kernel when the configuration allows, else step by step. Keras 3's default `resetAfter: true` is kept, so Keras weights load unchanged.
 * @example layers.gru({ units: 64 })
 */
export class GRU extends RNN {
  static override readonly configKeys: readonly string[] = layerKeys([
    'units', 'activation', 'recurrent_activation', 'use_bias', 'kernel_initializer', 'recurrent_initializer', 'bias_initializer',
    'kernel_regularizer', 'recurrent_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint',
    'recurrent_constraint', 'bias_constraint', 'dropout', 'recurrent_dropout', 'reset_after', 'seed',
  ]);
  static override readonly extraOptions: readonly string[] = ['implementation', 'useCudnn'];
  declare readonly cell: GRUCell;

  constructor(args: GRUArgs) {
    const { rnn, cell } = splitOptions(new.target, args);
    super(rnn, new GRUCell({ ...(cell as unknown as GRUCellArgs), name: 'gru_cell' }));
  }

  protected override runFused(x: Tensor, initial: Tensor[], mask: Tensor | null, args: RNNCallArgs): SequenceResult | null {
    return fusedSequence(this, 'gru', x, initial, mask, args);
  }

  override getConfig(): Record<string, unknown> {
    return layerConfig(this);
  }

  static override fromConfig(config: Record<string, unknown>): Layer {
    return flatFromConfig(GRU, config);
  }
}
delegateToCell(GRU, [...COMMON_CELL_PROPS, 'recurrentActivation', 'resetAfter']);
