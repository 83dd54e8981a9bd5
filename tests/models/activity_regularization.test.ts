// Activity regularization as Keras 3.15 computes it: added in every call (so evaluate's loss
// includes it) and divided by the batch size; weight regularizers and constraints through fit.
// Numbers from tests/guides/keras_reference.py.

import { describe, it } from 'vitest';
import { Model } from '../../ts/models/model.js';
import * as layers from '../../ts/layers/index.js';
import { input } from '../../ts/layers/input_layer.js';
import { l1, l2 } from '../../ts/regularizers/index.js';
import { nonNeg } from '../../ts/constraints/index.js';
import { SGD } from '../../ts/optimizers/index.js';
import { slice } from '../../ts/ops/slice.js';
import { expectClose, ref, setLayerWeights, t2 } from '../guides/reference.js';

const R = ref.activity_regularization;

describe('activity regularization', () => {
  it('evaluate and trainOnBatch losses equal Keras 3.15', async () => {
    const inp = input({ shape: [3], name: 'x' });
    const h = layers.dense({ units: 4, activation: 'relu', activityRegularizer: l2(0.1), name: 'act_reg' }).apply(inp);
    const m = new Model({ inputs: inp, outputs: layers.dense({ units: 2, name: 'out' }).apply(h) });
    setLayerWeights(m, R.weights);
    m.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
    const x = t2(R.x, 3), y = t2(R.y, 2);
    const ev = (await m.evaluate(x, y, { batchSize: 6 })) as number;
    const halves = [0, 3].map((s) => [slice(x, [s, 0], [3, 3]), slice(y, [s, 0], [3, 2])]);
    const steps = halves.map(([xb, yb]) => m.trainOnBatch(xb!, yb!) as number);
    expectClose([ev, ...steps], [R.evaluate, ...R.train_on_batch], 1e-5);
    [x, y, ...halves.flat()].forEach((t) => t.dispose());
    m.dispose();
  });
});

describe('weight regularizers and constraints', () => {
  it('fit losses, evaluate and the constrained kernel equal Keras', async () => {
    const W = ref.weight_regularization;
    const inp = input({ shape: [3], name: 'x' });
    const h = layers.dense({ units: 4, activation: 'tanh', kernelRegularizer: l2(0.05), biasRegularizer: l1(0.01), kernelConstraint: nonNeg(), name: 'reg_dense' }).apply(inp);
    const m = new Model({ inputs: inp, outputs: layers.dense({ units: 2, name: 'out' }).apply(h) });
    setLayerWeights(m, W.weights);
    m.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
    const x = t2(R.x, 3), y = t2(R.y, 2);
    const hist = await m.fit(x, y, { epochs: 3, batchSize: 3, shuffle: false, verbose: 0 });
    expectClose(hist.history.loss!, W.loss, 1e-5);
    expectClose([(await m.evaluate(x, y)) as number], [W.evaluate], 1e-5);
    expectClose(Array.from(m.getLayer('reg_dense').getWeights()[0]!), W.kernel_after, 1e-5);
    [x, y].forEach((t) => t.dispose());
    m.dispose();
  });
});
