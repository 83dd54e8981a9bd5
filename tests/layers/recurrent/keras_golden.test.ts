// Recurrent layers against Keras 3 (tests/golden/recurrent.json, from
// tests/golden/generate_recurrent.py): every output, the gradients of Σᵢ Σ outputᵢ·wᵢ with
// respect to the input, the initial states and every weight, the config, and stateful call pairs.

import { describe, expect, it } from 'vitest';
import { deserializeLayer, type Layer } from '../../../ts/layers/index.js';
import { grads } from '../../../ts/autograd/gradients.js';
import { add, mul } from '../../../ts/ops/binary.js';
import { sum } from '../../../ts/ops/reduce.js';
import { reverseTime } from '../../../ts/layers/recurrent/reverse_time.js';
import type { Tensor } from '../../../ts/tensor/tensor.js';
import { expectAllClose, goldenTensor, loadGolden, num, type GoldenArray } from '../../helpers/golden.js';

export interface RecurrentCase {
  class_name: string;
  case: string;
  config: Record<string, unknown>;
  x: GoldenArray;
  mask: GoldenArray | null;
  initial_state: GoldenArray[] | null;
  weights: (GoldenArray & { name: string; path: string })[];
  outputs: GoldenArray[];
  ws: GoldenArray[];
  grad_x: GoldenArray;
  grad_initial_state: GoldenArray[] | null;
  grad_weights: GoldenArray[];
  stateful_calls?: GoldenArray[];
}

export const golden = loadGolden<RecurrentCase>('recurrent.json');
const vals = (a: GoldenArray) => a.values.map(num);

function resetIfStateful(layer: Layer): void {
  if ('resetStates' in layer && (layer as { stateful?: boolean }).stateful) (layer as unknown as { resetStates(): void }).resetStates();
}

/** The case's layer with Keras's weights, and a function running it on the case's inputs. */
export function setUp(c: RecurrentCase): { layer: Layer; run: (x: Tensor, init: Tensor[] | null) => Tensor[]; x: Tensor; init: Tensor[] | null } {
  const layer = deserializeLayer({ class_name: c.class_name, config: c.config });
  const x = goldenTensor(c.x);
  const mask = c.mask ? goldenTensor(c.mask) : null;
  const init = c.initial_state ? c.initial_state.map(goldenTensor) : null;
  const run = (xv: Tensor, s: Tensor[] | null) => {
    const y = layer.apply(xv, { training: false, mask, ...(s ? { initialState: s } : {}) });
    return Array.isArray(y) ? y : [y];
  };
  run(x, init);
  layer.setWeights(c.weights.map((w) => Float32Array.from(vals(w))));
  resetIfStateful(layer);
  return { layer, run, x, init };
}

export function checkCase(c: RecurrentCase, tol = { out: [2e-5, 2e-6], grad: [2e-4, 2e-5] }): void {
  const { layer, run, x, init } = setUp(c);
  const ys = run(x, init);
  expect(ys.length).toBe(c.outputs.length);
  ys.forEach((y, i) => {
    expect(y.shape).toEqual(c.outputs[i]!.shape);
    expectAllClose(y.dataSync(), vals(c.outputs[i]!), `${c.case} output ${i}`, tol.out[0], tol.out[1]);
  });
  resetIfStateful(layer); // Keras's stateless_call starts from the states the layer holds
  const ws = c.ws.map(goldenTensor);
  const sources = [x, ...(init ?? []), ...layer.weights];
  const g = grads((xv: Tensor, ...rest: Tensor[]) => {
    const states = init ? rest.slice(0, init.length) : null;
    const outs = run(xv, states);
    return outs.map((o, i) => sum(mul(o, ws[i]!))).reduce((a, b) => add(a, b));
  })(sources);
  expectAllClose(g[0]!.dataSync(), vals(c.grad_x), `${c.case} d/dx`, tol.grad[0], tol.grad[1]);
  (c.grad_initial_state ?? []).forEach((gs, i) => expectAllClose(g[1 + i]!.dataSync(), vals(gs), `${c.case} d/d initial state ${i}`, tol.grad[0], tol.grad[1]));
  const off = 1 + (init?.length ?? 0);
  c.grad_weights.forEach((gw, j) => expectAllClose(g[off + j]!.dataSync(), vals(gw), `${c.case} d/d ${c.weights[j]!.path}`, tol.grad[0], tol.grad[1]));
  layer.dispose();
}

describe('recurrent layers match Keras 3', () => {
  it.each(golden.cases.map((c) => [c.case, c] as const))('%s', (_n, c) => {
    checkCase(c);
  });

  it.each(golden.cases.map((c) => [c.case, c] as const))('%s: config round trip', (_n, c) => {
    const layer = deserializeLayer({ class_name: c.class_name, config: c.config });
    const strip = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(strip);
      if (v && typeof v === 'object') {
        return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'build_config' && k !== 'shared_object_id').map(([k, w]) => [k, strip(w)]));
      }
      return v;
    };
    expect(strip(layer.getConfig())).toEqual(strip(c.config));
  });

  const stateful = golden.cases.filter((c) => c.stateful_calls);
  it.each(stateful.map((c) => [c.case, c] as const))('%s: the second call starts from the first one’s states', (_n, c) => {
    const { layer, x } = setUp(c);
    const first = layer.apply(x) as Tensor;
    expectAllClose(first.dataSync(), vals(c.stateful_calls![0]!), `${c.case} call 1`, 2e-5, 2e-6);
    const second = layer.apply(reverseTime(x)) as Tensor;
    expectAllClose(second.dataSync(), vals(c.stateful_calls![1]!), `${c.case} call 2`, 2e-5, 2e-6);
    (layer as unknown as { resetStates(): void }).resetStates();
    const again = layer.apply(x) as Tensor;
    expectAllClose(again.dataSync(), vals(c.stateful_calls![0]!), `${c.case} after resetStates`, 2e-5, 2e-6);
  });
});
