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
import { CutMix, type CutMixArgs } from './preprocessing/cut_mix.js';
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

/** Creates a densely-connected layer, `activation(x·kernel + bias)`: `new Dense(args)` (Keras `layers.Dense`). */
export const dense = (args: DenseArgs) => new Dense(args);
/** Creates a layer applying an activation function: `new Activation(args)` (Keras `layers.Activation`). */
export const activation = (args: LayerArgs & { activation: ActivationIdentifier }) => new Activation(args);
/** Creates a dropout layer (drops a fraction `rate` of inputs in training): `new Dropout(args)` (Keras `layers.Dropout`). */
export const dropout = (args: DropoutArgs) => new Dropout(args);
/** Creates a layer flattening every axis but the batch axis: `new Flatten(args)` (Keras `layers.Flatten`). */
export const flatten = (args: ConstructorParameters<typeof Flatten>[0] = {}) => new Flatten(args);
/** Creates the layer behind a model input (prefer `input()` for the functional API): `new InputLayer(args)` (Keras `layers.InputLayer`). */
export const inputLayer = (args: InputArgs) => new InputLayer(args);
/** Creates a layer reshaping each sample to `targetShape`: `new Reshape(args)` (Keras `layers.Reshape`). */
export const reshape = (args: LayerArgs & { targetShape: number[] }) => new Reshape(args);
/** Creates a layer permuting the non-batch axes (`dims` is 1-based): `new Permute(args)` (Keras `layers.Permute`). */
export const permute = (args: LayerArgs & { dims: number[] }) => new Permute(args);
/** Creates a layer repeating a vector `n` times: `(batch, f)` → `(batch, n, f)`: `new RepeatVector(args)` (Keras `layers.RepeatVector`). */
export const repeatVector = (args: LayerArgs & { n: number }) => new RepeatVector(args);
/** Creates a lookup table from integer ids to dense vectors: `new Embedding(args)` (Keras `layers.Embedding`). */
export const embedding = (args: EmbeddingArgs) => new Embedding(args);
export type { DropoutArgs, PReLUArgs, GlobalPoolingArgs };
/** Creates a layer normalising each sample over the last axis (or `axis`): `new LayerNormalization(args)` (Keras `layers.LayerNormalization`). */
export const layerNormalization = (args: LayerNormalizationArgs = {}) => new LayerNormalization(args);
/** Creates a layer adding a list of tensors elementwise: `new Add(args)` (Keras `layers.Add`). */
export const add = (args: LayerArgs = {}) => new Add(args);
/** Creates a layer subtracting the second of two tensors from the first: `new Subtract(args)` (Keras `layers.Subtract`). */
export const subtract = (args: LayerArgs = {}) => new Subtract(args);
/** Creates a layer multiplying a list of tensors elementwise: `new Multiply(args)` (Keras `layers.Multiply`). */
export const multiply = (args: LayerArgs = {}) => new Multiply(args);
/** Creates a layer averaging a list of tensors elementwise: `new Average(args)` (Keras `layers.Average`). */
export const average = (args: LayerArgs = {}) => new Average(args);
/** Creates a layer taking the elementwise maximum of a list of tensors: `new Maximum(args)` (Keras `layers.Maximum`). */
export const maximum = (args: LayerArgs = {}) => new Maximum(args);
/** Creates a layer taking the elementwise minimum of a list of tensors: `new Minimum(args)` (Keras `layers.Minimum`). */
export const minimum = (args: LayerArgs = {}) => new Minimum(args);
/** Creates a layer joining a list of tensors along `axis` (default -1): `new Concatenate(args)` (Keras `layers.Concatenate`). */
export const concatenate = (args: LayerArgs & { axis?: number } = {}) => new Concatenate(args);
/** Creates a layer taking the batched dot product of two tensors along `axes`: `new Dot(args)` (Keras `layers.Dot`). */
export const dot = (args: LayerArgs & { axes: number | [number, number]; normalize?: boolean }) => new Dot(args);
/** Creates a ReLU layer with optional `maxValue`, `negativeSlope` and `threshold`: `new ReLU(args)` (Keras `layers.ReLU`). */
export const reLU = (args: ConstructorParameters<typeof ReLU>[0] = {}) => new ReLU(args);
/** Creates a leaky ReLU layer (`negativeSlope`, default 0.3): `new LeakyReLU(args)` (Keras `layers.LeakyReLU`). */
export const leakyReLU = (args: ConstructorParameters<typeof LeakyReLU>[0] = {}) => new LeakyReLU(args);
/** Creates an exponential linear unit layer (`alpha`, default 1): `new ELU(args)` (Keras `layers.ELU`). */
export const elu = (args: ConstructorParameters<typeof ELU>[0] = {}) => new ELU(args);
/** Creates a softmax layer over `axis` (default -1): `new Softmax(args)` (Keras `layers.Softmax`). */
export const softmax = (args: ConstructorParameters<typeof Softmax>[0] = {}) => new Softmax(args);
/** Creates a leaky ReLU layer with learned slopes: `new PReLU(args)` (Keras `layers.PReLU`). */
export const prelu = (args: ConstructorParameters<typeof PReLU>[0] = {}) => new PReLU(args);
/** Creates a 1-D convolution over sequences: `new Conv1D(args)` (Keras `layers.Conv1D`). */
export const conv1d = (args: ConvArgs) => new Conv1D(args);
/** Creates a 2-D convolution over images: `new Conv2D(args)` (Keras `layers.Conv2D`). */
export const conv2d = (args: ConvArgs) => new Conv2D(args);
/** Creates a transposed 2-D convolution (learned upsampling): `new Conv2DTranspose(args)` (Keras `layers.Conv2DTranspose`). */
export const conv2dTranspose = (args: Conv2DTransposeArgs) => new Conv2DTranspose(args);
/** Creates a depthwise 2-D convolution (one set of filters per channel): `new DepthwiseConv2D(args)` (Keras `layers.DepthwiseConv2D`). */
export const depthwiseConv2d = (args: DepthwiseConv2DArgs) => new DepthwiseConv2D(args);
/** Creates a depthwise-separable 2-D convolution (depthwise, then 1×1 pointwise): `new SeparableConv2D(args)` (Keras `layers.SeparableConv2D`). */
export const separableConv2d = (args: SeparableConv2DArgs) => new SeparableConv2D(args);
/** Creates a max pooling layer over windows of steps: `new MaxPooling1D(args)` (Keras `layers.MaxPooling1D`). */
export const maxPooling1d = (args: PoolingArgs = {}) => new MaxPooling1D(args);
/** Creates a max pooling layer over 2-D windows: `new MaxPooling2D(args)` (Keras `layers.MaxPooling2D`). */
export const maxPooling2d = (args: PoolingArgs = {}) => new MaxPooling2D(args);
/** Creates an average pooling layer over windows of steps (`poolSize` required): `new AveragePooling1D(args)` (Keras `layers.AveragePooling1D`). */
export const averagePooling1d = (args: PoolingArgs) => new AveragePooling1D(args);
/** Creates an average pooling layer over 2-D windows (`poolSize` required): `new AveragePooling2D(args)` (Keras `layers.AveragePooling2D`). */
export const averagePooling2d = (args: PoolingArgs) => new AveragePooling2D(args);
/** Creates a global pooling layer taking the average of each channel over all steps (mask-aware): `new GlobalAveragePooling1D(args)` (Keras `layers.GlobalAveragePooling1D`). */
export const globalAveragePooling1d = (args: ConstructorParameters<typeof GlobalAveragePooling1D>[0] = {}) => new GlobalAveragePooling1D(args);
/** Creates a global pooling layer taking the average of each channel over all rows and columns: `new GlobalAveragePooling2D(args)` (Keras `layers.GlobalAveragePooling2D`). */
export const globalAveragePooling2d = (args: ConstructorParameters<typeof GlobalAveragePooling2D>[0] = {}) => new GlobalAveragePooling2D(args);
/** Creates a global pooling layer taking the maximum of each channel over all steps: `new GlobalMaxPooling1D(args)` (Keras `layers.GlobalMaxPooling1D`). */
export const globalMaxPooling1d = (args: ConstructorParameters<typeof GlobalMaxPooling1D>[0] = {}) => new GlobalMaxPooling1D(args);
/** Creates a global pooling layer taking the maximum of each channel over all rows and columns: `new GlobalMaxPooling2D(args)` (Keras `layers.GlobalMaxPooling2D`). */
export const globalMaxPooling2d = (args: ConstructorParameters<typeof GlobalMaxPooling2D>[0] = {}) => new GlobalMaxPooling2D(args);
/** Creates a batch normalization layer (batch statistics in training, moving ones at inference): `new BatchNormalization(args)` (Keras `layers.BatchNormalization`). */
export const batchNormalization = (args: BatchNormalizationArgs = {}) => new BatchNormalization(args);
/** Creates a layer padding images with zeros: `new ZeroPadding2D(args)` (Keras `layers.ZeroPadding2D`). */
export const zeroPadding2d = (args: ConstructorParameters<typeof ZeroPadding2D>[0] = {}) => new ZeroPadding2D(args);
/** Creates a layer cropping rows and columns off images: `new Cropping2D(args)` (Keras `layers.Cropping2D`). */
export const cropping2d = (args: ConstructorParameters<typeof Cropping2D>[0] = {}) => new Cropping2D(args);
/** Creates a layer repeating image rows and columns (`size`, default 2): `new UpSampling2D(args)` (Keras `layers.UpSampling2D`). */
export const upSampling2d = (args: ConstructorParameters<typeof UpSampling2D>[0] = {}) => new UpSampling2D(args);
/** Creates a dropout layer dropping whole feature maps: `new SpatialDropout2D(args)` (Keras `layers.SpatialDropout2D`). */
export const spatialDropout2d = (args: ConstructorParameters<typeof SpatialDropout2D>[0]) => new SpatialDropout2D(args);

