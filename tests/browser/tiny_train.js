// Trains a tiny classifier with the kerasm namespace `km` and returns what happened. Loads as
// a classic script (`<script>`, importScripts) or as a module (import()); either way it sets
// `self.tinyTrain`. Shared by iife.html, iife/worker.js and module_worker.js.
self.tinyTrain = async function tinyTrain(km, opts) {
  await km.ready(opts);
  const info = km.backendInfo();
  let s = 7;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const n = 256, d = 4;
  const xs = new Float32Array(n * d), ys = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let score = 0;
    for (let j = 0; j < d; j++) score += (xs[i * d + j] = rnd()) * (j + 1) * (j % 2 ? -1 : 1);
    ys[i] = score > 0 ? 1 : 0;
  }
  const model = new km.Sequential([
    km.input({ shape: [d] }),
    km.layers.dense({ units: 16, activation: 'relu' }),
    km.layers.dense({ units: 2, activation: 'softmax' }),
  ]);
  model.compile({ optimizer: new km.optimizers.Adam({ learningRate: 0.02 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  const history = await model.fit(km.tensor(xs, [n, d]), km.tensor(ys, [n], 'int32'), { epochs: 15, batchSize: 32, verbose: 0 });
  return {
    info, infoAfter: km.backendInfo(), loss: history.history.loss, accuracy: history.history.accuracy,
    crossOriginIsolated: self.crossOriginIsolated === true,
  };
};
