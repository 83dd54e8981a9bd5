// Layers: classes (`new layers.Dense({...})`) and tfjs-style factories (`layers.dense({...})`).
import { Dense, type DenseArgs } from './core/dense.js';
import { Activation } from './core/activation.js';
import { Dropout, type DropoutArgs } from './core/dropout.js';
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
import { PReLU, type PReLUArgs } from './activations/prelu.js';
import { Conv1D, Conv2D, type ConvArgs } from './convolutional/conv.js';
import { Conv2DTranspose, type Conv2DTransposeArgs } from './convolutional/conv2d_transpose.js';
import { DepthwiseConv2D, SeparableConv2D, type DepthwiseConv2DArgs, type SeparableConv2DArgs } from './convolutional/depthwise_conv2d.js';
import { MaxPooling1D, MaxPooling2D, AveragePooling1D, AveragePooling2D, type PoolingArgs } from './pooling/pooling.js';
import { GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D, type GlobalPoolingArgs } from './pooling/global_pooling.js';
import { BatchNormalization, type BatchNormalizationArgs } from './normalization/batch_normalization.js';
import { ZeroPadding2D, Cropping2D, UpSampling2D } from './reshaping/spatial_2d.js';
import { SpatialDropout2D } from './core/spatial_dropout.js';
import type { ActivationIdentifier } from '../activations/index.js';
import { Rescaling, type RescalingArgs } from './preprocessing/rescaling.js';
import { Normalization, type NormalizationArgs } from './preprocessing/normalization.js';
import { CenterCrop, type CenterCropArgs } from './preprocessing/center_crop.js';
import { Resizing, type ResizingArgs } from './preprocessing/resizing.js';
import { ActivityRegularization, type ActivityRegularizationArgs } from './regularization/activity_regularization.js';
import { GaussianNoise, type GaussianNoiseArgs } from './regularization/gaussian_noise.js';
import { GaussianDropout, type GaussianDropoutArgs } from './regularization/gaussian_dropout.js';
import { AlphaDropout, type AlphaDropoutArgs } from './regularization/alpha_dropout.js';
import { RandomFlip, type RandomFlipArgs } from './preprocessing/random_flip.js';
import { RandomRotation, type RandomRotationArgs } from './preprocessing/random_rotation.js';
import { RandomZoom, type RandomZoomArgs } from './preprocessing/random_zoom.js';
import { RandomTranslation, type RandomTranslationArgs } from './preprocessing/random_translation.js';
import { RandomCrop, type RandomCropArgs } from './preprocessing/random_crop.js';
import { RandomContrast, type RandomContrastArgs } from './preprocessing/random_contrast.js';
import { RandomBrightness, type RandomBrightnessArgs } from './preprocessing/random_brightness.js';
import { Discretization, type DiscretizationArgs } from './preprocessing/discretization.js';
import { MixUp, type MixUpArgs } from './preprocessing/mix_up.js';
import { RandomErasing, type RandomErasingArgs } from './preprocessing/random_erasing.js';

export { Layer, type LayerArgs, type CallArgs } from './layer.js';
export { SymbolicTensor } from './symbolic.js';
export {
  Dense, Activation, Dropout, Flatten, InputLayer, input, Reshape, Permute, RepeatVector, Embedding, LayerNormalization,
  Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot, ReLU, LeakyReLU, ELU, Softmax, PReLU,
  Conv1D, Conv2D, Conv2DTranspose, DepthwiseConv2D, SeparableConv2D, MaxPooling1D, MaxPooling2D, AveragePooling1D,
  AveragePooling2D, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D,
  BatchNormalization, ZeroPadding2D, Cropping2D, UpSampling2D, SpatialDropout2D,
};
export type { ConvArgs, Conv2DTransposeArgs, DepthwiseConv2DArgs, SeparableConv2DArgs, PoolingArgs, BatchNormalizationArgs };
export type { DenseArgs, InputArgs, EmbeddingArgs, LayerNormalizationArgs };
export { Merge } from './merging/merge.js';
export type { DataFormat, DataFormatOption } from './data_format.js';

