// keras.io "Transfer learning & fine-tuning": freeze a base holding BatchNormalization, call
// it with training: false, train the head, then unfreeze, recompile with a low learning rate
// and fine-tune. Losses, accuracy, trainable counts and the untouched BN statistics must
// equal Keras's. (The call-site `training: false` wins, as the guide says; keras_reference.py
// pins its BatchNormalization to inference because Keras 3.15 does not: keras-team/keras#20285.)

import { describe, expect, it } from 'vitest';
import { Model } from '../../ts/models/model.js';
import * as layers from '../../ts/layers/index.js';
import { input } from '../../ts/layers/input_layer.js';
import * as losses from '../../ts/losses/index.js';
import * as metrics from '../../ts/metrics/index.js';
import { SGD } from '../../ts/optimizers/index.js';
import { expectClose, ref, setFlat, setLayerWeights, t2 } from './reference.js';

const R = ref.transfer_learning;

describe('Transfer learning & fine-tuning', () => {
  it('frozen base then fine-tuning matches Keras', async () => {
    const bIn = input({ shape: [5], name: 'base_in' });
    const bH = layers.batchNormalization({ name: 'bn' }).apply(layers.dense({ units: 6, name: 'base_dense' }).apply(bIn));
    const base = new Model({ inputs: bIn, outputs: layers.activation({ activation: 'relu', name: 'base_relu' }).apply(bH), name: 'base' });
    setLayerWeights(base, R.base_weights);
    base.trainable = false;
    const inp = input({ shape: [5], name: 'inp' });
    const model = new Model({ inputs: inp, outputs: layers.dense({ units: 1, name: 'head' }).apply(base.apply(inp, { training: false })) });
    setFlat(model.getLayer('head'), R.head_weights);
    expect([model.trainableWeights.length, model.nonTrainableWeights.length]).toEqual([2, 6]);
    const x = t2(R.x, 5), y = t2(R.y, 1);
    const compile = (lr: number) => model.compile({
      optimizer: new SGD({ learningRate: lr }), loss: new losses.BinaryCrossentropy({ fromLogits: true }), metrics: [new metrics.BinaryAccuracy()],
    });
    compile(0.1);
    const h1 = await model.fit(x, y, { epochs: 2, batchSize: 8, shuffle: false, verbose: 0 });
    expectClose(h1.history.loss!, R.frozen.loss);
    expectClose(h1.history.binary_accuracy!, R.frozen.binary_accuracy);
    base.trainable = true;
    // Keras 3 says to recompile after changing `trainable`; kerasm refuses to train otherwise.
    await expect(model.fit(x, y, { verbose: 0 })).rejects.toThrow(/Call compile\(\) again/);
    compile(0.01);
    expect([model.trainableWeights.length, model.nonTrainableWeights.length]).toEqual(R.trainable_counts);
    const h2 = await model.fit(x, y, { epochs: 2, batchSize: 8, shuffle: false, verbose: 0 });
    expectClose(h2.history.loss!, R.fine_tuned.loss);
    expectClose(h2.history.binary_accuracy!, R.fine_tuned.binary_accuracy);
    // training: false at the call site kept BN in inference mode while fine-tuning.
    expectClose(Array.from(base.getLayer('bn').getWeights()[2]!), R.moving_mean_after);
    [x, y].forEach((t) => t.dispose());
    model.dispose();
  });
});
