// The other direction with real Keras 3: configs kerasm writes are read by
// keras.saving.deserialize_keras_object into the same architecture (layer names, classes,
// output shapes, parameter counts), and Keras, serializing what it built, writes back
// exactly kerasm's config.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as layers from '../../../ts/layers/index.js';
import { input } from '../../../ts/layers/input_layer.js';
import { Model } from '../../../ts/models/model.js';
import { Sequential } from '../../../ts/models/sequential.js';
import { serializeModel } from '../../../ts/saving/config/index.js';
import { hasPython, pythonNotice, runPython } from '../../helpers/python.js';
import { asJson, comparable } from './helpers.js';

pythonNotice('reading kerasm model configs with Keras');

function models(): Record<string, Model> {
  const mlp = new Sequential([
    input({ shape: [784], name: 'pixels' }), layers.dense({ units: 128, activation: 'relu', name: 'hidden' }),
    layers.dropout({ rate: 0.2, name: 'drop' }), layers.dense({ units: 10, activation: 'softmax', name: 'probs' }),
  ], { name: 'mlp' });
  const cnn = new Sequential([
    input({ shape: [28, 28, 1], name: 'image' }),
    layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', name: 'conv1' }), layers.batchNormalization({ name: 'bn' }),
    layers.maxPooling2d({ name: 'pool1' }), layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', name: 'conv2' }),
    layers.maxPooling2d({ name: 'pool2' }), layers.flatten({ name: 'flat' }), layers.dense({ units: 64, activation: 'relu', name: 'fc' }),
    layers.dropout({ rate: 0.5, name: 'drop' }), layers.dense({ units: 10, activation: 'softmax', name: 'probs' }),
  ], { name: 'cnn' });

  const a = input({ shape: [8], name: 'in_a' });
  const b = input({ shape: [8], name: 'in_b' });
  const shared = layers.dense({ units: 4, activation: 'tanh', name: 'shared' });
  const ha = shared.apply(a);
  const hb = shared.apply(b);
  const score = layers.dense({ units: 1, activation: 'sigmoid', name: 'out_score' }).apply(layers.concatenate({ name: 'cat' }).apply([ha, hb]));
  const cls = layers.dense({ units: 3, activation: 'softmax', name: 'out_class' }).apply(layers.subtract({ name: 'diff' }).apply([ha, hb]));
  const siamese = new Model({ inputs: [a, b], outputs: [score, cls], name: 'siamese' });

  const ii = input({ shape: [6], name: 'f_in' });
  const innerF = new Model({ inputs: ii, outputs: layers.dense({ units: 5, activation: 'relu', name: 'f_d' }).apply(ii), name: 'inner_f' });
  const innerS = new Sequential([input({ shape: [5], name: 's_in' }), layers.dense({ units: 5, name: 's_d' })], { name: 'inner_s' });
  const x = input({ shape: [6], name: 'outer_in' });
  const h = innerF.apply(x);
  // inner_s is called twice (calls 0 and 1), with a layer between
  const y = innerS.apply(layers.dense({ units: 5, name: 'back' }).apply(innerS.apply(h)));
  const nested = new Model({ inputs: x, outputs: [layers.dense({ units: 2, activation: 'softmax', name: 'head' }).apply(y), h], name: 'outer' });

  const t = input({ shape: [3], name: 't_in' });
  const base = new Sequential([input({ shape: [3], name: 'base_in' }), layers.dense({ units: 3, name: 'base_d' })], { name: 'base' });
  const frozen = new Model({ inputs: t, outputs: layers.dense({ units: 1, name: 'top' }).apply(base.apply(t, { training: false })), name: 'transfer' });

  const lazy = new Sequential([layers.dense({ units: 3, activation: 'relu', name: 'd1' }), layers.dense({ units: 1, name: 'd2' })], { name: 'lazy' });
  return { mlp, cnn, siamese, nested, frozen, lazy };
}

const kerasClass = (m: Model) => (m.className === 'Model' ? 'Functional' : m.className);

function describeKerasm(m: Model): unknown[] {
  return m.layers.filter((l) => l.className !== 'InputLayer').map((l) => [
    l.name, l instanceof Model ? kerasClass(l) : l.className,
    l.inboundNodes.find((n) => n.inputs.length > 0)?.outputs[0]!.shape ?? null,
    l.built ? l.countParams() : null,
  ]);
}

const byName = (rows: unknown[]) => [...rows].sort((a, b) => String((a as unknown[])[0]).localeCompare(String((b as unknown[])[0])));

describe.skipIf(!hasPython)('Keras 3 reads the configs kerasm writes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kerasm-configs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('same layers, shapes and parameters; Keras serializes back exactly kerasm\'s config', () => {
    const ms = models();
    for (const [name, m] of Object.entries(ms)) writeFileSync(join(dir, `${name}.json`), JSON.stringify(serializeModel(m)));
    const out = JSON.parse(runPython(join(__dirname, 'check_configs.py'), [dir])) as Record<string, { layers: unknown[]; params: number | null; config: unknown }>;
    expect(Object.keys(out).sort()).toEqual(Object.keys(ms).sort());
    for (const [name, m] of Object.entries(ms)) {
      // by name: model.layers order is compared through the configs' layer lists below
      expect(byName(out[name]!.layers), name).toEqual(byName(describeKerasm(m)));
      expect(out[name]!.params, name).toBe(m.built ? m.countParams() : null);
      expect(comparable(out[name]!.config), name).toEqual(comparable(asJson(serializeModel(m))));
      m.dispose();
    }
  }, 300_000);
});
