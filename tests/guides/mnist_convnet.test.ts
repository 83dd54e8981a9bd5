// keras.io example "Simple MNIST convnet" (Conv2D → MaxPooling2D ×2 → Flatten → Dense softmax,
// Adam, categorical cross-entropy) on the committed Fashion-MNIST slice, with smaller filters
// and without Dropout so the run is deterministic: losses, accuracy and evaluate equal Keras's.

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Model } from '../../ts/models/model.js';
import * as layers from '../../ts/layers/index.js';
import { input } from '../../ts/layers/input_layer.js';
import { Adam } from '../../ts/optimizers/index.js';
import { fashionMnist } from '../../ts/datasets/index.js';
import { toCategorical } from '../../ts/utils/index.js';
import { tidy } from '../../ts/autograd/gradients.js';
import * as k from '../../ts/ops/index.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import { expectClose, ref, setLayerWeights } from './reference.js';

const R = ref.mnist_convnet;
const slice = fileURLToPath(new URL('../data/fashion-mnist-slice', import.meta.url));

describe('Example: simple MNIST convnet', () => {
  it('trains and evaluates like Keras', async () => {
    const { train, test } = await fashionMnist.load({ path: slice });
    const prep = (s: { images: Tensor; labels: Tensor }) => tidy(() => [k.reshape(k.mulScalar(s.images, 1 / 255), [s.images.shape[0]!, 28, 28, 1]), toCategorical(s.labels, 10)]);
    const [x, y] = prep(train), [xt, yt] = prep(test);
    const inp = input({ shape: [28, 28, 1], name: 'image' });
    let h = layers.maxPooling2d({ poolSize: 2, name: 'pool_1' }).apply(layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', name: 'conv_1' }).apply(inp));
    h = layers.maxPooling2d({ poolSize: 2, name: 'pool_2' }).apply(layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', name: 'conv_2' }).apply(h));
    const model = new Model({ inputs: inp, outputs: layers.dense({ units: 10, activation: 'softmax', name: 'probs' }).apply(layers.flatten({ name: 'flatten' }).apply(h)) });
    expect(model.countParams()).toBe(R.params);
    setLayerWeights(model, R.weights);
    model.compile({ optimizer: new Adam({ learningRate: 1e-3 }), loss: 'categorical_crossentropy', metrics: ['accuracy'] });
    const hist = await model.fit(x!, y!, { batchSize: 16, epochs: 2, shuffle: false, verbose: 0 });
    expectClose(hist.history.loss!, R.history.loss, 1e-4);
    expectClose(hist.history.accuracy!, R.history.accuracy);
    const ev = (await model.evaluate(xt!, yt!, { returnDict: true })) as Record<string, number>;
    expectClose([ev.loss!, ev.accuracy!], [R.evaluate.loss, R.evaluate.accuracy], 1e-4);
    [x, y, xt, yt, train.images, train.labels, test.images, test.labels].forEach((t) => t!.dispose());
    model.dispose();
  });
});
