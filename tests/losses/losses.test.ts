// Hand-computed cases that need no fixtures: reductions and weights, rank alignment,
// sequences, ignoreClass, stability of the fused cross-entropy at extreme logits, the
// fused kernel against the composed log-softmax, label smoothing, and withLogits.

import { describe, expect, it } from 'vitest';
import { grad } from '../../ts/autograd/gradients.js';
import * as losses from '../../ts/losses/index.js';
import { sparseSoftmaxCrossEntropy, softmaxCrossEntropy } from '../../ts/ops/cross_entropy.js';
import { logSoftmax, mul, neg, softmax, sum } from '../../ts/ops/index.js';
import { tensor } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import { expectClose } from './fixtures.js';

const read = (t: Tensor) => {
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
};

describe('reductions and sample weights', () => {
  // Per-sample MSE of rows [0,1]→[1,1] and [0,0]→[1,0] is 0.5 and 0.5; of [2,0]→[0,0] is 2.
  const yt = [[0, 1], [0, 0], [2, 0]];
  const yp = [[1, 1], [1, 0], [0, 0]];

  it('sum_over_batch_size divides the weighted sum by the number of samples', () => {
    expectClose(read(new losses.MeanSquaredError().apply(yt, yp)), 3 / 3, 'default');
    expectClose(read(new losses.MeanSquaredError().apply(yt, yp, [1, 0, 0.5])), (0.5 + 1) / 3, 'weighted');
  });

  it("'sum', 'mean', 'none' and 'mean_with_sample_weight'", () => {
    expectClose(read(new losses.MeanSquaredError({ reduction: 'sum' }).apply(yt, yp, [1, 0, 0.5])), 1.5, 'sum');
    expectClose(read(new losses.MeanSquaredError({ reduction: 'mean' }).apply(yt, yp)), 1, 'mean');
    expectClose(read(new losses.MeanSquaredError({ reduction: 'none' }).apply(yt, yp, [1, 0, 0.5])), [0.5, 0, 1], 'none');
    expectClose(read(new losses.MeanSquaredError({ reduction: null }).apply(yt, yp)), [0.5, 0.5, 2], 'null');
    expectClose(read(new losses.MeanSquaredError({ reduction: 'mean_with_sample_weight' }).apply(yt, yp, [1, 0, 0.5])), 1.5 / 1.5, 'mwsw');
  });

  it('accepts [b, 1] weights and a scalar weight', () => {
    expectClose(read(new losses.MeanSquaredError().apply(yt, yp, [[1], [0], [0.5]])), 0.5, '[b,1]');
    expectClose(read(new losses.MeanSquaredError().apply(yt, yp, 2)), 2, 'scalar');
  });

  it('an empty batch gives the empty per-sample losses back (Keras returns shape-(0,) values as is)', () => {
    const e = tensor(new Float32Array(0), [0, 2]);
    expectClose(read(new losses.MeanSquaredError({ reduction: 'sum_over_batch_size' }).apply(e, e)), [], 'empty stays empty');
  });

  it('[b] targets against [b, 1] predictions are aligned, as in Keras', () => {
    expectClose(read(new losses.MeanAbsoluteError().apply([1, 2], [[0], [4]])), 1.5, 'mae');
  });
});

describe('sequence losses ([batch, time, classes])', () => {
  it('sparse CE gives per-(batch, time) losses; [batch] weights scale whole sequences', () => {
    const logits = tensor([[[2, 0, 0], [0, 2, 0]], [[0, 0, 2], [1, 1, 1]]]);
    const labels = tensor(Int32Array.from([0, 1, 2, 0]), [2, 2], 'int32');
    const hit = Math.log(Math.exp(2) + 2) - 2;
    const flat = Math.log(3);
    const per = read(new losses.SparseCategoricalCrossentropy({ fromLogits: true, reduction: 'none' }).apply(labels, logits));
    expectClose(per, [hit, hit, hit, flat], 'per step');
    const w = read(new losses.SparseCategoricalCrossentropy({ fromLogits: true }).apply(labels, logits, [1, 0]));
    expectClose(w, (2 * hit) / 4, 'weighted');
  });
});

