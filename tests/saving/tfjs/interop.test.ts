// The tfjs format proven with the real thing: tfjs-layers 4.22 (CPU backend) writes models
// kerasm loads, and loads the models kerasm writes, predicting the same within 1e-5;
// converter-style files (model_config wrapper, two shards) and quantized weights load;
// and training resumes from the saved optimizer state in both directions.

import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sequential } from '../../../ts/models/sequential.js';
import { Model } from '../../../ts/models/model.js';
import * as layers from '../../../ts/layers/index.js';
import { input } from '../../../ts/layers/input_layer.js';
import * as optimizers from '../../../ts/optimizers/index.js';
import { tensor } from '../../../ts/tensor/creation.js';
import type { Tensor } from '../../../ts/tensor/tensor.js';
import { decodeTfjs, encodeTfjs } from '../../../ts/saving/tfjs/index.js';
import { fromArtifacts } from '../../../ts/saving/io/artifacts.js';
import { loadModel, saveModel } from '../../../ts/saving/api.js';
import type { FileSet } from '../../../ts/saving/io/types.js';

const dir = mkdtempSync(join(tmpdir(), 'kerasm-tfjs-'));
beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rand(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1);
}

type Artifacts = tf.io.ModelArtifacts;

async function tfjsArtifacts(m: tfl.LayersModel, includeOptimizer = false): Promise<Artifacts> {
  let art: Artifacts | undefined;
  await m.save(tf.io.withSaveHandler(async (a) => {
    art = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }), { includeOptimizer });
  return art!;
}

/** kerasm's file set as the artifacts tfjs's fromMemory takes (what tfjs's http loader builds from model.json + bin). */
function artifactsOf(set: FileSet): Artifacts {
  const json = JSON.parse(new TextDecoder().decode(set.files.get(set.main)));
  const bin = set.files.get(json.weightsManifest[0].paths[0].replace(/^\.\//, ''))!;
  return { ...json, weightSpecs: json.weightsManifest[0].weights, weightData: bin.slice().buffer };
}

async function predictK(m: Model, xs: Tensor | Tensor[]): Promise<Float32Array[]> {
  const out = await m.predict(xs as never);
  const list = Array.isArray(out) ? out : [out as Tensor];
  const vals = list.map((t) => t.dataSync() as Float32Array);
  list.forEach((t) => t.dispose());
  return vals;
}

function predictT(m: tfl.LayersModel, xs: tf.Tensor | tf.Tensor[]): Float32Array[] {
  const out = m.predict(xs);
  return (Array.isArray(out) ? out : [out]).map((t) => t.dataSync() as Float32Array);
}

function close(a: Float32Array[], b: Float32Array[], tol = 1e-5) {
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => {
    expect(x.length).toBe(b[i]!.length);
    x.forEach((v, j) => expect(Math.abs(v - b[i]![j]!)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b[i]![j]!))));
  });
}

const X = rand(6 * 4, 11);
const Y = Float32Array.from({ length: 6 * 3 }, (_, i) => (i % 3 === Math.floor(i / 3) % 3 ? 1 : 0));
const IMG = rand(3 * 8 * 8 * 1, 12);

function tfjsMlp(): tfl.Sequential {
  return tfl.sequential({ layers: [tfl.layers.dense({ units: 8, inputShape: [4], activation: 'relu' }), tfl.layers.dense({ units: 3, activation: 'softmax' })] });
}

function tfjsCnn(): tfl.Sequential {
  return tfl.sequential({ layers: [
    tfl.layers.conv2d({ filters: 4, kernelSize: 3, inputShape: [8, 8, 1], activation: 'relu' }), tfl.layers.batchNormalization(),
    tfl.layers.maxPooling2d({ poolSize: 2 }), tfl.layers.dropout({ rate: 0.3 }), tfl.layers.flatten(), tfl.layers.dense({ units: 3, activation: 'softmax' }),
  ] });
}

function tfjsTwoTwo(): tfl.LayersModel {
  const a = tfl.input({ shape: [4], name: 'a' }), b = tfl.input({ shape: [4], name: 'b' });
  const shared = tfl.layers.dense({ units: 5, activation: 'tanh', name: 'shared' });
  const ha = shared.apply(a) as tfl.SymbolicTensor, hb = shared.apply(b) as tfl.SymbolicTensor;
  const o1 = tfl.layers.dense({ units: 1, name: 'o1' }).apply(tfl.layers.concatenate({ name: 'cat' }).apply([ha, hb])) as tfl.SymbolicTensor;
  const o2 = tfl.layers.dense({ units: 2, activation: 'softmax', name: 'o2' }).apply(tfl.layers.add({ name: 'plus' }).apply([ha, hb])) as tfl.SymbolicTensor;
  return tfl.model({ inputs: [a, b], outputs: [o1, o2] });
}

