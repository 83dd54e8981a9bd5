// Models with string inputs, end to end: `input({ dtype: 'string' })` → TextVectorization (or
// StringLookup / Hashing) → numeric layers, trained and run on raw strings with fit / evaluate /
// predict / *OnBatch and data sets, saved and loaded with the vocabulary as a Keras asset.
import { describe, expect, it, beforeAll } from 'vitest';
import {
  ready, input, Model, Sequential, layers, loadModel, modelToBytes, Tensor, StringTensor, data, tensor, ValueError, optimizers, setSeed,
} from '../../../ts/index.js';
import { readZip } from '../../../ts/saving/zip.js';

beforeAll(async () => {
  await ready();
});

// A tiny separable set: positive sentences use one group of words, negative ones the other.
const POS = ['great', 'good', 'lovely', 'fun', 'superb', 'charming'];
const NEG = ['awful', 'bad', 'dull', 'boring', 'dreadful', 'tedious'];
const FILL = ['the', 'movie', 'was', 'a', 'film', 'story', 'and', 'very'];
function sentences(n: number, seed: number): { texts: string[]; labels: number[] } {
  let s = seed;
  const r = (k: number) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return Math.floor(s / 65536) % k;
  };
  const texts: string[] = [], labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const y = i % 2;
    const words = y ? POS : NEG;
    const toks = [FILL[r(FILL.length)]!, words[r(words.length)]!, FILL[r(FILL.length)]!, words[r(words.length)]!, FILL[r(FILL.length)]!];
    texts.push(toks.join(' '));
    labels.push(y);
  }
  return { texts, labels };
}
const TRAIN = sentences(64, 1);
const TEST = sentences(32, 2);

const adam = () => new optimizers.Adam({ learningRate: 0.02 });

function textModel(shape: number[] = [1], seqLen = 6) {
  setSeed(5);
  const vectorize = layers.textVectorization({ maxTokens: 40, outputSequenceLength: seqLen, name: 'vectorize' });
  vectorize.adapt(TRAIN.texts);
  const text = input({ shape, dtype: 'string', name: 'text' });
  const embed = layers.embedding({ inputDim: 40, outputDim: 8, name: 'embed' });
  const pool = layers.globalAveragePooling1d({ name: 'pool' });
  const dense = layers.dense({ units: 1, activation: 'sigmoid', name: 'score' });
  const model = new Model({ inputs: text, outputs: dense.apply(pool.apply(embed.apply(vectorize.apply(text)))) });
  return { model, vectorize, embed, pool, dense };
}

const values = (t: Tensor) => Array.from(t.dataSync());

