// keras.io "Writing your own callbacks": the order of every hook and the keys of its logs in
// fit (with validation), evaluate and predict must be Keras's. Also: onTrainEnd gets the last
// logs; a model runs one fit/evaluate/predict at a time (calls from callbacks are nested and
// allowed); a disposed model refuses every call.

import { describe, expect, it } from 'vitest';
import { Model } from '../../ts/models/model.js';
import * as layers from '../../ts/layers/index.js';
import { input } from '../../ts/layers/input_layer.js';
import { Callback, type Logs } from '../../ts/callbacks/callback.js';
import { ProgbarLogger } from '../../ts/callbacks/progbar_logger.js';
import { DisposedError } from '../../ts/errors.js';
import { zeros, ones } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import { ref } from './reference.js';

const R = ref.callbacks;

class Recorder extends Callback {
  events: [string, string[]][] = [];
  private rec(name: string, logs?: Logs) {
    this.events.push([name, Object.keys(logs ?? {}).sort()]);
  }
  override onTrainBegin(l: Logs) { this.rec('on_train_begin', l); }
  override onTrainEnd(l: Logs) { this.rec('on_train_end', l); }
  override onEpochBegin(_e: number, l: Logs) { this.rec('on_epoch_begin', l); }
  override onEpochEnd(_e: number, l: Logs) { this.rec('on_epoch_end', l); }
  override onTestBegin(l: Logs) { this.rec('on_test_begin', l); }
  override onTestEnd(l: Logs) { this.rec('on_test_end', l); }
  override onPredictBegin(l: Logs) { this.rec('on_predict_begin', l); }
  override onPredictEnd(l: Logs) { this.rec('on_predict_end', l); }
  override onTrainBatchBegin(_b: number, l: Logs) { this.rec('on_train_batch_begin', l); }
  override onTrainBatchEnd(_b: number, l: Logs) { this.rec('on_train_batch_end', l); }
  override onTestBatchBegin(_b: number, l: Logs) { this.rec('on_test_batch_begin', l); }
  override onTestBatchEnd(_b: number, l: Logs) { this.rec('on_test_batch_end', l); }
  override onPredictBatchBegin(_b: number, l: Logs) { this.rec('on_predict_batch_begin', l); }
  override onPredictBatchEnd(_b: number, l: Logs) { this.rec('on_predict_batch_end', l); }
}

function model(): Model {
  const inp = input({ shape: [2] });
  const m = new Model({ inputs: inp, outputs: layers.dense({ units: 1 }).apply(inp) });
  m.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae'] });
  return m;
}

describe('Writing your own callbacks: hook order and logs', () => {
  it('fit with validation, evaluate and predict call the hooks Keras calls, in order, with its log keys', async () => {
    const m = model();
    const x = zeros([4, 2]), y = zeros([4, 1]);
    let rec = new Recorder();
    await m.fit(x, y, { epochs: 1, batchSize: 2, validationData: [x, y], verbose: 0, callbacks: [rec] });
    expect(rec.events).toEqual(R.fit);
    rec = new Recorder();
    await m.evaluate(x, y, { batchSize: 2, callbacks: [rec] });
    expect(rec.events).toEqual(R.evaluate);
    rec = new Recorder();
    const p = (await m.predict(x, { batchSize: 2, callbacks: [rec] })) as Tensor;
    expect(rec.events).toEqual(R.predict);
    [x, y, p].forEach((t) => t.dispose());
    m.dispose();
  });

  it('onTrainEnd receives the last epoch logs', async () => {
    const m = model();
    const x = ones([4, 2]), y = ones([4, 1]);
    let end: Logs | undefined, lastEpoch: Logs | undefined;
    const cb = new (class extends Callback {
      override onEpochEnd(_e: number, l: Logs) { lastEpoch = l; }
      override onTrainEnd(l: Logs) { end = l; }
    })();
    await m.fit(x, y, { epochs: 2, verbose: 0, validationSplit: 0.5, callbacks: [cb] });
    expect(end).toEqual(lastEpoch);
    expect(Object.keys(end!).sort()).toEqual(['loss', 'mae', 'val_loss', 'val_mae']);
    [x, y].forEach((t) => t.dispose());
    m.dispose();
  });
});

describe('verbose in evaluate and predict', () => {
  it('an explicit verbose shows progress; the default is silent', async () => {
    const m = model();
    const x = ones([4, 2]), y = ones([4, 1]);
    const run = async (verbose: 0 | 2 | undefined, what: 'evaluate' | 'predict') => {
      const out: string[] = [];
      const logger = new ProgbarLogger({ write: (s: string) => void out.push(s), tty: false });
      const args = { batchSize: 2, callbacks: [logger], ...(verbose === undefined ? {} : { verbose }) };
      if (what === 'evaluate') await m.evaluate(x, y, args);
      else ((await m.predict(x, args)) as Tensor).dispose();
      return out.join('');
    };
    expect(await run(2, 'evaluate')).toMatch(/loss: .*mae: /);
    expect(await run(undefined, 'evaluate')).toBe('');
    expect(await run(0, 'evaluate')).toBe('');
    expect(await run(2, 'predict')).toMatch(/2\/2/);
    expect(await run(undefined, 'predict')).toBe('');
    [x, y].forEach((t) => t.dispose());
    m.dispose();
  });
});

describe('one run at a time, and disposed models', () => {
  it('a second fit/evaluate/predict while fit runs is rejected; a callback may evaluate', async () => {
    const m = model();
    const x = ones([64, 2]), y = ones([64, 1]);
    let nested: unknown;
    const cb = new (class extends Callback {
      override async onEpochEnd() {
        nested = await m.evaluate(x, y, { returnDict: true });
      }
    })();
    const run = m.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, callbacks: [cb] });
    await expect(m.fit(x, y, { verbose: 0 })).rejects.toThrow(/is already running fit\(\)/);
    await expect(m.evaluate(x, y)).rejects.toThrow(/evaluate: model '.*' is already running fit\(\)/);
    await expect(m.predict(x)).rejects.toThrow(/already running fit/);
    expect(() => m.trainOnBatch(x, y)).toThrow(/trainOnBatch: .*already running fit/);
    const h = await run;
    expect(h.history.loss!.length).toBe(2);
    expect(Object.keys(nested as object).sort()).toEqual(['loss', 'mae']);
    // once finished, the model is free again
    expect(await m.evaluate(x, y)).toHaveLength(2);
    [x, y].forEach((t) => t.dispose());
    m.dispose();
  });

  it('a disposed model refuses every call with DisposedError', async () => {
    const m = model();
    const x = ones([2, 2]), y = ones([2, 1]);
    m.dispose();
    await expect(m.fit(x, y, { verbose: 0 })).rejects.toThrow(DisposedError);
    await expect(m.evaluate(x, y)).rejects.toThrow(DisposedError);
    await expect(m.predict(x)).rejects.toThrow(DisposedError);
    expect(() => m.predictOnBatch(x)).toThrow(DisposedError);
    expect(() => m.apply(x)).toThrow(DisposedError);
    expect(() => m.trainOnBatch(x, y)).toThrow(DisposedError);
    expect(() => m.compile({ optimizer: 'sgd', loss: 'mse' })).toThrow(DisposedError);
    expect(() => m.getWeights()).toThrow(DisposedError);
    expect(() => m.setWeights([])).toThrow(DisposedError);
    expect(() => m.summary({ print: () => {} })).toThrow(DisposedError);
    [x, y].forEach((t) => t.dispose());
  });
});