describe('tfjs-layers → kerasm', () => {
  it('an MLP trained and saved by tfjs-layers, written as model.json + bin, predicts the same in kerasm', async () => {
    const m = tfjsMlp();
    m.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });
    await m.fit(tf.tensor(X, [6, 4]), tf.tensor(Y, [6, 3]), { epochs: 3, verbose: 0 });
    const set = fromArtifacts(await tfjsArtifacts(m));
    const p = join(dir, 'tfjs_mlp', 'model.json');
    // Written as tfjs's own http/downloads handlers lay it out.
    mkdirSync(join(dir, 'tfjs_mlp'), { recursive: true });
    for (const [name, b] of set.files) writeFileSync(join(dir, 'tfjs_mlp', name), b);
    const k = await loadModel(p);
    expect(k.layers.map((l) => l.name)).toEqual(m.layers.map((l) => l.name));
    close(await predictK(k, tensor(X, [6, 4])), predictT(m, tf.tensor(X, [6, 4])));
  });

  it('a CNN with BatchNormalization and Dropout, and a two-input/two-output functional model with a shared layer', async () => {
    const cnn = tfjsCnn();
    cnn.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    await cnn.fit(tf.tensor(IMG, [3, 8, 8, 1]), tf.tensor(Y.subarray(0, 9), [3, 3]), { epochs: 2, verbose: 0 });
    const kc = await decodeTfjs(fromArtifacts(await tfjsArtifacts(cnn)));
    close(await predictK(kc, tensor(IMG, [3, 8, 8, 1])), predictT(cnn, tf.tensor(IMG, [3, 8, 8, 1])));

    const ff = tfjsTwoTwo();
    const k2 = await decodeTfjs(fromArtifacts(await tfjsArtifacts(ff)));
    const xa = X.subarray(0, 12), xb = X.subarray(12);
    close(await predictK(k2, [tensor(xa, [3, 4]), tensor(xb, [3, 4])]), predictT(ff, [tf.tensor(xa, [3, 4]), tf.tensor(xb, [3, 4])]));
  });

  it('converter-style files: model_config wrapper and two shards split mid-weight', async () => {
    const m = tfjsMlp();
    const art = await tfjsArtifacts(m);
    const bin = new Uint8Array(art.weightData as ArrayBuffer);
    const json = {
      format: 'layers-model', generatedBy: 'keras v2.15.0', convertedBy: 'TensorFlow.js Converter v4.22.0',
      modelTopology: { keras_version: '2.15.0', backend: 'tensorflow', model_config: art.modelTopology },
      weightsManifest: [{ paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'], weights: art.weightSpecs }],
    };
    const d = join(dir, 'converted');
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'model.json'), JSON.stringify(json));
    writeFileSync(join(d, 'group1-shard1of2.bin'), bin.subarray(0, 50));
    writeFileSync(join(d, 'group1-shard2of2.bin'), bin.subarray(50));
    const k = await loadModel(join(d, 'model.json'));
    close(await predictK(k, tensor(X, [6, 4])), predictT(m, tf.tensor(X, [6, 4])));
  });

  it.each(['uint8', 'float16'] as const)('%s-quantized weights dequantize as tfjs does', async (qd) => {
    const m = tfjsMlp();
    const art = await tfjsArtifacts(m);
    const specs = art.weightSpecs!;
    const all = tf.io.decodeWeights(art.weightData as ArrayBuffer, specs);
    const parts: Uint8Array[] = [];
    const qspecs = specs.map((s) => {
      const v = all[s.name]!.dataSync() as Float32Array;
      if (qd === 'float16') {
        const h = Uint16Array.from(v, (x) => {
          const u = new Uint32Array(new Float32Array([x]).buffer)[0]!;
          const e = ((u >>> 23) & 0xff) - 112, sign = (u >>> 16) & 0x8000;
          return e <= 0 ? sign : sign | (e << 10) | ((u & 0x7fffff) >> 13);
        });
        parts.push(new Uint8Array(h.buffer));
        return { ...s, quantization: { dtype: 'float16' as const } };
      }
      const min = Math.min(...v), max = Math.max(...v);
      const scale = max > min ? (max - min) / 255 : 1;
      parts.push(Uint8Array.from(v, (x) => Math.round((x - min) / scale)));
      return { ...s, quantization: { dtype: 'uint8' as const, scale, min } };
    });
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((o, p) => (bytes.set(p, o), o + p.length), 0);
    const qart = { ...art, weightSpecs: qspecs, weightData: bytes.buffer };
    const tq = await tfl.loadLayersModel(tf.io.fromMemory(qart));
    const kq = await decodeTfjs(fromArtifacts(qart));
    const want = predictT(tq, tf.tensor(X, [6, 4]));
    close(await predictK(kq, tensor(X, [6, 4])), want);
    // Quantization really happened: the predictions moved a little from the float32 model's.
    const exact = predictT(m, tf.tensor(X, [6, 4]))[0]!;
    const moved = want[0]!.some((v, i) => v !== exact[i]);
    expect(moved).toBe(true);
  });
});

