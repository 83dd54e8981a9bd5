// Guide: docs/subclassing.md. Custom layers (weights made in build, losses added in call,
// nested layers), a Model subclass with its own call, and saving a model that uses them.
// Usage: node examples/guides/subclassing.mjs

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classification } from './toy_data.mjs';

// --- linear
import { layers, add, matmul, relu, mean, square, mulScalar } from 'kerasm';

class Linear extends layers.Layer {
  constructor({ units = 32, ...base } = {}) {
    super(base);                  // name, trainable, dtype, …
    this.units = units;
  }
  build(inputShape) {             // called once, on the first call, with the input's shape
    this.w = this.addWeight('kernel', { shape: [inputShape.at(-1), this.units], initializer: 'glorotUniform' });
    this.b = this.addWeight('bias', { shape: [this.units], initializer: 'zeros' });
  }
  call(x) {
    return add(matmul(x, this.w), this.b);
  }
  getConfig() {                   // what saving writes and fromConfig reads back
    return { ...super.getConfig(), units: this.units };
  }
}
// --- end linear

// --- block
// A layer made of layers: sublayers kept in fields are tracked (weights, training mode, saving).
class MLPBlock extends layers.Layer {
  constructor({ units = 32, rate = 1e-3, ...base } = {}) {
    super(base);
    this.units = units;
    this.rate = rate;
    this.hidden = new Linear({ units });
    this.out = new Linear({ units: 3 });
  }
  call(x) {
    const h = relu(this.hidden.apply(x));
    this.addLoss(mulScalar(mean(square(h)), this.rate)); // an activity penalty, added to the training loss
    return this.out.apply(h);
  }
  getConfig() {
    return { ...super.getConfig(), units: this.units, rate: this.rate };
  }
}
// --- end block

// --- model
import { Model, losses } from 'kerasm';

class Classifier extends Model {
  constructor({ units = 32, ...base } = {}) {
    super(base);
    this.block = new MLPBlock({ units });
  }
  call(x, { training } = {}) {
    return this.block.apply(x, { training });
  }
}

const { x, y } = classification({ n: 600, features: 8, classes: 3 });
const classifier = new Classifier({ units: 32 });
classifier.compile({
  optimizer: 'adam',
  loss: new losses.SparseCategoricalCrossentropy({ fromLogits: true }),
  metrics: ['accuracy'],
});
await classifier.fit(x, y, { epochs: 10, batchSize: 16, verbose: 0 });
console.log(classifier.trainableWeights.map((w) => w.name)); // the four weights of the two Linear layers
const [, accuracy] = await classifier.evaluate(x, y, { verbose: 0 });
console.log(`subclassed model: accuracy ${accuracy.toFixed(3)}`);
// --- end model

// --- save
import { Sequential, input, loadModel, registerKerasSerializable } from 'kerasm';

const model = new Sequential([input({ shape: [8] }), new MLPBlock({ units: 16, name: 'block' })]);
const file = join(mkdtempSync(join(tmpdir(), 'kerasm-guide-')), 'custom.keras');
await model.save(file);

// Loading never runs code from the file: say which classes the names stand for,
const loaded = await loadModel(file, { customObjects: { MLPBlock, Linear } });
// or register them once (Keras's `@register_keras_serializable(package='guide')`).
registerKerasSerializable('guide>MLPBlock', MLPBlock);
registerKerasSerializable('guide>Linear', Linear);
console.log(loaded.getLayer('block') instanceof MLPBlock, loaded.getLayer('block').units); // true 16
const before = model.predictOnBatch(x).dataSync(), after = loaded.predictOnBatch(x).dataSync();
console.log(`same predictions after loading: ${before.every((v, i) => v === after[i])}`);
// --- end save
rmSync(join(file, '..'), { recursive: true, force: true });
