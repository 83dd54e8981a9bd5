// Layers: classes (`new layers.Dense({...})`) and tfjs-style factories (`layers.dense({...})`).
import { Dense, type DenseArgs } from './core/dense.js';
import { Activation } from './core/activation.js';
import { Dropout } from './core/dropout.js';
import { Flatten } from './core/flatten.js';
import { InputLayer, input, type InputArgs } from './input_layer.js';
import type { LayerArgs } from './layer.js';
import { Reshape } from './reshaping/reshape.js';
import { Permute } from './reshaping/permute.js';
import { RepeatVector } from './reshaping/repeat_vector.js';
import { Embedding, type EmbeddingArgs } from './core/embedding.js';
import { LayerNormalization, type LayerNormalizationArgs } from './normalization/layer_normalization.js';
import { Add, Subtract, Multiply, Average, Maximum, Minimum } from './merging/merge.js';
import { Concatenate } from './merging/concatenate.js';
import { Dot } from './merging/dot.js';
import { ReLU, LeakyReLU, ELU, Softmax } from './activations/relu.js';
import { PReLU } from './activations/prelu.js';
import type { ActivationIdentifier } from '../activations/index.js';

export { Layer, type LayerArgs, type CallArgs } from './layer.js';
export { SymbolicTensor } from './symbolic.js';
export {
  Dense, Activation, Dropout, Flatten, InputLayer, input, Reshape, Permute, RepeatVector, Embedding, LayerNormalization,
  Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot, ReLU, LeakyReLU, ELU, Softmax, PReLU,
};
export type { DenseArgs, InputArgs, EmbeddingArgs, LayerNormalizationArgs };
export { Merge } from './merging/merge.js';

export const dense = (args: DenseArgs) => new Dense(args);
export const activation = (args: LayerArgs & { activation: ActivationIdentifier }) => new Activation(args);
export const dropout = (args: LayerArgs & { rate: number; seed?: number }) => new Dropout(args);
export const flatten = (args: LayerArgs = {}) => new Flatten(args);
export const inputLayer = (args: InputArgs) => new InputLayer(args);
export const reshape = (args: LayerArgs & { targetShape: number[] }) => new Reshape(args);
export const permute = (args: LayerArgs & { dims: number[] }) => new Permute(args);
export const repeatVector = (args: LayerArgs & { n: number }) => new RepeatVector(args);
export const embedding = (args: EmbeddingArgs) => new Embedding(args);
export const layerNormalization = (args: LayerNormalizationArgs = {}) => new LayerNormalization(args);
export const add = (args: LayerArgs = {}) => new Add(args);
export const subtract = (args: LayerArgs = {}) => new Subtract(args);
export const multiply = (args: LayerArgs = {}) => new Multiply(args);
export const average = (args: LayerArgs = {}) => new Average(args);
export const maximum = (args: LayerArgs = {}) => new Maximum(args);
export const minimum = (args: LayerArgs = {}) => new Minimum(args);
export const concatenate = (args: LayerArgs & { axis?: number } = {}) => new Concatenate(args);
export const dot = (args: LayerArgs & { axes: number | [number, number]; normalize?: boolean }) => new Dot(args);
export const reLU = (args: ConstructorParameters<typeof ReLU>[0] = {}) => new ReLU(args);
export const leakyReLU = (args: ConstructorParameters<typeof LeakyReLU>[0] = {}) => new LeakyReLU(args);
export const elu = (args: ConstructorParameters<typeof ELU>[0] = {}) => new ELU(args);
export const softmax = (args: ConstructorParameters<typeof Softmax>[0] = {}) => new Softmax(args);
export const prelu = (args: ConstructorParameters<typeof PReLU>[0] = {}) => new PReLU(args);

// Every built-in layer is loadable from Keras configs by its class name.
import { registerLayer } from './serialization.js';
export { deserializeLayer, registerLayer } from './serialization.js';
for (const [name, cls] of Object.entries({
  Dense, Activation, Dropout, Flatten, InputLayer, Reshape, Permute, RepeatVector, Embedding, LayerNormalization,
  Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot, ReLU, LeakyReLU, ELU, Softmax, PReLU,
})) {
  registerLayer(name, cls as never);
}
