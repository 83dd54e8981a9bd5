// Saving in a real browser (headless Chromium): IndexedDB and localStorage survive a page
// reload and interoperate with tfjs in both directions, the localStorage quota gives a clear
// error and keeps the old model, downloads:// produces the files, and http:// loads a model
// kerasm saved in Node, served by the test server, predicting as it did in Node.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Download } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useChromium } from './harness.js';
import { Sequential } from '../../ts/models/sequential.js';
import * as layers from '../../ts/layers/index.js';
import { input } from '../../ts/layers/input_layer.js';
import { tensor } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import { saveModel } from '../../ts/saving/api.js';

interface Results {
  errors: string[];
  phase: string;
  kerasm: number[]; tfjsFromIdb: number[]; tfjsFromLs: number[]; tfjs: number[];
  fromIdb: number[]; fromIdbKeras: number[]; fromTfjsIdb: number[]; fromLs: number[]; fromLsKeras: number[]; fromSwitch: number[]; switchTfjs: string;
  fromHttp: number[]; fromHttpKeras: number[];
  quotaError: string; lsAfterQuota: number[]; missing: string; notSaved: string;
}

const open = useChromium();
const served = mkdtempSync(join(tmpdir(), 'kerasm-served-'));
const X = Float32Array.from({ length: 12 }, (_, i) => Math.sin(i + 1));
let nodePrediction: number[] = [];

beforeAll(async () => {
  // Files under <root>/served/ appear at /served/ on the test server.
  const m = new Sequential([input({ shape: [4] }), layers.dense({ units: 7, activation: 'tanh' }), layers.dense({ units: 2 })]);
  m.compile({ optimizer: 'sgd', loss: 'mean_squared_error' });
  await saveModel(m, join(served, 'served', 'model.json'));
  await saveModel(m, join(served, 'served', 'model.keras'));
  nodePrediction = Array.from(((await m.predict(tensor(X, [3, 4]))) as Tensor).dataSync());
});
afterAll(() => rmSync(served, { recursive: true, force: true }));

const close = (a: number[], b: number[]) => {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThanOrEqual(1e-5));
};

describe('saving in headless Chromium', () => {
  it('IndexedDB, localStorage, downloads:// and http:// across a page reload, interoperating with tfjs', async () => {
    const downloads: Promise<{ name: string; bytes: Buffer }>[] = [];
    // node_modules serves tfjs (the other side of the interop) and fflate (the bundle's dependency).
    const nodeModules = fileURLToPath(new URL('../../node_modules/', import.meta.url));
    const { results: r, log } = await open<Results>('saving.html', false, 1, {
      roots: [nodeModules, served],
      onPage: (page) => page.on('download', (d: Download) => downloads.push(d.path().then((p) => ({ name: d.suggestedFilename(), bytes: readFileSync(p) })))),
    });
    expect(r.errors, `${r.errors.join('\n')}\n${log.join('\n')}`).toEqual([]);
    expect(r.phase).toBe('2');
    // tfjs loaded what kerasm stored; kerasm loaded it back after the reload.
    close(r.tfjsFromIdb, r.kerasm);
    close(r.tfjsFromLs, r.kerasm);
    close(r.fromIdb, r.kerasm);
    close(r.fromIdbKeras, r.kerasm);
    close(r.fromLs, r.kerasm);
    close(r.fromLsKeras, r.kerasm);
    close(r.fromSwitch, r.kerasm);
    expect(r.switchTfjs).toMatch(/Cannot find model with path 'switch'/);
    // kerasm loaded what tfjs stored.
    close(r.fromTfjsIdb, r.tfjs);
    expect(r.quotaError).toMatch(/^ValueError: .*localstorage:\/\/kerasm-ls.*quota .*indexeddb:\/\/kerasm-ls.*previous contents are unchanged/);
    close(r.lsAfterQuota, r.kerasm);
    close(r.fromHttp, nodePrediction);
    close(r.fromHttpKeras, nodePrediction);
    expect(r.missing).toMatch(/^ValueError: .*absent\.json' failed with HTTP status 404/);
    expect(r.notSaved).toMatch(/^ValueError: No model is saved at 'indexeddb:\/\/never-saved'/);
    const files = await Promise.all(downloads);
    expect(files.map((f) => f.name).sort()).toEqual(['dl-keras.keras', 'dl-mlp.json', 'dl-mlp.weights.bin']);
    const json = JSON.parse(files.find((f) => f.name === 'dl-mlp.json')!.bytes.toString('utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['./dl-mlp.weights.bin']);
    expect(files.find((f) => f.name === 'dl-mlp.weights.bin')!.bytes.length).toBe((4 * 6 + 6 + 6 * 2 + 2) * 4);
    expect(files.find((f) => f.name === 'dl-keras.keras')!.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  }, 120_000);
});
