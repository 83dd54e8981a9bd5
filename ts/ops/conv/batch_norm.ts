// Batch normalization over every axis but the last (channels), Keras semantics: biased batch
// variance, `y = (x − mean)·γ/√(var + ε) + β`, ε = 1e-3 by default.
//
// Training: mean and variance come from the batch and are outputs too (a layer updates its
// moving statistics from them). With inv = 1/√(var + ε), x̂ = (x − mean)·inv:
//   dβ = Σ dy;  dγ = Σ dy·x̂;
//   dx = γ·inv·(dy − Σdy/R − x̂·Σ(dy·x̂)/R) + dmean/R + 2·dvar·(x − mean)/R   (R rows).
// Inference: `channelNormalize(x, mean, γ·rsqrt(var + ε), β)`; the scale is built from small
// ops, so gradients reach mean, variance, γ and β through autograd.

import { ValueError, fmt } from '../../errors.js';
import { fromData, toTensor, type TensorLike } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { addScalar, rsqrt } from '../unary.js';
import { mul } from '../binary.js';
import { empty, record } from '../op.js';
import { check, ex } from '../raw.js';

function channels(op: string, x: Tensor, params: [string, Tensor | null | undefined][]): { rows: number; c: number } {
  if (x.rank < 1) throw new ValueError(`${op}: expected an input of rank ≥ 1 with channels last. Received: x.shape=${fmt(x.shape)}`);
  const c = x.shape.at(-1)!;
  for (const [name, t] of params) {
    if (!t) continue;
    if (t.rank !== 1 || t.shape[0] !== c) {
      throw new ValueError(`${op}: ${name} must have shape [${c}] (the input's channels). Received: ${name}.shape=${fmt(t.shape)}, x.shape=${fmt(x.shape)}`);
    }
    if (t.dtype !== 'float32') throw new ValueError(`${op}: ${name} must be float32. Received: dtype=${t.dtype}`);
  }
  if (x.dtype !== 'float32') throw new ValueError(`${op}: expected a float32 input. Received: dtype=${x.dtype}`);
  return { rows: c === 0 ? 0 : x.size / c, c };
}

function vec(op: string, values: ArrayLike<number>): Tensor {
  return fromData(op, Float32Array.from(values), [values.length], 'float32');
}

/** Σ dy and Σ dy·(x − center) per channel. */
function channelSums(op: string, x: Tensor, dy: Tensor, center: Tensor, rows: number, c: number): [Tensor, Tensor] {
  const s = empty([c], 'float32', op);
  const sx = empty([c], 'float32', op);
  check(op, ex().kx_channel_normalize_sums(x.buf.ptr, dy.buf.ptr, center.buf.ptr, rows, c, s.buf.ptr, sx.buf.ptr));
  return [s, sx];
}

/**
 * `y = (x − center)·scale + shift` per channel (last axis), one pass. Differentiable in all
 * four inputs: dx = dy·scale, dscale = Σ dy·(x − center), dshift = Σ dy, dcenter = −scale·Σ dy.
 */
export function channelNormalize(x: TensorLike, center: TensorLike, scale: TensorLike, shift: TensorLike): Tensor {
  const op = 'channelNormalize';
  const X = toTensor(x, op), C = toTensor(center, op), S = toTensor(scale, op), B = toTensor(shift, op);
  const { rows, c } = channels(op, X, [['center', C], ['scale', S], ['shift', B]]);
  const y = empty(X.shape, 'float32', op);
  check(op, ex().kx_channel_normalize(X.buf.ptr, C.buf.ptr, S.buf.ptr, B.buf.ptr, rows, c, y.buf.ptr));
  record(op, [X, C, S, B], [y], (dys, needs, [sx, sc, ss]) => {
    const dy = dys[0]!;
    const name = `${op} backward`;
    let dx: Tensor | null = null;
    if (needs[0]) {
      const zero = vec(name, new Float32Array(c));
      dx = empty(X.shape, 'float32', name);
      check(name, ex().kx_channel_normalize(dy.buf.ptr, zero.buf.ptr, ss!.buf.ptr, zero.buf.ptr, rows, c, dx.buf.ptr));
      zero.dispose();
    }
    if (!needs[1] && !needs[2] && !needs[3]) return [dx, null, null, null];
    const [s, sxc] = channelSums(name, sx!, dy, sc!, rows, c);
    const scale = ss!.dataSync(), sum = s.dataSync();
    const dcenter = needs[1] ? vec(name, Array.from(sum, (v, i) => -v * scale[i]!)) : null;
    return [dx, dcenter, sxc, s];
  }, [X, C, S]);
  return y;
}

