// keras.io "Making new layers and models via subclassing", end-to-end example: a variational
// autoencoder from custom layers (Sampling, Encoder returning three tensors, Decoder) and a
// Model subclass that adds the KL divergence with addLoss in call(); fit optimises MSE + KL.

import { describe, expect, it } from 'vitest';
import { Layer } from '../../ts/layers/layer.js';
import { Model } from '../../ts/models/model.js';
import * as layers from '../../ts/layers/index.js';
import { tidy } from '../../ts/autograd/gradients.js';
import * as losses from '../../ts/losses/index.js';
import { Adam } from '../../ts/optimizers/index.js';
import * as k from '../../ts/ops/index.js';
import { randomNormal, randomUniform, setSeed } from '../../ts/tensor/random.js';
import type { Tensor } from '../../ts/tensor/tensor.js';

class Sampling extends Layer {
  call(inputs: Tensor | Tensor[]): Tensor {
    const [zMean, zLogVar] = inputs as Tensor[];
    const eps = randomNormal(zMean!.shape);
    return k.add(zMean!, k.mul(k.exp(k.mulScalar(zLogVar!, 0.5)), eps));
  }
}

class Encoder extends Layer {
  denseProj = layers.dense({ units: 16, activation: 'relu' });
  denseMean = layers.dense({ units: 2 });
  denseLogVar = layers.dense({ units: 2 });
  sampling = new Sampling();
  call(inputs: Tensor | Tensor[]): Tensor[] {
    const h = this.denseProj.apply(inputs as Tensor);
    const zMean = this.denseMean.apply(h), zLogVar = this.denseLogVar.apply(h);
    return [zMean, zLogVar, this.sampling.apply([zMean, zLogVar])];
  }
}

class Decoder extends Layer {
  denseProj = layers.dense({ units: 16, activation: 'relu' });
  denseOutput = layers.dense({ units: 8, activation: 'sigmoid' });
  call(inputs: Tensor | Tensor[]): Tensor {
    return this.denseOutput.apply(this.denseProj.apply(inputs as Tensor));
  }
}

class VariationalAutoEncoder extends Model {
  encoder = new Encoder();
  decoder = new Decoder();
  override call(inputs: Tensor | Tensor[]): Tensor {
    const [zMean, zLogVar, z] = this.encoder.apply(inputs as Tensor) as unknown as Tensor[];
    const reconstructed = this.decoder.apply(z!);
    // KL divergence regularization loss.
    this.addLoss(k.mulScalar(k.mean(k.sub(k.add(k.sub(zLogVar!, k.square(zMean!)), 1), k.exp(zLogVar!))), -0.5));
    return reconstructed;
  }
}

describe('Subclassing end-to-end: a variational autoencoder', () => {
  it('tracks nested custom layers and trains on MSE + the KL loss added in call()', async () => {
    setSeed(5);
    const vae = new VariationalAutoEncoder();
    const x = tidy(() => k.round(randomUniform([128, 8])));
    vae.compile({ optimizer: new Adam({ learningRate: 3e-3 }), loss: new losses.MeanSquaredError() });
    const h = await vae.fit(x, x, { epochs: 12, batchSize: 32, verbose: 0 });
    // encoder: 3 Dense + decoder: 2 Dense → 10 weights, all found through attributes
    expect(vae.trainableWeights.length).toBe(10);
    expect(vae.layers.map((l) => l.className)).toEqual(['Encoder', 'Decoder']);
    expect(h.history.loss!.at(-1)!).toBeLessThan(h.history.loss![0]!);
    // The reported loss is MSE + the KL term added in call(): same seed, same sampling.
    setSeed(9);
    const reported = vae.testOnBatch(x, x) as number;
    setSeed(9);
    const [mse, kl] = tidy(() => {
      const out = vae.apply(x);
      const added = vae.losses;
      expect(added.length).toBe(1);
      return [k.mean(k.square(k.sub(out, x))).dataSync()[0]!, added[0]!.dataSync()[0]!];
    });
    expect(kl).toBeGreaterThan(0);
    expect(reported).toBeCloseTo(mse! + kl!, 5);
    x.dispose();
    vae.dispose();
  });
});
