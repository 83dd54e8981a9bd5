// Text layers: adapt on arrays, iterables, async iterables and kerasm data sets; bad input
// gives errors naming the layer and what was received; vocabulary get/set; options.
import { describe, expect, it, beforeAll } from 'vitest';
import { ready, tensor, Tensor, ValueError, input, Sequential, layers as L, data } from '../../../ts/index.js';
import { TextVectorization, StringLookup, IntegerLookup, Hashing, CategoryEncoding } from '../../../ts/layers/text/index.js';

const TEXTS = ['The cat sat.', 'The dog sat!', 'A cat and a dog', 'the end'];

beforeAll(async () => {
  await ready();
});

function vocabAfter(adapt: (l: TextVectorization) => void | Promise<void>) {
  const l = new TextVectorization();
  const r = adapt(l);
  return r instanceof Promise ? r.then(() => l.getVocabulary()) : l.getVocabulary();
}

describe('TextVectorization.adapt', () => {
  const want = vocabAfter((l) => l.adapt(TEXTS)) as string[];

  it('learns count-ordered tokens with Keras tie-breaking', () => {
    expect(want).toEqual(['', '[UNK]', 'the', 'sat', 'dog', 'cat', 'a', 'end', 'and']);
  });

  it('gives the same vocabulary from string[][] (last axis 1), a generator of batches and [x, y] tuples', () => {
    expect(vocabAfter((l) => l.adapt(TEXTS.map((t) => [t])))).toEqual(want);
    expect(vocabAfter((l) => l.adapt((function* () { yield TEXTS.slice(0, 3); yield TEXTS.slice(3); })()))).toEqual(want);
    expect(vocabAfter((l) => l.adapt([[TEXTS.slice(0, 2), [0, 1]], [TEXTS.slice(2), [1, 0]]] as never))).toEqual(want);
  });

  it('adapts on async iterables (returns a Promise) and on a kerasm data set', async () => {
    async function* batches() { yield TEXTS.slice(0, 1); yield TEXTS.slice(1); }
    expect(await vocabAfter((l) => l.adapt(batches()))).toEqual(want);
    expect(await vocabAfter((l) => l.adaptAsync(TEXTS))).toEqual(want);
    const labels = tensor([0, 1, 0, 1], undefined, 'int32');
    const ds = data.fromTensorSlices([TEXTS, labels]).batch(3);
    expect(await vocabAfter((l) => l.adapt(ds))).toEqual(want);
    expect(await vocabAfter((l) => l.adapt(data.fromTensorSlices(TEXTS).batch(2)))).toEqual(want);
    labels.dispose();
  });

  it('refuses an empty data set, and adapt after a given vocabulary', async () => {
    expect(() => new TextVectorization().adapt([])).toThrow(/received no data/);
    expect(() => new TextVectorization().adapt((function* () {})())).toThrow(ValueError);
    await expect(new TextVectorization().adapt((async function* () {})())).rejects.toThrow(/TextVectorization '.*'\.adapt: received no data/);
    expect(() => new TextVectorization().adapt(['', '  '])).toThrow(/received no data/);
    expect(() => new TextVectorization({ vocabulary: ['a'] }).adapt(TEXTS)).toThrow(/cannot adapt after setting a static vocabulary/);
    expect(() => new TextVectorization().adapt([1, 2] as never)).toThrow(/Received: \[1,2\]|Received/);
  });

  it('re-adapting starts over', () => {
    const l = new TextVectorization();
    l.adapt(['x y z']);
    l.adapt(TEXTS);
    expect(l.getVocabulary()).toEqual(want);
  });
});

