// Guide: docs/callbacks.md. The built-in callbacks fit takes (EarlyStopping, ReduceLROnPlateau,
// ModelCheckpoint, TensorBoard, CSVLogger, LearningRateScheduler) and writing your own.
// Usage: node examples/guides/callbacks.mjs

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sequential, input, layers, optimizers, tensor } from 'kerasm';
import { classification } from './toy_data.mjs';

const dir = mkdtempSync(join(tmpdir(), 'kerasm-callbacks-'));
// 10 % of the labels are flipped, so the validation loss stops improving after a while.
const { x, ys } = classification({ n: 600, features: 8, classes: 3, seed: 3 });
for (let i = 0; i < ys.length; i += 10) ys[i] = (ys[i] + 1) % 3;
const noisyY = tensor(ys, [ys.length], 'int32');

const makeModel = () => {
  const model = new Sequential([
    input({ shape: [8] }),
    layers.dense({ units: 64, activation: 'relu' }),
    layers.dense({ units: 3, activation: 'softmax' }),
  ]);
  model.compile({ optimizer: new optimizers.Adam({ learningRate: 0.01 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  return model;
};

// --- builtin
import { callbacks } from 'kerasm';

const model = makeModel();
const earlyStopping = new callbacks.EarlyStopping({ monitor: 'val_loss', patience: 4, restoreBestWeights: true });
const history = await model.fit(x, noisyY, {
  epochs: 100,
  batchSize: 32,
  validationSplit: 0.25,
  verbose: 0,
  callbacks: [
    earlyStopping,
    new callbacks.ReduceLROnPlateau({ monitor: 'val_loss', factor: 0.5, patience: 2, minLr: 1e-4 }),
    new callbacks.ModelCheckpoint({ filepath: join(dir, 'ckpt-{epoch:02d}-{val_loss:.3f}.keras'), saveBestOnly: true }),
    new callbacks.TensorBoard({ logDir: join(dir, 'logs'), histogramFreq: 1 }),
    new callbacks.CSVLogger(join(dir, 'training.csv')),
  ],
});
const epochs = history.history.loss.length;
console.log(`early stopping: ran ${epochs} of 100 epochs, best epoch ${earlyStopping.bestEpoch + 1}`);
console.log('learning rates:', history.history.learning_rate);      // halved on each plateau
console.log('checkpoints:', readdirSync(dir).filter((f) => f.endsWith('.keras')));
console.log('TensorBoard runs:', readdirSync(join(dir, 'logs')));   // `tensorboard --logdir <dir>/logs`
// --- end builtin

// --- schedule
// A learning rate per epoch: (epoch, currentRate) → new rate.
const warmup = new callbacks.LearningRateScheduler((epoch, lr) => (epoch < 2 ? 0.002 * (epoch + 1) : lr * 0.9));
const scheduled = await makeModel().fit(x, noisyY, { epochs: 4, verbose: 0, callbacks: [warmup] });
console.log('scheduled learning rates:', scheduled.history.learning_rate); // 0.002, 0.004, 0.0036, 0.00324
// --- end schedule

// --- custom
class LossLogger extends callbacks.Callback {
  onTrainBegin() {
    this.seen = [];
  }
  onEpochEnd(epoch, logs) {
    this.seen.push(logs.val_loss);
    if (logs.val_accuracy > 0.99) this.model.stopTraining = true;  // ends fit after this epoch
  }
  onTrainEnd() {
    console.log(`custom callback: ${this.seen.length} epochs, last val_loss ${this.seen.at(-1).toFixed(4)}, ` +
      `learning rate ${this.model.optimizer.learningRate}`);
  }
}

// Or, for a hook or two, a LambdaCallback made of functions.
const printer = new callbacks.LambdaCallback({
  onEpochEnd: (epoch, logs) => { if (epoch % 2 === 1) console.log(`epoch ${epoch + 1}: loss ${logs.loss.toFixed(4)}`); },
});
await makeModel().fit(x, noisyY, { epochs: 4, validationSplit: 0.25, verbose: 0, callbacks: [new LossLogger(), printer] });
// --- end custom
rmSync(dir, { recursive: true, force: true });
