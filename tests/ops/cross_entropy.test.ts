// Fused softmax cross-entropy (ts/ops/cross_entropy.ts): gradcheck of the dense form (logits
// and targets) and the sparse form (logits; probabilities with fromLogits = false), leading
// axes, stability at large logits, and errors.

import { describe, expect, it } from 'vitest';
import { grad, tidy } from '../../ts/autograd/gradients.js';
import { softmaxCrossEntropy, sparseSoftmaxCrossEntropy } from '../../ts/ops/cross_entropy.js';
import { ones, tensor } from '../../ts/tensor/creation.js';
import { assertTensorClose } from '../helpers/assert_close.js';
import { gradcheck, rand, tensorOf } from '../helpers/gradcheck.js';
import { nd, softmaxRef, softmaxXentRef, sparseXentRef } from '../helpers/reference.js';

describe('softmaxCrossEntropy (dense targets)', () => {
  const shapes = [[5], [3, 4], [2, 3, 5], [1, 1], [20, 12]];
  it('gradients with respect to logits and soft targets (gradcheck)', () => {
    shapes.forEach((shape, s) => {
      gradcheck({ name: `softmaxCrossEntropy ${JSON.stringify(shape)}`, op: softmaxCrossEntropy, ref: softmaxXentRef,
        inputs: [rand(shape, { seed: s + 1, lo: -4, hi: 4 }), rand(shape, { seed: s + 10, lo: 0, hi: 1 })], fwdAtol: 1e-5 });
    });
  });

  it('one-hot targets give −log softmax at the label; stable at 1e4', () => {
    tidy(() => {
      const x = nd([2, 3], [1, 2, 3, 1e4, 0, -1e4]);
      const t = nd([2, 3], [0, 0, 1, 0, 1, 0]);
      const loss = softmaxCrossEntropy(tensorOf(x), tensorOf(t));
      assertTensorClose(loss, softmaxXentRef(x, t), { rtol: 1e-6, label: 'loss' });
      const g = grad((l) => softmaxCrossEntropy(l, tensorOf(t)))(tensorOf(x));
      const p = softmaxRef(x);
      assertTensorClose(g, nd([2, 3], (i) => p.data[i]! - t.data[i]!), { rtol: 1e-5, atol: 1e-7, label: 'softmax − t' });
    });
  });

  it('errors name the op and what was received', () => {
    tidy(() => {
      expect(() => softmaxCrossEntropy(ones([2, 3]), ones([2, 2]))).toThrow(/softmaxCrossEntropy: targets must be float32 with the logits' shape \[2,3\]\. Received: targets\.shape=\[2,2\], dtype=float32/);
      expect(() => softmaxCrossEntropy(tensor([1, 2], undefined, 'int32'), ones([2]))).toThrow(/softmaxCrossEntropy: logits must be float32\. Received: dtype=int32/);
    });
  });
});

describe('sparseSoftmaxCrossEntropy (integer labels)', () => {
  const cases: [number[], number[]][] = [[[4], [2]], [[3, 4], [0, 3, 1]], [[2, 2, 5], [4, 0, 2, 2]], [[16, 15], Array.from({ length: 16 }, (_, i) => (i * 4) % 15)]];

  it('gradients with respect to logits (gradcheck)', () => {
    cases.forEach(([shape, labels], s) => {
      const l = nd(shape.slice(0, -1), labels);
      gradcheck({ name: `sparseSoftmaxCrossEntropy ${JSON.stringify(shape)}`, op: (x) => sparseSoftmaxCrossEntropy(x, tensorOf(l, 'int32')),
        ref: (x) => sparseXentRef(x, l), inputs: [rand(shape, { seed: s + 1, lo: -4, hi: 4 })], fwdAtol: 1e-5 });
    });
  });

  it('fromLogits = false: probabilities are normalised per row (gradcheck)', () => {
    cases.forEach(([shape, labels], s) => {
      const l = nd(shape.slice(0, -1), labels);
      gradcheck({ name: `sparse xent probabilities ${JSON.stringify(shape)}`, op: (x) => sparseSoftmaxCrossEntropy(x, tensorOf(l, 'int32'), false),
        ref: (x) => sparseXentRef(x, l, false), inputs: [rand(shape, { seed: s + 1, lo: 0.1, hi: 1 })], fwdAtol: 1e-5 });
    });
  });

  it('equals the dense form with one-hot targets; labels may be nested arrays', () => {
    tidy(() => {
      const x = rand([3, 4], { seed: 9, lo: -3, hi: 3 });
      const sparse = sparseSoftmaxCrossEntropy(tensorOf(x), [1, 0, 3]);
      const onehot = nd([3, 4], (i) => (Math.floor(i / 4) === 0 ? +(i % 4 === 1) : Math.floor(i / 4) === 1 ? +(i % 4 === 0) : +(i % 4 === 3)));
      assertTensorClose(sparse, softmaxXentRef(x, onehot), { rtol: 1e-6, label: 'sparse = dense' });
      assertTensorClose(sparseSoftmaxCrossEntropy(tensor([[0, 0]]), [1]), nd([1], [Math.LN2]), { rtol: 1e-6, label: 'log 2' });
    });
  });

  it('errors name the op and what was received', () => {
    tidy(() => {
      expect(() => sparseSoftmaxCrossEntropy(ones([2, 3]), [1, 2, 0])).toThrow(/sparseSoftmaxCrossEntropy: labels must have the logits' shape without the class axis, \[2\]\. Received: labels\.shape=\[3\], logits\.shape=\[2,3\]/);
      expect(() => sparseSoftmaxCrossEntropy(ones([2, 3]), tensor([1, 2]))).toThrow(/sparseSoftmaxCrossEntropy: labels must be int32\. Received: dtype=float32/);
      expect(() => sparseSoftmaxCrossEntropy(tensor(1), [])).toThrow(/sparseSoftmaxCrossEntropy: logits must have rank ≥ 1 \(classes last\)\. Received: shape=\[\]/);
    });
  });
});
