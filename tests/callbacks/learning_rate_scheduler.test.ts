import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallbackList, LearningRateScheduler } from '../../ts/callbacks/index.js';
import { ValueError } from '../../ts/errors.js';
import { FakeModel, FakeOptimizer, runEpochs, seq } from './fake_model.js';

afterEach(() => vi.restoreAllMocks());

describe('LearningRateScheduler', () => {
  it('sets the rate from schedule(epoch, lr) at the start of each epoch', async () => {
    const model = new FakeModel();
    model.optimizer = new FakeOptimizer(1);
    const seen: [number, number][] = [];
    const sched = new LearningRateScheduler((epoch, lr) => {
      seen.push([epoch, lr]);
      return epoch < 2 ? lr : lr / 2;
    });
    const cbs = new CallbackList([sched], { addHistory: true, model });
    await runEpochs(cbs, model, seq('loss', [1, 1, 1, 1]));
    expect(seen).toEqual([[0, 1], [1, 1], [2, 1], [3, 0.5]]);
    expect(model.optimizer.learningRate).toBe(0.25);
    // learning_rate in the logs is the rate used during the epoch.
    expect(cbs.history.history.learning_rate).toEqual([1, 1, 0.5, 0.25]);
  });

  it('accepts a schedule of the epoch only', async () => {
    const model = new FakeModel();
    await runEpochs(new LearningRateScheduler((epoch) => 0.1 * (epoch + 1)), model, seq('loss', [1, 1, 1]));
    expect(model.optimizer!.sets).toEqual([0.1, 0.2, 0.30000000000000004]);
  });

  it('prints the new rate with verbose 1', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    const model = new FakeModel();
    await runEpochs(new LearningRateScheduler((e) => [0.5, 1e-5, 2][e]!, 1), model, seq('loss', [1, 1, 1]));
    expect(out).toEqual([
      '\nEpoch 1: LearningRateScheduler setting learning rate to 0.5.\n',
      '\nEpoch 2: LearningRateScheduler setting learning rate to 1e-05.\n',
      '\nEpoch 3: LearningRateScheduler setting learning rate to 2.0.\n',
    ]);
  });

  it('rejects a schedule that is not a function or returns a non-number', async () => {
    expect(() => new LearningRateScheduler(0.1 as never)).toThrow(ValueError);
    const bad = new LearningRateScheduler(() => '0.1' as never);
    await expect(runEpochs(bad, new FakeModel(), seq('loss', [1]))).rejects.toThrow(/should be a finite number. Got: '0.1'/);
    const nan = new LearningRateScheduler(() => Number.NaN);
    await expect(runEpochs(nan, new FakeModel(), seq('loss', [1]))).rejects.toThrow(/Got: NaN/);
  });
});