function kerasmMlp(): Sequential {
  return new Sequential([input({ shape: [4] }), layers.dense({ units: 8, activation: 'relu' }), layers.dense({ units: 3, activation: 'softmax' })]);
}

describe('kerasm → tfjs-layers', () => {
  it('MLP, CNN (BatchNormalization, Dropout) and a two-input/two-output functional model with a shared layer', async () => {
    const mlp = kerasmMlp();
    mlp.compile({ optimizer: new optimizers.Adam({ learningRate: 0.05 }), loss: 'categorical_crossentropy' });
    await mlp.fit(tensor(X, [6, 4]), tensor(Y, [6, 3]), { epochs: 3, verbose: 0 });
    const set = await encodeTfjs(mlp);
    const json = JSON.parse(new TextDecoder().decode(set.files.get('model.json')));
    expect(Object.keys(json)).toEqual(['modelTopology', 'format', 'generatedBy', 'convertedBy', 'weightsManifest']);
    expect(json.format).toBe('layers-model');
    expect(json.generatedBy).toBe('TensorFlow.js tfjs-layers v4.22.0');
    expect(json.convertedBy).toBeNull();
    expect(json.weightsManifest[0].paths).toEqual(['./model.weights.bin']);
    const tm = await tfl.loadLayersModel(tf.io.fromMemory(artifactsOf(set)));
    // The topology is exactly what tfjs-layers writes for the model it rebuilt.
    expect(json.modelTopology).toEqual(tm.toJSON(null, false));
    close(predictT(tm, tf.tensor(X, [6, 4])), await predictK(mlp, tensor(X, [6, 4])));

    const cnn = new Sequential([input({ shape: [8, 8, 1] }), layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu' }), layers.batchNormalization({}),
      layers.maxPooling2d({ poolSize: 2 }), layers.dropout({ rate: 0.3 }), layers.flatten(), layers.dense({ units: 3, activation: 'softmax' })]);
    cnn.compile({ optimizer: 'sgd', loss: 'categorical_crossentropy' });
    await cnn.fit(tensor(IMG, [3, 8, 8, 1]), tensor(Y.subarray(0, 9), [3, 3]), { epochs: 2, verbose: 0 });
    const cnnSet = await encodeTfjs(cnn);
    const tc = await tfl.loadLayersModel(tf.io.fromMemory(artifactsOf(cnnSet)));
    expect(JSON.parse(new TextDecoder().decode(cnnSet.files.get('model.json'))).modelTopology).toEqual(tc.toJSON(null, false));
    expect(tc.layers.map((l) => l.getClassName())).toEqual(['Conv2D', 'BatchNormalization', 'MaxPooling2D', 'Dropout', 'Flatten', 'Dense']);
    close(predictT(tc, tf.tensor(IMG, [3, 8, 8, 1])), await predictK(cnn, tensor(IMG, [3, 8, 8, 1])));

    const a = input({ shape: [4], name: 'a' }), b = input({ shape: [4], name: 'b' });
    const shared = layers.dense({ units: 5, activation: 'tanh', name: 'shared' });
    const ha = shared.apply(a), hb = shared.apply(b);
    const o1 = layers.dense({ units: 1, name: 'o1' }).apply(layers.concatenate({ name: 'cat' }).apply([ha, hb]));
    const o2 = layers.dense({ units: 2, activation: 'softmax', name: 'o2' }).apply(layers.add({ name: 'plus' }).apply([ha, hb]));
    const ff = new Model({ inputs: [a, b], outputs: [o1, o2] });
    const ffSet = await encodeTfjs(ff);
    const tf2 = await tfl.loadLayersModel(tf.io.fromMemory(artifactsOf(ffSet)));
    expect(JSON.parse(new TextDecoder().decode(ffSet.files.get('model.json'))).modelTopology).toEqual(tf2.toJSON(null, false));
    expect(tf2.getLayer('shared').inboundNodes.length).toBe(2);
    const xa = X.subarray(0, 12), xb = X.subarray(12);
    close(predictT(tf2, [tf.tensor(xa, [3, 4]), tf.tensor(xb, [3, 4])]), await predictK(ff, [tensor(xa, [3, 4]), tensor(xb, [3, 4])]));
  });

  it('saveModel(model, "dir/name.json") writes name.json + name.weights.bin that tfjs loads', async () => {
    const mlp = kerasmMlp();
    const p = join(dir, 'web', 'net.json');
    await saveModel(mlp, p);
    expect(readdirSync(join(dir, 'web')).sort()).toEqual(['net.json', 'net.weights.bin']);
    const json = JSON.parse(readFileSync(p, 'utf8'));
    const art = { ...json, weightSpecs: json.weightsManifest[0].weights, weightData: new Uint8Array(readFileSync(join(dir, 'web', 'net.weights.bin'))).buffer };
    const tm = await tfl.loadLayersModel(tf.io.fromMemory(art));
    close(predictT(tm, tf.tensor(X, [6, 4])), await predictK(mlp, tensor(X, [6, 4])));
  });
});

