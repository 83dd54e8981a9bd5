// The fused Dense op: y = act(x·W + b) in one GEMM call (bias and ReLU in the epilogue),
// with a backward that reuses y for the ReLU mask and reduces the bias gradient in one
// kernel. This is the hot path of every MLP training step.
//
// Gradients: dz = dy ⊙ relu'(y);  db = Σ_rows dz;  dW = xᵀ·dz;  dx = dz·Wᵀ.

import { gemm } from '../../bindings/kernels/gemm.js';
import { ValueError, fmt } from '../errors.js';
import { sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { be, empty, record } from './op.js';
import { check, ex } from './raw.js';
import { UNARY_OPS } from './unary.js';

export type FusedActivation = 'linear' | 'relu';

export function dense(x: Tensor, kernel: Tensor, bias?: Tensor | null, activation: FusedActivation = 'linear'): Tensor {
  const [inDim, units] = kernel.shape as [number, number];
  if (x.rank < 1 || x.shape.at(-1) !== inDim) {
    throw new ValueError(`dense: the last axis of the input must match the kernel's ${inDim} rows. Received: x.shape=${fmt(x.shape)}, kernel.shape=${fmt(kernel.shape)}`);
  }
  if (x.dtype !== 'float32') throw new ValueError(`dense: expected a float32 input. Received: dtype=${x.dtype}`);
  const rows = sizeOf(x.shape.slice(0, -1));
  const outShape = [...x.shape.slice(0, -1), units];
  const y = empty(outShape, 'float32', 'dense');
  const act = activation === 'relu' ? UNARY_OPS.relu : 0;
  gemm(be(), { m: rows, n: units, k: inDim, a: x.buf, b: kernel.buf, c: y.buf, bias: bias?.buf, activation: act });
  const inputs = bias ? [x, kernel, bias] : [x, kernel];
  record('dense', inputs, [y], (dys, needs, [sx, sk, sy]) => {
    const dy = dys[0]!;
    let dz = dy;
    if (act !== 0) {
      dz = empty(outShape, 'float32', 'dense backward');
      // relu'(x) = [x > 0] = [y > 0], so y stands in for the pre-activation.
      check('dense backward', ex().kx_unary_backward(act, sy!.buf.ptr, sy!.buf.ptr, dy.buf.ptr, dz.buf.ptr, y.size, 0, 0));
    }
    let dx: Tensor | null = null;
    let dk: Tensor | null = null;
    let db: Tensor | null = null;
    if (needs[0]) {
      dx = empty(x.shape, 'float32', 'dense backward');
      gemm(be(), { m: rows, n: inDim, k: units, a: dz.buf, b: sk!.buf, c: dx.buf, transB: true });
    }
    if (needs[1]) {
      dk = empty(kernel.shape, 'float32', 'dense backward');
      gemm(be(), { m: inDim, n: units, k: rows, a: sx!.buf, b: dz.buf, c: dk.buf, transA: true });
    }
    if (bias && needs[2]) {
      db = empty(bias.shape, 'float32', 'dense backward');
      check('dense backward', ex().kx_reduce(0, dz.buf.ptr, db.buf.ptr, 1, rows, units));
    }
    if (dz !== dy) dz.dispose();
    return bias ? [dx, dk, db] : [dx, dk];
  }, [x, kernel, y]);
  return y;
}
