// Layer normalization over the last axis as one fused op (kx_layer_norm_*): the forward keeps
// each row's mean and 1/√(var + eps), and the backward gives x, gamma and beta their
// gradients in one kernel call, where the composite mean/variance/rsqrt form costs about
// fifteen element-wise and reduction kernels per direction.

import { layerNormBackward, layerNormForward } from '../../bindings/kernels/batch_norm.js';
import { ValueError, fmt } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { be, empty, record } from './op.js';

/** `(x − mean)/√(var + eps)·gamma + beta` over the last axis of `x`; `gamma`, `beta` `[c]` or null. */
export function layerNormLastAxis(x: Tensor, gamma: Tensor | null, beta: Tensor | null, eps: number): Tensor {
  const K = 'layerNormalization';
  const c = x.shape[x.rank - 1];
  if (x.rank < 1 || x.dtype !== 'float32' || c === undefined) {
    throw new ValueError(`${K}: expected a float32 input of rank ≥ 1. Received: shape=${fmt(x.shape)}, dtype=${x.dtype}`);
  }
  for (const [n, p] of [['gamma', gamma], ['beta', beta]] as const) {
    if (p && (p.dtype !== 'float32' || p.size !== c)) {
      throw new ValueError(`${K}: ${n} must be float32 with ${c} elements (the last axis). Received: ${n}.shape=${fmt(p.shape)}, dtype=${p.dtype}`);
    }
  }
  const rows = x.size / Math.max(c, 1);
  const y = empty(x.shape, 'float32', K);
  const mean = empty([rows], 'float32', K);
  const rstd = empty([rows], 'float32', K);
  layerNormForward(be(), { x: x.buf, gamma: gamma?.buf ?? null, beta: beta?.buf ?? null, rows, c, eps, y: y.buf, mean: mean.buf, rstd: rstd.buf });
  const inputs = [x, ...(gamma ? [gamma] : []), ...(beta ? [beta] : [])];
  record(K, inputs, [y], (dys, needs, s) => {
    const dy = dys[0];
    if (!dy) return inputs.map(() => null);
    const [sx, sm, sr] = s as [Tensor, Tensor, Tensor];
    const sg = gamma ? s[3]! : null;
    const needBeta = beta !== null && needs[gamma ? 2 : 1]!;
    const dx = needs[0] ? empty(x.shape, 'float32', `${K} backward`) : null;
    const dgamma = gamma && needs[1] ? empty(gamma.shape, 'float32', `${K} backward`) : null;
    const dbeta = needBeta ? empty(beta.shape, 'float32', `${K} backward`) : null;
    layerNormBackward(be(), {
      x: sx.buf, dy: dy.buf, gamma: sg?.buf ?? null, mean: sm.buf, rstd: sr.buf, rows, c,
      dx: dx?.buf ?? null, dgamma: dgamma?.buf ?? null, dbeta: dbeta?.buf ?? null,
    });
    return [dx, ...(gamma ? [dgamma] : []), ...(beta ? [dbeta] : [])];
  }, [x, mean, rstd, ...(gamma ? [gamma] : [])]);
  mean.dispose();
  rstd.dispose();
  return y;
}
