// EarlyStopping on synthetic epoch logs. Expected epochs/best values were produced by Keras
// 3.15's EarlyStopping driven the same way (a fake model, numpy backend):
//   cb = EarlyStopping(monitor=key, ...); cb.set_model(m); cb.on_train_begin()
//   for e, v in enumerate(values): (stop if m.stop_training) m.w = [e]; cb.on_epoch_end(e, {key: v})
//   cb.on_train_end()

import { afterEach, describe, expect, it, vi } from 'vitest';
import { EarlyStopping } from '../../ts/callbacks/index.js';
import { ValueError } from '../../ts/errors.js';
import { FakeModel, runEpochs, seq } from './fake_model.js';

afterEach(() => vi.restoreAllMocks());

async function run(values: number[], args: ConstructorParameters<typeof EarlyStopping>[0], key = 'loss') {
  const model = new FakeModel();
  const cb = new EarlyStopping({ monitor: key, ...args });
  const ran = await runEpochs(cb, model, seq(key, values));
  return { ran, cb, model };
}

describe('EarlyStopping', () => {
  it('stops after `patience` epochs without improvement', async () => {
    const { ran, cb, model } = await run([1, 0.9, 0.95, 0.94, 0.93, 0.5], { patience: 2 });
    expect(ran).toBe(4);
    expect(cb.stoppedEpoch).toBe(3);
    expect(cb.best).toBe(0.9);
    expect(cb.bestEpoch).toBe(1);
    expect(cb.wait).toBe(2);
    expect(model.stopTraining).toBe(true);
    // Without restoreBestWeights the last weights stay.
    expect(Array.from(model.weights[0]!)).toEqual([3, -3]);
  });

  it('patience 0 stops at the first epoch without improvement', async () => {
    const { ran, cb } = await run([1, 0.9, 0.95, 0.5], {});
    expect(ran).toBe(3);
    expect(cb.stoppedEpoch).toBe(2);
  });

  it('minDelta: changes smaller than minDelta are not improvements', async () => {
    const { ran, cb } = await run([1, 0.995, 0.99, 0.98], { minDelta: 0.01, patience: 2 });
    expect(ran).toBe(3);
    expect(cb.best).toBe(1);
    expect(cb.bestEpoch).toBe(0);
    // The sign of minDelta does not matter (Keras takes abs).
    const neg = await run([1, 0.995, 0.99, 0.98], { minDelta: -0.01, patience: 2 });
    expect(neg.ran).toBe(3);
  });

  it('baseline: improvements below the baseline do not reset the wait', async () => {
    const withBaseline = await run([0.5, 0.6, 0.55, 0.9], { baseline: 0.9, patience: 2 }, 'val_accuracy');
    expect(withBaseline.ran).toBe(3);
    expect(withBaseline.cb.stoppedEpoch).toBe(2);
    expect(withBaseline.cb.best).toBe(0.6);
    expect(withBaseline.cb.wait).toBe(3);
    const without = await run([0.5, 0.6, 0.55, 0.9], { patience: 2 }, 'val_accuracy');
    expect(without.ran).toBe(4);
    expect(without.cb.stoppedEpoch).toBe(0);
    const beaten = await run([0.5, 0.95, 0.94, 0.93, 0.92], { baseline: 0.9, patience: 2 }, 'val_accuracy');
    expect(beaten.ran).toBe(4);
    expect(beaten.cb.best).toBe(0.95);
  });

  it("mode 'auto' maximizes accuracy-like metrics and minimizes losses and errors", async () => {
    // Rising values: an improvement when maximizing, none when minimizing.
    const rising = [0.1, 0.2, 0.3, 0.4];
    for (const key of ['accuracy', 'val_accuracy', 'val_acc', 'auc', 'val_sparse_categorical_accuracy', 'out1_accuracy', 'precision']) {
      expect((await run(rising, {}, key)).ran, key).toBe(4);
    }
    for (const key of ['loss', 'val_loss', 'val_mae', 'mse', 'out1_loss', 'val_categorical_crossentropy']) {
      expect((await run(rising, {}, key)).ran, key).toBe(2);
    }
  });

  it("mode 'min' and 'max' override the name", async () => {
    const max = await run([1, 2, 1.5, 1.2], { mode: 'max', patience: 1 });
    expect(max.ran).toBe(3);
    expect(max.cb.best).toBe(2);
    const min = await run([0.9, 0.8, 0.85], { mode: 'min' }, 'val_accuracy');
    expect(min.ran).toBe(3);
    expect(min.cb.best).toBe(0.8);
  });

  it("mode 'auto' with an unknown metric asks for a mode, unless the model's metrics say", async () => {
    await expect(run([1, 2], {}, 'my_score')).rejects.toThrow(/monitor=my_score.*mode: 'max'/);
    const model = new FakeModel();
    model.metrics = [{ name: 'my_score', direction: 'up' }];
    const cb = new EarlyStopping({ monitor: 'val_my_score' });
    expect(await runEpochs(cb, model, seq('val_my_score', [1, 2, 3]))).toBe(3);
  });

  it('restoreBestWeights restores the best epoch after an early stop', async () => {
    const { ran, model, cb } = await run([1, 0.5, 0.7, 0.8, 0.9], { patience: 2, restoreBestWeights: true });
    expect(ran).toBe(4);
    expect(cb.bestEpoch).toBe(1);
    expect(Array.from(model.weights[0]!)).toEqual([1, -1]);
  });

  it('restoreBestWeights also restores when training was not stopped (Keras 3)', async () => {
    const { ran, model, cb } = await run([1, 0.5, 0.7, 0.8], { patience: 5, restoreBestWeights: true });
    expect(ran).toBe(4);
    expect(cb.stoppedEpoch).toBe(0);
    expect(Array.from(model.weights[0]!)).toEqual([1, -1]);
  });

  it('restoreBestWeights keeps a snapshot, not a live view', async () => {
    const model = new FakeModel();
    const cb = new EarlyStopping({ monitor: 'loss', patience: 3, restoreBestWeights: true });
    cb.setModel(model);
    cb.onTrainBegin();
    model.weights = [new Float32Array([7, 7])];
    cb.onEpochEnd(0, { loss: 1 });
    model.weights[0]!.fill(9); // training mutates weights in place
    cb.onEpochEnd(1, { loss: 2 });
    cb.onTrainEnd();
    expect(Array.from(model.weights[0]!)).toEqual([7, 7]);
  });

  it('startFromEpoch ignores the warm-up epochs', async () => {
    const { ran, cb } = await run([5, 4, 3, 3, 3, 3, 3], { patience: 1, startFromEpoch: 3 });
    expect(ran).toBe(5);
    expect(cb.stoppedEpoch).toBe(4);
    expect(cb.bestEpoch).toBe(3);
    // Without a warm-up, epoch 2 is the best and epoch 3 already stops.
    const plain = await run([5, 4, 3, 3, 3, 3, 3], { patience: 1 });
    expect(plain.cb.bestEpoch).toBe(2);
    expect(plain.ran).toBe(4);
    // A long warm-up never stops.
    expect((await run([5, 4, 3, 3, 3, 3, 3], { patience: 1, startFromEpoch: 7 })).ran).toBe(7);
  });

  it('warns, listing the available keys, when the monitor is missing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const model = new FakeModel();
    const ran = await runEpochs(new EarlyStopping(), model, [{ loss: 1, accuracy: 0.5 }, { loss: 2, accuracy: 0.4 }]);
    expect(ran).toBe(2);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0]![0]).toBe(
      'Early stopping conditioned on metric `val_loss` which is not available. Available metrics are: loss,accuracy',
    );
  });

  it('is reset by onTrainBegin, so one instance serves several fits', async () => {
    const model = new FakeModel();
    const cb = new EarlyStopping({ monitor: 'loss', patience: 1 });
    expect(await runEpochs(cb, model, seq('loss', [1, 2, 3, 4]))).toBe(2);
    expect(await runEpochs(cb, model, seq('loss', [5, 4, 3, 2]))).toBe(4);
    expect(cb.best).toBe(2);
    expect(cb.stoppedEpoch).toBe(0);
  });

  it('prints its actions with verbose 1', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    await run([1, 0.5, 0.7, 0.8], { patience: 1, verbose: 1, restoreBestWeights: true });
    expect(out).toEqual(['Epoch 3: early stopping\n', 'Restoring model weights from the end of the best epoch: 2.\n']);
  });

  it('rejects invalid arguments with the received value', () => {
    expect(() => new EarlyStopping({ patience: -1 })).toThrow(ValueError);
    expect(() => new EarlyStopping({ patience: 1.5 })).toThrow(/Received: patience=1.5/);
    expect(() => new EarlyStopping({ mode: 'maximum' as never })).toThrow(/Received: mode='maximum'/);
    expect(() => new EarlyStopping({ monitor: '' })).toThrow(/monitor/);
    expect(() => new EarlyStopping({ baseline: Number.NaN })).toThrow(/baseline=NaN/);
  });
});
