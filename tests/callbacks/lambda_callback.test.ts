import { describe, expect, it } from 'vitest';
import { CallbackList, LambdaCallback } from '../../ts/callbacks/index.js';
import { ValueError } from '../../ts/errors.js';
import { FakeModel, runEpochs } from './fake_model.js';

describe('LambdaCallback', () => {
  it('calls the given functions with the hook arguments', async () => {
    const calls: string[] = [];
    const cb = new LambdaCallback({
      onTrainBegin: () => void calls.push('train_begin'),
      onEpochBegin: (e) => void calls.push(`epoch_begin ${e}`),
      onEpochEnd: (e, logs) => void calls.push(`epoch_end ${e} ${logs.loss}`),
      onTrainEnd: () => void calls.push('train_end'),
    });
    await runEpochs(cb, new FakeModel(), [{ loss: 0.5 }, { loss: 0.25 }]);
    expect(calls).toEqual(['train_begin', 'epoch_begin 0', 'epoch_end 0 0.5', 'epoch_begin 1', 'epoch_end 1 0.25', 'train_end']);
  });

  it('awaits async functions and ignores values returned by sync ones', async () => {
    const calls: number[] = [];
    const cbs = new CallbackList([
      new LambdaCallback({ onTrainBatchEnd: async (b) => { await new Promise((r) => setTimeout(r, 5)); calls.push(b); } }),
      new LambdaCallback({ onTrainBatchEnd: (b) => calls.push(b * 10) }), // returns a number
    ]);
    await cbs.onTrainBatchEnd(1, {});
    await cbs.onTrainBatchEnd(2, {});
    expect(calls).toEqual([1, 10, 2, 20]);
  });

  it('only the given hooks take part in the batch loop', () => {
    const cb = new LambdaCallback({ onTrainBatchBegin: () => {} });
    expect(Object.hasOwn(cb, 'onTrainBatchBegin')).toBe(true);
    expect(Object.hasOwn(cb, 'onTrainBatchEnd')).toBe(false);
  });

  it('rejects unknown hook names and non-functions', () => {
    expect(() => new LambdaCallback({ on_epoch_end: () => {} } as never)).toThrow(/unknown hook 'on_epoch_end'.*onEpochEnd/);
    expect(() => new LambdaCallback({ onEpochEnd: 3 } as never)).toThrow(ValueError);
  });
});