describe('SparseCategoricalCrossentropy ignoreClass', () => {
  it('drops ignored entries from the loss, the average and the gradient', () => {
    const logits = tensor([[2, 0, 0], [0, 2, 0], [5, -5, 0]]);
    const labels = tensor(Int32Array.from([0, 1, -1]), [3], 'int32');
    const loss = new losses.SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: -1 });
    const hit = Math.log(Math.exp(2) + 2) - 2;
    expectClose(read(loss.apply(labels, logits)), hit, 'mean over the 2 valid entries');
    const g = read(grad((x) => loss.apply(labels, x))(logits));
    expectClose(g.slice(6), [0, 0, 0], 'ignored row has zero gradient');
    const p = Math.exp(2) / (Math.exp(2) + 2);
    expectClose(g.slice(0, 3), [(p - 1) / 2, (1 - p) / 4, (1 - p) / 4], 'valid row gradient', 1e-5, 1e-7);
  });
});

describe('fused softmax cross-entropy', () => {
  it('is finite and exact for huge logits', () => {
    const logits = tensor([[1000, 0, -1000], [-1e4, 1e4, 0]]);
    const per = read(losses.sparseCategoricalCrossentropy(tensor(Int32Array.from([0, 0]), [2], 'int32'), logits, { fromLogits: true }));
    expectClose(per, [0, 2e4], 'loss');
    const dense = read(losses.categoricalCrossentropy([[0, 0, 1], [0, 1, 0]], logits, { fromLogits: true }));
    expectClose(dense, [2000, 0], 'dense loss');
  });

  it('matches the composed −Σ t·log_softmax(x) and its gradient', () => {
    const x = tensor([[0.3, -1.2, 2.0, 0.5], [1.5, 1.5, -0.7, 0.1], [-2, 0, 2, 4]]);
    const t = tensor([[0.1, 0.2, 0.6, 0.1], [0, 1, 0, 0], [0.25, 0.25, 0.25, 0.25]]);
    const composed = (v: Tensor) => sum(neg(mul(t, logSoftmax(v))));
    expectClose(read(sum(softmaxCrossEntropy(x, t))), read(composed(x)), 'value');
    expectClose(read(grad((v) => sum(softmaxCrossEntropy(v, t)))(x)), read(grad(composed)(x)), 'grad', 1e-5, 1e-7);
    // Gradient with respect to the targets: −log_softmax(x).
    expectClose(read(grad((u) => sum(softmaxCrossEntropy(x, u)))(t)), read(neg(logSoftmax(x))), 'grad targets');
  });

  it('large batches (split across threads) agree with the composed form', () => {
    const [b, c] = [512, 64];
    const xs = new Float32Array(b * c).map((_, i) => Math.sin(i * 0.37) * 6);
    const labels = Int32Array.from({ length: b }, (_, i) => (i * 7) % c);
    const x = tensor(xs, [b, c]);
    const l = tensor(labels, [b], 'int32');
    const t = tensor(new Float32Array(b * c).map((_, i) => (labels[Math.floor(i / c)] === i % c ? 1 : 0)), [b, c]);
    const composed = read(neg(sum(mul(t, logSoftmax(x)), -1)));
    expectClose(read(sparseSoftmaxCrossEntropy(x, l)), composed, 'sparse', 1e-5, 1e-6);
    expectClose(read(softmaxCrossEntropy(x, t)), composed, 'dense', 1e-5, 1e-6);
    const gs = read(grad((v) => sum(sparseSoftmaxCrossEntropy(v, l)))(x));
    const gc = read(grad((v) => sum(neg(mul(t, logSoftmax(v)))))(x));
    expectClose(gs, gc, 'grad', 1e-5, 1e-7);
  });

  it('sparse from probabilities: gradient 1/Σp − [k = label]/p_label', () => {
    const p = tensor([[0.2, 0.3, 0.5]]);
    const g = read(grad((v) => sum(sparseSoftmaxCrossEntropy(v, tensor(Int32Array.from([2]), [1], 'int32'), false)))(p));
    expectClose(g, [1, 1, 1 - 1 / 0.5], 'grad');
  });

  it('sparse from logits gradient is softmax − onehot', () => {
    const x = tensor([[1, 2, 3]]);
    const s = read(softmax(x));
    const g = read(grad((v) => sum(sparseSoftmaxCrossEntropy(v, tensor(Int32Array.from([1]), [1], 'int32'))))(x));
    expectClose(g, [s[0]!, s[1]! - 1, s[2]!], 'grad');
  });

  it('categorical CE over a non-last axis', () => {
    const x = tensor([[[1, 3], [2, 0]]]); // classes on axis 1
    const t = tensor([[[1, 0], [0, 1]]]);
    const lse = (a: number, b: number) => Math.log(Math.exp(a) + Math.exp(b));
    const per = read(losses.categoricalCrossentropy(t, x, { fromLogits: true, axis: 1 }));
    expectClose(per, [lse(1, 2) - 1, lse(3, 0) - 0], 'axis 1');
    const perProb = read(losses.categoricalCrossentropy(t, tensor([[[0.25, 0.5], [0.75, 0.5]]]), { axis: 1 }));
    expectClose(perProb, [-Math.log(0.25), -Math.log(0.5)], 'axis 1 probabilities');
  });
});

