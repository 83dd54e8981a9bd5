import { describe, expect, it } from 'vitest';
import { CallbackList, History } from '../../ts/callbacks/index.js';
import { FakeModel, runEpochs } from './fake_model.js';

describe('History', () => {
  it('records every key of every epoch, and the epoch indices', async () => {
    const h = new History();
    await runEpochs(h, new FakeModel(), [
      { loss: 0.5, accuracy: 0.75, val_loss: 0.625 },
      { loss: 0.25, accuracy: 0.875, val_loss: 0.5 },
    ]);
    expect(h.epoch).toEqual([0, 1]);
    expect(h.history).toEqual({ loss: [0.5, 0.25], accuracy: [0.75, 0.875], val_loss: [0.625, 0.5] });
  });

  it('is added by CallbackList({addHistory}) only when none was passed', () => {
    const mine = new History();
    const a = new CallbackList([mine], { addHistory: true });
    expect(a.history).toBe(mine);
    expect(a.callbacks.filter((c) => c instanceof History)).toHaveLength(1);
    const b = new CallbackList([], { addHistory: true });
    expect(b.history).toBeInstanceOf(History);
    expect(() => new CallbackList([]).history).toThrow(/no History callback/);
  });

  it('keeps the history but restarts `epoch` on a new fit, as Keras does', async () => {
    const h = new History();
    await runEpochs(h, new FakeModel(), [{ loss: 1 }]);
    await runEpochs(h, new FakeModel(), [{ loss: 2 }]);
    expect(h.epoch).toEqual([0]);
    expect(h.history.loss).toEqual([1, 2]);
  });
});
