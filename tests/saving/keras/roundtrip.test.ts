// Proof with the real thing, both ways.
// Keras → kerasm: every model make_fixtures.py saved with Keras 3 (.keras, .weights.h5, legacy
// .h5) loads in kerasm and predicts what Keras predicted; the .keras file's optimizer state is
// Keras's, and one more training step lands on Keras's next-step weights.
// kerasm → Keras: kerasm writes the same models (and three built natively in kerasm) after
// training them further, and check_kerasm_files.py loads them with keras.saving.load_model,
// compares predictions and takes the next step in Keras against kerasm's; it also rebuilds each
// from kerasm's toJSON() and loads kerasm's .weights.h5 into it.

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sequential, Model, input, layers, optimizers, loadModel, ready, Tensor, setSeed } from '../../../ts/index.js';
import { registeredLayers } from '../../../ts/layers/serialization.js';
import { hasPython, pythonNotice, runPython } from '../../helpers/python.js';
import {
  FIXTURES, PRED_ATOL, PRED_RTOL, STEP_ATOL, STEP_RTOL, decode, dropoutOff, encode, expectClose, fixtureNames, layerWeights, listOf,
  modelInputs, readFixture, type Arr, type Fixture,
} from './fixture_io.js';

const NAMES = fixtureNames();
const LEGACY_WITHOUT_OPTIMIZER = new Set(['mlp', 'cnn']);

beforeAll(async () => {
  await ready();
});

async function expectPredictions(model: Model, fx: Fixture, what: string): Promise<void> {
  const preds = listOf(await model.predict(modelInputs(fx.inputs)) as Tensor | Tensor[]);
  expect(preds.length, `${what}: outputs`).toBe(fx.predictions.length);
  preds.forEach((p, i) => {
    expect(p.shape, `${what}: output ${i} shape`).toEqual(fx.predictions[i]!.shape);
    expectClose(p.dataSync() as Float32Array, decode(fx.predictions[i]!), `${what}: output ${i}`, PRED_RTOL, PRED_ATOL);
    p.dispose();
  });
}

function trainOnce(model: Model, fx: { train: { x: Arr[]; y: Arr[] } }): void {
  model.trainOnBatch(modelInputs(fx.train.x), modelInputs(fx.train.y));
}

