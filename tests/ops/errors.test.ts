// Bad input across the op layer: every error names the op (or the function), says what was
// expected, and gives what was received after `Received:` (style.md §3.1.3).

import { describe, expect, it } from 'vitest';
import { tidy } from '../../ts/autograd/gradients.js';
import { variable } from '../../ts/autograd/variable.js';
import { DisposedError, ValueError } from '../../ts/errors.js';
import * as k from '../../ts/ops/index.js';
import { fill, ones, range, tensor, zeros } from '../../ts/tensor/creation.js';

/** Asserts `f` throws a `type` whose message starts with `op:` and contains `Received:` and `parts`. */
function expectError(f: () => unknown, type: new (...a: never[]) => Error, op: string, ...parts: (string | RegExp)[]): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err, `${op}: expected an error`).toBeInstanceOf(type);
  const msg = (err as Error).message;
  expect(msg.startsWith(`${op}:`), `message should start with "${op}:": ${msg}`).toBe(true);
  expect(msg).toContain('Received:');
  for (const p of parts) expect(msg).toMatch(p);
}

describe('error messages', () => {
  it('shape mismatch in add', () => {
    tidy(() => expectError(() => k.add(ones([2, 3]), ones([4])), ValueError, 'add', 'shapes cannot be broadcast together', 'a.shape=[2,3], b.shape=[4]'));
  });

  it('dtype mismatch in binary ops, matmul and concat', () => {
    tidy(() => {
      const i = tensor([1, 2], undefined, 'int32');
      expectError(() => k.sub(ones([2]), i), ValueError, 'sub', 'expected float32 tensors', 'a.dtype=float32, b.dtype=int32');
      expectError(() => k.matmul(ones([2, 2]), k.reshape(range(0, 4, 1, 'int32'), [2, 2])), ValueError, 'matmul', 'operands must be float32', 'b.dtype=int32');
      expectError(() => k.concat([ones([2]), i]), ValueError, 'concat', 'all inputs must match', 'dtypes float32, int32');
      expectError(() => k.sigmoid(i), ValueError, 'sigmoid', 'expected a float32 tensor', 'dtype=int32');
    });
  });

  it('axis out of range in sum, softmax and concat', () => {
    tidy(() => {
      expectError(() => k.sum(ones([2, 3]), 2), ValueError, 'sum', 'axis must be an integer in [-2, 2)', 'axis=2 for a rank-2 tensor');
      expectError(() => k.softmax(ones([2, 3]), -3), ValueError, 'softmax', 'axis must be an integer in [-2, 2)', 'axis=-3');
      expectError(() => k.concat([ones([2]), ones([2])], 1), ValueError, 'concat', 'axis must be an integer in [-1, 1)', 'axis=1');
      expectError(() => k.sum(ones([2]), 0.5), ValueError, 'sum', 'axis=0.5');
    });
  });

  it('a disposed tensor passed to an op', () => {
    tidy(() => {
      const x = ones([2, 2]);
      x.dispose();
      expectError(() => k.relu(x), DisposedError, 'relu', 'disposed', 'shape=[2,2]');
      expectError(() => k.add(ones([2, 2]), x), DisposedError, 'add', 'disposed');
      expectError(() => k.matmul(x, ones([2, 2])), DisposedError, 'matmul', 'disposed');
      expectError(() => k.concat([ones([2, 2]), x]), DisposedError, 'concat', 'disposed');
      expect(() => x.dataSync()).toThrow(DisposedError);
      expect(() => x.dataSync()).toThrow(/has been disposed/);
    });
  });

  it('a ragged nested array given to tensor()', () => {
    expectError(() => tensor([[1, 2], [3]]), ValueError, 'tensor', 'ragged nested array', 'expected length 2 at depth 1', '[3]');
    expectError(() => tensor([[1, 2], 3] as never), ValueError, 'tensor', 'ragged');
    expectError(() => tensor([1, [2]] as never), ValueError, 'tensor', 'values must be numbers');
    expectError(() => tensor([1, 2, 3], [2, 2]), ValueError, 'tensor', 'shape [2,2] holds 4 values', '3 values');
    expectError(() => tensor([1], undefined, 'float64' as 'float32'), ValueError, 'tensor', 'dtype must be one of float32, int32', "dtype='float64'");
  });

  it('reshape to a wrong size, bad shapes and bad creation arguments', () => {
    tidy(() => {
      expectError(() => k.reshape(ones([2, 3]), [5]), ValueError, 'reshape', 'cannot reshape a tensor of shape [2,3] (size 6) into [5]', 'shape=[5]');
      expectError(() => zeros([2, -1]), ValueError, 'fill', 'shape must be an array of non-negative integers', 'shape=[2,-1]');
      expectError(() => fill([2], 1, 'bool' as 'float32'), ValueError, 'fill', "dtype='bool'");
      expectError(() => range(0, 5, 0), ValueError, 'range', 'step must be a non-zero finite number', 'step=0');
      expectError(() => k.add(ones([1]), 'x' as never), ValueError, 'add', "expected a Tensor, a number or an array", "'x'");
    });
  });

  it('Variable.assign with the wrong shape or dtype', () => {
    tidy(() => {
      const v = variable(ones([2, 2]), true, 'w');
      expectError(() => v.assign(ones([4])), ValueError, "Variable 'w'.assign", 'expected shape=[2,2] dtype=float32', 'shape=[4] dtype=float32');
      expectError(() => v.assign(tensor([[1, 2], [3, 4]], undefined, 'int32')), ValueError, "Variable 'w'.assign", 'dtype=int32');
      v.dispose();
    });
  });
});
