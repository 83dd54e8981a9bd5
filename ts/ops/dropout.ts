// Inverted dropout: keep each value with probability 1 − rate and scale it by 1/(1 − rate),
// so inference needs no rescaling. The mask is reused by the gradient (dropout_stream.ts).

import { toTensor, type TensorLike } from '../tensor/creation.js';
import { nextStream } from '../tensor/random.js';
import { reshape } from './reshape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkDropout, dropoutFrom } from './dropout_stream.js';

/**
 * Inverted dropout: zeroes each value with probability `rate` and scales the others by 1/(1 − rate) (Keras `random.dropout`). `seed` makes the mask reproducible; the gradient reuses the mask.
 */
export function dropout(x: TensorLike, rate: number, seed?: number): Tensor {
  const t = toTensor(x, 'dropout');
  checkDropout('dropout', t, rate);
  if (rate === 0) return reshape(t, t.shape);
  return dropoutFrom(t, rate, (n) => nextStream(n, seed));
}
