// Builds a callback from plain functions (Keras `callbacks/lambda_callback.py`).

import { ValueError, fmt } from '../errors.js';
import { Callback, type Logs } from './callback.js';

// Any return value is accepted (`(b) => seen.push(b)` is handy); only promises are awaited.
type IndexedHook = (index: number, logs: Logs) => unknown;
type PlainHook = (logs: Logs) => unknown;

/** Any hook of `Callback`, given as a function. */
export interface LambdaCallbackArgs {
  /** Called as {@link Callback.onTrainBegin}. */
  onTrainBegin?: PlainHook;
  /** Called as {@link Callback.onTrainEnd}. */
  onTrainEnd?: PlainHook;
  /** Called as {@link Callback.onEpochBegin} with (epoch, logs). */
  onEpochBegin?: IndexedHook;
  /** Called as {@link Callback.onEpochEnd} with (epoch, logs). */
  onEpochEnd?: IndexedHook;
  /** Called as {@link Callback.onTrainBatchBegin} with (batch, logs). */
  onTrainBatchBegin?: IndexedHook;
  /** Called as {@link Callback.onTrainBatchEnd} with (batch, logs). */
  onTrainBatchEnd?: IndexedHook;
  /** Alias of `onTrainBatchBegin` (Keras `on_batch_begin`). */
  onBatchBegin?: IndexedHook;
  /** Alias of `onTrainBatchEnd` (Keras `on_batch_end`). */
  onBatchEnd?: IndexedHook;
  /** Called as {@link Callback.onTestBegin}. */
  onTestBegin?: PlainHook;
  /** Called as {@link Callback.onTestEnd}. */
  onTestEnd?: PlainHook;
  /** Called as {@link Callback.onTestBatchBegin} with (batch, logs). */
  onTestBatchBegin?: IndexedHook;
  /** Called as {@link Callback.onTestBatchEnd} with (batch, logs). */
  onTestBatchEnd?: IndexedHook;
  /** Called as {@link Callback.onPredictBegin}. */
  onPredictBegin?: PlainHook;
  /** Called as {@link Callback.onPredictEnd}. */
  onPredictEnd?: PlainHook;
  /** Called as {@link Callback.onPredictBatchBegin} with (batch, logs). */
  onPredictBatchBegin?: IndexedHook;
  /** Called as {@link Callback.onPredictBatchEnd} with (batch, logs). */
  onPredictBatchEnd?: IndexedHook;
}

const HOOKS: readonly (keyof LambdaCallbackArgs)[] = [
  'onTrainBegin', 'onTrainEnd', 'onEpochBegin', 'onEpochEnd', 'onTrainBatchBegin', 'onTrainBatchEnd',
  'onBatchBegin', 'onBatchEnd', 'onTestBegin', 'onTestEnd', 'onTestBatchBegin', 'onTestBatchEnd',
  'onPredictBegin', 'onPredictEnd', 'onPredictBatchBegin', 'onPredictBatchEnd',
];

/**
 * A callback made of functions, for simple custom callbacks written on the fly.
 *
 * Each function is called with the same arguments as the `Callback` hook of the same name
 * (`(epoch, logs)`, `(batch, logs)` or `(logs)`) and may return a promise. Hooks that are not
 * given do nothing and, for per-batch hooks, cost nothing.
 *
 * @param hooks Functions keyed by hook name, e.g. `onEpochEnd`.
 * @example
 * ```ts
 * const printBatch = new callbacks.LambdaCallback({
 *   onTrainBatchBegin: (batch) => console.log(batch),
 *   onEpochEnd: (epoch, logs) => console.log(epoch, logs.loss),
 * });
 * ```
 */
export class LambdaCallback extends Callback {
  constructor(hooks: LambdaCallbackArgs = {}) {
    super();
    for (const [name, fn] of Object.entries(hooks)) {
      if (!HOOKS.includes(name as keyof LambdaCallbackArgs)) {
        throw new ValueError(`LambdaCallback: unknown hook '${name}'. Expected one of: ${HOOKS.join(', ')}. Received: ${name}`);
      }
      if (fn === undefined) continue;
      if (typeof fn !== 'function') {
        throw new ValueError(`LambdaCallback: \`${name}\` must be a function. Received: ${name}=${fmt(fn)}`);
      }
      // An own property shadows the no-op on the prototype, which is how CallbackList tells
      // which hooks are in use.
      Object.defineProperty(this, name, { value: fn, writable: true, configurable: true });
    }
  }
}
