// Variables: tensors with stable storage that optimizers update in place.

import { ValueError, fmt } from '../errors.js';
import { shapesEqual } from '../tensor/shape.js';
import { Storage } from '../tensor/storage.js';
import { Tensor } from '../tensor/tensor.js';
import { engine } from '../tensor/engine.js';

let nextVar = 0;

/**
 * A mutable tensor with stable storage: layer weights and optimizer slots (Keras `keras.Variable`, tfjs `tf.Variable`). Lives until disposed explicitly, whatever `tidy` scope created it. `GradientTape` watches trainable variables automatically.
 *
 * @example
 * ```ts
 * const w = new Variable(zeros([3, 2]), { name: 'w' });
 * const next = tidy(() => add(w, 1));
 * w.assign(next); // in place: same buffer, now all ones
 * next.dispose();
 * w.dispose(); // variables are not freed by tidy
 * ```
 */
export class Variable extends Tensor {
  /** Name (default `variable_<n>`); layers name their weights `kernel`, `bias`, …. */
  readonly name: string;
  /** Whether optimizers and `GradientTape` treat it as trainable (default true). */
  trainable: boolean;

  /** Copies `initial` into a new variable; the variable owns its own buffer. */
  constructor(initial: Tensor, opts: { name?: string; trainable?: boolean } = {}) {
    const s = Storage.alloc(initial.size, initial.dtype, 'Variable');
    s.mutable = true;
    s.buf.view().set(initial.buf.view().subarray(0, initial.size));
    super(s, initial.shape, initial.dtype);
    // A variable lives until disposed explicitly, whatever scope created it.
    engine.keep(this);
    this.name = opts.name ?? `variable_${nextVar++}`;
    this.trainable = opts.trainable ?? true;
  }

  override get isTrainableVariable(): boolean {
    return this.trainable;
  }

  /** Overwrites the value in place (same shape and dtype). */
  assign(value: Tensor): void {
    if (!shapesEqual(value.shape, this.shape) || value.dtype !== this.dtype) {
      throw new ValueError(`Variable '${this.name}'.assign: expected shape=${fmt(this.shape)} dtype=${this.dtype}. ` +
        `Received: shape=${fmt(value.shape)} dtype=${value.dtype}`);
    }
    if (value.buf !== this.buf) this.buf.view().set(value.buf.view().subarray(0, value.size));
  }
}

/** `new Variable(initial, { trainable, name })`: copies `initial` into a new variable (tfjs `tf.variable`). */
export function variable(initial: Tensor, trainable = true, name?: string): Variable {
  return new Variable(initial, { trainable, name });
}
