// Topic classification of the Debian `fortunes` quotations (datasets.fortunes), the Keras text
// guides' way: a string input, TextVectorization as the model's first layer, and fit/evaluate/
// predict on the raw quotations. Two models, with the hyper-parameters of the Keras 3 reference
// (examples/reference/text_keras.py, whose numbers are in text_keras_results.json; Keras on JAX
// vectorizes in the data pipeline instead, with the same vocabulary and the same model after it):
//  (a) Embedding + Bidirectional(LSTM) + Dense
//  (b) Embedding + position embedding + one transformer block (MultiHeadAttention,
//      LayerNormalization, FFN) + GlobalAveragePooling1D + Dense
// A model whose layers this build lacks is skipped with the reason.
// Usage: npm run example:text [-- --epochs N] [-- --model lstm|transformer] [-- --seed N]

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Model, layers, input, optimizers, datasets, ready, backendInfo, tensor, range, add, setSeed } from '../dist/index.js';
import { arg } from './common.mjs';

const HP = {
  maxTokens: 10000, sequenceLength: 100, batchSize: 32, learningRate: 1e-3,
  lstm: { embedDim: 64, units: 32 },
  transformer: { embedDim: 32, numHeads: 2, ffDim: 32, dense: 20, dropout: 0.1 },
};
const epochs = arg('epochs', 8);
const seed = arg('seed', 1);
const only = process.argv.includes('--model') ? process.argv[process.argv.indexOf('--model') + 1] : 'all';
// `lstm` is the usage's name for the bilstm model.
const MODELS = { all: null, lstm: 'bilstm', bilstm: 'bilstm', transformer: 'transformer' };
if (!(only in MODELS)) throw new Error(`example:text: --model must be one of ${Object.keys(MODELS).join(', ')}. Received: ${only}`);
const REF = new URL('./reference/text_keras_results.json', import.meta.url);
const reference = existsSync(REF) ? JSON.parse(readFileSync(REF, 'utf8')) : null;

/** The digest examples/reference/text_keras.py computes: proves both train on the same split. */
function splitSha256(train, test) {
  const h = createHash('sha256');
  for (const s of [train, test]) {
    h.update(s.texts.join('\x1e'), 'utf8');
    h.update(`|${s.labels.join(',')}|`, 'utf8');
  }
  return h.digest('hex');
}

await ready();
const info = backendInfo();
console.log(`kerasm on Node ${process.versions.node}: ${info.variant} build, ${info.threadCount} thread(s)`);

const { train, test, classNames } = await datasets.fortunes();
const digest = splitSha256(train, test);
console.log(`fortunes: ${train.texts.length} train / ${test.texts.length} test quotations, ${classNames.length} topics (${classNames.join(', ')})`);
if (reference) {
  const same = reference.split_sha256 === digest;
  console.log(`split sha256 ${digest.slice(0, 16)}… ${same ? 'matches' : 'DIFFERS FROM'} the Keras reference's`);
  if (!same) process.exitCode = 1;
}

const vectorize = new layers.TextVectorization({ maxTokens: HP.maxTokens, outputSequenceLength: HP.sequenceLength });
let t0 = performance.now();
vectorize.adapt(train.texts);
const yTrain = tensor(train.labels, undefined, 'int32');
const yTest = tensor(test.labels, undefined, 'int32');
const vocab = vectorize.getVocabulary();
const vocabSha = createHash('sha256').update(vocab.join('\n'), 'utf8').digest('hex');
console.log(`TextVectorization: ${vocab.length} tokens, sequences of ${HP.sequenceLength} (adapt ${((performance.now() - t0) / 1000).toFixed(2)} s)` +
  (reference ? `; vocabulary ${reference.vocabulary_sha256 === vocabSha ? 'identical to' : 'DIFFERENT FROM'} Keras's` : ''));

/** The models' input: one quotation per row, vectorized by the (shared, adapted) TextVectorization. */
function textInput() {
  const text = input({ shape: [1], dtype: 'string', name: 'text' });
  return [text, vectorize.apply(text)];
}

function lstmModel() {
  if (!layers.LSTM || !layers.Bidirectional) return 'needs LSTM and Bidirectional, which this build does not have';
  const [inp, ids] = textInput();
  let x = layers.embedding({ inputDim: HP.maxTokens, outputDim: HP.lstm.embedDim }).apply(ids);
  x = new layers.Bidirectional({ layer: new layers.LSTM({ units: HP.lstm.units }) }).apply(x);
  const out = layers.dense({ units: classNames.length, activation: 'softmax' }).apply(x);
  return new Model({ inputs: inp, outputs: out, name: 'bilstm' });
}

/** Adds a learned embedding of each position (the Keras guide's TokenAndPositionEmbedding, position half). */
class PositionEmbedding extends layers.Layer {
  constructor(args) {
    super({ name: args.name });
    this.pos = layers.embedding({ inputDim: args.sequenceLength, outputDim: args.embedDim });
    // call is a pure function of x and the weights: fit may compile the training step.
    this.supportsJit = true;
  }

