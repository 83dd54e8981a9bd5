// Unary ops and activations (ts/ops/unary.ts): every op code against the float64 reference,
// gradcheck of every differentiable op at several shapes, and exact values at kinks, at
// ±1e4, at the edges of each domain, and for NaN.

import { describe, expect, it } from 'vitest';
import { grad, tidy } from '../../ts/autograd/gradients.js';
import * as k from '../../ts/ops/index.js';
import { UNARY_OPS, unary, type UnaryName } from '../../ts/ops/unary.js';
import { tensor, zeros } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import { assertClose, assertExact, assertTensorClose } from '../helpers/assert_close.js';
import { gradcheck, rand, tensorOf, type RandOptions } from '../helpers/gradcheck.js';
import { nd, UNARY_REF, unaryRef, type NDArray, type UnaryRefName } from '../helpers/reference.js';

interface Case {
  name: string;
  op: (x: Tensor) => Tensor;
  ref: (x: NDArray) => NDArray;
  domain?: RandOptions;
  kinks?: number[];
}

const u = (name: UnaryRefName, a = 0, b = 0) => (x: NDArray) => unaryRef(name, x, a, b);
const pos = { lo: 0.2, hi: 4 };

/** Every differentiable unary op, through its public function. */
const CASES: Case[] = [
  { name: 'identity', op: (x) => unary('identity', x), ref: u('identity') },
  { name: 'relu', op: k.relu, ref: u('relu'), kinks: [0] },
  { name: 'leakyRelu (default slope 0.2)', op: (x) => k.leakyRelu(x), ref: u('leakyRelu', 0.2), kinks: [0] },
  { name: 'leakyRelu(0.01)', op: (x) => k.leakyRelu(x, 0.01), ref: u('leakyRelu', 0.01), kinks: [0] },
  { name: 'elu (alpha 1)', op: (x) => k.elu(x), ref: u('elu', 1), kinks: [0] },
  { name: 'elu(0.5)', op: (x) => k.elu(x, 0.5), ref: u('elu', 0.5), kinks: [0] },
  { name: 'selu', op: k.selu, ref: u('selu'), kinks: [0] },
  { name: 'gelu (erf)', op: (x) => k.gelu(x), ref: u('gelu'), domain: { lo: -4, hi: 4 } },
  { name: 'gelu (tanh)', op: (x) => k.gelu(x, true), ref: u('geluTanh'), domain: { lo: -4, hi: 4 } },
  { name: 'silu', op: k.silu, ref: u('silu'), domain: { lo: -6, hi: 6 } },
  { name: 'swish', op: k.swish, ref: u('silu') },
  { name: 'sigmoid', op: k.sigmoid, ref: u('sigmoid'), domain: { lo: -6, hi: 6 } },
  { name: 'tanh', op: k.tanh, ref: u('tanh'), domain: { lo: -3, hi: 3 } },
  { name: 'softplus', op: k.softplus, ref: u('softplus'), domain: { lo: -6, hi: 6 } },
  { name: 'softsign', op: k.softsign, ref: u('softsign'), kinks: [0] },
  { name: 'hardSigmoid', op: k.hardSigmoid, ref: u('hardSigmoid'), domain: { lo: -5, hi: 5 }, kinks: [-3, 3] },
  { name: 'hardSilu', op: k.hardSilu, ref: u('hardSilu'), domain: { lo: -5, hi: 5 }, kinks: [-3, 3] },
  { name: 'relu6', op: k.relu6, ref: u('relu6'), domain: { lo: -2, hi: 8 }, kinks: [0, 6] },
  { name: 'mish', op: k.mish, ref: u('mish'), domain: { lo: -5, hi: 5 } },
  { name: 'exp', op: k.exp, ref: u('exp'), domain: { lo: -3, hi: 3 } },
  { name: 'log', op: k.log, ref: u('log'), domain: pos },
  { name: 'log1p', op: k.log1p, ref: u('log1p'), domain: { lo: -0.7, hi: 3 } },
  { name: 'expm1', op: k.expm1, ref: u('expm1'), domain: { lo: -3, hi: 3 } },
  { name: 'sqrt', op: k.sqrt, ref: u('sqrt'), domain: pos },
  { name: 'rsqrt', op: k.rsqrt, ref: u('rsqrt'), domain: pos },
  { name: 'square', op: k.square, ref: u('square') },
  { name: 'abs', op: k.abs, ref: u('abs'), kinks: [0] },
  { name: 'neg', op: k.neg, ref: u('neg') },
  { name: 'reciprocal', op: k.reciprocal, ref: u('reciprocal'), domain: { lo: 0, hi: 2.5, absMin: 0.3 } },
  { name: 'sin', op: k.sin, ref: u('sin'), domain: { lo: -4, hi: 4 } },
  { name: 'cos', op: k.cos, ref: u('cos'), domain: { lo: -4, hi: 4 } },
  { name: 'affine(2.5, -1)', op: (x) => k.affine(x, 2.5, -1), ref: u('affine', 2.5, -1) },
  { name: 'mulScalar(-3)', op: (x) => k.mulScalar(x, -3), ref: u('affine', -3, 0) },
  { name: 'addScalar(0.75)', op: (x) => k.addScalar(x, 0.75), ref: u('affine', 1, 0.75) },
  { name: 'powScalar(3)', op: (x) => k.powScalar(x, 3), ref: u('powScalar', 3) },
  { name: 'powScalar(2)', op: (x) => k.powScalar(x, 2), ref: u('powScalar', 2) },
  { name: 'powScalar(1)', op: (x) => k.powScalar(x, 1), ref: u('powScalar', 1) },
  { name: 'powScalar(-1)', op: (x) => k.powScalar(x, -1), ref: u('powScalar', -1), domain: { lo: 0, hi: 2.5, absMin: 0.3 } },
  { name: 'powScalar(2.5)', op: (x) => k.powScalar(x, 2.5), ref: u('powScalar', 2.5), domain: pos },
  { name: 'powScalar(-1.5)', op: (x) => k.powScalar(x, -1.5), ref: u('powScalar', -1.5), domain: pos },
  { name: 'powScalar(0.5)', op: (x) => k.powScalar(x, 0.5), ref: u('powScalar', 0.5), domain: pos },
  { name: 'powScalar(0)', op: (x) => k.powScalar(x, 0), ref: u('powScalar', 0) },
  { name: 'clipByValue(-0.5, 0.7)', op: (x) => k.clipByValue(x, -0.5, 0.7), ref: u('clip', -0.5, 0.7), kinks: [-0.5, 0.7] },
];

