// Low-level kernel bindings on WasmBuffers, for benchmarks and advanced users.
export { gemm, type GemmArgs } from './gemm.js';
export { unary, unaryBackward, unaryBackwardNeeds, UNARY_OPS, type UnaryArgs, type UnaryBackwardArgs, type UnaryOpName } from './unary.js';
export { binary, BINARY_OPS, type BinaryArgs, type BinaryOpName, type StridedInput } from './binary.js';
export { where, type WhereArgs } from './where_.js';
export { cast, copyStrided, fill, type CastArgs, type CopyStridedArgs, type FillArgs } from './copy.js';
export { firstNonFinite, type FirstNonFiniteArgs } from './finite.js';
export { broadcastShapes, broadcastStrides, denseStrides, MAX_RANK } from './layout.js';
export { reduce, REDUCE_OPS, type ReduceArgs, type ReduceOpName } from './reduce.js';
export { softmax, softmaxBackward, softmaxCrossEntropyDense, softmaxCrossEntropySparse, XENT_EPSILON, type SoftmaxArgs, type SoftmaxBackwardArgs, type SoftmaxXentDenseArgs, type SoftmaxXentSparseArgs } from './softmax.js';
export { permute, type PermuteArgs } from './permute.js';
export { dropout, rng, RNG_DISTS, type DropoutArgs, type RngArgs, type RngDistName, type U64 } from './rng.js';
export { gather, oneHot, scatterAdd, type GatherArgs, type OneHotArgs, type ScatterAddArgs } from './gather.js';
export { affineTransform, WARP_FILL_MODES, WARP_INTERPOLATIONS, type AffineTransformArgs, type WarpFillMode, type WarpInterpolation } from './image.js';
export { attentionForward, attentionBackward, type AttentionDims, type AttentionForwardArgs, type AttentionBackwardArgs } from './attention.js';
