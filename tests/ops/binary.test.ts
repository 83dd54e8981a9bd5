// Broadcasting binary ops (ts/ops/binary.ts): gradcheck of every differentiable op over
// broadcasting pairs (scalars, size-1 axes, rank mismatch), comparisons as exact 0/1,
// NaN propagation, and the conventions at ties and outside pow's real domain.

import { describe, expect, it } from 'vitest';
import { grads, tidy } from '../../ts/autograd/gradients.js';
import * as k from '../../ts/ops/index.js';
import { scalar, tensor } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import { assertExact, assertTensorClose } from '../helpers/assert_close.js';
import { distinct, gradcheck, rand, tensorOf } from '../helpers/gradcheck.js';
import { binaryRef, nd, type BinaryRefName, type NDArray } from '../helpers/reference.js';

/** Same shape, scalar on either side, trailing-axis vector, outer product, rank mismatch with size-1 axes. */
const PAIRS: [number[], number[]][] = [
  [[2, 3], [2, 3]], [[], []], [[2, 3], []], [[], [2, 3]], [[2, 3], [3]], [[3], [2, 3]], [[3, 1], [1, 4]],
  [[2, 1, 4], [3, 1]], [[1], [5]], [[4, 1], [4, 5]], [[2, 1, 3], [2, 4, 1]], [[20, 12], [12]],
];

type Op = (a: Tensor, b: Tensor) => Tensor;
interface Case {
  name: BinaryRefName;
  op: Op;
  /** Generates both operands for a shape pair (seeded). */
  gen?: (sa: number[], sb: number[], seed: number) => [NDArray, NDArray];
}

const CASES: Case[] = [
  { name: 'add', op: k.add },
  { name: 'sub', op: k.sub },
  { name: 'mul', op: k.mul },
  { name: 'div', op: k.div, gen: (sa, sb, s) => [rand(sa, { seed: s }), rand(sb, { seed: s + 1, lo: 0, hi: 1.5, absMin: 0.5 })] },
  { name: 'pow', op: k.pow, gen: (sa, sb, s) => [rand(sa, { seed: s, lo: 0.4, hi: 2.5 }), rand(sb, { seed: s + 1, lo: -2, hi: 2.5 })] },
  { name: 'maximum', op: k.maximum, gen: (sa, sb, s) => distinct([sa, sb], { seed: s, lo: -10, hi: 10, gap: 0.03 }) as [NDArray, NDArray] },
  { name: 'minimum', op: k.minimum, gen: (sa, sb, s) => distinct([sa, sb], { seed: s, lo: -10, hi: 10, gap: 0.03 }) as [NDArray, NDArray] },
  { name: 'squaredDifference', op: k.squaredDifference },
];