/** Flattened weights of both models after one more training step on the same batch. */
async function stepBoth(k: Model, t: tfl.LayersModel): Promise<[Float32Array[], Float32Array[]]> {
  k.trainOnBatch(tensor(X, [6, 4]), tensor(Y, [6, 3]));
  await t.trainOnBatch(tf.tensor(X, [6, 4]), tf.tensor(Y, [6, 3]));
  return [k.getWeights() as Float32Array[], t.getWeights().map((w) => w.dataSync() as Float32Array)];
}

// Keras (and kerasm) apply Adam's epsilon outside the bias correction, tfjs inside; with the
// default 1e-7 that alone moves a step by ~1e-5 where gradients are tiny. A negligible
// epsilon makes the comparison about the restored state, not the formula.
const EPS = 1e-10;

describe('includeOptimizer: training resumes from the saved Adam state', () => {
  it('kerasm → tfjs: trainingConfig and optimizer weights (iter first, group "optimizer"); the next step matches', async () => {
    const k = kerasmMlp();
    k.compile({ optimizer: new optimizers.Adam({ learningRate: 0.05, epsilon: EPS }), loss: 'mean_squared_error' });
    await k.fit(tensor(X, [6, 4]), tensor(Y, [6, 3]), { epochs: 4, batchSize: 6, verbose: 0 });
    const set = await encodeTfjs(k, { includeOptimizer: true });
    const json = JSON.parse(new TextDecoder().decode(set.files.get('model.json')));
    expect(json.trainingConfig).toEqual({ loss: 'mean_squared_error', metrics: {}, optimizer_config: { class_name: 'Adam', config: { learningRate: 0.05, beta1: 0.9, beta2: 0.999, epsilon: EPS } } });
    const opt = json.weightsManifest[0].weights.filter((w: { group?: string }) => w.group === 'optimizer');
    expect(opt[0]).toEqual({ name: 'iter', shape: [], dtype: 'int32', group: 'optimizer' });
    const d0 = k.layers[0]!.name;
    expect(opt.map((w: { name: string }) => w.name).slice(1, 3)).toEqual([`${d0}/kernel/m`, `${d0}/bias/m`]);
    const t = await tfl.loadLayersModel(tf.io.fromMemory(artifactsOf(set)));
    expect(t.optimizer).toBeDefined();
    // The same weights with a fresh Adam step differently, so matching below means the state was used.
    const fresh = await tfl.loadLayersModel(tf.io.fromMemory(artifactsOf(await encodeTfjs(k))));
    fresh.compile({ optimizer: tf.train.adam(0.05, 0.9, 0.999, EPS), loss: 'meanSquaredError' });
    await fresh.trainOnBatch(tf.tensor(X, [6, 4]), tf.tensor(Y, [6, 3]));
    const [kw, tw] = await stepBoth(k, t);
    close(kw, tw);
    const fw = fresh.getWeights().map((w) => w.dataSync() as Float32Array);
    expect(Math.max(...fw.flatMap((w, i) => [...w].map((v, j) => Math.abs(v - tw[i]![j]!))))).toBeGreaterThan(1e-3);
  });

  it('tfjs → kerasm: the loaded model is compiled with Adam at the saved step; the next step matches', async () => {
    const t = tfjsMlp();
    t.compile({ optimizer: tf.train.adam(0.05, 0.9, 0.999, EPS), loss: 'meanSquaredError' });
    await t.fit(tf.tensor(X, [6, 4]), tf.tensor(Y, [6, 3]), { epochs: 4, batchSize: 6, verbose: 0 });
    const k = await decodeTfjs(fromArtifacts(await tfjsArtifacts(t, true)));
    expect(k.optimizer!.className).toBe('Adam');
    expect(k.optimizer!.iterations).toBe(4);
    const [kw, tw] = await stepBoth(k, t);
    close(kw, tw);
  });
});

