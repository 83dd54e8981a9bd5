// cast (ts/ops/cast.ts): float32 → int32 truncates toward zero (NaN → 0), int32 → float32 is
// exact below 2^24, the gradient passes float → float and stops at int32, and errors.

import { describe, expect, it } from 'vitest';
import { grad, tidy } from '../../ts/autograd/gradients.js';
import * as k from '../../ts/ops/index.js';
import { tensor } from '../../ts/tensor/creation.js';
import { assertExact } from '../helpers/assert_close.js';
import { gradcheck, rand, tensorOf } from '../helpers/gradcheck.js';
import { castRef, nd } from '../helpers/reference.js';

describe('cast', () => {
  it('float32 → int32 truncates toward zero and maps NaN to 0', () => {
    tidy(() => {
      const x = nd([9], [1.7, -1.7, 0.5, -0.5, 2, -2, 1e6 + 0.5, NaN, -0]);
      const y = k.cast(tensorOf(x), 'int32');
      expect(y.dtype).toBe('int32');
      assertExact(y, [9], castRef(x, 'int32').data, 'cast int32');
    });
  });

  it('int32 → float32 is exact, on a 1029-element array too', () => {
    tidy(() => {
      const v = Array.from({ length: 1029 }, (_, i) => (i - 514) * 16381);
      const y = k.cast(tensor(Int32Array.from(v), [1029]), 'float32');
      expect(y.dtype).toBe('float32');
      assertExact(y, [1029], v, 'cast float32');
    });
  });

  it('the gradient passes through float32 → float32 (gradcheck) and is zero through int32', () => {
    gradcheck({ name: 'cast float32', op: (x) => k.cast(x, 'float32'), ref: (x) => x, inputs: [rand([3, 4], { seed: 1 })], fwdRtol: 0, fwdAtol: 0 });
    tidy(() => {
      assertExact(grad((x) => k.mul(k.cast(k.cast(x, 'int32'), 'float32'), x))(tensor([1.5, -2.5])), [2], [1, -2], 'round trip stops');
    });
  });

  it('same-dtype casts are copies (a new tensor with the same values)', () => {
    tidy(() => {
      const i = tensor([1, 2], undefined, 'int32');
      const j = k.cast(i, 'int32');
      expect(j).not.toBe(i);
      i.dispose();
      assertExact(j, [2], [1, 2], 'int32 → int32');
    });
  });

  it('rejects unknown dtypes with the value received', () => {
    tidy(() => {
      expect(() => k.cast(tensor([1]), 'float64' as 'float32')).toThrow(/cast: dtype must be 'float32' or 'int32'\. Received: dtype='float64'/);
    });
  });
});
