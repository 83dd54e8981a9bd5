// Reading broken or foreign model.json files: every failure is a ValueError naming the file
// and the problem, raised before a model is built (nothing leaks), and fuzzed JSON never
// produces anything else.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValueError } from '../../../ts/errors.js';
import { Sequential } from '../../../ts/models/sequential.js';
import * as layers from '../../../ts/layers/index.js';
import { input } from '../../../ts/layers/input_layer.js';
import { memory } from '../../../ts/autograd/gradients.js';
import { decodeTfjs, encodeTfjs } from '../../../ts/saving/tfjs/index.js';
import type { FileSet } from '../../../ts/saving/io/types.js';

const enc = new TextEncoder(), dec = new TextDecoder();

async function saved(): Promise<{ set: FileSet; json: Record<string, any> }> {
  const m = new Sequential([input({ shape: [3] }), layers.dense({ units: 4, activation: 'relu', name: 'h' }), layers.dense({ units: 2, name: 'out' })]);
  const set = await encodeTfjs(m);
  m.dispose();
  return { set, json: JSON.parse(dec.decode(set.files.get('model.json'))) };
}

const withJson = (set: FileSet, json: unknown): FileSet => ({ main: set.main, files: new Map([...set.files, [set.main, enc.encode(JSON.stringify(json))]]) });

describe('decodeTfjs errors', () => {
  it('truncated JSON, graph models and missing topologies are named', async () => {
    const { set, json } = await saved();
    const text = set.files.get('model.json')!;
    await expect(decodeTfjs({ ...set, files: new Map([...set.files, ['model.json', text.subarray(0, text.length - 7)]]) })).rejects.toThrow(/'model\.json' is not valid JSON/);
    await expect(decodeTfjs(withJson(set, { ...json, format: 'graph-model' }))).rejects.toThrow(/'model\.json' is a tfjs graph model/);
    await expect(decodeTfjs(withJson(set, { weightsManifest: [] }))).rejects.toThrow(/'model\.json' has no modelTopology/);
    await expect(decodeTfjs(withJson(set, { ...json, weightsManifest: undefined }))).rejects.toThrow(/'model\.json' has no weightsManifest.*modelFromJSON/);
  });

  it('missing, misshaped and surplus weights are named; a truncated .bin fails before any model is built', async () => {
    const { set, json } = await saved();
    const specs = json.weightsManifest[0].weights as { name: string; shape: number[] }[];
    const before = memory().numBuffers;
    const bin = set.files.get('model.weights.bin')!;
    await expect(decodeTfjs({ ...set, files: new Map([...set.files, ['model.weights.bin', bin.subarray(0, bin.length - 1)]]) }))
      .rejects.toThrow(/'model\.weights\.bin': weight 'out\/bias' .* holds only/);
    expect(memory().numBuffers).toBe(before);

    const renamed = structuredClone(json);
    renamed.weightsManifest[0].weights[0].name = 'other/kernel';
    await expect(decodeTfjs(withJson(set, renamed))).rejects.toThrow(/no values for weight 'h\/kernel'/);

    const reshaped = structuredClone(json);
    reshaped.weightsManifest[0].weights[0].shape = [4, 3];
    await expect(decodeTfjs(withJson(set, reshaped))).rejects.toThrow(/weight 'h\/kernel' has shape \[4,3\], but layer 'h' expects \[3,4\]/);

    const extra = structuredClone(json);
    extra.weightsManifest[0].weights.push({ name: 'ghost/kernel', shape: [0], dtype: 'float32' });
    await expect(decodeTfjs(withJson(set, extra))).rejects.toThrow(/has weights the model does not: \['ghost\/kernel'\]/);
    expect(specs.length).toBe(4);
    expect(memory().numBuffers).toBe(before);
  });

  it('fuzz: bit flips anywhere in model.json give a model or a ValueError, never another error', async () => {
    const { set } = await saved();
    const text = set.files.get('model.json')!;
    await fc.assert(fc.asyncProperty(fc.nat(text.length - 1), fc.integer({ min: 1, max: 255 }), async (at, x) => {
      const t = text.slice();
      t[at]! ^= x;
      try {
        const m = await decodeTfjs({ ...set, files: new Map([...set.files, ['model.json', t]]) });
        m.dispose();
      } catch (e) {
        if (!(e instanceof ValueError)) throw new Error(`flip at ${at} (${String.fromCharCode(text[at]!)} ^ ${x}) gave ${e}`);
      }
    }), { numRuns: 150 });
  });
});