export const dense = (args: DenseArgs) => new Dense(args);
export const activation = (args: LayerArgs & { activation: ActivationIdentifier }) => new Activation(args);
export const dropout = (args: DropoutArgs) => new Dropout(args);
export const flatten = (args: ConstructorParameters<typeof Flatten>[0] = {}) => new Flatten(args);
export const inputLayer = (args: InputArgs) => new InputLayer(args);
export const reshape = (args: LayerArgs & { targetShape: number[] }) => new Reshape(args);
export const permute = (args: LayerArgs & { dims: number[] }) => new Permute(args);
export const repeatVector = (args: LayerArgs & { n: number }) => new RepeatVector(args);
export const embedding = (args: EmbeddingArgs) => new Embedding(args);
export type { DropoutArgs, PReLUArgs, GlobalPoolingArgs };
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
export const conv1d = (args: ConvArgs) => new Conv1D(args);
export const conv2d = (args: ConvArgs) => new Conv2D(args);
export const conv2dTranspose = (args: Conv2DTransposeArgs) => new Conv2DTranspose(args);
export const depthwiseConv2d = (args: DepthwiseConv2DArgs) => new DepthwiseConv2D(args);
export const separableConv2d = (args: SeparableConv2DArgs) => new SeparableConv2D(args);
export const maxPooling1d = (args: PoolingArgs = {}) => new MaxPooling1D(args);
export const maxPooling2d = (args: PoolingArgs = {}) => new MaxPooling2D(args);
export const averagePooling1d = (args: PoolingArgs) => new AveragePooling1D(args);
export const averagePooling2d = (args: PoolingArgs) => new AveragePooling2D(args);
export const globalAveragePooling1d = (args: ConstructorParameters<typeof GlobalAveragePooling1D>[0] = {}) => new GlobalAveragePooling1D(args);
export const globalAveragePooling2d = (args: ConstructorParameters<typeof GlobalAveragePooling2D>[0] = {}) => new GlobalAveragePooling2D(args);
export const globalMaxPooling1d = (args: ConstructorParameters<typeof GlobalMaxPooling1D>[0] = {}) => new GlobalMaxPooling1D(args);
export const globalMaxPooling2d = (args: ConstructorParameters<typeof GlobalMaxPooling2D>[0] = {}) => new GlobalMaxPooling2D(args);
export const batchNormalization = (args: BatchNormalizationArgs = {}) => new BatchNormalization(args);
export const zeroPadding2d = (args: ConstructorParameters<typeof ZeroPadding2D>[0] = {}) => new ZeroPadding2D(args);
export const cropping2d = (args: ConstructorParameters<typeof Cropping2D>[0] = {}) => new Cropping2D(args);
export const upSampling2d = (args: ConstructorParameters<typeof UpSampling2D>[0] = {}) => new UpSampling2D(args);
export const spatialDropout2d = (args: ConstructorParameters<typeof SpatialDropout2D>[0]) => new SpatialDropout2D(args);

// Preprocessing and noise/regularization layers (issue 12).
export { Rescaling, Normalization, CenterCrop, Resizing, ActivityRegularization, GaussianNoise, GaussianDropout, AlphaDropout };
export type { AdaptData, AdaptBatch } from './preprocessing/normalization.js';
export type { RescalingArgs, NormalizationArgs, CenterCropArgs, ResizingArgs, ActivityRegularizationArgs, GaussianNoiseArgs, GaussianDropoutArgs, AlphaDropoutArgs };
export type { NoiseLayerArgs } from './regularization/noise_layer.js';
export const rescaling = (args: RescalingArgs) => new Rescaling(args);
export const normalization = (args: NormalizationArgs = {}) => new Normalization(args);
export const centerCrop = (args: CenterCropArgs) => new CenterCrop(args);
export const resizing = (args: ResizingArgs) => new Resizing(args);
export const activityRegularization = (args: ActivityRegularizationArgs = {}) => new ActivityRegularization(args);
export const gaussianNoise = (args: GaussianNoiseArgs) => new GaussianNoise(args);
export const gaussianDropout = (args: GaussianDropoutArgs) => new GaussianDropout(args);
export const alphaDropout = (args: AlphaDropoutArgs) => new AlphaDropout(args);

