// ModelCheckpoint as in Keras 3: path templates from the epoch and the logs, saveBestOnly
// against the monitored value (and initialValueThreshold), saveFreq in batches, weights-only
// files; every file it writes loads back into the model it saved.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Sequential } from '../../../ts/models/sequential.js';
import { input } from '../../../ts/layers/input_layer.js';
import * as layers from '../../../ts/layers/index.js';
import * as optimizers from '../../../ts/optimizers/index.js';
import { ModelCheckpoint } from '../../../ts/callbacks/model_checkpoint.js';
import { Callback, type Logs } from '../../../ts/callbacks/callback.js';
import { tensor } from '../../../ts/tensor/creation.js';
import { setSeed } from '../../../ts/tensor/random.js';
import { loadModel } from '../../../ts/saving/api.js';
import type { Tensor } from '../../../ts/tensor/tensor.js';

const work = mkdtempSync(join(tmpdir(), 'kerasm-ckpt-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function setup() {
  setSeed(3);
  const x = tensor(Array.from({ length: 40 }, (_, i) => [Math.sin(i), Math.cos(i * 0.3)]));
  const y = tensor(Array.from({ length: 40 }, (_, i) => [Math.sin(i) * 0.5 - 0.2]));
  const m = new Sequential([input({ shape: [2] }), layers.dense({ units: 6, activation: 'tanh' }), layers.dense({ units: 1 })]);
  m.compile({ optimizer: new optimizers.Adam({ learningRate: 0.05 }), loss: 'mse' });
  return { m, x, y };
}

/** Records each epoch's logs and the model's prediction at that point. */
class Recorder extends Callback {
  logs: Logs[] = [];
  preds: Float32Array[] = [];
  constructor(private readonly x: Tensor) { super(); }
  override onEpochEnd(_e: number, logs: Logs) {
    this.logs.push({ ...logs });
    const p = (this.model as unknown as Sequential).predictOnBatch(this.x) as Tensor;
    this.preds.push(p.dataSync() as Float32Array);
    p.dispose();
  }
}

describe('ModelCheckpoint', () => {
  it('fills the path template per epoch and each file reloads to that epoch\'s model', async () => {
    const { m, x, y } = setup();
    const dir = join(work, 'every');
    const rec = new Recorder(x);
    await m.fit(x, y, { epochs: 3, batchSize: 10, verbose: 0, callbacks: [rec, new ModelCheckpoint({ filepath: join(dir, 'm-{epoch:02d}-{loss:.4f}.keras'), monitor: 'loss' })] });
    const files = readdirSync(dir).sort();
    expect(files).toEqual(rec.logs.map((l, i) => `m-0${i + 1}-${l.loss!.toFixed(4)}.keras`));
    for (let i = 0; i < 3; i++) {
      const back = await loadModel(join(dir, files[i]!));
      const p = back.predictOnBatch(x) as Tensor;
      expect(p.dataSync()).toEqual(rec.preds[i]);
      p.dispose();
      back.dispose();
    }
  });

  it('saveBestOnly writes only improving epochs; initialValueThreshold must be beaten first', async () => {
    const { m, x, y } = setup();
    const rec = new Recorder(x);
    const path = join(work, 'best.keras');
    const saves: number[] = [];
    class Watch extends Callback {
      override onEpochEnd(epoch: number) { if (existsSync(path)) saves.push(epoch); }
    }
    // Threshold 0: no mse can beat it, so nothing is ever written.
    const none = join(work, 'never.keras');
    await m.fit(x, y, { epochs: 4, batchSize: 10, verbose: 0, callbacks: [rec, new ModelCheckpoint({ filepath: path, monitor: 'loss', saveBestOnly: true }), new Watch(), new ModelCheckpoint({ filepath: none, monitor: 'loss', saveBestOnly: true, initialValueThreshold: 0 })] });
    expect(existsSync(none)).toBe(false);
    const losses = rec.logs.map((l) => l.loss!);
    const bestEpoch = losses.indexOf(Math.min(...losses));
    const back = await loadModel(path);
    const p = back.predictOnBatch(x) as Tensor;
    expect(p.dataSync()).toEqual(rec.preds[bestEpoch]);
    p.dispose();
    back.dispose();
    expect(saves.length).toBe(4);
  });

  it('saveFreq counts batches across epochs; saveWeightsOnly writes .weights.h5', async () => {
    const { m, x, y } = setup();
    const dir = join(work, 'freq');
    let atSave: (Float32Array | Int32Array)[] = [];
    let epochNow = 0;
    class Snap extends Callback {
      override onEpochBegin(e: number) { epochNow = e; }
      override onTrainBatchEnd(b: number) { if (epochNow === 1 && b === 1) atSave = m.getWeights(); }
    }
    await m.fit(x, y, { epochs: 2, batchSize: 10, verbose: 0, callbacks: [new Snap(), new ModelCheckpoint({ filepath: join(dir, 'w-{epoch}-{batch}.weights.h5'), saveWeightsOnly: true, saveFreq: 3 })] });
    // 4 batches per epoch, a save every 3 batches: after batches 3 and 6 (epoch 2, batch 2).
    expect(readdirSync(dir).sort()).toEqual(['w-1-3.weights.h5', 'w-2-2.weights.h5']);
    const fresh = setup().m;
    await fresh.loadWeights(join(dir, 'w-2-2.weights.h5'));
    expect(fresh.getWeights()).toEqual(atSave);
    expect(fresh.getWeights()).not.toEqual(m.getWeights());
  });

  it('rejects bad arguments as Keras does', () => {
    expect(() => new ModelCheckpoint({ filepath: 'x.h5', saveWeightsOnly: true })).toThrow(/must end in `.weights.h5`/);
    expect(() => new ModelCheckpoint({ filepath: 'x.txt' })).toThrow(/must end in `.keras`/);
    expect(() => new ModelCheckpoint({ filepath: 'x.keras', saveFreq: 0 })).toThrow(/saveFreq/);
    expect(() => new ModelCheckpoint({ filepath: 'x.keras', save_best_only: true } as never)).toThrow(/did you mean 'saveBestOnly'/);
  });
});