describe('binary gradients over broadcasting pairs (gradcheck)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      PAIRS.forEach(([sa, sb], s) => {
        const [a, b] = c.gen ? c.gen(sa, sb, 3 + s) : [rand(sa, { seed: 3 + s }), rand(sb, { seed: 50 + s })];
        gradcheck({
          name: `${c.name} ${JSON.stringify(sa)}×${JSON.stringify(sb)}`, op: c.op, ref: (x, y) => binaryRef(c.name, x, y),
          inputs: [a, b], fwdAtol: 1e-5,
        });
      });
    });
  }

  it('pow with a negative base and integer exponents: d/da checked, d/db is 0 (log undefined)', () => {
    const a = nd([5], [-2, -1.5, -0.5, 1.5, 2]);
    const b = nd([5], [3, 2, -1, 2, -2]);
    gradcheck({ name: 'pow (negative base)', op: k.pow, ref: (x, y) => binaryRef('pow', x, y), inputs: [a, b], wrt: [0] });
    tidy(() => {
      const [, db] = grads(k.pow)([tensorOf(a), tensorOf(b)]);
      const want = [0, 0, 0, Math.fround(1.5 ** 2 * Math.log(1.5)), Math.fround(2 ** -2 * Math.log(2))];
      Array.from(db!.dataSync()).forEach((v, i) => expect(v, `d pow/db at a=${a.data[i]}`).toBeCloseTo(want[i]!, 5));
    });
  });

  it('the gradient of a at a = 0 for pow(a, 2) is 0, and d/db there is 0', () => {
    tidy(() => {
      const [da, db] = grads(k.pow)([tensor([0, 3]), tensor([2, 2])]);
      assertExact(da!, [2], [0, 6], 'd/da');
      assertTensorClose(db!, nd([2], [0, 9 * Math.log(3)]), { rtol: 1e-6, atol: 0, label: 'd/db' });
    });
  });

  it('maximum/minimum send the gradient of a tie to a (as TF)', () => {
    tidy(() => {
      const a = tensor([1, 2, 3]), b = tensor([1, 5, 0]);
      const [gaMax, gbMax] = grads(k.maximum)([a, b]);
      assertExact(gaMax!, [3], [1, 0, 1], 'maximum da');
      assertExact(gbMax!, [3], [0, 1, 0], 'maximum db');
      const [gaMin, gbMin] = grads(k.minimum)([a, b]);
      assertExact(gaMin!, [3], [1, 1, 0], 'minimum da');
      assertExact(gbMin!, [3], [0, 0, 1], 'minimum db');
    });
  });

  it('a broadcast operand gets the summed gradient (exact, integer values)', () => {
    tidy(() => {
      const a = tensor([[1, 2, 3], [4, 5, 6]]), b = tensor([10, 20, 30]), s = scalar(2);
      const [ga, gb] = grads(k.mul)([a, b]);
      assertExact(ga!, [2, 3], [10, 20, 30, 10, 20, 30], 'd(a·b)/da');
      assertExact(gb!, [3], [5, 7, 9], 'd(a·b)/db');
      const [, gs] = grads(k.add)([a, s]);
      assertExact(gs!, [], [6], 'd(a+s)/ds');
    });
  });

  it('the same tensor on both sides accumulates: d(x·x)/dx = 2x, d(x−x)/dx = 0, d(x/x)/dx = 0', () => {
    tidy(() => {
      const x = tensor([-1.5, 2, 3]);
      assertExact(grads((t) => k.mul(t, t))([x])[0]!, [3], [-3, 4, 6], 'x·x');
      assertExact(grads((t) => k.sub(t, t))([x])[0]!, [3], [0, 0, 0], 'x−x');
      assertTensorClose(grads((t) => k.div(t, t))([x])[0]!, nd([3], [0, 0, 0]), { atol: 1e-7, label: 'x/x' });
    });
  });

  it('JS numbers and nested arrays are accepted as operands', () => {
    tidy(() => {
      assertExact(k.add(tensor([1, 2]), 3), [2], [4, 5], 'add(t, 3)');
      assertExact(k.sub(10, tensor([1, 2])), [2], [9, 8], 'sub(10, t)');
      assertExact(k.mul([[1], [2]], [3, 4]), [2, 2], [3, 4, 6, 8], 'mul(nested, nested)');
    });
  });
});