describe('string inputs in models', () => {
  it('input({ dtype: "string" }) → TextVectorization gives (batch, outputSequenceLength) int32, as Keras', () => {
    const { model, vectorize } = textModel();
    expect(model.inputs[0]!.dtype).toBe('string');
    expect(model.inputs[0]!.shape).toEqual([null, 1]);
    expect(vectorize.output).toMatchObject({ shape: [null, 6], dtype: 'int32' });
    const scalar = textModel([], 7);
    expect(scalar.vectorize.output).toMatchObject({ shape: [null, 7], dtype: 'int32' });
    model.dispose();
    scalar.model.dispose();
  });

  it('fit on raw strings learns a separable set (loss falls, accuracy above chance on held-out strings)', async () => {
    const { model } = textModel();
    model.compile({ optimizer: adam(), loss: 'binary_crossentropy', metrics: ['accuracy'] });
    const h = await model.fit(TRAIN.texts, TRAIN.labels, { epochs: 25, batchSize: 8, verbose: 0 });
    const loss = h.history.loss as number[];
    expect(loss.at(-1)!).toBeLessThan(loss[0]! * 0.5);
    const [, acc] = await model.evaluate(TEST.texts, TEST.labels, { verbose: 0 }) as number[];
    expect(acc).toBeGreaterThan(0.85);
    model.dispose();
  });

  it('predict on strings equals eager vectorize + the same layers as a numeric model', async () => {
    const { model, vectorize, embed, pool, dense } = textModel();
    const ids = input({ shape: [6], dtype: 'int32' });
    const numeric = new Model({ inputs: ids, outputs: dense.apply(pool.apply(embed.apply(ids))) });
    const q = ['a great fun movie', 'the dull and boring story', 'unknown words only', ''];
    const p = await model.predict(q) as Tensor;
    expect(p.shape).toEqual([4, 1]);
    const v = vectorize.apply(q) as Tensor;
    expect(values(p)).toEqual(values(await numeric.predict(v) as Tensor));
    // string[][] rows of one string, a StringTensor, predictOnBatch and model.apply agree.
    expect(values(await model.predict(q.map((s) => [s])) as Tensor)).toEqual(values(p));
    expect(values(await model.predict(StringTensor.from(q)) as Tensor)).toEqual(values(p));
    expect(values(model.predictOnBatch(q) as Tensor)).toEqual(values(p));
    expect(values(model.apply(q.map((s) => [s]) as never) as unknown as Tensor)).toEqual(values(p));
    model.dispose();
  });

  it('trainOnBatch / testOnBatch, validationSplit and batches of 3 rows (shuffled) on strings', async () => {
    const { model } = textModel();
    model.compile({ optimizer: adam(), loss: 'binary_crossentropy', metrics: ['accuracy'] });
    const first = model.testOnBatch(TRAIN.texts, TRAIN.labels) as number[];
    for (let i = 0; i < 30; i++) model.trainOnBatch(TRAIN.texts, TRAIN.labels);
    const after = model.testOnBatch(TRAIN.texts, TRAIN.labels) as number[];
    expect(after[0]!).toBeLessThan(first[0]!);
    const h = await model.fit(TRAIN.texts, TRAIN.labels, { epochs: 3, batchSize: 3, validationSplit: 0.25, verbose: 0 });
    expect(h.history.val_loss).toHaveLength(3);
    expect((h.history.val_accuracy as number[]).at(-1)!).toBeGreaterThan(0.75);
    const v = await model.fit(TRAIN.texts, TRAIN.labels, { epochs: 1, batchSize: 16, validationData: [TEST.texts, TEST.labels], verbose: 0 });
    expect(v.history.val_accuracy![0]!).toBeGreaterThan(0.75);
    model.dispose();
  });

  it('a data.Dataset of [texts, labels] trains and evaluates like the arrays', async () => {
    const { model } = textModel();
    model.compile({ optimizer: adam(), loss: 'binary_crossentropy', metrics: ['accuracy'] });
    const ds = data.Dataset.fromTensorSlices([TRAIN.texts, tensor(TRAIN.labels)]).shuffle(64, { seed: 3 }).batch(8);
    const h = await model.fit(ds, { epochs: 25, verbose: 0 });
    const loss = h.history.loss as number[];
    expect(loss.at(-1)!).toBeLessThan(loss[0]! * 0.5);
    const test = data.Dataset.fromTensorSlices({ x: TEST.texts, y: tensor(TEST.labels) }).batch(16);
    const r = await model.evaluate(test, { returnDict: true, verbose: 0 });
    expect(r.accuracy).toBeGreaterThan(0.85);
    const p = await model.predict(data.Dataset.fromTensorSlices(TEST.texts).batch(5)) as Tensor;
    expect(values(p)).toEqual(values(await model.predict(TEST.texts) as Tensor));
    model.dispose();
  });

  it('Sequential: a string input first, or built on its first string batch', async () => {
    const vectorize = layers.textVectorization({ maxTokens: 40, outputSequenceLength: 6 });
    vectorize.adapt(TRAIN.texts);
    const stack = () => [layers.embedding({ inputDim: 40, outputDim: 4 }), layers.globalAveragePooling1d(), layers.dense({ units: 1, activation: 'sigmoid' })];
    const a = new Sequential([input({ shape: [1], dtype: 'string' }), vectorize, ...stack()]);
    a.compile({ optimizer: adam(), loss: 'binary_crossentropy' });
    const h = await a.fit(TRAIN.texts, TRAIN.labels, { epochs: 10, batchSize: 8, verbose: 0 });
    expect((h.history.loss as number[]).at(-1)!).toBeLessThan((h.history.loss as number[])[0]!);
    const b = new Sequential([vectorize, ...stack()]);
    const p = await b.predict(['a great movie', 'dull']) as Tensor;
    expect(p.shape).toEqual([2, 1]);
    expect(b.inputs[0]!.dtype).toBe('string');
    expect(b.inputs[0]!.shape).toEqual([null]);
    a.dispose();
    b.dispose();
  });

  it('StringLookup and Hashing take a string input; IntegerLookup an integer one, next to it', async () => {
    const lookup = layers.stringLookup();
    lookup.adapt([['red', 'green', 'blue'], ['red', 'red', 'cyan']]);
    const ints = layers.integerLookup({ outputMode: 'multi_hot' });
    ints.adapt([[3, 9], [9, 27]]);
    const words = input({ shape: [3], dtype: 'string' }), ids = input({ shape: [2], dtype: 'int32' });
    const a = layers.globalAveragePooling1d().apply(layers.embedding({ inputDim: lookup.vocabularySize(), outputDim: 2 }).apply(lookup.apply(words)));
    const h = layers.hashing({ numBins: 8 }).apply(words);
    expect(h).toMatchObject({ shape: [null, 3], dtype: 'int32' });
    const b = layers.globalAveragePooling1d().apply(layers.embedding({ inputDim: 8, outputDim: 2 }).apply(h));
    const out = layers.dense({ units: 1 }).apply(layers.concatenate().apply([a, b, ints.apply(ids)]));
    const model = new Model({ inputs: { words, ids }, outputs: out });
    const w = [['red', 'blue', 'zebra'], ['cyan', '', 'red']];
    const p = await model.predict({ words: w, ids: tensor([[3, 27], [100, 9]], undefined, 'int32') }) as Tensor;
    expect(p.shape).toEqual([2, 1]);
    const q = model.predictOnBatch([StringTensor.from(w), tensor([[3, 27], [100, 9]], undefined, 'int32')]) as Tensor;
    expect(values(q)).toEqual(values(p));
    // Rows of several strings in a data set: a StringTensor slices into rows and batches back.
    const ds = data.Dataset.fromTensorSlices({ words: StringTensor.from(w), ids: tensor([[3, 27], [100, 9]], undefined, 'int32') }).batch(1);
    expect(values(await model.predict(ds) as Tensor)).toEqual(values(p));
    model.compile({ optimizer: adam(), loss: 'mse' });
    const train = data.Dataset.fromTensorSlices([{ words: StringTensor.from([...w, ...w]), ids: tensor([[3, 27], [100, 9], [9, 9], [3, 3]], undefined, 'int32') }, tensor([1, 0, 1, 0])]).shuffle(4, { seed: 1 }).batch(2);
    const hist = await model.fit(train, { epochs: 20, verbose: 0 });
    expect((hist.history.loss as number[]).at(-1)!).toBeLessThan((hist.history.loss as number[])[0]!);
    model.dispose();
  });
});

