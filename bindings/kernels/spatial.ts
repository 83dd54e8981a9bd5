// Export signatures of the spatial kernel families (conv, pooling, batch-norm moments,
// resize). Their callers live in ts/ops/conv (through raw.ts); the declarations here let
// typed code such as the kernel tests call them directly. Mirrors crates/kerasm-wasm/src/exports.

import type { Ptr, Status } from '../exports.js';

/** Signatures of this family's WASM exports; part of `KernelExports` (../exports.ts). */
export interface SpatialExports {
  /** `geom`: the u32 geometry block (ts/ops/conv); `act` a unary op code, 0 = none. */
  kx_conv2d(geom: Ptr, x: Ptr, w: Ptr, bias: Ptr, y: Ptr, act: number, actAlpha: number): Status;
  kx_conv2d_backward_input(geom: Ptr, dy: Ptr, w: Ptr, dx: Ptr): Status;
  kx_conv2d_backward_filter(geom: Ptr, x: Ptr, dy: Ptr, dw: Ptr): Status;
  kx_depthwise_conv2d(geom: Ptr, x: Ptr, w: Ptr, bias: Ptr, y: Ptr): Status;
  kx_depthwise_conv2d_backward_input(geom: Ptr, dy: Ptr, w: Ptr, dx: Ptr): Status;
  kx_depthwise_conv2d_backward_filter(geom: Ptr, x: Ptr, dy: Ptr, dw: Ptr): Status;
  kx_max_pool2d(geom: Ptr, x: Ptr, y: Ptr): Status;
  kx_max_pool2d_backward(geom: Ptr, x: Ptr, y: Ptr, dy: Ptr, dx: Ptr): Status;
  kx_avg_pool2d(geom: Ptr, x: Ptr, y: Ptr): Status;
  kx_avg_pool2d_backward(geom: Ptr, dy: Ptr, dx: Ptr): Status;
  kx_batch_norm_moments(x: Ptr, rows: number, c: number, mean: Ptr, variance: Ptr): Status;
  /** mode: resize method code; shapes NHWC. */
  kx_resize(mode: number, n: number, h: number, w: number, c: number, oh: number, ow: number, x: Ptr, y: Ptr): Status;
  kx_resize_backward(mode: number, n: number, h: number, w: number, c: number, oh: number, ow: number, dy: Ptr, dx: Ptr): Status;
}