describe('binary forward', () => {
  const all: BinaryRefName[] = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'squaredDifference',
    'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'];
  const fns = k as unknown as Record<BinaryRefName, Op>;

  it('every op matches the reference on a rank-4 broadcast and a 1031-element array', () => {
    tidy(() => {
      // Integers in [-3, 3] make ties and equalities common.
      const a = nd([2, 1, 3, 4], (i) => ((i * 7) % 7) - 3);
      const b = nd([5, 1, 4], (i) => ((i * 5) % 7) - 3);
      const c = rand([1031], { seed: 1, lo: 0.5, hi: 3 }), d = rand([1031], { seed: 2, lo: -2, hi: 2 });
      for (const name of all) {
        for (const [x, y] of [[a, b], [c, d]] as const) {
          assertTensorClose(fns[name](tensorOf(x), tensorOf(y)), binaryRef(name, x, y), { rtol: 1e-6, atol: 1e-6, label: name });
        }
      }
    });
  });

  it('rank 8 (the kernel maximum) broadcasts correctly; rank 9 is refused', () => {
    tidy(() => {
      const a = rand([2, 1, 2, 1, 2, 1, 2, 1], { seed: 1 }), b = rand([1, 2, 1, 2, 1, 2, 1, 2], { seed: 2 });
      assertTensorClose(k.mul(tensorOf(a), tensorOf(b)), binaryRef('mul', a, b), { rtol: 1e-7, atol: 0, label: 'rank 8' });
      expect(() => k.add(tensor([1]), k.reshape(tensor([1]), [1, 1, 1, 1, 1, 1, 1, 1, 1]))).toThrow(/add: rank above 8 is not supported\. Received: rank 9/);
    });
  });

  it('comparisons give float32 0/1, accept int32, and record no gradient', () => {
    tidy(() => {
      const a = tensor([1, 2, 3]), b = tensor([2, 2, 2]);
      assertExact(k.equal(a, b), [3], [0, 1, 0], 'equal');
      assertExact(k.notEqual(a, b), [3], [1, 0, 1], 'notEqual');
      assertExact(k.less(a, b), [3], [1, 0, 0], 'less');
      assertExact(k.lessEqual(a, b), [3], [1, 1, 0], 'lessEqual');
      assertExact(k.greater(a, b), [3], [0, 0, 1], 'greater');
      assertExact(k.greaterEqual(a, b), [3], [0, 1, 1], 'greaterEqual');
      const i = tensor([1, 2, 3], undefined, 'int32');
      const y = k.equal(i, b);
      expect(y.dtype).toBe('float32');
      assertExact(y, [3], [0, 1, 0], 'equal(int32, float32)');
      assertExact(grads((t) => k.greater(t, b))([a])[0]!, [3], [0, 0, 0], 'd greater/da');
    });
  });

  it('maximum and minimum propagate NaN from either side; comparisons with NaN are false (notEqual true)', () => {
    tidy(() => {
      const a = tensor([NaN, 1, NaN]), b = tensor([0, NaN, NaN]);
      assertExact(k.maximum(a, b), [3], [NaN, NaN, NaN], 'maximum');
      assertExact(k.minimum(a, b), [3], [NaN, NaN, NaN], 'minimum');
      assertExact(k.add(a, b), [3], [NaN, NaN, NaN], 'add');
      assertExact(k.equal(a, b), [3], [0, 0, 0], 'equal');
      assertExact(k.notEqual(a, b), [3], [1, 1, 1], 'notEqual');
      assertExact(k.greaterEqual(a, b), [3], [0, 0, 0], 'greaterEqual');
    });
  });

  it('division by zero and pow edge cases follow IEEE / C pow', () => {
    tidy(() => {
      assertExact(k.div(tensor([1, -1, 0]), tensor([0, 0, 0])), [3], [Infinity, -Infinity, NaN], 'div');
      assertExact(k.pow(tensor([0, 2, -8, -2, 4]), tensor([0, -1, 3, 0.5, 0.5])), [5], [1, 0.5, -512, NaN, 2], 'pow');
    });
  });

  it('shape and dtype errors name the op and what was received', () => {
    tidy(() => {
      expect(() => k.add(tensor([[1, 2, 3]]), tensor([1, 2]))).toThrow(/add: shapes cannot be broadcast together\. Received: a\.shape=\[1,3\], b\.shape=\[2\]/);
      expect(() => k.mul(tensor([1]), tensor([1], undefined, 'int32'))).toThrow(/mul: expected float32 tensors\. Received: a\.dtype=float32, b\.dtype=int32/);
    });
  });
});