describe('includeOptimizer on a functional model whose tfjs layer order differs from kerasm execution order', () => {
  // o1 = dA(x); o2 = dC(dB(x)). kerasm runs dA, dB, dC; tfjs (Keras map_graph) orders dB
  // (deeper) before dA and dC. Slots must follow each side's own order.
  const Y1 = Float32Array.from({ length: 6 }, (_, i) => (i % 2) - 0.5);
  const Y2 = Float32Array.from({ length: 12 }, (_, i) => Math.cos(i));

  function kerasmBranches(): Model {
    const x = input({ shape: [4], name: 'x' });
    const o1 = layers.dense({ units: 1, name: 'dA' }).apply(x);
    const o2 = layers.dense({ units: 2, name: 'dC' }).apply(layers.dense({ units: 3, activation: 'tanh', name: 'dB' }).apply(x));
    return new Model({ inputs: x, outputs: [o1, o2] });
  }

  async function stepBranches(k: Model, t: tfl.LayersModel): Promise<[Float32Array[], Float32Array[]]> {
    k.trainOnBatch(tensor(X, [6, 4]), [tensor(Y1, [6, 1]), tensor(Y2, [6, 2])]);
    await t.trainOnBatch(tf.tensor(X, [6, 4]), [tf.tensor(Y1, [6, 1]), tf.tensor(Y2, [6, 2])]);
    const byName = (ws: { name: string; values: Float32Array }[]) => ws.sort((a, b) => a.name.localeCompare(b.name)).map((w) => w.values);
    return [
      byName(k.weights.map((v) => ({ name: v.name, values: v.dataSync() as Float32Array }))),
      byName(t.weights.map((v) => ({ name: v.originalName, values: v.read().dataSync() as Float32Array }))),
    ];
  }

  it('kerasm → tfjs and tfjs → kerasm resume with each slot on its own variable', async () => {
    const k = kerasmBranches();
    k.compile({ optimizer: new optimizers.Adam({ learningRate: 0.05, epsilon: EPS }), loss: ['mean_squared_error', 'mean_squared_error'] });
    await k.fit(tensor(X, [6, 4]), [tensor(Y1, [6, 1]), tensor(Y2, [6, 2])], { epochs: 3, batchSize: 6, verbose: 0 });
    const set = await encodeTfjs(k, { includeOptimizer: true });
    const specs = JSON.parse(new TextDecoder().decode(set.files.get('model.json'))).weightsManifest[0].weights;
    expect(specs.filter((w: { group?: string }) => w.group === 'optimizer').map((w: { name: string }) => w.name).slice(1, 7))
      .toEqual(['dB/kernel/m', 'dB/bias/m', 'dA/kernel/m', 'dA/bias/m', 'dC/kernel/m', 'dC/bias/m']);
    const t = await tfl.loadLayersModel(tf.io.fromMemory(artifactsOf(set)));
    const [kw, tw] = await stepBranches(k, t);
    close(kw, tw);

    // And back: tfjs's file (its order) into a fresh kerasm model (kerasm's order).
    const k2 = await decodeTfjs(fromArtifacts(await tfjsArtifacts(t, true)));
    const [kw2, tw2] = await stepBranches(k2, t);
    close(kw2, tw2);
  });
});