// Preprocessing and noise/regularization layers (issue 12).
export { Rescaling, Normalization, CenterCrop, Resizing, ActivityRegularization, GaussianNoise, GaussianDropout, AlphaDropout };
export type { AdaptData, AdaptBatch } from './preprocessing/normalization.js';
export type { RescalingArgs, NormalizationArgs, CenterCropArgs, ResizingArgs, ActivityRegularizationArgs, GaussianNoiseArgs, GaussianDropoutArgs, AlphaDropoutArgs };
export type { NoiseLayerArgs } from './regularization/noise_layer.js';
/** Creates a layer computing `x·scale + offset` (e.g. `scale: 1 / 255` for pixels): `new Rescaling(args)` (Keras `layers.Rescaling`). */
export const rescaling = (args: RescalingArgs) => new Rescaling(args);
/** Creates a layer standardising features with a given or `adapt`ed mean and variance: `new Normalization(args)` (Keras `layers.Normalization`). */
export const normalization = (args: NormalizationArgs = {}) => new Normalization(args);
/** Creates a layer cropping the central `height`×`width` window of each image: `new CenterCrop(args)` (Keras `layers.CenterCrop`). */
export const centerCrop = (args: CenterCropArgs) => new CenterCrop(args);
/** Creates a layer resizing images to `height`×`width`: `new Resizing(args)` (Keras `layers.Resizing`). */
export const resizing = (args: ResizingArgs) => new Resizing(args);
/** Creates an identity layer adding an L1/L2 penalty on its input to the loss: `new ActivityRegularization(args)` (Keras `layers.ActivityRegularization`). */
export const activityRegularization = (args: ActivityRegularizationArgs = {}) => new ActivityRegularization(args);
/** Creates a layer adding Gaussian noise in training: `new GaussianNoise(args)` (Keras `layers.GaussianNoise`). */
export const gaussianNoise = (args: GaussianNoiseArgs) => new GaussianNoise(args);
/** Creates a layer multiplying by Gaussian noise of mean 1 in training: `new GaussianDropout(args)` (Keras `layers.GaussianDropout`). */
export const gaussianDropout = (args: GaussianDropoutArgs) => new GaussianDropout(args);
/** Creates a dropout layer for SELU networks: `new AlphaDropout(args)` (Keras `layers.AlphaDropout`). */
export const alphaDropout = (args: AlphaDropoutArgs) => new AlphaDropout(args);

