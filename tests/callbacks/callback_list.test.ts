import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  Callback, CallbackList, History, LambdaCallback, ProgbarLogger, type Logs,
} from '../../ts/callbacks/index.js';
import { ValueError } from '../../ts/errors.js';
import { FakeModel } from './fake_model.js';

afterEach(() => vi.restoreAllMocks());

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Logs `name:hook` for every hook; the epoch-end hook takes `delay` ms when async. */
class Recorder extends Callback {
  constructor(private readonly name: string, private readonly log: string[], private readonly delay = 0) {
    super();
  }
  override onTrainBegin() { this.log.push(`${this.name}:train_begin`); }
  override onEpochBegin(e: number) { this.log.push(`${this.name}:epoch_begin ${e}`); }
  override async onEpochEnd(e: number) {
    this.log.push(`${this.name}:epoch_end ${e} start`);
    if (this.delay) await tick(this.delay);
    this.log.push(`${this.name}:epoch_end ${e} done`);
  }
  override async onTrainBatchEnd(b: number) {
    if (this.delay) await tick(this.delay);
    this.log.push(`${this.name}:batch_end ${b}`);
  }
  override onTrainEnd() { this.log.push(`${this.name}:train_end`); }
}

describe('CallbackList', () => {
  it('calls hooks in list order and awaits each before the next', async () => {
    const log: string[] = [];
    const cbs = new CallbackList([new Recorder('a', log, 10), new Recorder('b', log)]);
    await cbs.onTrainBegin({});
    await cbs.onEpochBegin(0, {});
    await cbs.onTrainBatchEnd(0, {});
    await cbs.onEpochEnd(0, {});
    await cbs.onTrainEnd({});
    expect(log).toEqual([
      'a:train_begin', 'b:train_begin', 'a:epoch_begin 0', 'b:epoch_begin 0',
      'a:batch_end 0', 'b:batch_end 0',
      'a:epoch_end 0 start', 'a:epoch_end 0 done', 'b:epoch_end 0 start', 'b:epoch_end 0 done',
      'a:train_end', 'b:train_end',
    ]);
  });

  it('passes one logs object along, so keys added by a callback reach the following ones', async () => {
    const seen: Logs[] = [];
    const cbs = new CallbackList([
      new LambdaCallback({ onEpochEnd: (_e, logs) => void (logs.extra = 1) }),
      new LambdaCallback({ onEpochEnd: (_e, logs) => void seen.push({ ...logs }) }),
    ]);
    await cbs.onEpochEnd(0, { loss: 2 });
    expect(seen).toEqual([{ loss: 2, extra: 1 }]);
  });

  it('adds History and ProgbarLogger at the end when asked, unless present', () => {
    const cb = new Callback();
    const both = new CallbackList([cb], { addHistory: true, addProgbar: true });
    expect(both.callbacks[0]).toBe(cb);
    expect(both.callbacks[1]).toBeInstanceOf(History);
    expect(both.callbacks[2]).toBeInstanceOf(ProgbarLogger);
    const mine = new ProgbarLogger({ write: () => {} });
    const one = new CallbackList([mine], { addProgbar: true });
    expect(one.callbacks).toEqual([mine]);
    expect(new CallbackList([], {}).callbacks).toEqual([]);
  });

  it('gives every callback the model and the params, also when appended later', () => {
    const model = new FakeModel();
    const params = { epochs: 3, steps: 10, samples: 300, verbose: 0 as const, batchSize: 32 };
    const a = new Callback(), b = new Callback();
    const cbs = new CallbackList([a], { model, params, addHistory: true });
    cbs.append(b);
    for (const cb of [a, b, cbs.history]) {
      expect(cb.model).toBe(model);
      expect(cb.params).toBe(params);
    }
  });

  it('a callback without a model explains how to get one', () => {
    expect(() => new Callback().model).toThrow(/no model is set/);
  });

  it('rejects entries that are neither Callbacks nor plain objects of hooks', () => {
    class NotACallback { onEpochEnd() {} }
    expect(() => new CallbackList([new NotACallback() as never])).toThrow(ValueError);
    expect(() => new CallbackList([new NotACallback() as never])).toThrow(/callback 0 is not a Callback instance.*LambdaCallback. Received: NotACallback/);
    expect(() => new CallbackList([42 as never])).toThrow(/Received: 42/);
    expect(() => new CallbackList('onEpochEnd' as never)).toThrow(/must be an array of Callback instances.*Received: 'onEpochEnd'/);
  });

  it('wraps tfjs-style plain objects of hooks (alone or in the array) in LambdaCallbacks', async () => {
    const calls: string[] = [];
    const single = new CallbackList({ onEpochEnd: (e: number, logs: { loss?: number }) => void calls.push(`single ${e} ${logs.loss}`) });
    const mixed = new CallbackList([new LambdaCallback({ onEpochEnd: (e) => void calls.push(`lambda ${e}`) }),
      { onTrainBatchEnd: (b: number) => void calls.push(`batch ${b}`) }]);
    expect(single.callbacks[0]).toBeInstanceOf(LambdaCallback);
    await single.onEpochEnd(3, { loss: 0.5 });
    await mixed.onTrainBatchEnd(1, {});
    await mixed.onEpochEnd(2, {});
    expect(calls).toEqual(['single 3 0.5', 'batch 1', 'lambda 2']);
  });

  it('a plain object with an unknown hook names the hook and the entry', () => {
    expect(() => new CallbackList([new Callback(), { onYield: () => {} } as never]))
      .toThrow(/callback 1 is an object of hook functions.*unknown hook 'onYield'/);
    expect(() => new CallbackList({ onEpochEnd: 1 } as never)).toThrow(/`onEpochEnd` must be a function. Received: onEpochEnd=1/);
  });

  describe('per-batch fast path', () => {
    it('with no callback overriding a batch hook, returns one resolved promise and calls nothing', async () => {
      const base = vi.spyOn(Callback.prototype, 'onTrainBatchBegin');
      const cbs = new CallbackList([new Callback(), new LambdaCallback({ onEpochEnd: () => {} })], { addHistory: true });
      const p = cbs.onTrainBatchBegin(0, {});
      expect(cbs.onTrainBatchBegin(1, {})).toBe(p);
      expect(cbs.onTrainBatchEnd(1, {})).toBe(p);
      expect(cbs.onTestBatchEnd(1, {})).toBe(p);
      expect(cbs.onPredictBatchBegin(1, {})).toBe(p);
      await p;
      expect(base).not.toHaveBeenCalled();
    });

    it('calls only the callbacks that override the hook; synchronous ones before returning', async () => {
      const calls: string[] = [];
      const cbs = new CallbackList([
        new LambdaCallback({ onTrainBatchEnd: (b) => void calls.push(`x${b}`) }),
        new Callback(),
        new LambdaCallback({ onTrainBatchBegin: (b) => void calls.push(`y${b}`) }),
      ]);
      const p = cbs.onTrainBatchEnd(4, {});
      expect(calls).toEqual(['x4']); // ran synchronously, no await needed
      await p;
      await cbs.onTrainBatchBegin(5, {});
      expect(calls).toEqual(['x4', 'y5']);
    });

    it('a legacy onBatchEnd override counts as a train-batch-end hook', async () => {
      const batches: number[] = [];
      class Legacy extends Callback {
        override onBatchEnd(batch: number) { batches.push(batch); }
      }
      const cbs = new CallbackList([new Legacy()]);
      await cbs.onTrainBatchEnd(2, {});
      await cbs.onTestBatchEnd(3, {});
      expect(batches).toEqual([2]);
    });

    it('sees hooks assigned after construction from the next onTrainBegin', async () => {
      const cb = new Callback();
      const cbs = new CallbackList([cb]);
      const batches: number[] = [];
      cb.onTrainBatchEnd = (b: number) => void batches.push(b);
      await cbs.onTrainBegin({});
      await cbs.onTrainBatchEnd(9, {});
      expect(batches).toEqual([9]);
    });

    it('turns a throwing synchronous hook into a rejected promise', async () => {
      const cbs = new CallbackList([new LambdaCallback({ onTrainBatchEnd: () => { throw new Error('boom'); } })]);
      const p = cbs.onTrainBatchEnd(0, {});
      expect(p).toBeInstanceOf(Promise);
      await expect(p).rejects.toThrow('boom');
    });
  });
});