/** Scalar, size-1, vector, matrix, a size-1 middle axis, and one above the element-wise limit. */
const SHAPES = [[], [1], [7], [2, 3], [3, 1, 4], [17, 13]];

describe('unary gradients (gradcheck against the float64 reference)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      SHAPES.forEach((shape, s) => {
        const x = rand(shape, { seed: 11 + s, ...c.domain, avoid: c.kinks });
        gradcheck({ name: `${c.name} ${JSON.stringify(shape)}`, op: c.op, ref: c.ref, inputs: [x], kinks: c.kinks });
      });
    });
  }
});

/** Probe values covering both signs, zero, fractions, halves and the larger range. */
const PROBE = [-7.5, -3.7, -3, -2.5, -1.5, -1, -0.5, -0.1, -0, 0, 0.1, 0.5, 1, 1.5, 2.5, 3, 3.7, 6, 7.5, 12];
const PARAMS: Partial<Record<UnaryName, [number, number]>> = {
  leakyRelu: [0.2, 0], elu: [1.3, 0], clip: [-1.25, 2], powScalar: [3, 0], affine: [-0.5, 2],
};

describe('unary forward: every op code in UNARY_OPS against the reference', () => {
  it('the TS table and the reference name the same ops', () => {
    expect(Object.keys(UNARY_OPS).sort()).toEqual(Object.keys(UNARY_REF).sort());
  });

  for (const name of Object.keys(UNARY_OPS) as UnaryName[]) {
    it(`${name} matches on probe values and on a 1027-element array (SIMD tails)`, () => {
      const [a, b] = PARAMS[name] ?? [0, 0];
      tidy(() => {
        for (const x of [nd([PROBE.length], PROBE), rand([1027], { seed: 5, lo: -8, hi: 8 }), rand([5], { seed: 6 })]) {
          const y = unary(name, tensorOf(x), a, b);
          assertTensorClose(y, unaryRef(name, x, a, b), { rtol: 1e-5, atol: 1e-6, label: name });
        }
      });
    });
  }
});

const grad1 = (f: (x: Tensor) => Tensor, values: number[]) => tidy(() => Array.from(grad(f)(tensor(values)).dataSync()));

describe('unary exact values at kinks', () => {
  it("relu'(0) = 0, relu6' = 0 at 0 and 6, abs'(0) = 0", () => {
    expect(grad1(k.relu, [-1, 0, 1])).toEqual([0, 0, 1]);
    expect(grad1(k.relu6, [-1, 0, 3, 6, 7])).toEqual([0, 0, 1, 0, 0]);
    expect(grad1(k.abs, [-2, 0, 2])).toEqual([-1, 0, 1]);
  });

  it('hardSigmoid and hardSilu corners; leakyRelu and elu at 0 take the left slope', () => {
    expect(grad1(k.hardSigmoid, [-4, -3, 0, 3, 4])).toEqual([0, 0, Math.fround(1 / 6), 0, 0]);
    expect(grad1(k.hardSilu, [-4, -3, 0, 3, 4])).toEqual([0, 0, 0.5, 1, 1]);
    expect(grad1((x) => k.leakyRelu(x, 0.25), [-1, 0, 1])).toEqual([0.25, 0.25, 1]);
    expect(grad1((x) => k.elu(x, 0.5), [0, 1])).toEqual([0.5, 1]);
  });

  it('clipByValue passes the gradient on the closed interval [min, max]', () => {
    expect(grad1((x) => k.clipByValue(x, -1, 2), [-1.5, -1, 0, 2, 2.5])).toEqual([0, 1, 1, 1, 0]);
  });

  it('sign, floor, ceil and round have zero gradient and exact values', () => {
    const x = [-2.5, -1.5, -0.5, -0, 0, 0.5, 1.5, 2.5, 2.4999];
    tidy(() => {
      const t = tensor(x);
      assertExact(k.sign(t), [9], [-1, -1, -1, 0, 0, 1, 1, 1, 1], 'sign');
      assertExact(k.floor(t), [9], [-3, -2, -1, 0, 0, 0, 1, 2, 2], 'floor');
      assertExact(k.ceil(t), [9], [-2, -1, 0, 0, 0, 1, 2, 3, 3], 'ceil');
      assertExact(k.round(t), [9], [-2, -2, 0, 0, 0, 0, 2, 2, 2], 'round (half to even)');
      for (const f of [k.sign, k.floor, k.ceil, k.round]) expect(Array.from(grad(f)(t).dataSync())).toEqual(new Array(9).fill(0));
    });
  });
});