// Augmentation layers (active only in training) and Discretization (issue 12).
export { RandomFlip, RandomRotation, RandomZoom, RandomTranslation, RandomCrop, RandomContrast, RandomBrightness, Discretization };
export type { RandomFlipArgs, RandomRotationArgs, RandomZoomArgs, RandomTranslationArgs, RandomCropArgs, RandomContrastArgs, RandomBrightnessArgs, DiscretizationArgs };
/** Creates an augmentation layer flipping training images at random: `new RandomFlip(args)` (Keras `layers.RandomFlip`). */
export const randomFlip = (args: RandomFlipArgs = {}) => new RandomFlip(args);
/** Creates an augmentation layer rotating training images by random angles: `new RandomRotation(args)` (Keras `layers.RandomRotation`). */
export const randomRotation = (args: RandomRotationArgs) => new RandomRotation(args);
/** Creates an augmentation layer zooming training images in or out at random: `new RandomZoom(args)` (Keras `layers.RandomZoom`). */
export const randomZoom = (args: RandomZoomArgs) => new RandomZoom(args);
/** Creates an augmentation layer shifting training images at random: `new RandomTranslation(args)` (Keras `layers.RandomTranslation`). */
export const randomTranslation = (args: RandomTranslationArgs) => new RandomTranslation(args);
/** Creates an augmentation layer cropping a random `height`×`width` window in training: `new RandomCrop(args)` (Keras `layers.RandomCrop`). */
export const randomCrop = (args: RandomCropArgs) => new RandomCrop(args);
/** Creates an augmentation layer changing the contrast of training images at random: `new RandomContrast(args)` (Keras `layers.RandomContrast`). */
export const randomContrast = (args: RandomContrastArgs) => new RandomContrast(args);
/** Creates an augmentation layer changing the brightness of training images at random: `new RandomBrightness(args)` (Keras `layers.RandomBrightness`). */
export const randomBrightness = (args: RandomBrightnessArgs) => new RandomBrightness(args);
/** Creates a layer bucketing numbers by bin boundaries (given or `adapt`ed): `new Discretization(args)` (Keras `layers.Discretization`). */
export const discretization = (args: DiscretizationArgs) => new Discretization(args);
export { MixUp, RandomErasing, type MixUpArgs, type RandomErasingArgs };
/** Creates an augmentation layer blending pairs of training images (MixUp): `new MixUp(args)` (Keras `layers.MixUp`). */
export const mixUp = (args: MixUpArgs = {}) => new MixUp(args);
/** Creates an augmentation layer erasing a random box of training images: `new RandomErasing(args)` (Keras `layers.RandomErasing`). */
export const randomErasing = (args: RandomErasingArgs = {}) => new RandomErasing(args);
export { CutMix, type CutMixArgs };
/** Creates an augmentation layer pasting a box of another training image into each image: `new CutMix(args)` (Keras `layers.CutMix`). */
export const cutMix = (args: CutMixArgs = {}) => new CutMix(args);

