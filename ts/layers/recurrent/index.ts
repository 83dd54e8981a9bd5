// Recurrent layers (issue 11): classes, tfjs-style factories, and the classes to register.
import { SimpleRNNCell, type SimpleRNNCellArgs } from './simple_rnn_cell.js';
import { LSTMCell, type LSTMCellArgs } from './lstm_cell.js';
import { GRUCell, type GRUCellArgs } from './gru_cell.js';
import { StackedRNNCells, type StackedRNNCellsArgs } from './stacked_rnn_cells.js';
import { RNN, type RNNArgs, type RNNCallArgs } from './rnn.js';
import { SimpleRNN, type SimpleRNNArgs } from './simple_rnn.js';
import { LSTM, type LSTMArgs } from './lstm.js';
import { GRU, type GRUArgs } from './gru.js';
import { Bidirectional, type BidirectionalArgs, type MergeMode } from './bidirectional.js';
import { TimeDistributed, type TimeDistributedArgs } from './time_distributed.js';

export { SimpleRNNCell, LSTMCell, GRUCell, StackedRNNCells, RNN, SimpleRNN, LSTM, GRU, Bidirectional, TimeDistributed };
export { DropoutRNNCell, type RNNCellLike, type RNNCellArgs } from './cell_base.js';
export type {
  SimpleRNNCellArgs, LSTMCellArgs, GRUCellArgs, StackedRNNCellsArgs, RNNArgs, RNNCallArgs, SimpleRNNArgs, LSTMArgs, GRUArgs,
  BidirectionalArgs, MergeMode, TimeDistributedArgs,
};

/** Creates a SimpleRNN cell (one step; run it with `rnn`): `new SimpleRNNCell(args)` (Keras `layers.SimpleRNNCell`). */
export const simpleRNNCell = (args: SimpleRNNCellArgs) => new SimpleRNNCell(args);
/** Creates an LSTM cell (one step; run it with `rnn`): `new LSTMCell(args)` (Keras `layers.LSTMCell`). */
export const lstmCell = (args: LSTMCellArgs) => new LSTMCell(args);
/** Creates a GRU cell (one step; run it with `rnn`): `new GRUCell(args)` (Keras `layers.GRUCell`). */
export const gruCell = (args: GRUCellArgs) => new GRUCell(args);
/** Creates a stack of RNN cells run as one cell: `new StackedRNNCells(args)` (Keras `layers.StackedRNNCells`). */
export const stackedRNNCells = (args: StackedRNNCellsArgs) => new StackedRNNCells(args);
/** Creates a recurrent layer running `cell` over the time axis: `new RNN(args)` (Keras `layers.RNN`). */
export const rnn = (args: RNNArgs) => new RNN(args);
/** Creates a fully-connected recurrent layer: `new SimpleRNN(args)` (Keras `layers.SimpleRNN`). */
export const simpleRNN = (args: SimpleRNNArgs) => new SimpleRNN(args);
/** Creates a long short-term memory layer: `new LSTM(args)` (Keras `layers.LSTM`). */
export const lstm = (args: LSTMArgs) => new LSTM(args);
/** Creates a gated recurrent unit layer: `new GRU(args)` (Keras `layers.GRU`). */
export const gru = (args: GRUArgs) => new GRU(args);
/** Creates a wrapper running a recurrent layer in both directions: `new Bidirectional(args)` (Keras `layers.Bidirectional`). */
export const bidirectional = (args: BidirectionalArgs) => new Bidirectional(args);
/** Creates a wrapper applying a layer to every time step: `new TimeDistributed(args)` (Keras `layers.TimeDistributed`). */
export const timeDistributed = (args: TimeDistributedArgs) => new TimeDistributed(args);

/** The recurrent layer classes by Keras class name, registered so Keras configs naming them load. */
export const RECURRENT_LAYERS = {
  SimpleRNNCell, LSTMCell, GRUCell, StackedRNNCells, RNN, SimpleRNN, LSTM, GRU, Bidirectional, TimeDistributed,
};
export { setFusedRNN, fusedRNNCalls } from './fused.js';