describe('saving a string-input model', () => {
  it('.keras round trip: vocabulary assets where Keras writes them, identical predictions', async () => {
    const { model, vectorize } = textModel();
    model.compile({ optimizer: adam(), loss: 'binary_crossentropy' });
    await model.fit(TRAIN.texts, TRAIN.labels, { epochs: 2, batchSize: 16, verbose: 0 });
    const bytes = await modelToBytes(model);
    const files = readZip(bytes, 'm.keras');
    const vocab = vectorize.getVocabulary().join('\n');
    expect(new TextDecoder().decode(files.get('assets/layers/text_vectorization/vocabulary.txt'))).toBe(vocab);
    expect(new TextDecoder().decode(files.get('assets/layers/text_vectorization/_lookup_layer/vocabulary.txt'))).toBe(vocab);
    const config = JSON.parse(new TextDecoder().decode(files.get('config.json'))) as { config: { layers: { class_name: string; config: { dtype?: unknown } }[] } };
    expect(config.config.layers[0]).toMatchObject({ class_name: 'InputLayer', config: { dtype: 'string' } });
    const back = await loadModel(bytes);
    const q = [...TEST.texts.slice(0, 5), 'never seen tokens', ''];
    expect(values(await back.predict(q) as Tensor)).toEqual(values(await model.predict(q) as Tensor));
    const tv = back.layers.find((l) => l.className === 'TextVectorization') as layers.TextVectorization;
    expect(tv.getVocabulary()).toEqual(vectorize.getVocabulary());
    model.dispose();
    back.dispose();
  });
});

