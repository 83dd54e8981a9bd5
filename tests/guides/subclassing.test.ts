// keras.io "Making new layers and models via subclassing": a Linear layer with addWeight,
// a layer with a non-trainable weight, an activity-regularization layer using addLoss, and an
// MLPBlock nesting them as attributes. Weight tracking and training losses equal Keras's.

import { describe, expect, it } from 'vitest';
import { Layer, type AddWeightArgs } from '../../ts/layers/layer.js';
import { Model } from '../../ts/models/model.js';
import { input } from '../../ts/layers/input_layer.js';
import { tidy } from '../../ts/autograd/gradients.js';
import { SGD } from '../../ts/optimizers/index.js';
import * as k from '../../ts/ops/index.js';
import { ones } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import type { Variable } from '../../ts/autograd/variable.js';
import type { SymbolicShape } from '../../ts/layers/symbolic.js';
import { expectClose, ref, setFlat, t2 } from './reference.js';

const R = ref.subclassing;

class Linear extends Layer {
  w!: Variable;
  b!: Variable;
  constructor(readonly units = 32, opts: { name?: string } = {}) {
    super(opts);
  }
  override build(inputShape: SymbolicShape): void {
    this.w = this.addWeight('w', { shape: [inputShape.at(-1)!, this.units], initializer: 'randomNormal' } as AddWeightArgs);
    this.b = this.addWeight('b', { shape: [this.units], initializer: 'zeros' });
  }
  call(x: Tensor | Tensor[]): Tensor {
    return k.add(k.matmul(x as Tensor, this.w), this.b);
  }
}

class ComputeSum extends Layer {
  total: Variable;
  constructor(inputDim: number) {
    super();
    this.total = this.addWeight('total', { shape: [inputDim], initializer: 'zeros', trainable: false });
  }
  call(x: Tensor | Tensor[]): Tensor {
    this.total.assign(tidy(() => k.add(this.total, k.sum(x as Tensor, 0))));
    return k.mulScalar(this.total, 1);
  }
}

class ActivityRegularization extends Layer {
  constructor(readonly rate: number, opts: { name?: string } = {}) {
    super(opts);
  }
  call(x: Tensor | Tensor[]): Tensor {
    this.addLoss(k.mulScalar(k.mean(x as Tensor), this.rate));
    return x as Tensor;
  }
}

class MLPBlock extends Layer {
  linear1 = new Linear(6, { name: 'linear_1' });
  reg = new ActivityRegularization(0.05, { name: 'reg' });
  linear2 = new Linear(1, { name: 'linear_2' });
  call(x: Tensor | Tensor[]): Tensor {
    return this.linear2.apply(this.reg.apply(k.relu(this.linear1.apply(x as Tensor))));
  }
}

describe('Making new layers and models via subclassing', () => {
  it('non-trainable weights accumulate and are not trainable', () => {
    const s = new ComputeSum(2);
    const x = ones([2, 2]);
    tidy(() => {
      s.apply(x);
      expect(Array.from(s.apply(x).dataSync())).toEqual([4, 4]);
    });
    expect([s.weights.length, s.trainableWeights.length, s.nonTrainableWeights.length]).toEqual([1, 0, 1]);
    x.dispose();
    s.dispose();
  });

  it('an MLPBlock of Linear layers and an addLoss layer tracks 4 weights and trains like Keras', async () => {
    const block = new MLPBlock({ name: 'mlp_block' } as never);
    const inp = input({ shape: [3], name: 'x' });
    const model = new Model({ inputs: inp, outputs: block.apply(inp) });
    // Sublayers are built on the symbolic call (Keras 3 runs call once), so weights exist now.
    expect(block.weights.map((w) => w.shape)).toEqual(R.weight_shapes);
    expect([block.weights.length, block.trainableWeights.length]).toEqual([R.n_weights, R.n_trainable]);
    setFlat(block, R.block_weights);
    const x = t2(R.x, 3), y = t2(R.y, 1);
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
    const h = await model.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
    expectClose(h.history.loss!, R.loss); // includes the added activity loss
    [x, y].forEach((t) => t.dispose());
    model.dispose();
  });
});
