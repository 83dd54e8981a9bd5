// Attention layers, EinsumDense, the Unit/Group/RMS normalizations and masked pooling against
// Keras 3 (tests/golden/attention.json from generate_attention.py): outputs (and attention
// scores) with the fixture's weights and masks, the gradient of Σ output·w with respect to
// the float inputs and every weight, and the config.

import { describe, expect, it } from 'vitest';
import { deserializeLayer } from '../../../ts/layers/index.js';
import { grads } from '../../../ts/autograd/gradients.js';
import { mul } from '../../../ts/ops/binary.js';
import { sum } from '../../../ts/ops/reduce.js';
import { fromData } from '../../../ts/tensor/creation.js';
import type { Tensor } from '../../../ts/tensor/tensor.js';
import type { CallArgs } from '../../../ts/layers/layer.js';
import { expectAllClose, goldenTensor, loadGolden, num, type GoldenArray } from '../../helpers/golden.js';

interface AttnCase {
  class_name: string;
  case: string;
  config: Record<string, unknown>;
  call: Record<string, unknown>;
  positional: boolean;
  inputs: GoldenArray[];
  masks: (GoldenArray | null)[];
  weights: (GoldenArray & { name: string })[];
  output: GoldenArray;
  scores?: GoldenArray;
  w: GoldenArray;
  grad_inputs: (GoldenArray | null)[];
  grad_weights: (GoldenArray | null)[];
}

const golden = loadGolden<AttnCase>('attention.json');

function nestedTensor(v: unknown): Tensor {
  const shape: number[] = [];
  for (let x = v; Array.isArray(x); x = x[0]) shape.push(x.length);
  const flat = (v as unknown[]).flat(Infinity as 1) as unknown[];
  return fromData('golden', Float32Array.from(flat.map((b) => (b === true ? 1 : b === false ? 0 : Number(b)))), shape, 'float32');
}

function callArgs(c: AttnCase, masks: (Tensor | null)[]): CallArgs {
  const a: CallArgs = {};
  if (c.call.use_causal_mask) a.useCausalMask = true;
  if (c.call.return_attention_scores) a.returnAttentionScores = true;
  if (c.call.attention_mask) a.attentionMask = nestedTensor(c.call.attention_mask);
  if (masks.some((m) => m)) {
    if (c.inputs.length > 1) a.masks = masks;
    else a.mask = masks[0];
  }
  return a;
}

describe('attention and normalization layers match Keras 3', () => {
  it('has the fixture cases', () => {
    expect(golden.cases.length).toBe(37);
  });

  it.each(golden.cases.map((c) => [c.case, c] as const))('%s', (_n, c) => {
    const layer = deserializeLayer({ class_name: c.class_name, config: c.config });
    const inputs = c.inputs.map(goldenTensor);
    const masks = c.masks.map((m) => (m ? goldenTensor(m) : null));
    const args = callArgs(c, masks);
    const arg = () => (inputs.length === 1 ? inputs[0]! : inputs);
    const run = () => {
      const r = layer.apply(arg() as Tensor, args) as Tensor | Tensor[];
      return Array.isArray(r) ? r : [r];
    };
    run(); // builds
    expect(layer.weights.map((w) => w.shape)).toEqual(c.weights.map((w) => w.shape));
    if (c.weights.length) layer.setWeights(c.weights.map((w) => Float32Array.from(w.values.map(num))));
    const [y, scores] = run();
    expect(y!.shape).toEqual(c.output.shape);
    expectAllClose(y!.dataSync(), c.output.values.map(num), `${c.case} output`, 2e-5, 2e-6);
    if (c.scores) {
      expect(scores!.shape).toEqual(c.scores.shape);
      expectAllClose(scores!.dataSync(), c.scores.values.map(num), `${c.case} scores`, 2e-5, 2e-6);
    }
    const w = goldenTensor(c.w);
    const floatInputs = inputs.filter((t) => t.dtype === 'float32');
    const g = grads((..._xs: Tensor[]) => sum(mul(run()[0]!, w)))([...floatInputs, ...layer.weights]);
    let k = 0;
    c.grad_inputs.forEach((gi, i) => {
      if (gi === null || inputs[i]!.dtype !== 'float32') return;
      expectAllClose(g[k++]!.dataSync(), gi.values.map(num), `${c.case} d/d input ${i}`, 1e-4, 1e-5);
    });
    c.grad_weights.forEach((gw, j) => {
      if (gw) expectAllClose(g[floatInputs.length + j]!.dataSync(), gw.values.map(num), `${c.case} d/d ${c.weights[j]!.name}`, 1e-4, 1e-5);
    });
    expect(layer.getConfig()).toEqual(c.config);
    layer.dispose();
  });
});
