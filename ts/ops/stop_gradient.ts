// stopGradient: the same values, with no gradient flowing back.

import { toTensor, type TensorLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { reshape } from './reshape.js';
import { engine } from '../tensor/engine.js';

/** The same values, with no gradient flowing back to `x` (Keras `ops.stop_gradient`). */
export function stopGradient(x: TensorLike): Tensor {
  const t = toTensor(x, 'stopGradient');
  return engine.withNoGrad(() => reshape(t, t.shape));
}
