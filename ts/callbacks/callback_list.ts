// Calls every callback's hook in order, awaiting each (Keras `callbacks/callback_list.py`).
// Per-batch hooks are the hot path of fit: only callbacks that override a hook are called
// for it, and with none the hook returns an already-resolved promise without a loop.

import { ValueError, fmt } from '../errors.js';
import { Callback, type CallbackParams, type HookResult, type Logs } from './callback.js';
import { History } from './history.js';
import { LambdaCallback, type LambdaCallbackArgs } from './lambda_callback.js';
import type { ModelLike } from './model_like.js';
import { ProgbarLogger } from './progbar_logger.js';

/** Options of {@link CallbackList}: `addHistory`, `addProgbar` (both default false), `model`, `params`. */
export interface CallbackListOptions {
  /** Add a `History` unless the list has one. Default false. */
  addHistory?: boolean;
  /** Add a `ProgbarLogger` unless the list has one. Default false. */
  addProgbar?: boolean;
  /** Given to every callback with `setModel`. */
  model?: ModelLike;
  /** Given to every callback with `setParams`. */
  params?: CallbackParams;
  /**
   * Wraps the synchronous part of each callback invocation. The trainer uses it to tell a
   * model call made by a callback (nested, allowed) from a concurrent one (refused).
   */
  around?: <T>(fn: () => T) => T;
}

const direct = <T>(fn: () => T): T => fn();

/**
 * What `fit`, `evaluate` and `predict` take as callbacks: `Callback` instances, or, as in
 * tfjs-layers, plain objects of hook functions (`{ onEpochEnd: (epoch, logs) => … }`), which
 * become a {@link LambdaCallback}.
 */
export type CallbackLike = Callback | LambdaCallbackArgs;

const BATCH_HOOKS = [
  'onTrainBatchBegin', 'onTrainBatchEnd', 'onTestBatchBegin', 'onTestBatchEnd', 'onPredictBatchBegin', 'onPredictBatchEnd',
] as const;
type BatchHook = (typeof BATCH_HOOKS)[number];

const RESOLVED: Promise<void> = Promise.resolve();
const base = Callback.prototype;

/** Whether `cb` does anything in `hook` (its own method, or the legacy alias the default calls). */
function overrides(cb: Callback, hook: BatchHook): boolean {
  if (cb[hook] !== base[hook]) return true;
  if (hook === 'onTrainBatchBegin') return cb.onBatchBegin !== base.onBatchBegin;
  if (hook === 'onTrainBatchEnd') return cb.onBatchEnd !== base.onBatchEnd;
  return false;
}

function isThenable(r: unknown): r is PromiseLike<void> {
  return r !== null && typeof r === 'object' && typeof (r as { then?: unknown }).then === 'function';
}

/**
 * A list of callbacks called as one: every hook calls the same hook of each callback in order,
 * and awaits it before calling the next.
 *
 * @param callbacks The callbacks, in call order.
 * @param opts.addHistory Append a `History` if none is in the list. Default false.
 * @param opts.addProgbar Append a `ProgbarLogger` if none is in the list. Default false.
 * @param opts.model The model, passed to every callback.
 * @param opts.params Training parameters, passed to every callback.
 * @example
 * ```ts
 * // A custom training loop.
 * const cbs = new CallbackList([new callbacks.EarlyStopping({ monitor: 'loss' })], { addHistory: true, model });
 * await cbs.onTrainBegin({});
 * for (let epoch = 0; epoch < 10 && !model.stopTraining; epoch++) {
 *   await cbs.onEpochBegin(epoch, {});
 *   // … train …
 *   await cbs.onEpochEnd(epoch, { loss });
 * }
 * await cbs.onTrainEnd({});
 * ```
 */
export class CallbackList extends Callback {
  /** The callbacks, in call order (`append` adds more). */
  readonly callbacks: Callback[];
  private historyCb: History | undefined;
  private progbarCb: ProgbarLogger | undefined;
  /** For each per-batch hook, the callbacks that override it. */
  private readonly active = {} as Record<BatchHook, Callback[]>;
  private readonly around: <T>(fn: () => T) => T;

  constructor(callbacks: readonly CallbackLike[] | CallbackLike = [], opts: CallbackListOptions = {}) {
    super();
    const list = Array.isArray(callbacks) ? callbacks : isPlainObject(callbacks) ? [callbacks] : undefined;
    if (!list) {
      throw new ValueError('CallbackList: `callbacks` must be an array of Callback instances (or of objects of hook functions). ' +
        `Received: ${fmt(callbacks)}`);
    }
    this.around = opts.around ?? direct;
    this.callbacks = list.map(toCallback);
    this.historyCb = this.callbacks.find((cb): cb is History => cb instanceof History);
    this.progbarCb = this.callbacks.find((cb): cb is ProgbarLogger => cb instanceof ProgbarLogger);
    if (!this.historyCb && opts.addHistory) this.callbacks.push((this.historyCb = new History()));
    if (!this.progbarCb && opts.addProgbar) this.callbacks.push((this.progbarCb = new ProgbarLogger()));
    if (opts.model) this.setModel(opts.model);
    if (opts.params) this.setParams(opts.params);
    this.refresh();
  }

  /** The list's `History` (added with `addHistory`, or the one passed in). */
  get history(): History {
    if (!this.historyCb) throw new ValueError('CallbackList: there is no History callback; pass `addHistory: true` or a History instance.');
    return this.historyCb;
  }

  /** Adds a callback at the end, giving it the list's model and params. */
  append(cb: Callback): void {
    checkCallback(cb, this.callbacks.length);
    this.callbacks.push(cb);
    if (this.hasModel) cb.setModel(this.model);
    cb.setParams(this.params);
    if (cb instanceof History) this.historyCb ??= cb;
    this.refresh();
  }

