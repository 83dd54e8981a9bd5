import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallbackList, TerminateOnNaN } from '../../ts/callbacks/index.js';
import { FakeModel } from './fake_model.js';

afterEach(() => vi.restoreAllMocks());

describe('TerminateOnNaN', () => {
  it('stops training on a NaN or infinite loss, after printing which batch', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    for (const bad of [Number.NaN, Infinity, -Infinity]) {
      const model = new FakeModel();
      const cbs = new CallbackList([new TerminateOnNaN()], { model });
      await cbs.onTrainBatchEnd(0, { loss: 0.5 });
      expect(model.stopTraining).toBe(false);
      await cbs.onTrainBatchEnd(7, { loss: bad });
      expect(model.stopTraining).toBe(true);
    }
    expect(out).toEqual(Array(3).fill('Batch 7: Invalid loss, terminating training\n'));
  });

  it('ignores logs without a loss', () => {
    const model = new FakeModel();
    const cb = new TerminateOnNaN();
    cb.setModel(model);
    cb.onTrainBatchEnd(0, { accuracy: Number.NaN });
    expect(model.stopTraining).toBe(false);
  });

  it('throws with raiseError', async () => {
    const model = new FakeModel();
    const cbs = new CallbackList([new TerminateOnNaN({ raiseError: true })], { model });
    await expect(cbs.onTrainBatchEnd(3, { loss: Number.NaN })).rejects.toThrow(
      'NaN or Inf loss encountered at batch 3. Loss value: nan. Terminating training immediately.',
    );
    expect(model.stopTraining).toBe(false);
  });
});
