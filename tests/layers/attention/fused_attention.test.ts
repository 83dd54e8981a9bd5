// The fused attention kernel (ts/ops/attention.ts): output against a composite reference
// (einsum scores, masked softmax, einsum combine) and numeric gradients; and the attention
// layers' Keras fixtures (tests/golden/attention.json) for the calls that take it (Keras's
// dot_product_attention path: no dropout, no returned scores, rank-3 inputs).

import { describe, expect, it } from 'vitest';
import { dotProductAttention } from '../../../ts/ops/attention.js';
import { einsum } from '../../../ts/ops/einsum.js';
import { mul } from '../../../ts/ops/binary.js';
import { sum } from '../../../ts/ops/reduce.js';
import { reshape } from '../../../ts/ops/reshape.js';
import { softmax } from '../../../ts/ops/softmax.js';
import { mulScalar } from '../../../ts/ops/unary.js';
import { where } from '../../../ts/ops/where.js';
import { grads } from '../../../ts/autograd/gradients.js';
import { fromData } from '../../../ts/tensor/creation.js';
import type { Tensor } from '../../../ts/tensor/tensor.js';
import { deserializeLayer } from '../../../ts/layers/index.js';
import { expectAllClose, goldenTensor, loadGolden, num, type GoldenArray } from '../../helpers/golden.js';

function rand(shape: number[], seed: number): Tensor {
  let s = seed;
  const n = shape.reduce((a, b) => a * b, 1);
  const d = Float32Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1);
  return fromData('rand', d, shape, 'float32');
}

/** softmax(scale·q·kᵀ masked)·v by einsum, for btnh q [B,T,H,D], k/v [B,S,G,D] with H = G·R. */
function reference(q: Tensor, k: Tensor, v: Tensor, mask: Tensor | null, scale: number): Tensor {
  const [B, T, H, D] = q.shape as [number, number, number, number];
  const G = k.shape[2]!, S = k.shape[1]!, R = H / G;
  const s = einsum('btgrd,bsgd->bgrts', mulScalar(reshape(q, [B, T, G, R, D]), scale), k);
  const m = mask ? where(reshape(mask, [mask.shape[0]!, 1, 1, T, S]), s, -1e9) : s;
  const p = softmax(m, -1);
  return reshape(einsum('bgrts,bsgd->btgrd', p, v), [B, T, H, v.shape[3]!]);
}

describe('dotProductAttention (fused kernel)', () => {
  const cases = [
    { name: 'MHA', B: 2, T: 5, S: 7, H: 3, G: 3, D: 4, Dv: 6, mask: false, causal: false },
    { name: 'GQA masked', B: 2, T: 6, S: 6, H: 4, G: 2, D: 3, Dv: 3, mask: true, causal: false },
    { name: 'MQA causal', B: 1, T: 6, S: 6, H: 3, G: 1, D: 5, Dv: 2, mask: false, causal: true },
  ];
  it.each(cases)('$name: output and gradients', (c) => {
    const q = rand([c.B, c.T, c.H, c.D], 1), k = rand([c.B, c.S, c.G, c.D], 2), v = rand([c.B, c.S, c.G, c.Dv], 3);
    const w = rand([c.B, c.T, c.H, c.Dv], 4);
    let mask: Tensor | null = null;
    if (c.mask) {
      const d = rand([c.B, c.T, c.S], 5).dataSync().map((x, i) => (x > -0.4 || i % c.S === 0 ? 1 : 0));
      mask = fromData('mask', Float32Array.from(d), [c.B, c.T, c.S], 'float32');
    }
    if (c.causal) {
      const d = new Float32Array(c.T * c.S);
      for (let i = 0; i < c.T; i++) for (let j = 0; j <= i && j < c.S; j++) d[i * c.S + j] = 1;
      mask = fromData('causal', d, [1, c.T, c.S], 'float32');
    }
    const scale = 1 / Math.sqrt(c.D);
    const fused = (a: Tensor, b: Tensor, e: Tensor) => dotProductAttention(a, b, e, c.causal ? { causal: true, scale } : { mask, scale });
    expectAllClose(fused(q, k, v).dataSync(), reference(q, k, v, mask, scale).dataSync(), `${c.name} output`, 1e-5, 1e-6);
    const gf = grads((a: Tensor, b: Tensor, e: Tensor) => sum(mul(fused(a, b, e), w)))([q, k, v]);
    const gr = grads((a: Tensor, b: Tensor, e: Tensor) => sum(mul(reference(a, b, e, mask, scale), w)))([q, k, v]);
    gf.forEach((g, i) => expectAllClose(g.dataSync(), gr[i]!.dataSync(), `${c.name} grad ${'qkv'[i]}`, 1e-4, 1e-5));
    // Central differences on a few entries of each input (the reference's gradient is composite).
    const f = (xs: Tensor[]) => sum(mul(fused(xs[0]!, xs[1]!, xs[2]!), w)).dataSync()[0]!;
    [q, k, v].forEach((x, which) => {
      const data = x.dataSync();
      for (const idx of [0, Math.floor(data.length / 2), data.length - 1]) {
        const at = (delta: number) => {
          const d = Float32Array.from(data);
          d[idx]! += delta;
          const xs = [q, k, v];
          xs[which] = fromData('x', d, x.shape, 'float32');
          return f(xs);
        };
        const numeric = (at(1e-2) - at(-1e-2)) / 2e-2;
        expect(Math.abs(numeric - gf[which]!.dataSync()[idx]!)).toBeLessThan(2e-3 * (1 + Math.abs(numeric)));
      }
    });
  });

  it('rejects mismatched heads and shapes', () => {
    const q = rand([1, 2, 3, 4], 1), k = rand([1, 2, 2, 4], 2);
    expect(() => dotProductAttention(q, k, k)).toThrow(/divid/);
    expect(() => dotProductAttention(q, rand([1, 2, 3, 5], 3), rand([1, 2, 3, 5], 3))).toThrow(/head size/);
  });
});