  call(x) {
    return add(x, this.pos.apply(range(0, x.shape[1], 1, 'int32')));
  }
}

function transformerModel() {
  const missing = ['MultiHeadAttention', 'LayerNormalization', 'GlobalAveragePooling1D'].filter((n) => !layers[n]);
  if (missing.length) return `needs ${missing.join(', ')}, which this build does not have yet`;
  const hp = HP.transformer, d = hp.embedDim;
  const [inp, ids] = textInput();
  let x = layers.embedding({ inputDim: HP.maxTokens, outputDim: d }).apply(ids);
  x = new PositionEmbedding({ sequenceLength: HP.sequenceLength, embedDim: d }).apply(x);
  const attn = new layers.MultiHeadAttention({ numHeads: hp.numHeads, keyDim: d }).apply([x, x]);
  x = layers.layerNormalization({ epsilon: 1e-6 }).apply(layers.add().apply([x, layers.dropout({ rate: hp.dropout }).apply(attn)]));
  const ffn = layers.dense({ units: d }).apply(layers.dense({ units: hp.ffDim, activation: 'relu' }).apply(x));
  x = layers.layerNormalization({ epsilon: 1e-6 }).apply(layers.add().apply([x, layers.dropout({ rate: hp.dropout }).apply(ffn)]));
  x = layers.globalAveragePooling1d().apply(x);
  x = layers.dropout({ rate: hp.dropout }).apply(x);
  x = layers.dense({ units: hp.dense, activation: 'relu' }).apply(x);
  x = layers.dropout({ rate: hp.dropout }).apply(x);
  const out = layers.dense({ units: classNames.length, activation: 'softmax' }).apply(x);
  return new Model({ inputs: inp, outputs: out, name: 'transformer' });
}

const rows = [];
for (const [name, build] of [['bilstm', lstmModel], ['transformer', transformerModel]]) {
  if (MODELS[only] && name !== MODELS[only]) continue;
  setSeed(seed);
  let model;
  try {
    model = build();
  } catch (e) {
    model = `could not be built: ${e.message}`;
  }
  if (typeof model === 'string') {
    console.log(`\nSkipping model ${name}: it ${model}.`);
    rows.push({ name, skipped: model });
    continue;
  }
  console.log(`\nModel ${name}:`);
  model.summary();
  try {
    model.compile({ optimizer: new optimizers.Adam({ learningRate: HP.learningRate }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    t0 = performance.now();
    // Raw quotations in, as in Keras's string-input models: each batch is vectorized on the way.
    await model.fit(train.texts, yTrain, { epochs, batchSize: HP.batchSize, verbose: 1 });
    const seconds = (performance.now() - t0) / 1000;
    const [loss, acc] = await model.evaluate(test.texts, yTest, { batchSize: 256 });
    const sps = (epochs * train.texts.length) / seconds;
    console.log(`${name}: test accuracy ${(acc * 100).toFixed(2)}% (loss ${loss.toFixed(4)}), ${Math.round(sps)} samples/s (vectorizing included)`);
    const probs = await model.predict(test.texts.slice(0, 3));
    const p = probs.arraySync();
    probs.dispose();
    p.forEach((row, i) => console.log(`  "${test.texts[i].replace(/\s+/g, ' ').slice(0, 60)}…" → ${classNames[row.indexOf(Math.max(...row))]} (true: ${classNames[test.labels[i]]})`));
    rows.push({ name, acc, sps });
  } catch (e) {
    // A layer of this build that fails in training is a bug to see, not a skip.
    console.error(`Model ${name} FAILED in training: ${e.stack ?? e}`);
    rows.push({ name, failed: e.message });
    process.exitCode = 1;
  } finally {
    model.dispose();
  }
}

console.log(`\n| model | kerasm test acc (seed ${seed}) | Keras 3 JAX test acc (mean ± sd over seeds) | kerasm samples/s | Keras samples/s |`);
console.log('|---|---|---|---|---|');
for (const r of rows) {
  const ref = reference?.models?.[r.name];
  const refAcc = ref ? `${(ref.test_accuracy_mean * 100).toFixed(2)}% ± ${(ref.test_accuracy_std * 100).toFixed(2)}` : 'n/a';
  const refSps = ref ? Math.round(ref.runs.reduce((s, x) => s + x.samples_per_second, 0) / ref.runs.length) : 'n/a';
  if (r.skipped) console.log(`| ${r.name} | skipped: ${r.skipped} | ${refAcc} | | ${refSps} |`);
  else if (r.failed) console.log(`| ${r.name} | FAILED: ${r.failed} | ${refAcc} | | ${refSps} |`);
  else console.log(`| ${r.name} | ${(r.acc * 100).toFixed(2)}% | ${refAcc} | ${Math.round(r.sps)} | ${refSps} |`);
}
if (reference && reference.epochs !== epochs) console.log(`(the Keras reference trained ${reference.epochs} epochs; this run ${epochs})`);