describe('more string-model shapes and forms', () => {
  it("the Keras guide's export: a numeric model trained on vectorized text, wrapped with a string input; and a nested string model", async () => {
    const { vectorize, embed, pool, dense } = textModel();
    const ids = input({ shape: [6], dtype: 'int32' });
    const numeric = new Model({ inputs: ids, outputs: dense.apply(pool.apply(embed.apply(ids))) });
    numeric.compile({ optimizer: adam(), loss: 'binary_crossentropy' });
    await numeric.fit(vectorize.apply(TRAIN.texts) as Tensor, TRAIN.labels, { epochs: 3, batchSize: 16, verbose: 0 });
    const text = input({ shape: [1], dtype: 'string' });
    const endToEnd = new Model({ inputs: text, outputs: numeric.apply(vectorize.apply(text)) });
    const q = ['a great fun movie', 'the dull and boring story'];
    const want = values(await numeric.predict(vectorize.apply(q) as Tensor) as Tensor);
    expect(values(await endToEnd.predict(q) as Tensor)).toEqual(want);
    // The string model itself nested in another string model.
    const text2 = input({ shape: [1], dtype: 'string' });
    const outer = new Model({ inputs: text2, outputs: endToEnd.apply(text2) });
    expect(outer.outputs[0]!.dtype).toBe('float32');
    expect(values(await outer.predict(q) as Tensor)).toEqual(want);
    const back = await loadModel(await modelToBytes(endToEnd));
    expect(values(await back.predict(q) as Tensor)).toEqual(want);
    numeric.dispose();
    back.dispose();
  });

  it('scalar string inputs (shape []): string[] in, and string[][] rows of one string too', async () => {
    const { model, vectorize } = textModel([], 6);
    const q = ['a great fun movie', 'the dull story'];
    const p = await model.predict(q) as Tensor;
    expect(p.shape).toEqual([2, 1]);
    expect(values(await model.predict(q.map((s) => [s])) as Tensor)).toEqual(values(p));
    expect(values(vectorize.apply(q) as Tensor)).toEqual(values(vectorize.apply(q.map((s) => [s])) as Tensor));
    model.dispose();
  });

  it('a Sequential string model saves and loads (.keras) with a string InputLayer and its vocabulary', async () => {
    const vectorize = layers.textVectorization({ maxTokens: 40, outputSequenceLength: 6 });
    vectorize.adapt(TRAIN.texts);
    const m = new Sequential([vectorize, layers.embedding({ inputDim: 40, outputDim: 4 }), layers.globalAveragePooling1d(), layers.dense({ units: 1, activation: 'sigmoid' })]);
    m.compile({ optimizer: adam(), loss: 'binary_crossentropy' });
    await m.fit(TRAIN.texts.map((t) => [t]), TRAIN.labels, { epochs: 2, batchSize: 16, verbose: 0 });
    expect(m.inputs[0]).toMatchObject({ shape: [null, 1], dtype: 'string' });
    const back = await loadModel(await modelToBytes(m));
    expect(back.className).toBe('Sequential');
    const q = ['great fun', 'dull and boring', 'zebra'];
    expect(values(await back.predict(q) as Tensor)).toEqual(values(await m.predict(q) as Tensor));
    m.dispose();
    back.dispose();
  });

  it('summary lists the string input and the vectorizer; cloneModel keeps the string input', async () => {
    const { model } = textModel();
    const text = model.summary({ print: () => {} });
    expect(text).toMatch(/text \(InputLayer\)\s+\(None, 1\)/);
    expect(text).toMatch(/vectorize \(TextVectorization\)\s+\(None, 6\)/);
    const { cloneModel } = await import('../../../ts/saving/config/clone.js');
    const copy = cloneModel(model);
    expect(copy.inputs[0]!.dtype).toBe('string');
    model.dispose();
    copy.dispose();
  });
});

describe('errors name the layer and what was received', () => {
  it('a numeric layer on a string input (symbolic and eager)', () => {
    const text = input({ shape: [1], dtype: 'string' });
    expect(() => layers.dense({ units: 2, name: 'dense_on_text' }).apply(text)).toThrow(/Layer 'dense_on_text' \(Dense\) expects numeric inputs.*Received: a string input/);
    const emb = layers.embedding({ inputDim: 4, outputDim: 2, name: 'emb_on_text' });
    expect(() => emb.apply(StringTensor.from([['a'], ['b']]) as never)).toThrow(/Layer 'emb_on_text' \(Embedding\).*Received: a string input of shape \[2,1\]/);
    expect(() => layers.integerLookup({ vocabulary: [1, 2], name: 'ints_on_text' }).apply(text)).toThrow(/'ints_on_text' \(IntegerLookup\).*Received: a string input/);
  });

  it('numbers into a string input, strings into a numeric input', async () => {
    const { model } = textModel();
    await expect(model.predict(tensor([[1], [2]]))).rejects.toThrow(/Input 'text' of model .* expects strings.*Received: a float32 tensor of shape \[2,1\]/);
    const x = input({ shape: [1], name: 'numbers' });
    const numeric = new Model({ inputs: x, outputs: layers.dense({ units: 1 }).apply(x) });
    await expect(numeric.predict(['some text'])).rejects.toThrow(/Input 'numbers' of model .* expects float32 numbers.*Received: a string input of shape \[1\]/);
    expect(() => numeric.predictOnBatch(['a', 'b'])).toThrow(ValueError);
    model.dispose();
    numeric.dispose();
  });

  it('TextVectorization on a numeric input; outputSequenceLength without int mode; input dtype', () => {
    const x = input({ shape: [1] });
    expect(() => layers.textVectorization({ name: 'tv_num' }).apply(x)).toThrow(/TextVectorization 'tv_num': expects a string input.*Received: a float32 input/);
    expect(() => layers.textVectorization({ outputMode: 'multi_hot', outputSequenceLength: 4, name: 'tv_mh' }))
      .toThrow(/TextVectorization 'tv_mh': outputSequenceLength must not be set if outputMode is not 'int'. Received: outputSequenceLength=4/);
    expect(() => layers.stringLookup({ vocabulary: ['a'], name: 'sl_num' }).apply(x)).toThrow(/StringLookup 'sl_num': expects a string input.*Received: a float32 input/);
    expect(() => input({ shape: [1], dtype: 'bool' as never })).toThrow(/dtype must be 'float32', 'int32' or 'string'. Received: dtype='bool'/);
  });
});
