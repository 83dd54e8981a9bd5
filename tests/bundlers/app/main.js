// The user's app, as each bundler gets it: imports kerasm by its package name, trains a
// tiny classifier with fit(), and leaves what happened on window.__results.
import { ready, backendInfo, tensor, Sequential, input, layers, optimizers } from 'kerasm';

async function main() {
  const out = { errors: [], crossOriginIsolated: self.crossOriginIsolated === true };
  try {
    await ready({ threads: 2 });
    out.info = backendInfo();
    // 256 points in 4-D; the class is the sign of a fixed linear score.
    let s = 7;
    const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
    const n = 256, d = 4;
    const xs = new Float32Array(n * d), ys = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let score = 0;
      for (let j = 0; j < d; j++) score += (xs[i * d + j] = rnd()) * (j + 1) * (j % 2 ? -1 : 1);
      ys[i] = score > 0 ? 1 : 0;
    }
    const model = new Sequential([
      input({ shape: [d] }),
      layers.dense({ units: 16, activation: 'relu' }),
      layers.dense({ units: 2, activation: 'softmax' }),
    ]);
    model.compile({ optimizer: new optimizers.Adam({ learningRate: 0.02 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    const x = tensor(xs, [n, d]), y = tensor(ys, [n], 'int32');
    const history = await model.fit(x, y, { epochs: 15, batchSize: 32, verbose: 0 });
    out.loss = history.history.loss;
    out.accuracy = history.history.accuracy;
    out.infoAfter = backendInfo();
  } catch (e) {
    out.errors.push(String((e && e.stack) || e));
  }
  window.__results = out;
}

window.__results = null;
main();
