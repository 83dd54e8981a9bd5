// .keras container details: uncompiled models, Keras's float-typed hyper-parameters, and
// malformed files failing with a ValueError that names the file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Sequential } from '../../../ts/models/sequential.js';
import { Model } from '../../../ts/models/model.js';
import { modelFromJSON } from '../../../ts/saving/config/index.js';
import { input } from '../../../ts/layers/input_layer.js';
import * as layers from '../../../ts/layers/index.js';
import * as optimizers from '../../../ts/optimizers/index.js';
import { tensor } from '../../../ts/tensor/creation.js';
import { setSeed } from '../../../ts/tensor/random.js';
import { loadModel, modelToBytes } from '../../../ts/saving/api.js';
import { kerasJson } from '../../../ts/saving/keras/keras_json.js';
import { readZip, writeZip } from '../../../ts/saving/zip.js';
import { ValueError } from '../../../ts/errors.js';
import type { Tensor } from '../../../ts/tensor/tensor.js';
import { hasPython, pythonNotice, runPython } from '../../helpers/python.js';

const work = mkdtempSync(join(tmpdir(), 'kerasm-kfile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const X = [[0.5, -1, 2], [1, 0.25, -0.5]];

function mlp() {
  setSeed(4);
  return new Sequential([input({ shape: [3] }), layers.dense({ units: 4, activation: 'relu' }), layers.dense({ units: 2 })]);
}
const predict = (m: Sequential) => {
  const p = m.predictOnBatch(tensor(X)) as Tensor;
  const v = Array.from(p.dataSync());
  p.dispose();
  return v;
};

describe('.keras files', () => {
  it('an uncompiled model round-trips and comes back uncompiled', async () => {
    const m = mlp();
    const back = await loadModel(await modelToBytes(m));
    expect(predict(back as Sequential)).toEqual(predict(m));
    expect(back.optimizer).toBeUndefined();
  });

  it('writes Keras float hyper-parameters with a decimal point, other numbers as they are', () => {
    expect(kerasJson({ learning_rate: 1, momentum: 0, nesterov: false, units: 3, axis: [-1], beta_1: 0.9 }))
      .toBe('{"learning_rate": 1.0, "momentum": 0.0, "nesterov": false, "units": 3, "axis": [-1], "beta_1": 0.9}');
  });

  it.skipIf(!hasPython)('Keras 3 loads SGD(learningRate 1, momentum 0) and an uncompiled model', async () => {
    const a = mlp();
    a.compile({ optimizer: new optimizers.SGD({ learningRate: 1, momentum: 0 }), loss: 'mse' });
    const b = mlp();
    const files: string[] = [];
    for (const [name, m] of [['sgd', a], ['bare', b]] as const) {
      const f = join(work, `${name}.keras`);
      writeFileSync(f, await modelToBytes(m));
      writeFileSync(`${f}.input.json`, JSON.stringify(X));
      files.push(f);
    }
    const out = runPython(join(import.meta.dirname, 'load_in_keras.py'), files).trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    expect(out.map((o) => o.optimizer)).toEqual(['SGD', null]);
    out.forEach((o, i) => {
      const want = predict(i === 0 ? a : b);
      (o.pred as number[][]).flat().forEach((v, k) => expect(v).toBeCloseTo(want[k]!, 5));
    });
  });

  it('malformed files fail with a ValueError naming the file', async () => {
    pythonNotice('Keras loading of kerasm files');
    const good = await modelToBytes(mlp());
    const members = readZip(good, 'good.keras');
    const without = (name: string) => writeZip([...members].filter(([n]) => n !== name));
    await expect(loadModel(without('config.json'))).rejects.toThrow(/no config.json/);
    await expect(loadModel(without('model.weights.h5'))).rejects.toThrow(/no model.weights.h5/);
    await expect(loadModel(writeZip([...members].map(([n, d]) => [n, n === 'config.json' ? new TextEncoder().encode('{"class_name": ') : d])))).rejects.toThrow(/not valid JSON/);
    for (const cut of [10, 100, good.length >> 1, good.length - 30]) {
      await expect(loadModel(good.slice(0, cut))).rejects.toBeInstanceOf(ValueError);
    }
    const path = join(work, 'broken.keras');
    writeFileSync(path, good.slice(0, 200));
    await expect(loadModel(path)).rejects.toThrow(/broken\.keras/);
  });

  it('fuzz: 300 seeded bit flips and overwrites give a model or a ValueError, never anything else', async () => {
    const orig = mlp();
    const want = predict(orig);
    const good = await modelToBytes(orig);
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    let loaded = 0;
    for (let i = 0; i < 300; i++) {
      const b = good.slice();
      const n = 1 + Math.floor(rnd() * 4);
      for (let k = 0; k < n; k++) {
        const at = Math.floor(rnd() * b.length);
        b[at] = rnd() < 0.5 ? b[at]! ^ (1 << Math.floor(rnd() * 8)) : 0xff;
      }
      try {
        const m = await loadModel(b);
        // Only a flip in bytes nothing reads (e.g. a local header's date) may load: the model
        // must then be exactly the saved one.
        expect(predict(m as Sequential)).toEqual(want);
        loaded++;
        m.dispose();
      } catch (e) {
        if (!(e instanceof ValueError)) throw new Error(`flip ${i}: ${(e as Error).name}: ${(e as Error).message}`);
      }
    }
    expect(loaded).toBeLessThan(30);
  });

  it('a functional model\'s getConfig/toJSON rebuild it through Model.fromConfig and modelFromJSON', () => {
    const a = input({ shape: [3], name: 'a' });
    const m = new Model({ inputs: a, outputs: layers.dense({ units: 2, name: 'd' }).apply(layers.dense({ units: 4, name: 'h' }).apply(a)) });
    const c = m.getConfig();
    expect(Object.keys(c)).toEqual(expect.arrayContaining(['layers', 'input_layers', 'output_layers']));
    for (const back of [Model.fromConfig(c), modelFromJSON(m.toJSON())]) {
      expect(back.layers.map((l) => l.name)).toEqual(['a', 'h', 'd']);
      back.dispose();
    }
  });
});
