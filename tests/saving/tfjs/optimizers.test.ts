// includeOptimizer for every optimizer tfjs has: after a few steps on one side, the model
// saved with its optimizer resumes on the other side and one more step gives the same
// weights, in both directions. Epsilons are tiny so the comparison tests the restored state
// rather than where each library puts epsilon.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { Sequential } from '../../../ts/models/sequential.js';
import type { Model } from '../../../ts/models/model.js';
import * as layers from '../../../ts/layers/index.js';
import { input } from '../../../ts/layers/input_layer.js';
import * as optimizers from '../../../ts/optimizers/index.js';
import { tensor } from '../../../ts/tensor/creation.js';
import { decodeTfjs, encodeTfjs } from '../../../ts/saving/tfjs/index.js';
import { fromArtifacts } from '../../../ts/saving/io/artifacts.js';
import type { FileSet } from '../../../ts/saving/io/types.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const EPS = 1e-10;
const X = Float32Array.from({ length: 24 }, (_, i) => Math.sin(3 * i + 1));
const Y = Float32Array.from({ length: 12 }, (_, i) => Math.cos(i));

const CASES: [string, () => optimizers.Optimizer, string][] = [
  ['SGD', () => new optimizers.SGD({ learningRate: 0.1 }), 'SGD'],
  ['SGD momentum', () => new optimizers.SGD({ learningRate: 0.05, momentum: 0.9 }), 'Momentum'],
  ['SGD nesterov', () => new optimizers.SGD({ learningRate: 0.05, momentum: 0.8, nesterov: true }), 'Momentum'],
  ['RMSprop', () => new optimizers.RMSprop({ learningRate: 0.01, rho: 0.8, epsilon: EPS }), 'RMSProp'],
  ['RMSprop centered + momentum', () => new optimizers.RMSprop({ learningRate: 0.01, rho: 0.8, momentum: 0.5, centered: true, epsilon: EPS }), 'RMSProp'],
  ['Adagrad', () => new optimizers.Adagrad({ learningRate: 0.1, initialAccumulatorValue: 0.1, epsilon: EPS }), 'Adagrad'],
  ['Adadelta', () => new optimizers.Adadelta({ learningRate: 1, rho: 0.9, epsilon: EPS }), 'Adadelta'],
];

function artifactsOf(set: FileSet): tf.io.ModelArtifacts {
  const json = JSON.parse(new TextDecoder().decode(set.files.get(set.main)));
  return { ...json, weightSpecs: json.weightsManifest[0].weights, weightData: set.files.get('model.weights.bin')!.slice().buffer };
}

async function step(k: Model, t: tfl.LayersModel): Promise<void> {
  k.trainOnBatch(tensor(X, [6, 4]), tensor(Y, [6, 2]));
  await t.trainOnBatch(tf.tensor(X, [6, 4]), tf.tensor(Y, [6, 2]));
  const kw = k.getWeights(), tw = t.getWeights().map((w) => w.dataSync());
  kw.forEach((w, i) => w.forEach((v, j) => expect(Math.abs(v - tw[i]![j]!)).toBeLessThanOrEqual(1e-5)));
}

const kerasmModel = () => new Sequential([input({ shape: [4] }), layers.dense({ units: 5, activation: 'tanh' }), layers.dense({ units: 2 })]);

describe('optimizer state through the tfjs format', () => {
  it.each(CASES)('%s: kerasm → tfjs → kerasm', async (_n, mkK, tfjsClass) => {
    const k = kerasmModel();
    k.compile({ optimizer: mkK(), loss: 'mean_squared_error' });
    await k.fit(tensor(X, [6, 4]), tensor(Y, [6, 2]), { epochs: 3, batchSize: 6, verbose: 0 });
    const set = await encodeTfjs(k, { includeOptimizer: true });
    expect(JSON.parse(new TextDecoder().decode(set.files.get('model.json'))).trainingConfig.optimizer_config.class_name).toBe(tfjsClass);
    const t = await tfl.loadLayersModel(tf.io.fromMemory(artifactsOf(set)));
    expect(t.optimizer.getClassName()).toBe(tfjsClass);
    await step(k, t);

    // tfjs's save of the model it resumed, back into kerasm.
    let art: tf.io.ModelArtifacts | undefined;
    await t.save(tf.io.withSaveHandler(async (a) => ((art = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })), { includeOptimizer: true });
    const k2 = await decodeTfjs(fromArtifacts(art!));
    expect(k2.optimizer!.iterations).toBe(4);
    await step(k2, t);
  });

  it('optimizers tfjs does not have are refused with a clear error', async () => {
    const k = kerasmModel();
    k.compile({ optimizer: new optimizers.Nadam({}), loss: 'mean_squared_error' });
    await expect(encodeTfjs(k, { includeOptimizer: true })).rejects.toThrow(/tfjs has no Nadam optimizer.*'\.keras'/);
    k.compile({ optimizer: new optimizers.Adam({ amsgrad: true }), loss: 'mean_squared_error' });
    await expect(encodeTfjs(k, { includeOptimizer: true })).rejects.toThrow(/tfjs has no Adam\(amsgrad=true\)/);
    await expect(encodeTfjs(kerasmModel(), { includeOptimizer: true })).rejects.toThrow(/needs a compiled model/);
    // tfjs has Adamax but cannot restore its state.
    k.compile({ optimizer: new optimizers.Adamax({}), loss: 'mean_squared_error' });
    await expect(encodeTfjs(k, { includeOptimizer: true })).rejects.toThrow(/cannot restore Adamax state/);
  });
});
