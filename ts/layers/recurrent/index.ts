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

export const simpleRNNCell = (args: SimpleRNNCellArgs) => new SimpleRNNCell(args);
export const lstmCell = (args: LSTMCellArgs) => new LSTMCell(args);
export const gruCell = (args: GRUCellArgs) => new GRUCell(args);
export const stackedRNNCells = (args: StackedRNNCellsArgs) => new StackedRNNCells(args);
export const rnn = (args: RNNArgs) => new RNN(args);
export const simpleRNN = (args: SimpleRNNArgs) => new SimpleRNN(args);
export const lstm = (args: LSTMArgs) => new LSTM(args);
export const gru = (args: GRUArgs) => new GRU(args);
export const bidirectional = (args: BidirectionalArgs) => new Bidirectional(args);
export const timeDistributed = (args: TimeDistributedArgs) => new TimeDistributed(args);

export const RECURRENT_LAYERS = {
  SimpleRNNCell, LSTMCell, GRUCell, StackedRNNCells, RNN, SimpleRNN, LSTM, GRU, Bidirectional, TimeDistributed,
};
export { setFusedRNN, fusedRNNCalls } from './fused.js';
