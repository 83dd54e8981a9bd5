// Guide: docs/training-loops.md. Customizing what fit() does in one step (trainStep,
// testStep), and writing a training loop from scratch with GradientTape.
// Usage: node examples/guides/training_loops.mjs

import { Sequential, input, layers } from 'kerasm';
import { classification } from './toy_data.mjs';

const { x, y } = classification({ n: 600, features: 8, classes: 3 });
// --- stack
const layerStack = () => [
  input({ shape: [8] }),
  layers.dense({ units: 32, activation: 'relu' }),
  layers.dense({ units: 3 }),
];
// --- end stack

// --- trainstep
import { GradientTape, losses } from 'kerasm';

class CustomModel extends Sequential {
  trainStep([x, y]) {
    const tape = new GradientTape();
    const [loss, yPred] = tape.run(() => {
      const yPred = this.apply(x, { training: true });
      return [this.computeLoss({ y, yPred }), yPred];   // the compiled loss (+ regularization, added losses)
    });
    const vars = this.trainableWeights;
    const grads = tape.gradient(loss, vars);
    this.optimizer.applyGradients(grads.map((g, i) => [g, vars[i]]));
    for (const metric of this.metrics) {
      if (metric.name === 'loss') metric.updateState(loss);
      else metric.updateState(y, yPred);
    }
    return Object.fromEntries(this.metrics.map((m) => [m.name, m.result()]));
  }
}

const custom = new CustomModel(layerStack());
custom.compile({
  optimizer: 'adam',
  loss: new losses.SparseCategoricalCrossentropy({ fromLogits: true }),
  metrics: ['accuracy'],
});
const history = await custom.fit(x, y, { epochs: 10, batchSize: 16, verbose: 0 });
console.log(`custom trainStep: accuracy ${history.history.accuracy.at(-1).toFixed(3)}`);
// --- end trainstep

// --- lowlevel
import { metrics } from 'kerasm';

// The step can also keep its own loss function and metrics (compile then needs only the optimizer).
class LowLevelModel extends Sequential {
  lossFn = new losses.SparseCategoricalCrossentropy({ fromLogits: true });
  lossTracker = new metrics.Mean({ name: 'loss' });
  accuracy = new metrics.SparseCategoricalAccuracy({ name: 'accuracy' });

  get metrics() {             // fit and evaluate reset these at the start of each epoch
    return [this.lossTracker, this.accuracy];
  }
  trainStep([x, y]) {
    const tape = new GradientTape();
    const [loss, logits] = tape.run(() => {
      const logits = this.apply(x, { training: true });
      return [this.lossFn.apply(y, logits), logits];
    });
    const vars = this.trainableWeights;
    this.optimizer.applyGradients(tape.gradient(loss, vars).map((g, i) => [g, vars[i]]));
    this.lossTracker.updateState(loss);
    this.accuracy.updateState(y, logits);
    return { loss: this.lossTracker.result(), accuracy: this.accuracy.result() };
  }
  testStep([x, y]) {
    const logits = this.apply(x, { training: false });
    this.lossTracker.updateState(this.lossFn.apply(y, logits));
    this.accuracy.updateState(y, logits);
    return { loss: this.lossTracker.result(), accuracy: this.accuracy.result() };
  }
}

const lowLevel = new LowLevelModel(layerStack());
lowLevel.compile({ optimizer: 'adam' });
await lowLevel.fit(x, y, { epochs: 10, batchSize: 16, verbose: 0 });
console.log(await lowLevel.evaluate(x, y, { returnDict: true, verbose: 0 })); // { loss: …, accuracy: … }
// --- end lowlevel

// --- scratch
import { data, optimizers, tidy } from 'kerasm';

const model = new Sequential(layerStack());
const optimizer = new optimizers.Adam({ learningRate: 1e-3 });
const lossFn = new losses.SparseCategoricalCrossentropy({ fromLogits: true });
const trainAccuracy = new metrics.SparseCategoricalAccuracy();
const batches = data.fromTensorSlices([x, y]).shuffle(600, { seed: 1 }).batch(32);

for (let epoch = 0; epoch < 10; epoch++) {
  let lossSum = 0, steps = 0;
  for await (const [xBatch, yBatch] of batches) {
    lossSum += tidy(() => {           // frees every tensor the step makes
      const tape = new GradientTape();
      const [loss, logits] = tape.run(() => {
        const logits = model.apply(xBatch, { training: true });
        return [lossFn.apply(yBatch, logits), logits];
      });
      const vars = model.trainableWeights;
      optimizer.applyGradients(tape.gradient(loss, vars).map((g, i) => [g, vars[i]]));
      trainAccuracy.updateState(yBatch, logits);
      return loss.dataSync()[0];
    });
    steps++;
    xBatch.dispose();                 // the batches a data set yields are the loop's to free
    yBatch.dispose();
  }
  console.log(`epoch ${epoch + 1}: loss ${(lossSum / steps).toFixed(4)}, accuracy ${trainAccuracy.result().toFixed(3)}`);
  trainAccuracy.resetState();
}
// --- end scratch
model.compile({ loss: lossFn, metrics: ['accuracy'] }); // evaluate needs a loss; no optimizer needed
const [, scratchAccuracy] = await model.evaluate(x, y, { verbose: 0 });
console.log(`loop from scratch: accuracy ${scratchAccuracy.toFixed(3)}`);