describe('unary edge values', () => {
  it('±1e4 stays finite for saturating activations, with the limits as values and gradients', () => {
    const big = [-1e4, 1e4];
    const want: [string, (x: Tensor) => Tensor, number[], number[]][] = [
      ['sigmoid', k.sigmoid, [0, 1], [0, 0]],
      ['tanh', k.tanh, [-1, 1], [0, 0]],
      ['softplus', k.softplus, [0, 1e4], [0, 1]],
      ['silu', k.silu, [0, 1e4], [0, 1]],
      ['gelu', (x) => k.gelu(x), [0, 1e4], [0, 1]],
      ['gelu tanh', (x) => k.gelu(x, true), [0, 1e4], [0, 1]],
      ['mish', k.mish, [0, 1e4], [0, 1]],
      ['elu', (x) => k.elu(x), [-1, 1e4], [0, 1]],
      ['softsign', k.softsign, [-1e4 / 10001, 1e4 / 10001], [1 / 10001 ** 2, 1 / 10001 ** 2]],
      ['hardSigmoid', k.hardSigmoid, [0, 1], [0, 0]],
    ];
    tidy(() => {
      for (const [name, f, y, g] of want) {
        const x = tensor(big);
        assertClose(f(x).dataSync(), y, { rtol: 1e-6, atol: 1e-30, label: `${name}(±1e4)` });
        assertClose(grad(f)(x).dataSync(), g, { rtol: 1e-4, atol: 1e-30, label: `${name}'(±1e4)` });
      }
    });
  });

  it('domain edges: log(0) = -inf, log(-1) = NaN, sqrt(-1) = NaN, 1/±0 = ±inf, exp overflow = inf', () => {
    tidy(() => {
      assertExact(k.log(tensor([0, -1, 1])), [3], [-Infinity, NaN, 0], 'log');
      assertExact(k.log1p(tensor([-1, -2, 0])), [3], [-Infinity, NaN, 0], 'log1p');
      assertExact(k.sqrt(tensor([-1, 0, 4])), [3], [NaN, 0, 2], 'sqrt');
      assertExact(k.rsqrt(tensor([0, 4])), [2], [Infinity, 0.5], 'rsqrt');
      assertExact(k.reciprocal(tensor([0, -0, 4])), [3], [Infinity, -Infinity, 0.25], 'reciprocal');
      assertExact(k.exp(tensor([100, -Infinity, 0])), [3], [Infinity, 0, 1], 'exp');
      expect(Object.is(k.reciprocal(tensor([-0])).dataSync()[0], -Infinity)).toBe(true);
    });
  });

  it('NaN propagates through every unary op', () => {
    tidy(() => {
      const x = tensor([NaN, 1, NaN, NaN, NaN]);
      for (const name of Object.keys(UNARY_OPS) as UnaryName[]) {
        const [a, b] = PARAMS[name] ?? [0, 0];
        const y = unary(name, x, a, b).dataSync();
        expect(Array.from(y).map(Number.isNaN), `${name}(NaN)`).toEqual([true, false, true, true, true]);
      }
    });
  });

  it('int32 inputs are rejected with the op name and the dtype received', () => {
    tidy(() => {
      const x = tensor([1, 2], undefined, 'int32');
      expect(() => k.relu(x)).toThrow(/relu: expected a float32 tensor\. Received: dtype=int32/);
      expect(() => k.exp(x)).toThrow(/exp: expected a float32 tensor\. Received: dtype=int32/);
      expect(() => k.clipByValue(tensor([1]), 2, 1)).toThrow(/clipByValue: min must be ≤ max\. Received: min=2, max=1/);
    });
  });

  it('empty tensors map to empty tensors', () => {
    tidy(() => {
      const y = k.sigmoid(zeros([0, 3]));
      expect(y.shape).toEqual([0, 3]);
      expect(y.dataSync().length).toBe(0);
    });
  });
});
