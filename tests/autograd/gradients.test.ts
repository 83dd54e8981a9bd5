// The functional autograd API (ts/autograd/gradients.ts): grad, grads, valueAndGrad(s),
// variableGrads; seeds (dy), accumulation, unconnected sources, noGrad, int32 sources, and
// chains through the shape ops.

import { describe, expect, it } from 'vitest';
import {
  grad, grads, memory, noGrad, tidy, valueAndGrad, valueAndGrads, variableGrads,
} from '../../ts/autograd/gradients.js';
import { variable } from '../../ts/autograd/variable.js';
import * as k from '../../ts/ops/index.js';
import { ones, range, scalar, tensor } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import { assertExact, assertTensorClose } from '../helpers/assert_close.js';
import { gradcheck, rand, tensorOf } from '../helpers/gradcheck.js';
import { concatRef, matmulRef, nd, reduceRef, reshapeRef, sliceRef, transposeRef, unaryRef, zipRef, type NDArray } from '../helpers/reference.js';

describe('grad / grads / valueAndGrad(s)', () => {
  it('grad: d/dx Σx³ = 3x²; the default seed is ones, an explicit dy scales it', () => {
    tidy(() => {
      const x = tensor([-2, 0.5, 3]);
      assertExact(grad((t) => k.sum(k.powScalar(t, 3)))(x), [3], [12, 0.75, 27], 'Σx³');
      assertExact(grad((t) => k.square(t))(x), [3], [-4, 1, 6], 'x² with ones');
      assertExact(grad((t) => k.square(t))(x, tensor([1, 2, -1])), [3], [-4, 2, -6], 'x² with dy');
    });
  });

  it('grads: one gradient per input, in order', () => {
    tidy(() => {
      const [ga, gb] = grads((a, b) => k.sum(k.mul(a, k.square(b))))([tensor([1, 2]), tensor([3, 4])]);
      assertExact(ga!, [2], [9, 16], 'd/da');
      assertExact(gb!, [2], [6, 16], 'd/db');
    });
  });

  it('valueAndGrad(s) return the value too', () => {
    tidy(() => {
      const { value, grad: g } = valueAndGrad((t) => k.sum(k.square(t)))(tensor([3, 4]));
      assertExact(value, [], [25], 'value');
      assertExact(g, [2], [6, 8], 'grad');
      const r = valueAndGrads((a, b) => k.mul(a, b))([tensor([2]), tensor([5])]);
      assertExact(r.value, [1], [10], 'value');
      assertExact(r.grads[0]!, [1], [5], 'd/da');
      assertExact(r.grads[1]!, [1], [2], 'd/db');
    });
  });

  it('a tensor used more than once accumulates: f = x·x + x gives 2x + 1', () => {
    tidy(() => {
      assertExact(grad((x) => k.add(k.mul(x, x), x))(tensor([-1, 0, 2.5])), [3], [-1, 1, 6], 'x·x + x');
      // A diamond: y = exp(x); f = y·y + sin(y)·y → f' = (2y + sin y + y·cos y)·y.
      const x0 = nd([4], [-1, -0.2, 0.3, 1.1]);
      gradcheck({ name: 'diamond', op: (x) => { const y = k.exp(x); return k.add(k.mul(y, y), k.mul(k.sin(y), y)); },
        ref: (x) => zipRef([unaryRef('exp', x)], (y) => y * y + Math.sin(y) * y), inputs: [x0] });
    });
  });

  it('an input the value does not depend on gets zeros of its shape', () => {
    tidy(() => {
      const [ga, gb] = grads((a, _b) => k.sum(k.square(a)))([tensor([1, 2]), tensor([[1, 2, 3]])]);
      assertExact(ga!, [2], [2, 4], 'connected');
      assertExact(gb!, [1, 3], [0, 0, 0], 'unconnected');
      assertExact(grad(() => scalar(5))(tensor([1, 2])), [2], [0, 0], 'constant function');
    });
  });

  it('noGrad and stopGradient cut the flow; comparisons have no gradient', () => {
    tidy(() => {
      const x = tensor([1, 2, 3]);
      assertExact(grad((t) => k.add(noGrad(() => k.square(t)), t))(x), [3], [1, 1, 1], 'noGrad');
      assertExact(grad((t) => k.mul(k.stopGradient(k.square(t)), t))(x), [3], [1, 4, 9], 'stopGradient');
      assertExact(grad((t) => k.mul(k.greater(t, 1.5), t))(x), [3], [0, 1, 1], 'mask·x');
    });
  });

  it('f returning its input or a captured tensor: gradient as expected, and that tensor is not disposed', () => {
    tidy(() => {
      const x = tensor([1, 2]), c = tensor([5, 6]);
      assertExact(grad((t) => t)(x), [2], [1, 1], 'd x/dx');
      expect(x.isDisposed).toBe(false);
      const [g] = grads((t) => t)([x]);
      assertExact(g!, [2], [1, 1], 'grads identity');
      expect(x.isDisposed).toBe(false);
      assertExact(grad(() => c)(x), [2], [0, 0], 'captured constant');
      expect(c.isDisposed).toBe(false);
      const w = variable(tensor([1, 2]));
      expect(() => variableGrads(() => w, [w])).toThrow(/f must return a scalar/);
      expect(w.isDisposed).toBe(false);
      w.dispose();
    });
  });

  it('gradients flow through reshape, transpose, concat and slice chains', () => {
    const a = rand([2, 3], { seed: 1 }), b = rand([2, 2], { seed: 2 });
    gradcheck({
      name: 'shape-op chain',
      op: (x, y) => {
        const c = k.concat([k.transpose(k.reshape(x, [3, 2])), y], 1); // [2, 5]
        return k.mul(k.slice(c, [0, 1], [2, 3]), k.sum(k.square(c), 1, true));
      },
      ref: (x, y) => {
        const c = concatRef([transposeRef(reshapeRef(x, [3, 2])), y], 1);
        return zipRef([sliceRef(c, [0, 1], [2, 3]), reduceRef('sum', unaryRef('square', c), 1, true)], (p, q) => p * q);
      },
      inputs: [a, b],
    });
  });

  it('a small MLP: gradients of every parameter (gradcheck)', () => {
    const ref = (x: NDArray, w1: NDArray, w2: NDArray) => reduceRef('mean', unaryRef('square', matmulRef(unaryRef('tanh', matmulRef(x, w1)), w2)));
    gradcheck({
      name: 'mlp', op: (x, w1, w2) => k.mean(k.square(k.matmul(k.tanh(k.matmul(x, w1)), w2))), ref,
      inputs: [rand([4, 3], { seed: 1 }), rand([3, 5], { seed: 2, lo: -1, hi: 1 }), rand([5, 2], { seed: 3, lo: -1, hi: 1 })],
    });
  });

  it('gradient linearity: ∇(a·f + b·g) = a·∇f + b·∇g', () => {
    tidy(() => {
      const x = tensorOf(rand([5], { seed: 4, lo: 0.2, hi: 2 }));
      const f = (t: Tensor) => k.sum(k.mul(k.sin(t), k.log(t)));
      const g = (t: Tensor) => k.sum(k.sqrt(t));
      const lhs = grad((t) => k.add(k.mulScalar(f(t), 2.5), k.mulScalar(g(t), -1.5)))(x);
      const rhs = k.add(k.mulScalar(grad(f)(x), 2.5), k.mulScalar(grad(g)(x), -1.5));
      assertTensorClose(lhs, nd([5], rhs.dataSync()), { rtol: 1e-6, atol: 1e-6, label: 'linearity' });
    });
  });
});

