// Guide: docs/browser-training.md, the worker half: trains a model off the page's main thread
// and posts its progress. A classic worker with the single-file build (no bundler needed);
// with a bundler, a module worker can `import { … } from 'kerasm'` instead.

// --- worker
importScripts('/dist/kerasm.iife.js'); // defines `kerasm`; the .wasm files are looked for in /dist/wasm/
const { ready, backendInfo, tensor, Sequential, input, layers, optimizers, callbacks, loadModel } = kerasm;

self.onmessage = async ({ data: { epochs } }) => {
  await ready(); // threaded build and worker pool when the page is cross-origin isolated
  const { variant, threadCount } = backendInfo();
  self.postMessage({ kind: 'info', variant, threadCount, isolated: self.crossOriginIsolated });

  const n = 512, xs = new Float32Array(n * 2), ys = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = Math.random() * 2 - 1, b = Math.random() * 2 - 1;
    xs.set([a, b], i * 2);
    ys[i] = a * b > 0 ? 1 : 0; // XOR of the signs
  }
  const model = new Sequential([
    input({ shape: [2] }),
    layers.dense({ units: 32, activation: 'relu' }),
    layers.dense({ units: 1, activation: 'sigmoid' }),
  ]);
  model.compile({ optimizer: new optimizers.Adam({ learningRate: 0.01 }), loss: 'binary_crossentropy', metrics: ['accuracy'] });
  const history = await model.fit(tensor(xs, [n, 2]), tensor(ys, [n, 1]), {
    epochs, batchSize: 32, verbose: 0,
    callbacks: [new callbacks.LambdaCallback({ onEpochEnd: (epoch, logs) => self.postMessage({ kind: 'epoch', epoch, ...logs }) })],
  });

  await model.save('indexeddb://xor-model');           // survives page reloads
  const reloaded = await loadModel('indexeddb://xor-model');
  self.postMessage({ kind: 'done', accuracy: history.history.accuracy.at(-1), reloadedLayers: reloaded.layers.length });
};
// --- end worker
