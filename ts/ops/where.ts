// where(cond, a, b): elementwise select with broadcasting. The gradient routes dy to the
// chosen side; cond gets none.

import { ValueError } from '../errors.js';
import { toTensor, type TensorLike } from '../tensor/creation.js';
import { broadcastShapes, broadcastStrides } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { sumTo } from './broadcast.js';
import { cast } from './cast.js';
import { empty, record1 } from './op.js';
import { check, ex, meta } from './raw.js';
import { zerosLike } from '../tensor/creation.js';

function select(c: Tensor, a: Tensor, b: Tensor): Tensor {
  const out = broadcastShapes('where', broadcastShapes('where', c.shape, a.shape), b.shape);
  const y = empty(out, 'float32', 'where');
  const m = meta([...out, ...broadcastStrides(c.shape, out), ...broadcastStrides(a.shape, out), ...broadcastStrides(b.shape, out)]);
  check('where', ex().kx_where(c.buf.ptr, a.buf.ptr, b.buf.ptr, y.buf.ptr, out.length, m));
  return y;
}

/**
 * Elementwise `condition ? a : b` with broadcasting (nonzero counts as true; Keras `ops.where`). The gradient goes to the chosen side; `condition` gets none.
 */
export function where(condition: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const c0 = toTensor(condition, 'where');
  const c = c0.dtype === 'float32' ? c0 : cast(c0, 'float32');
  const ta = toTensor(a, 'where');
  const tb = toTensor(b, 'where');
  if (ta.dtype !== 'float32' || tb.dtype !== 'float32') {
    throw new ValueError(`where: a and b must be float32. Received: a.dtype=${ta.dtype}, b.dtype=${tb.dtype}`);
  }
  const y = select(c, ta, tb);
  record1('where', [c, ta, tb], y, (dy, needs, [sc]) => {
    const z = zerosLike(dy);
    const da = needs[1] ? sumTo(select(sc!, dy, z), ta.shape) : null;
    const db = needs[2] ? sumTo(select(sc!, z, dy), tb.shape) : null;
    return [null, da, db];
  }, [c]);
  if (c !== c0) c.dispose();
  return y;
}
