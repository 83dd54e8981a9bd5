// tfjs-layers models whose topologies (model.toJSON(null, false): the Keras 2 form tfjs
// writes) are kerasm's tfjs config fixtures. Run with node to rewrite
// fixtures/tfjs_*.json: node tests/saving/config/tfjs_models.mjs

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** MLP, input shape on the first layer (tfjs's inputShape → batch_input_shape). */
export function tfjsMlp() {
  return tfl.sequential({
    name: 'tfjs_mlp',
    layers: [
      tfl.layers.dense({ units: 16, inputShape: [12], activation: 'relu', name: 'hidden' }),
      tfl.layers.dropout({ rate: 0.2, name: 'drop' }),
      tfl.layers.dense({ units: 3, activation: 'softmax', name: 'probs' }),
    ],
  });
}

/** Two inputs, a shared Dense (nodes 0 and 1), a nested Sequential, a merge and two outputs. */
export function tfjsFunctional() {
  const inner = tfl.sequential({
    name: 'inner',
    layers: [tfl.layers.dense({ units: 5, inputShape: [6], activation: 'relu', name: 'inner_d1' }), tfl.layers.dense({ units: 4, name: 'inner_d2' })],
  });
  const a = tfl.input({ shape: [6], name: 'in_a' });
  const b = tfl.input({ shape: [6], name: 'in_b' });
  const shared = tfl.layers.dense({ units: 6, activation: 'tanh', name: 'shared' });
  const ha = shared.apply(a);
  const hb = shared.apply(b);
  const cat = tfl.layers.concatenate({ name: 'cat' }).apply([ha, hb]);
  const head = tfl.layers.dense({ units: 2, activation: 'softmax', name: 'head' }).apply(inner.apply(hb));
  return tfl.model({ inputs: [a, b], outputs: [head, cat], name: 'tfjs_functional' });
}

export const TFJS_MODELS = { tfjs_mlp: tfjsMlp, tfjs_functional: tfjsFunctional };

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await tf.setBackend('cpu');
  for (const [name, make] of Object.entries(TFJS_MODELS)) {
    const json = make().toJSON(null, false);
    writeFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), `${JSON.stringify(json, null, 1)}\n`);
    console.log('wrote', name);
  }
}
