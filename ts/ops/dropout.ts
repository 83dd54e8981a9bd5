// Inverted dropout: keep each value with probability 1 − rate and scale it by 1/(1 − rate),
// so inference needs no rescaling. The mask is reused by the gradient.

import { ValueError } from '../errors.js';
import { toTensor, type TensorLike } from '../tensor/creation.js';
import { nextStream, split64 } from '../tensor/random.js';
import { reshape } from './reshape.js';
import type { Tensor } from '../tensor/tensor.js';
import { mul } from './binary.js';
import { mulScalar } from './unary.js';
import { empty, record1 } from './op.js';
import { check, ex } from './raw.js';

/**
 * Inverted dropout: zeroes each value with probability `rate` and scales the others by 1/(1 − rate) (Keras `random.dropout`). `seed` makes the mask reproducible; the gradient reuses the mask.
 */
export function dropout(x: TensorLike, rate: number, seed?: number): Tensor {
  const t = toTensor(x, 'dropout');
  if (!(rate >= 0 && rate < 1)) throw new ValueError(`dropout: rate must be in [0, 1). Received: rate=${rate}`);
  if (t.dtype !== 'float32') throw new ValueError(`dropout: expected a float32 tensor. Received: dtype=${t.dtype}`);
  if (rate === 0) return reshape(t, t.shape);
  const y = empty(t.shape, 'float32', 'dropout');
  const mask = empty(t.shape, 'float32', 'dropout mask');
  const [sd, off] = nextStream(t.size, seed);
  const [slo, shi] = split64(sd);
  const [olo, ohi] = split64(off);
  check('dropout', ex().kx_dropout(t.buf.ptr, y.buf.ptr, mask.buf.ptr, t.size, rate, slo, shi, olo, ohi));
  record1('dropout', [t], y, (dy, _n, [m]) => {
    const g = mul(dy, m!);
    const r = mulScalar(g, 1 / (1 - rate));
    g.dispose();
    return [r];
  }, [mask]);
  mask.dispose();
  return y;
}
