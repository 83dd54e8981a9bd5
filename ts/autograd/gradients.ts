// The public autograd API, in tfjs's shapes: grad, grads, valueAndGrad(s), variableGrads,
// and a GradientTape in the Keras/TF style.

import { backend } from '../../bindings/index.js';
import { ValueError, fmt } from '../errors.js';
import { engine, Tape } from '../tensor/engine.js';
import { Tensor } from '../tensor/tensor.js';
import { backward, computeGradients, recordOn } from './backprop.js';
import { Variable } from './variable.js';
import { checkOptions } from '../utils/options.js';

/**
 * Frees the value `f` returned, unless it existed before `f` ran (tensor ids only grow):
 * `f` may return one of its inputs or a tensor it captured, which the caller still owns.
 */
function releaseValue(value: Tensor, firstId: number): void {
  if (value.id > firstId) value.dispose();
}

/** `grad(f)(x)` = d f(x) / dx. */
export function grad(f: (x: Tensor) => Tensor): (x: Tensor, dy?: Tensor) => Tensor {
  return (x, dy) => {
    const firstId = engine.newId();
    const { value, grads } = computeGradients(() => f(x), [x], dy);
    releaseValue(value, firstId);
    return grads[0]!;
  };
}

/** `grads(f)([a, b])` = [∂f/∂a, ∂f/∂b]. */
export function grads(f: (...xs: Tensor[]) => Tensor): (xs: Tensor[], dy?: Tensor) => Tensor[] {
  return (xs, dy) => {
    const firstId = engine.newId();
    const { value, grads: g } = computeGradients(() => f(...xs), xs, dy);
    releaseValue(value, firstId);
    return g;
  };
}

/** Like {@link grad}, also returning f(x): `valueAndGrad(f)(x)` → `{ value, grad }` (tfjs `tf.valueAndGrad`). */
export function valueAndGrad(f: (x: Tensor) => Tensor): (x: Tensor, dy?: Tensor) => { value: Tensor; grad: Tensor } {
  return (x, dy) => {
    const { value, grads: g } = computeGradients(() => f(x), [x], dy);
    return { value, grad: g[0]! };
  };
}

/**
 * Like {@link grads}, also returning f(...xs): `valueAndGrads(f)(xs)` → `{ value, grads }` (tfjs `tf.valueAndGrads`).
 */
export function valueAndGrads(f: (...xs: Tensor[]) => Tensor): (xs: Tensor[], dy?: Tensor) => { value: Tensor; grads: Tensor[] } {
  return (xs, dy) => computeGradients(() => f(...xs), xs, dy);
}

/**
 * Gradients of the scalar `f()` with respect to `varList` (default: every trainable
 * variable `f` reads is not discoverable, so pass the list; models do).
 */
export function variableGrads(f: () => Tensor, varList: readonly Variable[]): { value: Tensor; grads: Map<Variable, Tensor> } {
  const vars = varList.filter((v) => v.trainable);
  const firstId = engine.newId();
  const { value, grads: g } = computeGradients(f, vars);
  if (value.size !== 1) {
    releaseValue(value, firstId);
    g.forEach((t) => t.dispose());
    throw new ValueError(`variableGrads: f must return a scalar. Received: shape=${fmt(value.shape)}`);
  }
  return { value, grads: new Map(vars.map((v, i) => [v, g[i]!])) };
}

/**
 * A TF-style tape: `const loss = tape.run(() => …)` records (trainable variables are
 * watched automatically, other tensors via `watch`), then `tape.gradient(loss, sources)`
 * differentiates. As in TF, a tape gives one set of gradients and then releases its
 * recording; `new GradientTape({ persistent: true })` allows several `gradient()` calls
 * and is released with `dispose()`.
 *
 * Record the model with `model.apply(x, { training })` (Keras `model(x)`) inside `run`;
 * `predict`/`predictOnBatch` never record and refuse to run inside an active tape.
 *
 * @example
 * ```ts
 * const w = variable(tensor([[1], [2]]));
 * const x = tensor([[1, 1], [2, 0]]);
 * const tape = new GradientTape();
 * const loss = tape.run(() => mean(square(matmul(x, w)))); // 6.5; w is watched (a trainable variable)
 * const [dw] = tape.gradient(loss, [w]); // [[7], [3]]
 * ```
 */
