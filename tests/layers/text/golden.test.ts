// The text layers against Keras 3 (tests/golden/generate_text.py → text.json): vocabularies
// after adapt, outputs of every mode, tf_idf weights, hashing bins, category encodings.
import { readFileSync } from 'node:fs';
import { describe, expect, it, beforeAll } from 'vitest';
import { ready, Tensor, tensor } from '../../../ts/index.js';
import { TextVectorization, StringLookup, IntegerLookup, Hashing, CategoryEncoding } from '../../../ts/layers/text/index.js';

interface Arr { dtype: 'int' | 'float' | 'string'; shape: number[]; values: (number | string)[] }
interface Case { name: string; adapt?: string | string[] | null; options: Record<string, unknown>; vocabulary: (string | number)[]; queries: unknown; output: Arr; idf_weights?: Arr; config: Record<string, unknown>; kind?: string; count_weights?: number[][] }
const G = JSON.parse(readFileSync(new URL('../../golden/text.json', import.meta.url), 'utf8')) as {
  corpus: string[]; text_vectorization: Case[]; lookup: Case[]; hashing: Case[]; category_encoding: Case[];
};

const camel = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]));

function expectOutput(got: Tensor | unknown, want: Arr, what: string, intMode = true): void {
  if (want.dtype === 'string') {
    expect((got as unknown[]).flat(Infinity), what).toEqual(want.values);
    return;
  }
  const t = got as Tensor;
  expect(t.shape, `${what}: shape`).toEqual(want.shape);
  // Keras returns int64 counts/multi-hots from the lookups; kerasm returns float32 (model-ready).
  if (!intMode) expect(t.dtype, `${what}: dtype`).toBe('float32');
  else expect(t.dtype, `${what}: dtype`).toBe(want.dtype === 'int' ? 'int32' : 'float32');
  const v = Array.from(t.dataSync());
  if (want.dtype === 'int') expect(v, what).toEqual(want.values);
  else want.values.forEach((w, i) => expect(Math.abs(v[i]! - (w as number)), `${what}[${i}]: ${v[i]} vs ${w}`).toBeLessThanOrEqual(1e-6 + 1e-6 * Math.abs(w as number)));
  t.dispose();
}

// Keras hands a custom standardize numpy unicode strings (np.char.lower is Unicode-aware).
const digitsToHash = (s: string) => s.toLowerCase().replaceAll('1', '#');

beforeAll(async () => {
  await ready();
});

describe('TextVectorization matches Keras 3', () => {
  it.each(G.text_vectorization.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const opts = camel(c.options);
    if (opts.standardize === 'custom:digits_to_hash') opts.standardize = digitsToHash;
    const layer = new TextVectorization(opts);
    if (c.adapt) layer.adapt(c.adapt === 'corpus' ? G.corpus : c.adapt as string[]);
    expect(layer.getVocabulary()).toEqual(c.vocabulary);
    if (c.idf_weights) expectOutput({ shape: [c.idf_weights.shape[0]], dtype: 'float32', dataSync: () => layer.getIdfWeights()!, dispose() {} } as unknown as Tensor, c.idf_weights, 'idf');
    expectOutput(layer.apply(c.queries as string[]), c.output, `${c.name} output`, (c.options.output_mode ?? 'int') === 'int');
    const { standardize: _s, ...cfg } = layer.getConfig();
    const { standardize: _k, ...want } = c.config;
    expect(Object.keys(layer.getConfig()).slice(3)).toEqual(Object.keys(c.config));
    expect({ ...cfg, name: undefined, trainable: undefined, dtype: undefined }).toEqual({ ...want, name: undefined, trainable: undefined, dtype: undefined });
  });
});

describe('StringLookup / IntegerLookup match Keras 3', () => {
  it.each(G.lookup.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const opts = camel(c.options);
    const layer = c.kind === 'string' ? new StringLookup(opts) : new IntegerLookup(opts);
    if (c.options.vocabulary === undefined) {
      const data = c.kind === 'string' ? [['b', 'a', 'c', 'a'], ['d', 'a', 'b', '']] : [[12, 1138, 42, 42], [42, 7, 1138, 0]];
      (layer.adapt as (d: unknown) => void)(data);
    }
    expect(layer.getVocabulary()).toEqual(c.vocabulary);
    if (c.idf_weights) {
      const w = Array.from(layer.getIdfWeights()!);
      c.idf_weights.values.forEach((x, i) => expect(w[i]).toBeCloseTo(x as number, 6));
    }
    expectOutput(layer.apply(c.queries), c.output, `${c.name} output`, (c.options.output_mode ?? 'int') === 'int');
    const cfg = layer.getConfig();
    expect(Object.keys(cfg).slice(3)).toEqual(Object.keys(c.config));
    expect({ ...cfg, name: undefined, trainable: undefined, dtype: undefined }).toEqual({ ...c.config, name: undefined, trainable: undefined, dtype: undefined });
  });
});

describe('Hashing matches Keras 3 (FarmHash64 / SipHash)', () => {
  it.each(G.hashing.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const layer = new Hashing(camel(c.options) as never);
    expectOutput(layer.apply(c.queries), c.output, `${c.name} output`);
    const { name: _n, trainable: _t, dtype: _d, ...cfg } = layer.getConfig();
    expect(cfg).toEqual(c.config);
  });
});

describe('CategoryEncoding matches Keras 3', () => {
  it.each(G.category_encoding.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const layer = new CategoryEncoding(camel(c.options) as never);
    const out = layer.apply(tensor(c.queries as never, undefined, 'int32'), c.count_weights ? { countWeights: c.count_weights } : {});
    expectOutput(out, c.output, `${c.name} output`);
  });
});
