// kerasm: Keras for TypeScript on a Rust → WebAssembly SIMD + threads core.
export {
  ready, backend, backendInfo, memoryInfo, setThreadCount, getThreadCount, disposeBackend, createBackend,
  WasmBuffer, VARIANTS, MAX_THREADS, releaseCache,
} from '../bindings/index.js';
export type { BackendInfo, InitOptions, MemoryInfo, Variant, DType, Backend } from '../bindings/index.js';
export * as kernels from '../bindings/kernels/index.js';

export { Tensor, type NestedArray, type TypedArray } from './tensor/tensor.js';
export { StringTensor, isStringTensor, type NestedStrings } from './tensor/string_tensor.js';
export {
  tensor, scalar, fill, zeros, ones, zerosLike, onesLike, eye, range, linspace, type TensorLike,
} from './tensor/creation.js';
export { randomUniform, randomNormal, truncatedNormal, randomBernoulli, setSeed } from './tensor/random.js';
export { Variable, variable } from './autograd/variable.js';
export {
  grad, grads, valueAndGrad, valueAndGrads, variableGrads, GradientTape, noGrad, tidy, keep, dispose, memory,
} from './autograd/gradients.js';
export { ValueError, DisposedError } from './errors.js';
export * from './ops/index.js';
export * as ops from './ops/index.js';

export * as layers from './layers/index.js';
export { input } from './layers/input_layer.js';
export { Model } from './models/model.js';
export type { ModelArgs, PredictOutput, Structure as ModelStructure, ComputeLossArgs, CompileArgs, FitArgs, EvaluateArgs, PredictArgs, DataArg, StepData, StepLogs, StepTensors } from './models/model.js';
export { Sequential } from './models/sequential.js';
export * as activations from './activations/index.js';
export * as initializers from './initializers/index.js';
export * as regularizers from './regularizers/index.js';
export * as constraints from './constraints/index.js';
export * as datasets from './datasets/index.js';
export * as data from './data/index.js';
export * as utils from './utils/index.js';
export * as callbacks from './callbacks/index.js';
export * as losses from './losses/index.js';
export * as metrics from './metrics/index.js';
export * as optimizers from './optimizers/index.js';
export * as schedules from './optimizers/schedules/index.js';
export {
  loadModel, saveModel, modelToBytes, saveWeights, loadWeights,
  type LoadOptions, type LoadSource, type SaveOptions, type SaveTarget, type ModelFormat, type FileSet, type IOHandler,
} from './saving/api.js';
export {
  modelToJSON, modelFromJSON, cloneModel, serializeModel, deserializeModel, registerKerasSerializable,
  serializeKerasObject, deserializeKerasObject,
  type ModelConfigOptions, type CloneOptions, type DeserializeOptions, type KerasObject, type CustomObjects,
} from './saving/config/index.js';
export type { KerasSaveOptions, KerasLoadOptions } from './saving/keras/keras_file.js';
export type { LoadArgs as DatasetLoadArgs } from './datasets/mnist_like.js';
