// Guide: docs/text-and-sequences.md. Text classification with TextVectorization, an Embedding
// whose mask flows through a bidirectional LSTM, and a small transformer block; variable-length
// integer sequences with padSequences.
// Usage: node examples/guides/text_and_sequences.mjs

import { Model, input, layers, optimizers, tensor, setSeed } from 'kerasm';
import { uniform } from './toy_data.mjs';

setSeed(1);
// Sentences about space (label 0) or food (label 1): a few topic words among common ones.
const rnd = uniform(5);
const pick = (words) => words[Math.floor((rnd() + 1) / 2 * words.length)];
const topics = [
  ['rocket', 'orbit', 'planet', 'star', 'moon', 'galaxy', 'launch', 'astronaut', 'comet', 'telescope'],
  ['bread', 'cheese', 'soup', 'apple', 'dinner', 'recipe', 'kitchen', 'spice', 'butter', 'salad'],
];
const common = ['the', 'a', 'we', 'saw', 'made', 'about', 'with', 'today', 'really', 'good', 'new', 'and', 'one', 'big'];
const sentence = (label) => {
  const n = 5 + Math.floor((rnd() + 1) * 4);
  return Array.from({ length: n }, (_, i) => (i % 3 === 1 ? pick(topics[label]) : pick(common))).join(' ');
};
const labels = Array.from({ length: 400 }, (_, i) => i % 2);
const texts = labels.map(sentence);

// --- vectorize
const vectorize = layers.textVectorization({ maxTokens: 1000, outputSequenceLength: 16 });
vectorize.adapt(texts);                                // builds the vocabulary, most frequent first
console.log(vectorize.getVocabulary().slice(0, 6));    // [ '', '[UNK]', … ]: 0 pads, 1 is out of vocabulary
const x = vectorize.apply(texts);                      // int32 [400, 16], zero-padded
const y = tensor(labels, [400], 'int32');
console.log(texts[0], '→', x.arraySync()[0].join(' '));
// --- end vectorize

// --- lstm
const tokens = input({ shape: [16], dtype: 'int32' });
let h = layers.embedding({ inputDim: 1000, outputDim: 16, maskZero: true }).apply(tokens); // padding is masked
h = layers.bidirectional({ layer: layers.lstm({ units: 16 }) }).apply(h);
const lstmModel = new Model({ inputs: tokens, outputs: layers.dense({ units: 2, activation: 'softmax' }).apply(h) });
lstmModel.compile({ optimizer: new optimizers.Adam({ learningRate: 0.01 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
await lstmModel.fit(x, y, { epochs: 3, batchSize: 32, validationSplit: 0.2, verbose: 0 });
const [, lstmAccuracy] = await lstmModel.evaluate(x, y, { verbose: 0 });
console.log(`bidirectional LSTM: accuracy ${lstmAccuracy.toFixed(3)}`);
// --- end lstm

// --- transformer
const ids = input({ shape: [16], dtype: 'int32' });
let e = layers.embedding({ inputDim: 1000, outputDim: 16 }).apply(ids);
const attention = layers.multiHeadAttention({ numHeads: 2, keyDim: 8 }).apply([e, e]); // self-attention: query = value
e = layers.layerNormalization().apply(layers.add().apply([e, attention]));
const feedForward = layers.dense({ units: 16 }).apply(layers.dense({ units: 32, activation: 'relu' }).apply(e));
e = layers.layerNormalization().apply(layers.add().apply([e, feedForward]));
e = layers.globalAveragePooling1d().apply(e);
const transformer = new Model({ inputs: ids, outputs: layers.dense({ units: 2, activation: 'softmax' }).apply(e) });
transformer.compile({ optimizer: new optimizers.Adam({ learningRate: 0.01 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
await transformer.fit(x, y, { epochs: 3, batchSize: 32, verbose: 0 });
const [, transformerAccuracy] = await transformer.evaluate(x, y, { verbose: 0 });
console.log(`transformer block: accuracy ${transformerAccuracy.toFixed(3)}`);
// --- end transformer

// --- predict
// New text goes through the same vectorizer, then the model.
const probabilities = lstmModel.predictOnBatch(vectorize.apply(['the rocket saw a comet', 'soup with bread and butter']));
console.log(probabilities.arraySync().map((p) => (p[0] > p[1] ? 'space' : 'food'))); // [ 'space', 'food' ]
// --- end predict

// --- pad
import { utils } from 'kerasm';

// Sequences of different lengths (here: token ids) → one [n, maxlen] tensor, zeros in front.
const sequences = [[5, 8, 2], [7], [3, 9, 4, 4, 1]];
console.log(utils.padSequences(sequences, { maxlen: 4 }).arraySync());
// [ [ 0, 5, 8, 2 ], [ 0, 0, 0, 7 ], [ 9, 4, 4, 1 ] ]: long ones lose their start ('pre'), as in Keras
console.log(utils.padSequences(sequences, { maxlen: 4, padding: 'post', truncating: 'post' }).arraySync());
// --- end pad
