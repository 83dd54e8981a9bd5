// The convolutional op family: convolutions, pooling, batch normalization, upsampling.
export * from './conv2d.js';
export * from './conv2d_transpose.js';
export * from './depthwise_conv2d.js';
export * from './conv1d.js';
export * from './pool2d.js';
export * from './pool1d.js';
export * from './global_pool.js';
export * from './batch_norm.js';
export * from './upsampling2d.js';
export type { Padding2D, Pair } from './geometry.js';
