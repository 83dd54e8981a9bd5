// ReduceLROnPlateau on synthetic logs. Expected learning rates were produced by Keras 3.15's
// ReduceLROnPlateau with a fake model, as in early_stopping.test.ts.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallbackList, ReduceLROnPlateau } from '../../ts/callbacks/index.js';
import { ValueError } from '../../ts/errors.js';
import { FakeModel, FakeOptimizer, runEpochs, seq } from './fake_model.js';

afterEach(() => vi.restoreAllMocks());

/** Runs the epochs and returns [logged learning_rate, rate after each epoch]. */
async function run(values: number[], lr: number, args: ConstructorParameters<typeof ReduceLROnPlateau>[0]) {
  const model = new FakeModel();
  model.optimizer = new FakeOptimizer(lr);
  const cb = new ReduceLROnPlateau({ monitor: 'loss', ...args });
  cb.setModel(model);
  cb.onTrainBegin();
  const logged: number[] = [], after: number[] = [];
  values.forEach((v, e) => {
    const logs: Record<string, number> = { loss: v };
    cb.onEpochEnd(e, logs);
    logged.push(logs.learning_rate!);
    after.push(model.optimizer!.learningRate);
  });
  return { logged, after, cb, opt: model.optimizer };
}

describe('ReduceLROnPlateau', () => {
  it('multiplies by factor after patience epochs, then waits out the cooldown', async () => {
    const { logged, after } = await run([1, 1, 1, 1, 1, 1, 1], 1, { factor: 0.5, patience: 1, cooldown: 2 });
    expect(logged).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25, 0.125]);
    expect(after).toEqual([1, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125]);
  });

  it('counts improvements only beyond minDelta (default 1e-4)', async () => {
    const { after } = await run([1, 0.99995, 0.9, 0.9, 0.9], 1, { factor: 0.5, patience: 2 });
    expect(after).toEqual([1, 1, 1, 1, 0.5]);
    const loose = await run([1, 0.99995, 0.9, 0.9, 0.9], 1, { factor: 0.5, patience: 2, minDelta: 0 });
    expect(loose.after).toEqual([1, 1, 1, 1, 0.5]);
    const strict = await run([1, 0.99, 0.98, 0.97], 1, { factor: 0.5, patience: 2, minDelta: 0.05 });
    expect(strict.after).toEqual([1, 1, 0.5, 0.5]);
  });

  it('never goes below minLr, and stops reducing once there', async () => {
    const { logged, after, opt } = await run([1, 1, 1, 1, 1, 1], 0.01, { factor: 0.1, patience: 1, minLr: 0.005 });
    expect(logged).toEqual([Math.fround(0.01), Math.fround(0.01), Math.fround(0.005), Math.fround(0.005), Math.fround(0.005), Math.fround(0.005)]);
    expect(after.at(-1)).toBe(Math.fround(0.005));
    // One reduction only: at minLr (compared in float32) nothing is written any more.
    expect(opt.sets).toEqual([0.005]);
  });

  it("adds learning_rate to the epoch logs, which later callbacks (History) see", async () => {
    const model = new FakeModel();
    model.optimizer = new FakeOptimizer(0.5);
    const cbs = new CallbackList([new ReduceLROnPlateau({ monitor: 'loss', patience: 0, factor: 0.5 })], { addHistory: true, model });
    await runEpochs(cbs, model, seq('loss', [3, 3, 3]));
    expect(cbs.history.history.learning_rate).toEqual([0.5, 0.5, 0.25]);
  });

  it("maximizes in mode 'max' and for accuracy in 'auto'", async () => {
    const model = new FakeModel();
    model.optimizer = new FakeOptimizer(1);
    const cb = new ReduceLROnPlateau({ monitor: 'val_accuracy', patience: 1, factor: 0.5 });
    await runEpochs(cb, model, seq('val_accuracy', [0.5, 0.6, 0.7, 0.7]));
    expect(model.optimizer.learningRate).toBe(0.5);
  });

  it('prints each reduction with verbose 1', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    await run([1, 1], 0.1, { factor: 0.5, patience: 1, verbose: 1 });
    expect(out).toEqual([`\nEpoch 2: ReduceLROnPlateau reducing learning rate to ${Math.fround(0.1) * 0.5}.\n`]);
  });

  it('warns when the monitored metric is missing and leaves the rate alone', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const model = new FakeModel();
    model.optimizer = new FakeOptimizer(1);
    await runEpochs(new ReduceLROnPlateau({ patience: 0 }), model, seq('loss', [1, 1, 1]));
    expect(model.optimizer.learningRate).toBe(1);
    expect(warn.mock.calls[0]![0]).toBe(
      'Learning rate reduction conditioned on metric `val_loss` which is not available. Available metrics are: loss,learning_rate',
    );
  });

  it('rejects a factor >= 1, bad counts, and a model without an optimizer', async () => {
    expect(() => new ReduceLROnPlateau({ factor: 1 })).toThrow(/factor >= 1.0.*Received: factor=1/);
    expect(() => new ReduceLROnPlateau({ factor: -0.5 })).toThrow(ValueError);
    expect(() => new ReduceLROnPlateau({ cooldown: -1 })).toThrow(/Received: cooldown=-1/);
    expect(() => new ReduceLROnPlateau({ minLr: -1 })).toThrow(/Received: minLr=-1/);
    const model = new FakeModel();
    model.optimizer = undefined;
    await expect(runEpochs(new ReduceLROnPlateau({ monitor: 'loss' }), model, seq('loss', [1]))).rejects.toThrow(/compile\(\) first/);
  });
});
