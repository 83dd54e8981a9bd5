// Fused softmax cross-entropy on the `kx_softmax_xent_*` kernels: one pass over each row of
// logits gives the per-sample loss and, when a gradient will be needed, d loss / d logits,
// which the backward pass only scales by the upstream gradient. Stable for any logit size
// (max-subtracted, as log-softmax), and no [batch, classes] intermediates are kept.
//
// Rows are the last axis; leading axes are flattened, so [b, t, c] logits give [b, t] losses.

import { ValueError, fmt } from '../errors.js';
import { toTensor, type TensorLike } from '../tensor/creation.js';
import { engine } from '../tensor/engine.js';
import { shapesEqual, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { mul } from './binary.js';
import { empty, record1 } from './op.js';
import { check, ex } from './raw.js';
import { reshape } from './reshape.js';
import { logSoftmax } from './softmax.js';
import { neg } from './unary.js';

function rows(op: string, x: Tensor): { batch: number; classes: number; lead: number[] } {
  if (x.dtype !== 'float32') throw new ValueError(`${op}: logits must be float32. Received: dtype=${x.dtype}`);
  if (x.rank < 1) throw new ValueError(`${op}: logits must have rank ≥ 1 (classes last). Received: shape=${fmt(x.shape)}`);
  const lead = x.shape.slice(0, -1);
  return { batch: sizeOf(lead), classes: x.shape.at(-1)!, lead };
}

/** dy (shape = loss shape) times the saved per-row gradient, broadcast over classes. */
function scaleRows(dy: Tensor, d: Tensor): Tensor {
  const col = reshape(dy, [...dy.shape, 1]);
  const r = mul(d, col);
  col.dispose();
  return r;
}

/**
 * Per-sample −log softmax(logits)[label] for integer labels (Keras
 * `sparse_categorical_crossentropy`). With `fromLogits = false` the inputs are
 * probabilities: each row is divided by its sum and clipped to [1e-7, 1 − 1e-7] first.
 * @param logits float32 [..., classes].
 * @param labels int32 [...] in [0, classes); the caller validates the range.
 * @returns float32 [...]; differentiable with respect to `logits`.
 */
export function sparseSoftmaxCrossEntropy(logits: TensorLike, labels: TensorLike, fromLogits = true): Tensor {
  const op = 'sparseSoftmaxCrossEntropy';
  const x = toTensor(logits, op);
  const l = toTensor(labels, op, 'int32');
  const { batch, classes, lead } = rows(op, x);
  if (l.dtype !== 'int32') throw new ValueError(`${op}: labels must be int32. Received: dtype=${l.dtype}`);
  if (!shapesEqual(l.shape, lead)) {
    throw new ValueError(`${op}: labels must have the logits' shape without the class axis, ${fmt(lead)}. ` +
      `Received: labels.shape=${fmt(l.shape)}, logits.shape=${fmt(x.shape)}`);
  }
  const loss = empty(lead, 'float32', op);
  const wantGrad = engine.needsGrad([x]);
  const d = wantGrad ? empty(x.shape, 'float32', `${op} dlogits`) : null;
  if (batch > 0 && classes > 0) {
    check(op, ex().kx_softmax_xent_sparse(x.buf.ptr, l.buf.ptr, loss.buf.ptr, d ? d.buf.ptr : 0, batch, classes, fromLogits ? 1 : 0));
  }
  if (d) {
    // d loss_b / d x_bk = softmax(x)_bk − [k = label_b]  (probabilities: 1/S_b − [k = label_b]/p_b,label)
    record1(op, [x, l], loss, (dy, _needs, [sd]) => [scaleRows(dy, sd!), null], [d]);
    d.dispose();
  }
  return loss;
}

/**
 * Per-sample −Σ_k targets_k · log softmax(logits)_k for dense targets (one-hot or soft).
 * @param logits float32 [..., classes].
 * @param targets float32, the logits' shape.
 * @returns float32 [...]; differentiable with respect to both inputs.
 */
export function softmaxCrossEntropy(logits: TensorLike, targets: TensorLike): Tensor {
  const op = 'softmaxCrossEntropy';
  const x = toTensor(logits, op);
  const t = toTensor(targets, op);
  const { batch, classes, lead } = rows(op, x);
  if (t.dtype !== 'float32' || !shapesEqual(t.shape, x.shape)) {
    throw new ValueError(`${op}: targets must be float32 with the logits' shape ${fmt(x.shape)}. ` +
      `Received: targets.shape=${fmt(t.shape)}, dtype=${t.dtype}`);
  }
  const loss = empty(lead, 'float32', op);
  const wantGrad = engine.needsGrad([x]);
  const d = wantGrad ? empty(x.shape, 'float32', `${op} dlogits`) : null;
  if (batch > 0 && classes > 0) {
    check(op, ex().kx_softmax_xent_dense(x.buf.ptr, t.buf.ptr, loss.buf.ptr, d ? d.buf.ptr : 0, batch, classes));
  }
  // d/dx = softmax(x)·Σt − t (precomputed by the kernel);  d/dt = −log softmax(x)
  record1(op, [x, t], loss, (dy, needs, [sx, sd]) => {
    const dx = needs[0] && sd ? scaleRows(dy, sd) : null;
    let dt: Tensor | null = null;
    if (needs[1]) {
      const ls = logSoftmax(sx!);
      const nl = neg(ls);
      dt = scaleRows(dy, nl);
      ls.dispose();
      nl.dispose();
    }
    return [dx, dt];
  }, d ? [x, d] : [x]);
  d?.dispose();
  return loss;
}
