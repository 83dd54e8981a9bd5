// Vocabularies saved the Keras 3 way: `vocabulary.txt` assets (save_assets/load_assets), the
// tf_idf weights (save_own_variables), and `.keras` files with assets/ in both directions.
// Keras wrote tests/golden/text_assets/ (generate_text.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it, beforeAll } from 'vitest';
import { ready, input, Model, layers, loadModel, modelToBytes, tensor, Tensor } from '../../../ts/index.js';
import { TextVectorization, StringLookup, IntegerLookup } from '../../../ts/layers/text/index.js';
import { readZip } from '../../../ts/saving/zip.js';

const DIR = new URL('../../golden/text_assets/', import.meta.url);
interface Arr { shape: number[]; values: number[] }
const G = JSON.parse(readFileSync(new URL('../../golden/text.json', import.meta.url), 'utf8')) as {
  corpus: string[];
  assets: { name: string; dir: string; queries: unknown; output: Arr }[];
  integer_lookup_model: { path: string; queries: number[][]; predictions: Arr; vocabulary: number[] };
};
const saved = (dir: string) => ({
  spec: JSON.parse(readFileSync(new URL(`${dir}/config.json`, DIR), 'utf8')) as { class_name: string; config: Record<string, unknown>; variables: Record<string, number[]> },
  vocabulary: readFileSync(new URL(`${dir}/vocabulary.txt`, DIR), 'utf8'),
});

function expectValues(t: Tensor, want: Arr, tol = 1e-6): void {
  expect(t.shape).toEqual(want.shape);
  const v = Array.from(t.dataSync());
  want.values.forEach((w, i) => expect(Math.abs(v[i]! - w), `[${i}] ${v[i]} vs ${w}`).toBeLessThanOrEqual(tol * (1 + Math.abs(w))));
}

function fromKeras(dir: string): TextVectorization | StringLookup {
  const { spec, vocabulary } = saved(dir);
  const layer = spec.class_name === 'TextVectorization'
    ? TextVectorization.fromConfig(spec.config)
    : new StringLookup(Object.fromEntries(Object.entries(spec.config).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v])));
  layer.loadOwnVariables(spec.variables);
  layer.loadAssets({ 'vocabulary.txt': vocabulary });
  return layer;
}

beforeAll(async () => {
  await ready();
});

describe("Keras's save_assets format", () => {
  it.each(G.assets.map((c) => [c.name, c] as const))('%s: Keras config + assets load in kerasm and vectorize as Keras', (_n, c) => {
    const layer = fromKeras(c.dir);
    const out = layer.apply(c.queries as string[]) as Tensor;
    expectValues(out, c.output);
  });

  it.each(G.assets.map((c) => [c.name, c] as const))('%s: kerasm adapted on the same data writes the same vocabulary.txt and variables', (_n, c) => {
    const { spec, vocabulary } = saved(c.dir);
    const cfg = Object.fromEntries(Object.entries(spec.config).filter(([k]) => !['name', 'vocabulary_size'].includes(k)));
    let layer: TextVectorization | StringLookup;
    if (spec.class_name === 'TextVectorization') {
      layer = TextVectorization.fromConfig(cfg);
      layer.adapt(G.corpus);
    } else {
      layer = new StringLookup({ numOovIndices: 2, maskToken: '' });
      layer.adapt([['b', 'a', 'c', 'a'], ['d', 'a', 'b', '']]);
    }
    expect(layer.saveAssets()['vocabulary.txt']).toBe(vocabulary);
    const vars = layer.saveOwnVariables();
    expect(Object.keys(vars)).toEqual(Object.keys(spec.variables));
    for (const [k, v] of Object.entries(vars)) Array.from(v).forEach((x, i) => expect(x).toBeCloseTo(spec.variables[k]![i]!, 6));
    // …and reads it back.
    const again = spec.class_name === 'TextVectorization' ? TextVectorization.fromConfig(cfg) : new StringLookup({ numOovIndices: 2, maskToken: '' });
    again.loadOwnVariables(vars);
    again.loadAssets(layer.saveAssets());
    expect(again.getVocabulary()).toEqual(layer.getVocabulary());
    expectValues(again.apply(c.queries as string[]) as Tensor, c.output);
  });

  it('a vocabulary given in the config has no asset (Keras keeps it in the config)', () => {
    const l = new StringLookup({ vocabulary: ['a', 'b'] });
    expect(l.saveAssets()).toEqual({});
    expect(l.getConfig().vocabulary).toEqual(['a', 'b']);
  });
});

describe('.keras files with assets', () => {
  it('a Keras-written model with an adapted IntegerLookup loads (vocabulary from assets/) and predicts as Keras', async () => {
    const fx = G.integer_lookup_model;
    const model = await loadModel(new URL(fx.path, DIR).pathname, { compile: false, customObjects: { IntegerLookup } });
    const lookup = model.layers.find((l) => l instanceof IntegerLookup) as IntegerLookup;
    expect(lookup.getVocabulary()).toEqual(fx.vocabulary);
    const p = await model.predict(tensor(fx.queries, undefined, 'int32')) as Tensor;
    expectValues(p, fx.predictions, 1e-5);
    model.dispose();
  });

  it('kerasm writes the vocabulary under assets/<layer path>/ and reads it back', async () => {
    const lookup = new IntegerLookup({ maskToken: 0 });
    lookup.adapt([[3, 9, 9, 27], [27, 9, 4, 0]]);
    const inp = input({ shape: [4], dtype: 'int32' });
    let x = lookup.apply(inp);
    x = layers.embedding({ inputDim: lookup.vocabularySize(), outputDim: 2 }).apply(x);
    x = layers.globalAveragePooling1d().apply(x);
    const model = new Model({ inputs: inp, outputs: layers.dense({ units: 1 }).apply(x) });
    const bytes = await modelToBytes(model);
    const files = readZip(bytes, 'm.keras');
    expect(new TextDecoder().decode(files.get('assets/layers/integer_lookup/vocabulary.txt'))).toBe(lookup.getVocabulary().join('\n'));
    const back = await loadModel(bytes, { customObjects: { IntegerLookup } });
    const q = tensor([[9, 3, 100, 0]], undefined, 'int32');
    expect(Array.from((await back.predict(q) as Tensor).dataSync())).toEqual(Array.from((await model.predict(q) as Tensor).dataSync()));
    expect((back.layers.find((l) => l instanceof IntegerLookup) as IntegerLookup).getVocabulary()).toEqual(lookup.getVocabulary());
    model.dispose();
    back.dispose();
  });
});
