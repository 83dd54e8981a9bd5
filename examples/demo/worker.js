// The demo's training Worker: loads Fashion-MNIST from the demo server, trains with the
// options the page sends, reports every batch and epoch, then classifies drawings and saves
// the model (IndexedDB, or .keras bytes for a download).
import * as k from './dist/index.js';

let model;
let busy = false;
const post = (m, transfer) => self.postMessage(m, transfer ?? []);

async function loadData(nTrain) {
  const { train, test } = await k.datasets.fashionMnist.load({ path: `${self.location.origin}/data` });
  const x = train.images.dataSync(), y = train.labels.dataSync(), xt = test.images.dataSync(), yt = test.labels.dataSync();
  [train.images, train.labels, test.images, test.labels].forEach((t) => t.dispose());
  const P = 784, n = Math.min(nTrain, 60000), nt = 2000;
  const scale = (a) => { const o = new Float32Array(a.length); for (let i = 0; i < a.length; i++) o[i] = a[i] / 255; return o; };
  return {
    x: k.tensor(scale(x.subarray(0, n * P)), [n, P]), y: k.tensor(Int32Array.from(y.subarray(0, n)), [n], 'int32'),
    xt: k.tensor(scale(xt.subarray(0, nt * P)), [nt, P]), yt: k.tensor(Int32Array.from(yt.subarray(0, nt)), [nt], 'int32'),
  };
}

function build(kind) {
  if (kind === 'cnn') {
    return new k.Sequential([
      k.input({ shape: [784] }), k.layers.reshape({ targetShape: [28, 28, 1] }),
      k.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }), k.layers.maxPooling2d({ poolSize: 2 }),
      k.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }), k.layers.maxPooling2d({ poolSize: 2 }),
      k.layers.flatten(), k.layers.dense({ units: 64, activation: 'relu' }), k.layers.dense({ units: 10, activation: 'softmax' }),
    ]);
  }
  return new k.Sequential([k.input({ shape: [784] }), k.layers.dense({ units: 128, activation: 'relu' }), k.layers.dense({ units: 10, activation: 'softmax' })]);
}

const OPTIMIZERS = {
  sgd: (lr) => new k.optimizers.SGD({ learningRate: lr }),
  'sgd-momentum': (lr) => new k.optimizers.SGD({ learningRate: lr, momentum: 0.9 }),
  rmsprop: (lr) => new k.optimizers.RMSprop({ learningRate: lr }),
  adam: (lr) => new k.optimizers.Adam({ learningRate: lr }),
  adamw: (lr) => new k.optimizers.AdamW({ learningRate: lr }),
  lion: (lr) => new k.optimizers.Lion({ learningRate: lr }),
};

async function train(o) {
  post({ type: 'status', text: 'loading Fashion-MNIST…' });
  const data = await loadData(o.trainSamples);
  model?.dispose();
  k.setSeed(1234);
  model = build(o.model);
  model.compile({ optimizer: OPTIMIZERS[o.optimizer](o.learningRate), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  let t0 = 0, seen = 0;
  const progress = new k.callbacks.LambdaCallback({
    onEpochBegin: () => { t0 = performance.now(); seen = 0; },
    onTrainBatchEnd: (batch, logs) => {
      seen += o.batchSize;
      post({ type: 'batch', batch, loss: logs.loss, accuracy: logs.accuracy, samplesPerSecond: seen / ((performance.now() - t0) / 1000) });
    },
    onEpochEnd: (epoch, logs) => post({ type: 'epoch', epoch, logs }),
  });
  post({ type: 'status', text: 'training…' });
  await model.fit(data.x, data.y, { epochs: o.epochs, batchSize: o.batchSize, validationSplit: 0.1, verbose: 0, callbacks: [progress] });
  const [, testAccuracy] = await model.evaluate(data.xt, data.yt, { batchSize: 256 });
  Object.values(data).forEach((t) => t.dispose());
  post({ type: 'done', testAccuracy });
}

self.onmessage = async ({ data: m }) => {
  try {
    if (m.type === 'init') {
      await k.ready({ threads: m.threads || undefined });
      const info = k.backendInfo();
      post({ type: 'ready', variant: info.variant, threads: info.threadCount });
    } else if (m.type === 'train') {
      if (busy) return;
      busy = true;
      try { await train(m.options); } finally { busy = false; }
    } else if (m.type === 'classify' && model) {
      const x = k.tensor(m.pixels, [1, 784]);
      const p = await model.predict(x);
      post({ type: 'prediction', probs: Array.from(p.dataSync()) });
      [x, p].forEach((t) => t.dispose());
    } else if (m.type === 'save-idb' && model) {
      await model.save('indexeddb://kerasm-demo');
      post({ type: 'status', text: 'saved to IndexedDB as indexeddb://kerasm-demo' });
    } else if (m.type === 'download' && model) {
      const bytes = await k.modelToBytes(model);
      post({ type: 'keras-file', bytes }, [bytes.buffer]);
    }
  } catch (e) {
    post({ type: 'error', message: String(e && e.stack || e) });
  }
};
