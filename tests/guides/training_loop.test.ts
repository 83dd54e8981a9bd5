// keras.io "Writing a training loop from scratch": model.apply(x, { training: true }) inside
// a GradientTape, optimizer.applyGradients, metrics updated and reset by hand, and
// model.losses for losses added in call. Step losses must equal Keras's.

import { describe, expect, it } from 'vitest';
import { Model } from '../../ts/models/model.js';
import { Layer } from '../../ts/layers/layer.js';
import * as layers from '../../ts/layers/index.js';
import { input } from '../../ts/layers/input_layer.js';
import { GradientTape, memory, tidy } from '../../ts/autograd/gradients.js';
import * as losses from '../../ts/losses/index.js';
import * as metrics from '../../ts/metrics/index.js';
import { SGD } from '../../ts/optimizers/index.js';
import * as k from '../../ts/ops/index.js';
import { tensor } from '../../ts/tensor/creation.js';
import { slice } from '../../ts/ops/slice.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import type { Variable } from '../../ts/autograd/variable.js';
import { expectClose, ref, setLayerWeights, t2 } from './reference.js';

const R = ref.training_loop;

function build(): Model {
  const inp = input({ shape: [3], name: 'x' });
  const h = layers.dense({ units: 5, activation: 'tanh', name: 'dense_1' }).apply(inp);
  return new Model({ inputs: inp, outputs: layers.dense({ units: 3, name: 'logits' }).apply(h) });
}

describe('Writing a training loop from scratch', () => {
  it('a GradientTape loop over batches matches Keras step losses, without leaking tensors', () => {
    const model = build();
    setLayerWeights(model, R.weights);
    const x = t2(R.x, 3), y = tensor(Int32Array.from(R.y), [12]);
    const optimizer = new SGD({ learningRate: 0.5 });
    const lossFn = new losses.SparseCategoricalCrossentropy({ fromLogits: true });
    const accMetric = new metrics.SparseCategoricalAccuracy();
    const stepLosses: number[] = [];
    let before = 0;
    for (let epoch = 0; epoch < 2; epoch++) {
      // The optimizer creates its state on the first step; from then on nothing accumulates.
      if (epoch === 1) before = memory().numTensors;
      for (let s = 0; s < 12; s += 4) {
        tidy(() => {
          const xb = slice(x, [s, 0], [4, 3]), yb = slice(y, [s], [4]);
          const tape = new GradientTape();
          const [loss, logits] = tape.run(() => {
            const logits = model.apply(xb, { training: true });
            return [lossFn.apply(yb, logits), logits] as const;
          });
          const vars = model.trainableWeights;
          const grads = tape.gradient(loss, vars);
          optimizer.applyGradients(grads.map((g, i) => [g, vars[i]!] as [Tensor, Variable]));
          accMetric.updateState(yb, logits);
          stepLosses.push(loss.dataSync()[0]!);
        });
      }
      expect(accMetric.result()).toBeGreaterThanOrEqual(0);
      accMetric.resetState();
    }
    expectClose(stepLosses, R.step_losses, 5e-5);
    expect(memory().numTensors).toBe(before);
    [x, y].forEach((t) => t.dispose());
    model.dispose();
    optimizer.dispose();
  });

  it('losses added in call() are in model.losses after the call and differentiable', () => {
    class ActivityRegularization extends Layer {
      call(x: Tensor | Tensor[]): Tensor {
        this.addLoss(k.mulScalar(k.sum(x as Tensor), 0.1));
        return x as Tensor;
      }
    }
    const inp = input({ shape: [2] });
    const d = layers.dense({ units: 2, kernelInitializer: 'ones', biasInitializer: 'zeros' });
    const model = new Model({ inputs: inp, outputs: new ActivityRegularization().apply(d.apply(inp)) });
    const x = tensor([[1, 2]]);
    tidy(() => {
      model.apply(x);
      expect(model.losses.map((l) => l.dataSync()[0])).toEqual([expect.closeTo(0.6, 6)]);
      model.apply(x); // cleared at each outermost call, not accumulated
      expect(model.losses.length).toBe(1);
      const tape = new GradientTape();
      const total = tape.run(() => {
        model.apply(x, { training: true });
        return model.losses[0]!;
      });
      const [gk] = tape.gradient(total, [d.weights[0]!]);
      // d(0.1·Σ x·K)/dK = 0.1·x broadcast over the output units
      expect(Array.from(gk!.dataSync()).map((v) => +v.toFixed(5))).toEqual([0.1, 0.1, 0.2, 0.2]);
    });
    x.dispose();
    model.dispose();
  });
});