describe('variableGrads', () => {
  it('differentiates a scalar with respect to the trainable variables it reads', () => {
    const w = variable(tensor([1, 2]), true, 'w'), b = variable(scalar(0.5), true, 'b'), frozen = variable(tensor([3, 3]), false, 'f');
    tidy(() => {
      const { value, grads: g } = variableGrads(() => k.sum(k.add(k.mul(k.mul(w, w), frozen), b)), [w, b, frozen]);
      assertExact(value, [], [16], 'value');
      expect([...g.keys()]).toEqual([w, b]);
      assertExact(g.get(w)!, [2], [6, 12], 'd/dw');
      assertExact(g.get(b)!, [], [2], 'd/db (broadcast)');
    });
    [w, b, frozen].forEach((v) => v.dispose());
  });

  it('rejects a non-scalar value and leaves nothing behind', () => {
    const w = variable(tensor([1, 2]));
    tidy(() => k.add(ones([1]), 1)); // allocate lazy scratch before counting
    const before = memory();
    expect(() => variableGrads(() => k.square(w), [w])).toThrow(/variableGrads: f must return a scalar\. Received: shape=\[2\]/);
    const after = memory();
    expect([after.numTensors, after.numBuffers]).toEqual([before.numTensors, before.numBuffers]);
    w.dispose();
  });
});

describe('autograd errors', () => {
  it('int32 sources are rejected', () => {
    tidy(() => {
      expect(() => grad((t) => k.cast(t, 'float32'))(tensor([1], undefined, 'int32'))).toThrow(/gradients: sources must be float32\. Received: dtype=int32 for Tensor\(shape=\[1\]\)/);
    });
  });

  it('dy must match the value shape; f must return a tensor', () => {
    tidy(() => {
      expect(() => grad((t) => k.square(t))(tensor([1, 2]), tensor([1]))).toThrow(/gradients: dy must have the value's shape \[2\]\. Received: dy\.shape=\[1\]/);
      expect(() => grad(() => 3 as unknown as Tensor)(tensor([1]))).toThrow(/gradients: the function must return a Tensor\. Received: 3/);
    });
  });

  it('an error inside f leaves no tensors or buffers behind', () => {
    tidy(() => k.add(ones([1]), 1));
    const before = memory();
    expect(() => grad((t) => { k.exp(t); throw new Error('inside f'); })(range(0, 4))).toThrow('inside f');
    const after = memory();
    // range(0, 4) itself was created outside the tape: it is the one extra tensor.
    expect(after.numTensors - before.numTensors).toBe(1);
    expect(after.numBuffers - before.numBuffers).toBe(1);
  });
});