export { Lambda, lambda, isSerializable, type LambdaArgs } from './core/lambda.js';
// Every built-in layer is loadable from Keras configs by its class name. They are registered by
// registerBuiltinLayers() (below), which every config reader calls, not at import: an app that
// reads no config drops the layers it does not use (package.json "sideEffects": false).
import { deserializeLayer as deserializeRegistered, registerBuiltinLayer, type LayerDeserializeOptions } from './serialization.js';
import type { Layer } from './layer.js';
export { registerLayer } from './serialization.js';
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
const CORE_LAYERS = () => ({
  Dense, Activation, Dropout, Flatten, InputLayer, Reshape, Permute, RepeatVector, Embedding, LayerNormalization,
  Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot, ReLU, LeakyReLU, ELU, Softmax, PReLU,
  Conv1D, Conv2D, Conv2DTranspose, DepthwiseConv2D, SeparableConv2D, MaxPooling1D, MaxPooling2D, AveragePooling1D,
  AveragePooling2D, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D,
  BatchNormalization, ZeroPadding2D, Cropping2D, UpSampling2D, SpatialDropout2D,
  Rescaling, Normalization, CenterCrop, Resizing, ActivityRegularization, GaussianNoise, GaussianDropout, AlphaDropout,
  RandomFlip, RandomRotation, RandomZoom, RandomTranslation, RandomCrop, RandomContrast, RandomBrightness, Discretization,
  MixUp, RandomErasing, CutMix,
});

// Recurrent layers and wrappers (issue 11).
export * from './recurrent/index.js';
import { RECURRENT_LAYERS } from './recurrent/index.js';

// Text preprocessing layers (issue 11): on JS strings, eagerly or on a model's string input; see ts/layers/text/.
export * from './text/index.js';
import { TEXT_LAYERS } from './text/index.js';

// Attention layers, EinsumDense, Unit/Group/RMS normalization and Masking (issue 11).
export * from './attention/index.js';
import { ATTENTION_LAYERS } from './attention/index.js';

let builtinsRegistered = false;
/** Makes every built-in layer loadable by its Keras class name (once; a class a user registered under the same name wins). */
export function registerBuiltinLayers(): void {
  if (builtinsRegistered) return;
  builtinsRegistered = true;
  const all = { ...CORE_LAYERS(), ...RECURRENT_LAYERS, ...TEXT_LAYERS, ...ATTENTION_LAYERS };
  for (const [name, cls] of Object.entries(all)) registerBuiltinLayer(name, cls as never);
}

/** Builds a layer from `{ class_name, config }` as Keras 3, Keras 2 or tfjs serialise it (Keras `layers.deserialize`). */
export function deserializeLayer(spec: Parameters<typeof deserializeRegistered>[0], opts: LayerDeserializeOptions = {}): Layer {
  registerBuiltinLayers();
  return deserializeRegistered(spec, opts);
}
