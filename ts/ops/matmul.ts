// Matrix multiplication, batched over leading axes, on the BLIS GEMM kernel.
//
// Gradients (y = op(A)·op(B)):   no transposes: dA = dY·Bᵀ,  dB = Aᵀ·dY
//   transposeA: dA = B·dYᵀ, dB = A·dY;  transposeB: dA = dY·B, dB = dYᵀ·A;
//   both: dA = Bᵀ·dYᵀ, dB = dYᵀ·Aᵀ.
// An operand broadcast over the batch (rank 2 against a batched one) gets the sum of the
// per-batch gradients, accumulated inside the kernel (C stride 0, beta 1).

import { gemm } from '../../bindings/kernels/gemm.js';
import { ValueError, fmt } from '../errors.js';
import { toTensor, type TensorLike } from '../tensor/creation.js';
import { shapesEqual, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { be, empty, record1 } from './op.js';

interface Plan {
  batch: number;
  batchShape: number[];
  m: number;
  n: number;
  k: number;
}

function plan(a: Tensor, b: Tensor, ta: boolean, tb: boolean): Plan {
  const op = 'matmul';
  if (a.rank < 2 || b.rank < 2) {
    throw new ValueError(`${op}: both operands must have rank ≥ 2. Received: a.shape=${fmt(a.shape)}, b.shape=${fmt(b.shape)}`);
  }
  if (a.dtype !== 'float32' || b.dtype !== 'float32') {
    throw new ValueError(`${op}: operands must be float32. Received: a.dtype=${a.dtype}, b.dtype=${b.dtype}`);
  }
  const [ar, ac] = a.shape.slice(-2) as [number, number];
  const [br, bc] = b.shape.slice(-2) as [number, number];
  const [m, ka] = ta ? [ac, ar] : [ar, ac];
  const [kb, n] = tb ? [bc, br] : [br, bc];
  if (ka !== kb) {
    throw new ValueError(`${op}: inner dimensions must match. Received: a.shape=${fmt(a.shape)}, b.shape=${fmt(b.shape)}` +
      (ta || tb ? ` (transposeA=${ta}, transposeB=${tb})` : ''));
  }
  const ba = a.shape.slice(0, -2);
  const bb = b.shape.slice(0, -2);
  if (ba.length > 0 && bb.length > 0 && !shapesEqual(ba, bb)) {
    throw new ValueError(`${op}: batch dimensions must be equal, or one operand must be a matrix. ` +
      `Received: a.shape=${fmt(a.shape)}, b.shape=${fmt(b.shape)}`);
  }
  const batchShape = ba.length > 0 ? ba : bb;
  return { batch: sizeOf(batchShape), batchShape, m, n, k: ka };
}

/** out = op(x)·op(y) for x: […, r, c] (batch-broadcast when rank 2); `sumBatch` sums into one matrix. */
function product(x: Tensor, y: Tensor, tx: boolean, ty: boolean, outShape: readonly number[], sumBatch: boolean): Tensor {
  const p = plan(x, y, tx, ty);
  const out = empty(outShape, 'float32', 'matmul');
  if (sumBatch && p.batch > 1) out.buf.f32().fill(0);
  gemm(be(), {
    m: p.m, n: p.n, k: p.k, a: x.buf, b: y.buf, c: out.buf, transA: tx, transB: ty,
    batch: p.batch,
    strideA: x.rank === 2 ? 0 : x.shape.at(-1)! * x.shape.at(-2)!,
    strideB: y.rank === 2 ? 0 : y.shape.at(-1)! * y.shape.at(-2)!,
    strideC: sumBatch ? 0 : p.m * p.n,
    beta: sumBatch && p.batch > 1 ? 1 : 0,
  });
  return out;
}

/**
 * Matrix product of the last two axes, batched over the leading ones.
 * @example matmul(a /* [32, 784] *\/, w /* [784, 128] *\/) // → [32, 128]
 */
export function matmul(a: TensorLike, b: TensorLike, transposeA = false, transposeB = false): Tensor {
  const A = toTensor(a, 'matmul');
  const B = toTensor(b, 'matmul');
  const p = plan(A, B, transposeA, transposeB);
  let y: Tensor;
  if (!transposeA && A.rank > 2 && B.rank === 2) {
    // [..., m, k]·[k, n] is one big GEMM over the flattened rows.
    const flat = A.view([p.batch * p.m, p.k]);
    y = product(flat, B, false, transposeB, [...p.batchShape, p.m, p.n], false);
    flat.dispose();
  } else {
    y = product(A, B, transposeA, transposeB, [...p.batchShape, p.m, p.n], false);
  }
  record1('matmul', [A, B], y, (dy, needs, [sa, sb]) => {
    const sumA = A.rank === 2 && p.batch > 1 && B.rank > 2;
    const sumB = B.rank === 2 && p.batch > 1 && A.rank > 2;
    const flatA = sumB && !transposeA;
    let da: Tensor | null = null;
    let db: Tensor | null = null;
    if (needs[0] && flatA) {
      const d2 = dy.view([p.batch * p.m, p.n]);
      da = product(d2, sb!, false, !transposeB, A.shape, false);
      d2.dispose();
    } else if (needs[0]) {
      da = transposeA
        ? (transposeB ? product(sb!, dy, true, true, A.shape, sumA) : product(sb!, dy, false, true, A.shape, sumA))
        : (transposeB ? product(dy, sb!, false, false, A.shape, sumA) : product(dy, sb!, false, true, A.shape, sumA));
    }
    if (needs[1]) {
      if (flatA) {
        // Rows of every batch member stack into one [batch·m, k] matrix: dB is one GEMM.
        const a2 = sa!.view([p.batch * p.m, p.k]);
        const d2 = dy.view([p.batch * p.m, p.n]);
        db = transposeB ? product(d2, a2, true, false, B.shape, false) : product(a2, d2, true, false, B.shape, false);
        a2.dispose();
        d2.dispose();
      } else {
        db = transposeB
          ? (transposeA ? product(dy, sa!, true, true, B.shape, sumB) : product(dy, sa!, true, false, B.shape, sumB))
          : (transposeA ? product(sa!, dy, false, false, B.shape, sumB) : product(sa!, dy, true, false, B.shape, sumB));
      }
    }
    return [da, db];
  }, [A, B]);
  return y;
}
