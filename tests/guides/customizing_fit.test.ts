// keras.io "Customizing what happens in fit()": a Model subclass overrides trainStep (and
// testStep); fit/evaluate call them. The simple and the low-level examples must give Keras's
// numbers (the guide's steps compute what the default one does); the GAN example trains two
// models with two optimizers from one trainStep.

import { describe, expect, it } from 'vitest';
import { Model, type ModelArgs } from '../../ts/models/model.js';
import { Sequential } from '../../ts/models/sequential.js';
import * as layers from '../../ts/layers/index.js';
import { input } from '../../ts/layers/input_layer.js';
import { GradientTape, tidy } from '../../ts/autograd/gradients.js';
import * as metrics from '../../ts/metrics/index.js';
import * as losses from '../../ts/losses/index.js';
import { Adam, SGD } from '../../ts/optimizers/index.js';
import type { Optimizer } from '../../ts/optimizers/optimizer.js';
import * as k from '../../ts/ops/index.js';
import { ones, zeros } from '../../ts/tensor/creation.js';
import { randomNormal, randomUniform, setSeed } from '../../ts/tensor/random.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import type { CompileArgs, StepData, StepLogs, StepTensors } from '../../ts/training/trainer.js';
import type { Variable } from '../../ts/autograd/variable.js';
import { expectClose, ref, setLayerWeights, t2 } from './reference.js';

const R = ref.customizing_fit;

function graph(): ModelArgs {
  const inp = input({ shape: [4], name: 'x' });
  const h = layers.dense({ units: 8, activation: 'relu', name: 'hidden' }).apply(inp);
  return { inputs: inp, outputs: layers.dense({ units: 1, name: 'out' }).apply(h) };
}

/** The guide's first example, written as in the guide. */
class CustomModel extends Model {
  steps = 0;
  override trainStep(data: StepData): StepLogs {
    const [x, y] = data;
    this.steps++;
    const tape = new GradientTape();
    const [loss, yPred] = tape.run(() => {
      const yPred = this.apply(x as Tensor, { training: true });
      return [this.computeLoss({ y: y!, yPred }), yPred] as const;
    });
    const vars = this.trainableWeights;
    const grads = tape.gradient(loss, vars);
    this.optimizer!.applyGradients(grads.map((g, i) => [g, vars[i]!] as [Tensor, Variable]));
    for (const m of this.metrics) {
      if (m.name === 'loss') m.updateState(loss);
      else m.updateState(y as Tensor, yPred);
    }
    return Object.fromEntries(this.metrics.map((m) => [m.name, m.result()]));
  }
}