describe('Keras 3 files load in kerasm', () => {
  it('has the fixtures', () => {
    expect(NAMES.length).toBeGreaterThanOrEqual(10);
  });

  it('covers every layer class kerasm can load (a new layer needs a model in make_fixtures.py)', async () => {
    const seen = new Set<string>();
    // The string-input models come from make_text_fixtures.py (Keras on TensorFlow), tested in tests/layers/text/.
    const textDir = join(import.meta.dirname, 'text_fixtures');
    const files = [...NAMES.map((n) => join(FIXTURES, `${n}.keras`)), ...readdirSync(textDir).filter((f) => f.endsWith('.keras')).map((f) => join(textDir, f))];
    for (const file of files) {
      const model = await loadModel(file, { compile: false });
      // Nested layers count too (an RNN's cell, a wrapper's layer): they can only appear inside another.
      const visit = (l: layers.Layer): void => {
        seen.add(l.className);
        l.sublayers.forEach(visit);
      };
      model.layers.forEach(visit);
      model.dispose();
    }
    const models = new Set(['Sequential', 'Functional', 'Model']);
    expect(registeredLayers().length).toBeGreaterThanOrEqual(41);
    expect(registeredLayers().filter((c) => !seen.has(c) && !models.has(c))).toEqual([]);
  });

  describe.each(NAMES)('%s', (name) => {
    const fx = readFixture(name);

    it('.keras: predictions, optimizer state and the next training step match Keras', async () => {
      const model = await loadModel(join(FIXTURES, `${name}.keras`));
      await expectPredictions(model, fx, `${name}.keras`);

      const opt = model.optimizer;
      expect(opt, 'the compile config restores an optimizer').toBeTruthy();
      expect(opt!.className).toBe(fx.optimizer.class_name);
      expect(opt!.iterations).toBe(fx.optimizer.iterations);
      const state = opt!.getVariables();
      // Keras 3 names a Sequential model's slots after the variable path, which starts with the
      // model's name ('mlp_hidden_kernel_momentum'); kerasm leaves the model name out. The file
      // stores slots by position, so only the order matters for loading.
      const kerasNames = fx.optimizer.variables.map((v) => v.name.replace(new RegExp(`^${fx.model_name}_`), ''));
      expect(state.map((v) => v.name)).toEqual(kerasNames);
      state.forEach((v, i) => {
        const want = fx.optimizer.variables[i]!.value;
        expect(v.shape, `${v.name} shape`).toEqual(want.shape);
        expect(Array.from(v.values), `${v.name} is Keras's value, bit for bit`).toEqual(Array.from(decode(want)));
      });

      expect(dropoutOff(model)).toBe(fx.next_step.dropout_layers_set_to_rate_0);
      trainOnce(model, fx);
      expect(opt!.iterations).toBe(fx.optimizer.iterations + 1);
      const byLayer = new Map(model.layers.map((l) => [l.name, l]));
      for (const w of fx.next_step.weights) {
        const v = byLayer.get(w.layer)?.weights[w.index];
        expect(v, `weight ${w.layer}[${w.index}] (${w.name})`).toBeTruthy();
        expect(v!.shape).toEqual(w.value.shape);
        expectClose(v!.buf.f32(), decode(w.value), `${name}: ${w.layer}/${w.name} after one more step`, STEP_RTOL, STEP_ATOL);
      }
      model.dispose();
    });

    it('.weights.h5 onto the architecture gives Keras\'s predictions', async () => {
      const model = await loadModel(join(FIXTURES, `${name}.keras`), { compile: false });
      // Overwrite every weight first, so the predictions can only come from the weights file.
      // (Normalization's count is int32.)
      for (const layer of model.layers) layer.setWeights(layer.weights.map((w) => (w.dtype === 'int32' ? new Int32Array(w.size).fill(1) : new Float32Array(w.size).fill(0.5))));
      await model.loadWeights(join(FIXTURES, `${name}.weights.h5`));
      await expectPredictions(model, fx, `${name}.weights.h5`);
      model.dispose();
    });

    it('legacy .h5 gives Keras\'s predictions and compile config', async () => {
      const model = await loadModel(join(FIXTURES, `${name}.h5`));
      await expectPredictions(model, fx, `${name}.h5`);
      // Compiled from the file's training_config (its optimizer weights are not restored). Keras
      // writes no training_config with include_optimizer=False, which make_fixtures.py uses for these.
      expect(model.optimizer?.className).toBe(LEGACY_WITHOUT_OPTIMIZER.has(name) ? undefined : fx.optimizer.class_name);
      model.dispose();
    });
  });
});

// --- kerasm → Keras ---------------------------------------------------------------------------

interface Written { name: string; model: Model; train: { x: Arr[]; y: Arr[] }; inputs: Arr[] }

function randomArr(shape: number[], kind: 'normal' | 'labels' | 'binary', classes = 2, seed = 1): Arr {
  const n = shape.reduce((a, b) => a * b, 1);
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  if (kind === 'labels') return encode(Int32Array.from({ length: n }, () => Math.floor(next() * classes)), shape);
  if (kind === 'binary') return encode(Float32Array.from({ length: n }, () => (next() < 0.5 ? 0 : 1)), shape);
  return encode(Float32Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next())), shape);
}

