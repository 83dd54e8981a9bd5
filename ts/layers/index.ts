// Layers: classes (`new layers.Dense({...})`) and tfjs-style factories (`layers.dense({...})`).
import { Dense, type DenseArgs } from './core/dense.js';
import { Activation } from './core/activation.js';
import { Dropout } from './core/dropout.js';
import { Flatten } from './core/flatten.js';
import { InputLayer, input, type InputArgs } from './input_layer.js';
import type { LayerArgs } from './layer.js';
import type { ActivationIdentifier } from '../activations/index.js';

export { Layer, type LayerArgs, type CallArgs } from './layer.js';
export { SymbolicTensor } from './symbolic.js';
export { Dense, Activation, Dropout, Flatten, InputLayer, input };
export type { DenseArgs, InputArgs };

export const dense = (args: DenseArgs) => new Dense(args);
export const activation = (args: LayerArgs & { activation: ActivationIdentifier }) => new Activation(args);
export const dropout = (args: LayerArgs & { rate: number; seed?: number }) => new Dropout(args);
export const flatten = (args: LayerArgs = {}) => new Flatten(args);
export const inputLayer = (args: InputArgs) => new InputLayer(args);