/** What the batch-norm training op returns: the normalized output and the batch statistics. */
export interface BatchNormResult {
  /** The normalized, scaled and shifted output. */
  y: Tensor;
  /** Per-channel batch mean, shape [channels]. */
  mean: Tensor;
  /** Per-channel biased batch variance, shape [channels]. */
  variance: Tensor;
}

/**
 * Training-mode batch normalization over all axes but the last. `gamma`/`beta` may be null
 * (Keras `scale=False` / `center=False`).
 * @example const { y, mean, variance } = batchNormTraining(x /* [64, 13, 13, 32] *\/, gamma, beta)
 */
export function batchNormTraining(x: TensorLike, gamma: Tensor | null, beta: Tensor | null, epsilon = 1e-3): BatchNormResult {
  const op = 'batchNormTraining';
  const X = toTensor(x, op);
  const { rows, c } = channels(op, X, [['gamma', gamma], ['beta', beta]]);
  if (!(epsilon >= 0)) throw new ValueError(`${op}: epsilon must be ≥ 0. Received: epsilon=${fmt(epsilon)}`);
  const mean = empty([c], 'float32', op);
  const variance = empty([c], 'float32', op);
  check(op, ex().kx_batch_norm_moments(X.buf.ptr, rows, c, mean.buf.ptr, variance.buf.ptr));
  const v = variance.dataSync();
  const gm = gamma?.dataSync();
  const scale = vec(op, Array.from(v, (vv, i) => (gm ? gm[i]! : 1) / Math.sqrt(Math.fround(vv + epsilon))));
  const shift = beta ?? vec(op, new Float32Array(c));
  const y = empty(X.shape, 'float32', op);
  check(op, ex().kx_channel_normalize(X.buf.ptr, mean.buf.ptr, scale.buf.ptr, shift.buf.ptr, rows, c, y.buf.ptr));
  scale.dispose();
  if (shift !== beta) shift.dispose();
  const inputs = [X, ...(gamma ? [gamma] : []), ...(beta ? [beta] : [])];
  record(op, inputs, [y, mean, variance], (dys, needs, [sx, smean, svar, sgamma]) => {
    const name = `${op} backward`;
    const [dyIn, dmean, dvar] = dys;
    const dy = dyIn ?? vec(name, new Float32Array(X.size));
    const [s, sxc] = channelSums(name, sx!, dy, smean!, rows, c);
    let dx: Tensor | null = null;
    if (needs[0]) {
      dx = empty(X.shape, 'float32', name);
      check(name, ex().kx_batch_norm_backward_input(sx!.buf.ptr, dy.buf.ptr, smean!.buf.ptr, svar!.buf.ptr, sgamma ? sgamma.buf.ptr : 0,
        epsilon, s.buf.ptr, sxc.buf.ptr, dmean ? dmean.buf.ptr : 0, dvar ? dvar.buf.ptr : 0, rows, c, dx.buf.ptr));
    }
    // dγ = Σ dy·x̂ = inv·Σ dy·(x − mean).
    const vv = svar!.dataSync(), sx2 = sxc.dataSync();
    const dgamma = gamma ? vec(name, Array.from(sx2, (t, i) => t / Math.sqrt(Math.fround(vv[i]! + epsilon)))) : null;
    const out: (Tensor | null)[] = [dx];
    if (gamma) out.push(dgamma);
    if (beta) out.push(s);
    else s.dispose();
    sxc.dispose();
    if (dy !== dyIn) dy.dispose();
    return out;
  }, [X, mean, variance, ...(gamma ? [gamma] : [])]);
  return { y, mean, variance };
}

/**
 * Inference-mode batch normalization with given statistics (a layer's moving mean and
 * variance): `y = (x − mean)·γ/√(variance + ε) + β`.
 */
export function batchNormInference(x: TensorLike, mean: Tensor, variance: Tensor, gamma: Tensor | null, beta: Tensor | null, epsilon = 1e-3): Tensor {
  const op = 'batchNormInference';
  const X = toTensor(x, op);
  const { c } = channels(op, X, [['mean', mean], ['variance', variance], ['gamma', gamma], ['beta', beta]]);
  const ve = addScalar(variance, epsilon);
  const inv = rsqrt(ve);
  const scale = gamma ? mul(inv, gamma) : inv;
  const shift = beta ?? vec(op, new Float32Array(c));
  const y = channelNormalize(X, mean, scale, shift);
  [ve, inv, scale, shift].forEach((t) => {
    if (t !== beta) t.dispose();
  });
  return y;
}