// Augmentation layers (active only in training) and Discretization (issue 12).
export { RandomFlip, RandomRotation, RandomZoom, RandomTranslation, RandomCrop, RandomContrast, RandomBrightness, Discretization };
export type { RandomFlipArgs, RandomRotationArgs, RandomZoomArgs, RandomTranslationArgs, RandomCropArgs, RandomContrastArgs, RandomBrightnessArgs, DiscretizationArgs };
export const randomFlip = (args: RandomFlipArgs = {}) => new RandomFlip(args);
export const randomRotation = (args: RandomRotationArgs) => new RandomRotation(args);
export const randomZoom = (args: RandomZoomArgs) => new RandomZoom(args);
export const randomTranslation = (args: RandomTranslationArgs) => new RandomTranslation(args);
export const randomCrop = (args: RandomCropArgs) => new RandomCrop(args);
export const randomContrast = (args: RandomContrastArgs) => new RandomContrast(args);
export const randomBrightness = (args: RandomBrightnessArgs) => new RandomBrightness(args);
export const discretization = (args: DiscretizationArgs) => new Discretization(args);
export { MixUp, RandomErasing, type MixUpArgs, type RandomErasingArgs };
export const mixUp = (args: MixUpArgs = {}) => new MixUp(args);
export const randomErasing = (args: RandomErasingArgs = {}) => new RandomErasing(args);

export { Lambda, lambda, isSerializable, type LambdaArgs } from './core/lambda.js';
// Every built-in layer is loadable from Keras configs by its class name.
import { registerLayer } from './serialization.js';
export { deserializeLayer, registerLayer } from './serialization.js';
export type { LayerDeserializeOptions } from './serialization.js';
// Option types of base classes and shared helpers (for custom layers and wrappers).
export type { AddWeightArgs } from './layer.js';
export type { KernelLayerArgs } from './kernel_layer_args.js';
export type { BaseConvArgs, KernelArgs } from './convolutional/base_conv.js';
export type { RandomImageArgs } from './preprocessing/random_image.js';
export type { RandomAffineArgs } from './preprocessing/random_affine.js';
export type { RNNOptions } from './recurrent/rnn.js';
export type { IndexLookupArgs } from './text/index_lookup.js';
export type { TextVectorizationFromConfigOptions } from './text/text_vectorization.js';
for (const [name, cls] of Object.entries({
  Dense, Activation, Dropout, Flatten, InputLayer, Reshape, Permute, RepeatVector, Embedding, LayerNormalization,
  Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot, ReLU, LeakyReLU, ELU, Softmax, PReLU,
  Conv1D, Conv2D, Conv2DTranspose, DepthwiseConv2D, SeparableConv2D, MaxPooling1D, MaxPooling2D, AveragePooling1D,
  AveragePooling2D, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D,
  BatchNormalization, ZeroPadding2D, Cropping2D, UpSampling2D, SpatialDropout2D,
  Rescaling, Normalization, CenterCrop, Resizing, ActivityRegularization, GaussianNoise, GaussianDropout, AlphaDropout,
  RandomFlip, RandomRotation, RandomZoom, RandomTranslation, RandomCrop, RandomContrast, RandomBrightness, Discretization,
  MixUp, RandomErasing,
})) {
  registerLayer(name, cls as never);
}

// Recurrent layers and wrappers (issue 11).
export * from './recurrent/index.js';
import { RECURRENT_LAYERS } from './recurrent/index.js';
for (const [name, cls] of Object.entries(RECURRENT_LAYERS)) registerLayer(name, cls as never);

// Text preprocessing layers (issue 11): eager on JS strings, see ts/layers/text/.
export * from './text/index.js';
import { CategoryEncoding as CategoryEncodingLayer } from './text/index.js';
// The numeric text layer a kerasm model can hold; the string layers cannot be model layers.
registerLayer('CategoryEncoding', CategoryEncodingLayer as never);

// Attention layers, EinsumDense, Unit/Group/RMS normalization and Masking (issue 11).
export * from './attention/index.js';
import { ATTENTION_LAYERS } from './attention/index.js';
for (const [name, cls] of Object.entries(ATTENTION_LAYERS)) registerLayer(name, cls as never);