describe('Customizing fit(): a custom trainStep', () => {
  it('is called by fit and matches Keras step for step', async () => {
    const m = new CustomModel(graph());
    setLayerWeights(m, R.weights);
    const x = t2(R.x, 4), y = t2(R.y, 1);
    m.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse', metrics: ['mae'] });
    const h = await m.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
    expect(m.steps).toBe(6);
    expect(m.metricsNames).toEqual(['loss', 'mae']);
    expectClose(h.history.loss!, R.loss);
    expectClose(h.history.mae!, R.mae);
    const ev = (await m.evaluate(x, y, { returnDict: true })) as Record<string, number>;
    expectClose([ev.loss!, ev.mae!], [R.evaluate.loss, R.evaluate.mae]);
    [x, y].forEach((t) => t.dispose());
    m.dispose();
  });

  it('low level: own loss tracker and metric, compile() without a loss, metrics reset each epoch', async () => {
    class LowLevel extends Model {
      lossTracker = new metrics.Mean({ name: 'loss' });
      maeMetric = new metrics.MeanAbsoluteError({ name: 'mae' });
      lossFn = new losses.MeanSquaredError();
      override trainStep([x, y]: StepData): StepLogs {
        const tape = new GradientTape();
        const [loss, yPred] = tape.run(() => {
          const p = this.apply(x as Tensor, { training: true });
          return [this.lossFn.apply(y as Tensor, p), p] as const;
        });
        const vars = this.trainableWeights;
        const grads = tape.gradient(loss, vars);
        this.optimizer!.applyGradients(grads.map((g, i) => [g, vars[i]!] as [Tensor, Variable]));
        this.lossTracker.updateState(loss);
        this.maeMetric.updateState(y as Tensor, yPred);
        return { loss: this.lossTracker.result(), mae: this.maeMetric.result() };
      }
      override get metrics() {
        return [this.lossTracker, this.maeMetric];
      }
    }
    const m = new LowLevel(graph());
    setLayerWeights(m, R.weights);
    const x = t2(R.x, 4), y = t2(R.y, 1);
    m.compile({ optimizer: new SGD({ learningRate: 0.1 }) });
    const h = await m.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
    // Same numbers as Keras's default step: the trackers were reset at each epoch start.
    expectClose(h.history.loss!, R.loss);
    expectClose(h.history.mae!, R.mae);
    // The default steps need a compiled loss: say so.
    await expect(m.evaluate(x, y)).rejects.toThrow(/compiled without a loss/);
    [x, y].forEach((t) => t.dispose());
    m.dispose();
  });

  it('supports sampleWeight through data[2] and a custom testStep for evaluate', async () => {
    const seen: number[] = [];
    class Weighted extends Model {
      override trainStep(data: StepData): StepLogs {
        const [x, y, sw] = data;
        seen.push(sw ? sw.shape[0]! : -1);
        const tape = new GradientTape();
        const loss = tape.run(() => this.computeLoss({ y: y!, yPred: this.apply(x as Tensor, { training: true }), sampleWeight: sw }));
        const vars = this.trainableWeights;
        this.optimizer!.applyGradients(tape.gradient(loss, vars).map((g, i) => [g, vars[i]!] as [Tensor, Variable]));
        return { loss };
      }
      override testStep([x, y]: StepData): StepLogs {
        const p = this.apply(x as Tensor, { training: false });
        return this.computeMetrics(x, y!, p);
      }
    }
    const m = new Weighted(graph());
    setLayerWeights(m, R.weights);
    const x = t2(R.x, 4), y = t2(R.y, 1);
    m.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse', metrics: ['mae'] });
    await m.fit(x, y, { epochs: 1, batchSize: 4, shuffle: false, verbose: 0, sampleWeight: [1, 1, 1, 1, 0, 0, 0, 0] });
    expect(seen).toEqual([4, 4]);
    const ev = (await m.evaluate(x, y, { returnDict: true })) as Record<string, number>;
    expect(Object.keys(ev)).toEqual(['loss', 'mae']);
    expect(ev.mae).toBeGreaterThan(0);
    [x, y].forEach((t) => t.dispose());
    m.dispose();
  });

  it('a custom predictStep is what predict() returns, batch by batch', async () => {
    const calls: number[] = [];
    class Thresholded extends Model {
      override predictStep(x: StepTensors): StepTensors {
        calls.push((x as Tensor).shape[0]!);
        return k.greater(this.apply(x as Tensor), 0.5);
      }
    }
    const m = new Thresholded(graph());
    setLayerWeights(m, R.weights);
    const x = t2(R.x, 4);
    const p = (await m.predict(x, { batchSize: 3 })) as Tensor;
    expect(calls).toEqual([3, 3, 2]);
    const direct = m.apply(x);
    expect(Array.from(p.dataSync())).toEqual(Array.from(direct.dataSync()).map((v) => (v > 0.5 ? 1 : 0)));
    [x, p, direct].forEach((t) => t.dispose());
    m.dispose();
  });

  it('an override that forgets to return logs gets a clear error', async () => {
    class Bad extends Model {
      override trainStep(): StepLogs {
        return undefined as never;
      }
    }
    const m = new Bad(graph());
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = ones([2, 4]), y = ones([2, 1]);
    await expect(m.fit(x, y, { verbose: 0 })).rejects.toThrow(/trainStep must return an object of metric values/);
    [x, y].forEach((t) => t.dispose());
    m.dispose();
  });
});