describe('label smoothing', () => {
  it('categorical: t·(1 − s) + s/C', () => {
    const p = [[0.1, 0.2, 0.7]];
    const s = 0.3;
    const want = -[(0 * (1 - s) + s / 3), (0 * (1 - s) + s / 3), (1 * (1 - s) + s / 3)].reduce((a, t, i) => a + t * Math.log(p[0]![i]!), 0);
    expectClose(read(new losses.CategoricalCrossentropy({ labelSmoothing: s }).apply([[0, 0, 1]], p)), want, 'cce');
  });

  it('binary: t·(1 − s) + s/2, from logits too', () => {
    const s = 0.2, x = 1.5, t = 1 * (1 - s) + s / 2;
    const want = Math.log1p(Math.exp(x)) - t * x;
    expectClose(read(new losses.BinaryCrossentropy({ fromLogits: true, labelSmoothing: s }).apply([[1]], [[x]])), want, 'bce logits');
  });
});

describe('other losses by hand', () => {
  it('huber switches to linear beyond delta', () => {
    // errors 0.5 and 3 with delta 1: 0.125 and 3 − 0.5
    expectClose(read(new losses.Huber().apply([[0, 0]], [[0.5, 3]])), (0.125 + 2.5) / 2, 'huber');
    expectClose(read(new losses.Huber({ delta: 2 }).apply([[0]], [[3]])), 2 * 3 - 2, 'delta 2');
  });

  it('log_cosh is stable for large errors', () => {
    expectClose(read(new losses.LogCosh().apply([[0, 0]], [[1, 100]])), (Math.log(Math.cosh(1)) + 100 - Math.LN2) / 2, 'logcosh');
  });

  it('cosine similarity is −1 for parallel vectors, 0 for orthogonal, and handles zeros', () => {
    expectClose(read(new losses.CosineSimilarity({ reduction: 'none' }).apply([[1, 2], [1, 0], [0, 0]], [[2, 4], [0, 3], [1, 1]])), [-1, 0, 0], 'cos', 1e-6, 1e-7);
  });

  it('hinge converts {0, 1} labels to {−1, 1} but leaves ±1 labels', () => {
    const h01 = read(losses.hinge([[0, 1]], [[0.5, 0.5]]));
    const hpm = read(losses.hinge([[-1, 1]], [[0.5, 0.5]]));
    expectClose(h01, hpm, 'same');
    expectClose(hpm, [(1.5 + 0.5) / 2], 'value');
  });

  it('categorical hinge', () => {
    expectClose(read(losses.categoricalHinge([[0, 1, 0]], [[0.3, 0.5, 0.9]])), [Math.max(0.9 - 0.5 + 1, 0)], 'cat hinge');
  });

  it('KL divergence of a distribution with itself is 0; Poisson', () => {
    expectClose(read(losses.klDivergence([[0.2, 0.8]], [[0.2, 0.8]])), [0], 'kld', 0, 1e-7);
    expectClose(read(losses.poisson([[1, 2]], [[1, 1]])), [(1 - 1 * Math.log(1 + 1e-7) + 1 - 2 * Math.log(1 + 1e-7)) / 2], 'poisson');
  });

  it('MAPE and MSLE', () => {
    expectClose(read(losses.meanAbsolutePercentageError([[2, 4]], [[1, 5]])), [100 * (0.5 + 0.25) / 2], 'mape');
    expectClose(read(losses.meanSquaredLogarithmicError([[1]], [[3]])), [(Math.log(4) - Math.log(2)) ** 2], 'msle');
  });
});