/** Models defined in kerasm itself (kerasm's own layer names), trained 3 steps. */
function nativeModels(): Written[] {
  setSeed(7);
  const mlp = new Sequential([
    input({ shape: [784] }), layers.dense({ units: 32, activation: 'relu' }), layers.dropout({ rate: 0.2 }),
    layers.dense({ units: 10, activation: 'softmax' }),
  ]);
  mlp.compile({ optimizer: new optimizers.Adam({ learningRate: 1e-3 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  const cnn = new Sequential([
    input({ shape: [28, 28, 1] }), layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu' }), layers.batchNormalization(),
    layers.maxPooling2d({ poolSize: 2 }), layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }), layers.maxPooling2d({ poolSize: 2 }),
    layers.flatten(), layers.dense({ units: 32, activation: 'relu' }), layers.dropout({ rate: 0.25 }), layers.dense({ units: 10, activation: 'softmax' }),
  ]);
  cnn.compile({ optimizer: new optimizers.RMSprop({ learningRate: 1e-3 }), loss: 'sparse_categorical_crossentropy' });
  const a = input({ shape: [8] }), b = input({ shape: [8] });
  const shared = layers.dense({ units: 4, activation: 'tanh' });
  const ha = shared.apply(a), hb = shared.apply(b);
  const score = layers.dense({ units: 1, activation: 'sigmoid', name: 'score' }).apply(layers.concatenate().apply([ha, hb]));
  const klass = layers.dense({ units: 3, activation: 'softmax', name: 'klass' }).apply(layers.subtract().apply([ha, hb]));
  const fn = new Model({ inputs: [a, b], outputs: [score, klass] });
  fn.compile({ optimizer: new optimizers.SGD({ learningRate: 0.05, momentum: 0.9 }), loss: ['binary_crossentropy', 'sparse_categorical_crossentropy'], lossWeights: [1, 0.5] });
  return [
    { name: 'native_mlp', model: mlp, train: { x: [randomArr([8, 784], 'normal', 0, 11)], y: [randomArr([8], 'labels', 10, 12)] }, inputs: [randomArr([4, 784], 'normal', 0, 13)] },
    { name: 'native_cnn', model: cnn, train: { x: [randomArr([8, 28, 28, 1], 'normal', 0, 21)], y: [randomArr([8], 'labels', 10, 22)] }, inputs: [randomArr([4, 28, 28, 1], 'normal', 0, 23)] },
    {
      name: 'native_functional', model: fn,
      train: { x: [randomArr([8, 8], 'normal', 0, 31), randomArr([8, 8], 'normal', 0, 32)], y: [randomArr([8, 1], 'binary', 2, 33), randomArr([8], 'labels', 3, 34)] },
      inputs: [randomArr([4, 8], 'normal', 0, 35), randomArr([4, 8], 'normal', 0, 36)],
    },
  ];
}

pythonNotice('the kerasm → Keras 3 checks');

describe.skipIf(!hasPython)('kerasm files load in Keras 3 (check_kerasm_files.py)', () => {
  let dir = '';
  const results = new Map<string, { ok: boolean; checks?: unknown; error?: string }>();
  const written: string[] = [];
  afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kerasm-to-keras-'));
    const models: Written[] = nativeModels();
    // The Keras fixtures' models, loaded and trained 2 more steps in kerasm (Dropout on), so the
    // state written is kerasm's own.
    for (const name of NAMES) {
      const fx = readFixture(name);
      models.push({ name, model: await loadModel(join(FIXTURES, `${name}.keras`)), train: fx.train, inputs: fx.inputs });
    }
    for (const w of models) {
      const steps = w.name.startsWith('native_') ? 3 : 2;
      for (let i = 0; i < steps; i++) trainOnce(w.model, w);
      await w.model.save(join(dir, `${w.name}.keras`));
      await w.model.saveWeights(join(dir, `${w.name}.weights.h5`));
      // Keras builds the weights file's architecture from kerasm's toJSON() (keras.models.model_from_json).
      writeFileSync(join(dir, `${w.name}.arch.json`), w.model.toJSON());
      const preds = listOf(await w.model.predict(modelInputs(w.inputs)) as Tensor | Tensor[]);
      const predictions = preds.map((p) => encode(p.dataSync() as Float32Array, p.shape));
      preds.forEach((p) => p.dispose());
      dropoutOff(w.model);
      trainOnce(w.model, w);
      writeFileSync(join(dir, `${w.name}.expect.json`), JSON.stringify({
        inputs: w.inputs, predictions, train: w.train, next_step: { weights: layerWeights(w.model) },
      }));
      w.model.dispose();
      written.push(w.name);
    }
    let out: string;
    try {
      out = runPython(join(import.meta.dirname, 'check_kerasm_files.py'), [dir], { timeoutMs: 900_000 });
    } catch (e) {
      // Exit status 1 = some model did not match: its line says which check and by how much.
      out = String((e as { stdout?: string }).stdout ?? '');
      if (!out.trim()) throw e;
    }
    for (const line of out.split('\n').filter((l) => l.startsWith('{'))) {
      const r = JSON.parse(line) as { name: string; ok: boolean };
      results.set(r.name, r);
    }
  }, 1_200_000);

  it('wrote every model', () => {
    expect(written.length).toBe(NAMES.length + 3);
  });

  it.each([...NAMES, 'native_mlp', 'native_cnn', 'native_functional'])('%s: Keras predicts and trains on as kerasm did', (name) => {
    const r = results.get(name);
    expect(r, `no result from check_kerasm_files.py for ${name}`).toBeTruthy();
    expect(r!.ok, JSON.stringify(r)).toBe(true);
    expect((r!.checks as { check: string }[]).map((c) => c.check)).toEqual(['keras_predict', 'train_step', 'weights_h5_predict']);
  });
});