describe('Customizing fit(): the GAN example', () => {
  class GAN extends Model {
    dOptimizer!: Optimizer;
    gOptimizer!: Optimizer;
    lossFn!: losses.Loss;
    dLossTracker = new metrics.Mean({ name: 'd_loss' });
    gLossTracker = new metrics.Mean({ name: 'g_loss' });
    constructor(readonly discriminator: Model, readonly generator: Model, readonly latentDim: number) {
      super();
    }
    override get metrics() {
      return [this.dLossTracker, this.gLossTracker];
    }
    // The guide's GAN overrides compile to take two optimizers and a loss.
    override compile(args?: CompileArgs & { dOptimizer?: Optimizer; gOptimizer?: Optimizer; lossFn?: losses.Loss }): void {
      super.compile();
      this.dOptimizer = args!.dOptimizer!;
      this.gOptimizer = args!.gOptimizer!;
      this.lossFn = args!.lossFn!;
    }
    private step(opt: Optimizer, model: Model, f: () => Tensor): Tensor {
      const tape = new GradientTape();
      const loss = tape.run(f);
      const vars = model.trainableWeights;
      opt.applyGradients(tape.gradient(loss, vars).map((g, i) => [g, vars[i]!] as [Tensor, Variable]));
      return loss;
    }
    generatorLoss(z: Tensor): Tensor {
      return this.lossFn.apply(zeros([z.shape[0]!, 1]), this.discriminator.apply(this.generator.apply(z)));
    }
    generatorStep(z: Tensor): Tensor {
      return this.step(this.gOptimizer, this.generator, () => this.generatorLoss(z));
    }
    override trainStep([real]: StepData): StepLogs {
      const n = (real as Tensor).shape[0]!;
      const step = this.step.bind(this);
      // Train the discriminator on generated (label 1) and real (label 0) images.
      const fake = this.generator.apply(randomNormal([n, this.latentDim]));
      const combined = k.concat([fake, real as Tensor], 0);
      const labels = k.concat([ones([n, 1]), zeros([n, 1])], 0);
      // The guide's trick: add random noise to the labels.
      const noisy = k.add(labels, k.mulScalar(randomUniform(labels.shape), 0.05));
      const dLoss = step(this.dOptimizer, this.discriminator, () => this.lossFn.apply(noisy, this.discriminator.apply(combined)));
      // Train the generator through the discriminator: only g's weights move.
      const gLoss = this.generatorStep(randomNormal([n, this.latentDim]));
      this.dLossTracker.updateState(dLoss);
      this.gLossTracker.updateState(gLoss);
      return { d_loss: this.dLossTracker.result(), g_loss: this.gLossTracker.result() };
    }
  }

  it('trains both networks from one trainStep and logs d_loss and g_loss', async () => {
    setSeed(11);
    const latent = 4;
    const discriminator = new Sequential([input({ shape: [2] }), layers.dense({ units: 8, activation: 'leakyRelu' }), layers.dense({ units: 1 })], { name: 'discriminator' });
    const generator = new Sequential([input({ shape: [latent] }), layers.dense({ units: 8, activation: 'relu' }), layers.dense({ units: 2 })], { name: 'generator' });
    const gan = new GAN(discriminator, generator, latent);
    gan.compile({ dOptimizer: new Adam({ learningRate: 0.003 }), gOptimizer: new Adam({ learningRate: 0.003 }), lossFn: new losses.BinaryCrossentropy({ fromLogits: true }) });
    const real = k.addScalar(k.mulScalar(randomNormal([64, 2]), 0.1), 2); // points near (2, 2)
    const d0 = discriminator.getWeights().map((w) => Array.from(w));
    const g0 = generator.getWeights().map((w) => Array.from(w));
    const h = await gan.fit(real, real, { epochs: 20, batchSize: 16, verbose: 0 });
    expect(Object.keys(h.history).sort()).toEqual(['d_loss', 'g_loss']);
    expect(h.history.d_loss!.every(Number.isFinite)).toBe(true);
    expect(discriminator.getWeights().map((w) => Array.from(w))).not.toEqual(d0);
    expect(generator.getWeights().map((w) => Array.from(w))).not.toEqual(g0);
    // A generator step lowers the generator's loss against the current discriminator.
    const z = randomNormal([64, latent]);
    const lossOf = () => tidy(() => gan.generatorLoss(z).dataSync()[0]!);
    const l0 = lossOf();
    tidy(() => gan.generatorStep(z));
    expect(lossOf()).toBeLessThan(l0);
    z.dispose();
    real.dispose();
    gan.dispose();
  });
});
