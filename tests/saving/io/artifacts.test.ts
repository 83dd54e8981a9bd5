// The tfjs ModelArtifacts <-> file set conversion behind the IndexedDB/localStorage stores and
// tfjs IOHandlers, checked against tfjs-core itself: the model.json we lay out equals the one
// tfjs's http saver POSTs, and our artifacts equal what tfjs's loader builds from the files.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromArtifacts, getLoadHandler, renameSet, tfjsHandler, toArtifacts, type FileSet } from '../../../ts/saving/io/index.js';

let art: tf.io.ModelArtifacts;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const m = tfl.sequential({ layers: [tfl.layers.dense({ units: 3, inputShape: [2] }), tfl.layers.dense({ units: 1 })] });
  m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  await m.save(tf.io.withSaveHandler(async (a) => {
    art = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }), { includeOptimizer: true });
});

/** What tfjs's http handler POSTs for these artifacts. */
async function tfjsPosted(a: tf.io.ModelArtifacts): Promise<Map<string, Uint8Array>> {
  let body: FormData | undefined;
  const h = tf.io.http('http://x/upload', { fetchFunc: (async (_url: string, init: RequestInit) => ((body = init.body as FormData), new Response(''))) as typeof fetch });
  await h.save!(a);
  const out = new Map<string, Uint8Array>();
  for (const [k, v] of body!) out.set(k, new Uint8Array(await (v as Blob).arrayBuffer()));
  return out;
}

describe('tfjs artifacts', () => {
  it('fromArtifacts writes the model.json and weights tfjs http saving writes', async () => {
    const posted = await tfjsPosted(art);
    const set = fromArtifacts(art);
    expect(set.main).toBe('model.json');
    expect(new TextDecoder().decode(set.files.get('model.json'))).toBe(new TextDecoder().decode(posted.get('model.json')));
    expect(set.files.get('model.weights.bin')).toEqual(posted.get('model.weights.bin'));
  });

  it('toArtifacts joins shards as tfjs loads them', async () => {
    const bin = new Uint8Array(art.weightData as ArrayBuffer);
    const json = { modelTopology: art.modelTopology, format: art.format, generatedBy: art.generatedBy, convertedBy: art.convertedBy,
      weightsManifest: [{ paths: ['./a.bin', 'b.bin'], weights: art.weightSpecs }], trainingConfig: art.trainingConfig };
    const set: FileSet = { main: 'model.json', files: new Map([['model.json', new TextEncoder().encode(JSON.stringify(json))], ['a.bin', bin.subarray(0, 10)], ['b.bin', bin.subarray(10)]]) };
    const mine = toArtifacts(set);
    const theirs = await tf.io.getModelArtifactsForJSON(json as tf.io.ModelJSON, async () => [tf.io.getWeightSpecs(json.weightsManifest as tf.io.WeightsManifestConfig), bin.slice().buffer]);
    expect({ ...mine, weightData: undefined }).toEqual({ ...theirs, weightData: undefined });
    expect(new Uint8Array(mine.weightData as ArrayBuffer)).toEqual(bin);
  });

  it('renames a multi-file tfjs set and its manifest consistently', () => {
    const json = { modelTopology: {}, weightsManifest: [{ paths: ['g1.bin', './g2.bin'], weights: [] }] };
    const set: FileSet = { main: 'model.json', files: new Map([['model.json', new TextEncoder().encode(JSON.stringify(json))], ['g1.bin', Uint8Array.of(1)], ['g2.bin', Uint8Array.of(2)]]) };
    const r = renameSet(set, 'net');
    expect([...r.files.keys()]).toEqual(['net.json', 'net.weights-1of2.bin', 'net.weights-2of2.bin']);
    expect(JSON.parse(new TextDecoder().decode(r.files.get('net.json'))).weightsManifest[0].paths).toEqual(['./net.weights-1of2.bin', './net.weights-2of2.bin']);
    expect(r.files.get('net.weights-2of2.bin')).toEqual(Uint8Array.of(2));
  });

  it('tfjs IOHandlers load as they are and save through tfjsHandler()', async () => {
    const set = await getLoadHandler(tf.io.fromMemory(art) as never).load!();
    expect(set.main).toBe('model.json');
    let got: tf.io.ModelArtifacts | undefined;
    await tfjsHandler(tf.io.withSaveHandler(async (a) => ((got = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })) as never).save!(set);
    expect(got!.weightSpecs).toEqual(art.weightSpecs);
    expect(new Uint8Array(got!.weightData as ArrayBuffer)).toEqual(new Uint8Array(art.weightData as ArrayBuffer));
    expect(got!.trainingConfig).toEqual(art.trainingConfig);
    await expect(tfjsHandler({ save: async () => ({}) }).save!({ main: 'm.keras', files: new Map([['m.keras', Uint8Array.of(0x50, 0x4b)]]) })).rejects.toThrow(/tfjs-format models only/);
    await expect(getLoadHandler({ load: async () => ({ nope: 1 }) } as never).load!()).rejects.toThrow(/must return a file set .* or tfjs ModelArtifacts/);
  });
});