  override setModel(model: ModelLike): void {
    super.setModel(model);
    for (const cb of this.callbacks) cb.setModel(model);
  }

  override setParams(params: CallbackParams): void {
    super.setParams(params);
    for (const cb of this.callbacks) cb.setParams(params);
  }

  /**
   * Whether any callback overrides a per-batch hook (as of the last `onTrainBegin`, `onTestBegin`,
   * `onPredictBegin` or `append`). A loop may skip calling and awaiting a hook that none uses.
   */
  usesBatchHook(hook: 'onTrainBatchBegin' | 'onTrainBatchEnd' | 'onTestBatchBegin' | 'onTestBatchEnd' | 'onPredictBatchBegin' | 'onPredictBatchEnd'): boolean {
    return this.active[hook].length > 0;
  }

  /** Recomputes which callbacks take part in each per-batch hook. */
  private refresh(): void {
    for (const hook of BATCH_HOOKS) this.active[hook] = this.callbacks.filter((cb) => overrides(cb, hook));
  }

  private async each(call: (cb: Callback) => HookResult): Promise<void> {
    for (const cb of this.callbacks) await this.around(() => call(cb));
  }

  /** Calls `hook` on the callbacks that use it; synchronous hooks never leave this loop. */
  private dispatch(hook: BatchHook, batch: number, logs: Logs | undefined): Promise<void> {
    const list = this.active[hook];
    if (list.length === 0) return RESOLVED;
    const l = logs ?? {};
    try {
      for (let i = 0; i < list.length; i++) {
        const cb = list[i]!;
        const r = this.around(() => cb[hook](batch, l));
        if (isThenable(r)) return this.finish(r, list, i + 1, hook, batch, l);
      }
    } catch (e) {
      return Promise.reject(e);
    }
    return RESOLVED;
  }

  private async finish(pending: PromiseLike<void>, list: Callback[], from: number, hook: BatchHook, batch: number, logs: Logs): Promise<void> {
    await pending;
    for (let i = from; i < list.length; i++) {
      const cb = list[i]!;
      await this.around(() => cb[hook](batch, logs));
    }
  }

  override onTrainBegin(logs: Logs = {}): Promise<void> {
    this.refresh();
    return this.each((cb) => cb.onTrainBegin(logs));
  }

  override onTrainEnd(logs: Logs = {}): Promise<void> {
    return this.each((cb) => cb.onTrainEnd(logs));
  }

  override onEpochBegin(epoch: number, logs: Logs = {}): Promise<void> {
    return this.each((cb) => cb.onEpochBegin(epoch, logs));
  }

  /** The same `logs` object goes to every callback, so keys one adds (learning_rate) reach the next. */
  override onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    return this.each((cb) => cb.onEpochEnd(epoch, logs));
  }

  override onTestBegin(logs: Logs = {}): Promise<void> {
    this.refresh();
    return this.each((cb) => cb.onTestBegin(logs));
  }

  override onTestEnd(logs: Logs = {}): Promise<void> {
    return this.each((cb) => cb.onTestEnd(logs));
  }

  override onPredictBegin(logs: Logs = {}): Promise<void> {
    this.refresh();
    return this.each((cb) => cb.onPredictBegin(logs));
  }

  override onPredictEnd(logs: Logs = {}): Promise<void> {
    return this.each((cb) => cb.onPredictEnd(logs));
  }

  override onBatchBegin(batch: number, logs?: Logs): Promise<void> {
    return this.dispatch('onTrainBatchBegin', batch, logs);
  }

  override onBatchEnd(batch: number, logs?: Logs): Promise<void> {
    return this.dispatch('onTrainBatchEnd', batch, logs);
  }

  override onTrainBatchBegin(batch: number, logs?: Logs): Promise<void> {
    return this.dispatch('onTrainBatchBegin', batch, logs);
  }

  override onTrainBatchEnd(batch: number, logs?: Logs): Promise<void> {
    return this.dispatch('onTrainBatchEnd', batch, logs);
  }

  override onTestBatchBegin(batch: number, logs?: Logs): Promise<void> {
    return this.dispatch('onTestBatchBegin', batch, logs);
  }

  override onTestBatchEnd(batch: number, logs?: Logs): Promise<void> {
    return this.dispatch('onTestBatchEnd', batch, logs);
  }

  override onPredictBatchBegin(batch: number, logs?: Logs): Promise<void> {
    return this.dispatch('onPredictBatchBegin', batch, logs);
  }

  override onPredictBatchEnd(batch: number, logs?: Logs): Promise<void> {
    return this.dispatch('onPredictBatchEnd', batch, logs);
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

// tfjs-layers' CustomCallbackArgs: a plain object of hooks, wrapped as Keras's LambdaCallback.
function toCallback(cb: unknown, i: number): Callback {
  if (!isPlainObject(cb)) {
    checkCallback(cb, i);
    return cb;
  }
  try {
    return new LambdaCallback(cb as LambdaCallbackArgs);
  } catch (e) {
    throw new ValueError(`CallbackList: callback ${i} is an object of hook functions, so it is wrapped in a LambdaCallback, which refused it: ${(e as Error).message}`);
  }
}

function checkCallback(cb: unknown, i: number): asserts cb is Callback {
  if (!(cb instanceof Callback)) {
    throw new ValueError(
      `CallbackList: callback ${i} is not a Callback instance; subclass Callback or wrap functions in LambdaCallback. Received: ${describe(cb)}`,
    );
  }
}

function describe(v: unknown): string {
  if (v === null || typeof v !== 'object') return fmt(v);
  const name = v.constructor?.name ?? 'Object';
  return `${name} {${Object.keys(v).join(', ')}}`;
}