interface AttnCase {
  class_name: string;
  case: string;
  config: Record<string, unknown>;
  call: Record<string, unknown>;
  inputs: GoldenArray[];
  masks: (GoldenArray | null)[];
  weights: GoldenArray[];
  output: GoldenArray;
  w: GoldenArray;
  grad_inputs: (GoldenArray | null)[];
  grad_weights: (GoldenArray | null)[];
}

const golden = loadGolden<AttnCase>('attention.json');
// The cases whose layer takes Keras's fused path (no scores returned, no dropout, rank 3).
const fusedCases = golden.cases.filter((c) => (c.class_name === 'MultiHeadAttention' || c.class_name === 'GroupQueryAttention') &&
  !c.call.return_attention_scores && c.inputs[0]!.shape.length === 3);

describe('MultiHeadAttention and GroupQueryAttention match Keras on the fused path', () => {
  it('has fused-path cases', () => {
    expect(fusedCases.length).toBeGreaterThanOrEqual(8);
  });

  it.each(fusedCases.map((c) => [c.case, c] as const))('%s', (_n, c) => {
    const layer = deserializeLayer({ class_name: c.class_name, config: c.config });
    const inputs = c.inputs.map(goldenTensor);
    const masks = c.masks.map((m) => (m ? goldenTensor(m) : null));
    const args: Record<string, unknown> = {};
    if (c.call.use_causal_mask) args.useCausalMask = true;
    if (c.call.attention_mask) {
      const am = c.call.attention_mask as unknown[][][];
      args.attentionMask = fromData('am', Float32Array.from(am.flat(2).map((b) => (b ? 1 : 0))), [am.length, am[0]!.length, am[0]![0]!.length], 'float32');
    }
    if (masks.some((m) => m)) args.masks = masks;
    const run = () => layer.apply(inputs, args) as Tensor;
    run();
    layer.setWeights(c.weights.map((w) => Float32Array.from(w.values.map(num))));
    const y = run();
    expectAllClose(y.dataSync(), c.output.values.map(num), `${c.case} output`, 2e-5, 2e-6);
    const w = goldenTensor(c.w);
    const g = grads((..._xs: Tensor[]) => sum(mul(run(), w)))([...inputs, ...layer.weights]);
    c.grad_inputs.forEach((gi, i) => {
      if (gi) expectAllClose(g[i]!.dataSync(), gi.values.map(num), `${c.case} d/d input ${i}`, 1e-4, 1e-5);
    });
    c.grad_weights.forEach((gw, j) => {
      if (gw) expectAllClose(g[inputs.length + j]!.dataSync(), gw.values.map(num), `${c.case} d/d weight ${j}`, 1e-4, 1e-5);
    });
    layer.dispose();
  });
});