export class GradientTape {
  private readonly tape = new Tape(true);
  private used = false;
  private differentiated = false;
  /**
   * Whether `gradient()` may be called more than once (default false; TensorFlow `GradientTape(persistent=True)`).
   */
  readonly persistent: boolean;

  constructor(opts: { persistent?: boolean } = {}) {
    checkOptions('GradientTape', opts, ['persistent']);
    this.persistent = opts.persistent ?? false;
  }

  /** Records operations on these tensors too (trainable variables are watched automatically). */
  watch(...ts: Tensor[]): void {
    for (const t of ts) this.tape.tracked.add(t.id);
  }

  /** Records `fn`; what it returns (a tensor, or arrays/objects of tensors) survives. */
  run<T>(fn: () => T): T {
    if (this.used) throw new ValueError('GradientTape.run: a tape records once; create a new GradientTape.');
    this.used = true;
    return recordOn(this.tape, fn);
  }

  /**
   * Gradients of `target` with respect to each of `sources` (an optional `dy` seeds the output gradient). Once only unless `persistent`.
   */
  gradient(target: Tensor, sources: readonly Tensor[], dy?: Tensor): Tensor[] {
    if (!this.used) throw new ValueError('GradientTape.gradient: nothing recorded; call tape.run(() => loss) first.');
    if (this.differentiated && !this.persistent) {
      throw new ValueError('GradientTape.gradient: a non-persistent GradientTape can only be used to compute one set of gradients. ' +
        'Create it with new GradientTape({ persistent: true }) to call gradient() several times. Received: a second gradient() call');
    }
    this.differentiated = true;
    return backward(this.tape, target, sources, dy, this.persistent);
  }

  /** Releases the recording without differentiating. */
  dispose(): void {
    this.tape.dispose();
  }
}

/** Runs `fn` without recording gradients (inference, metric updates). */
export function noGrad<T>(fn: () => T): T {
  return engine.withNoGrad(fn);
}

/**
 * Runs the synchronous `fn` and disposes every tensor it created except those it returns (tensors, arrays or objects of tensors) and those passed to {@link keep} (tfjs `tf.tidy`).
 *
 * @example
 * ```ts
 * const loss = tidy(() => mean(square(sub(pred, y)))); // the intermediates are freed
 * ```
 */
export function tidy<T>(fn: () => T): T {
  if (isAsyncFunction(fn)) throw asyncTidyError();
  const r = engine.tidy(fn);
  // The scope closed when the promise was returned: tensors made after the first await
  // would escape it, and tensors it freed may still be in use by the async code.
  if (r !== null && typeof r === 'object' && typeof (r as { then?: unknown }).then === 'function') throw asyncTidyError();
  return r;
}

function isAsyncFunction(fn: unknown): boolean {
  return typeof fn === 'function' && fn.constructor?.name === 'AsyncFunction';
}

function asyncTidyError(): ValueError {
  return new ValueError('tidy: the function must be synchronous. An async function returns before its tensors exist, so tidy ' +
    'cannot track them. Call tidy() inside the async code around each synchronous part. Received: an async function or a Promise');
}

/** Keeps `t` alive past the enclosing `tidy` scopes (tfjs `tf.keep`); dispose it yourself later. */
export function keep<T extends Tensor>(t: T): T {
  return engine.keep(t);
}

/**
 * Disposes a tensor, an array of tensors or the tensors of a record; ignores null/undefined (tfjs `tf.dispose`).
 */
export function dispose(x: Tensor | Tensor[] | Record<string, Tensor> | undefined | null): void {
  if (!x) return;
  if (x instanceof Tensor) x.dispose();
  else if (Array.isArray(x)) x.forEach((t) => t.dispose());
  else Object.values(x).forEach((t) => t.dispose());
}

/** Live tensors and WASM bytes, for leak checks (tfjs `memory()`). */
export function memory(): {
  numTensors: number; numBytes: number; numBuffers: number; wasmMemoryBytes: number; bytesCached: number; allocatorCalls: number;
} {
  const m = backend().memoryInfo();
  return {
    numTensors: engine.numTensors, numBytes: m.bytesInUse, numBuffers: m.liveBuffers, wasmMemoryBytes: m.memoryBytes,
    bytesCached: m.bytesCached, allocatorCalls: m.allocatorCalls,
  };
}