describe('TextVectorization options and errors', () => {
  it('outputSequenceLength needs int mode; bad options name the layer', () => {
    expect(() => new TextVectorization({ outputMode: 'multi_hot', outputSequenceLength: 4 })).toThrow(/outputSequenceLength must not be set if outputMode is not 'int'/);
    expect(() => new TextVectorization({ standardize: 'upper' as never })).toThrow(/standardize must be one of/);
    expect(() => new TextVectorization({ split: 'comma' as never })).toThrow(/split must be one of/);
    expect(() => new TextVectorization({ ngrams: 0 })).toThrow(/ngrams/);
    expect(() => new TextVectorization({ outputMode: 'embedding' as never })).toThrow(/outputMode must be one of/);
    expect(() => new TextVectorization({ maxToken: 3 } as never)).toThrow(/maxToken/);
    expect(() => new TextVectorization({ ragged: true })).toThrow(/ragged/);
  });

  it('a numeric tensor where strings are expected, and wrong string shapes', () => {
    const l = new TextVectorization({ vocabulary: ['cat'] });
    const x = tensor([[1, 2]]);
    expect(() => l.apply(x)).toThrow(/TextVectorization '.*': expects strings .* Received: a float32 tensor of shape \[1,2\]/);
    expect(() => l.apply([['a b', 'c']])).toThrow(/last shape dimension must be 1. Received: inputs.shape=\[1,2\]/);
    expect(() => l.apply([['a'], 'b'] as never)).toThrow(/rectangular/);
    const sym = input({ shape: [1] });
    expect(() => l.apply(sym)).toThrow(/expects a string input, such as input\(\{ shape: \[1\], dtype: 'string' \}\). Received: a float32 input/);
    x.dispose();
  });

  it('custom standardize and split functions; character split; vocabulary set/get', () => {
    const l = new TextVectorization({ standardize: (s) => s.toUpperCase(), split: (s) => s.split(','), outputSequenceLength: 3 });
    l.adapt(['a,b,a', 'c']);
    expect(l.getVocabulary()).toEqual(['', '[UNK]', 'A', 'C', 'B']);
    expect(Array.from((l.apply(['b,zz']) as Tensor).dataSync())).toEqual([4, 1, 0]);
    const c = new TextVectorization({ split: 'character', standardize: null });
    c.setVocabulary(['é', '𝄞']);
    expect(Array.from((c.apply(['é𝄞x']) as Tensor).dataSync())).toEqual([2, 3, 1]);
    expect(c.getVocabulary(false)).toEqual(['é', '𝄞']);
    expect(() => c.setVocabulary(['a', 'a'])).toThrow(/repeated/);
    expect(() => new TextVectorization({ maxTokens: 3 }).setVocabulary(['a', 'b'])).toThrow(/larger than the maximum/);
  });

  it('outputs int32 sequences usable by an Embedding model', async () => {
    const v = new TextVectorization({ outputSequenceLength: 5 });
    v.adapt(TEXTS);
    const x = v.apply(TEXTS) as Tensor;
    expect(x.dtype).toBe('int32');
    expect(x.shape).toEqual([4, 5]);
    const m = new Sequential([input({ shape: [5], dtype: 'int32' }), L.embedding({ inputDim: v.vocabularySize(), outputDim: 3 }), L.globalAveragePooling1d(), L.dense({ units: 2 })]);
    const y = await m.predict(x) as Tensor;
    expect(y.shape).toEqual([4, 2]);
    m.dispose();
  });
});

describe('lookups, Hashing, CategoryEncoding errors', () => {
  it('StringLookup: numOovIndices=0 refuses OOV values; strings vs numbers', () => {
    const s = new StringLookup({ vocabulary: ['a'], numOovIndices: 0 });
    expect(() => s.apply(['a', 'b'])).toThrow(/all inputs should be in the vocabulary.*Received: the out-of-vocabulary value 'b'/);
    expect(() => new StringLookup({ vocabulary: ['a'] }).apply(tensor([1, 2]))).toThrow(/expects strings/);
    expect(() => new StringLookup({ outputMode: 'multi_hot' }).apply(['a'])).toThrow(/vocabulary must be set before calling/);
    expect(() => new StringLookup({ outputMode: 'count', invert: true })).toThrow(/invert/);
    expect(() => new StringLookup({ outputMode: 'tf_idf', vocabulary: ['a'] })).toThrow(/idfWeights/);
  });

  it('IntegerLookup inside a model, and its errors', async () => {
    const lookup = new IntegerLookup({ vocabulary: [10, 20, 30] });
    const m = new Sequential([input({ shape: [2], dtype: 'int32' }), lookup, new CategoryEncoding({ numTokens: 4, outputMode: 'multi_hot' })]);
    const y = await m.predict(tensor([[10, 30], [99, 20]], undefined, 'int32')) as Tensor;
    expect(Array.from(y.dataSync())).toEqual([0, 1, 0, 1, 1, 0, 1, 0]);
    expect(() => lookup.apply(['a'] as never)).toThrow(/expects integers.*StringLookup/);
    expect(() => lookup.apply(tensor([1.5]))).toThrow(/expected integer values. Received: 1.5/);
    m.dispose();
  });

  it('Hashing and CategoryEncoding options', () => {
    expect(() => new Hashing({ numBins: 0 })).toThrow(/numBins/);
    expect(() => new Hashing({ numBins: 2, salt: 'x' as never })).toThrow(/salt/);
    expect(() => new CategoryEncoding({} as never)).toThrow(/numTokens must be set/);
    expect(() => new CategoryEncoding({ numTokens: 3, outputMode: 'one_hot' }).apply([1], { countWeights: [1] })).toThrow(/countWeights is only used when outputMode is 'count'/);
    expect(() => new CategoryEncoding({ numTokens: 3 }).apply([0.5])).toThrow(/integer category ids/);
  });
});