describe('withLogits (for the trainer)', () => {
  it('softmax fuses into (sparse) categorical CE; sigmoid into binary CE', () => {
    const cce = new losses.CategoricalCrossentropy({ labelSmoothing: 0.1, reduction: 'sum', name: 'ce' });
    const fused = losses.withLogits(cce)!;
    expect(fused).toBeInstanceOf(losses.CategoricalCrossentropy);
    expect(fused.getConfig()).toEqual({ ...cce.getConfig(), from_logits: true });
    expect(losses.withLogits(new losses.SparseCategoricalCrossentropy({ ignoreClass: 3 }))!.getConfig()).toMatchObject({ from_logits: true, ignore_class: 3 });
    expect(losses.withLogits(new losses.BinaryCrossentropy(), 'sigmoid')).toBeInstanceOf(losses.BinaryCrossentropy);
    expect(losses.isLogitsFusable(new losses.CategoricalCrossentropy())).toBe(true);
  });

  it('returns null when nothing fuses', () => {
    expect(losses.withLogits(new losses.MeanSquaredError())).toBeNull();
    expect(losses.withLogits(new losses.CategoricalCrossentropy({ fromLogits: true }))).toBeNull();
    expect(losses.withLogits(new losses.CategoricalCrossentropy({ axis: 1 }))).toBeNull();
    expect(losses.withLogits(new losses.BinaryCrossentropy(), 'softmax')).toBeNull();
    expect(losses.withLogits(new losses.CategoricalCrossentropy(), 'sigmoid')).toBeNull();
  });

  it('the fused loss on logits equals the original on softmax(logits)', () => {
    const x = tensor([[0.5, -1, 2], [3, 0, 0]]);
    const y = tensor(Int32Array.from([2, 1]), [2], 'int32');
    const scce = new losses.SparseCategoricalCrossentropy();
    expectClose(read(losses.withLogits(scce)!.apply(y, x)), read(scce.apply(y, softmax(x))), 'same value');
  });
});

describe('plain functions', () => {
  it('return per-sample values', () => {
    expect(losses.meanSquaredError([[0, 0], [1, 1]], [[1, 1], [1, 1]]).shape).toEqual([2]);
    expect(losses.LOSS_FUNCTIONS.categorical_crossentropy!(tensor([[0, 1]]), tensor([[0.5, 0.5]])).shape).toEqual([1]);
  });

  it('a custom function becomes a LossFunctionWrapper', () => {
    function myLoss(t: Tensor, p: Tensor): Tensor {
      return losses.meanAbsoluteError(t, p);
    }
    const l = losses.get(myLoss);
    expect(l).toBeInstanceOf(losses.LossFunctionWrapper);
    expect(l.name).toBe('my_loss');
    expectClose(read(l.apply([1, 2], [[0], [4]])), 1.5, 'aligned ranks');
  });
});
