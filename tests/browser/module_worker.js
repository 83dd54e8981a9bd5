// A module Web Worker importing the ES-module build, as `new Worker(url, { type: 'module' })`.
import * as km from './index.js';
import './tiny_train.js';

self.onmessage = async () => {
  try {
    self.postMessage({ errors: [], inWorker: typeof document === 'undefined', ...(await self.tinyTrain(km, { threads: 2 })) });
  } catch (err) {
    self.postMessage({ errors: [String((err && err.stack) || err)] });
  }
};
