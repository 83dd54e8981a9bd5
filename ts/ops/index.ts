// Every op, re-exported: `import { ops } from 'kerasm'` or the top-level names.
export * from './binary.js';
export * from './unary.js';
export * from './reduce.js';
export * from './softmax.js';
export * from './matmul.js';
export * from './reshape.js';
export * from './transpose.js';
export * from './slice.js';
export * from './concat.js';
export * from './broadcast.js';
export * from './gather.js';
export * from './where.js';
export * from './cast.js';
export * from './dropout.js';
export * from './stop_gradient.js';
export * from './conv/index.js';
export { affineTransform, type AffineTransformOptions, type FillMode, type ImageInterpolation } from './image/affine_transform.js';
