// A classic Web Worker one directory below the bundle: importScripts of the IIFE build,
// whose binaries must be found next to the script (/wasm/), not next to this worker
// (/iife/wasm/), unless the page passes a wasmBaseUrl (relative to this worker).
importScripts('../kerasm.iife.js', '../tiny_train.js');

self.onmessage = async (e) => {
  try {
    const opts = { threads: 2 };
    if (e.data.base) opts.wasmBaseUrl = e.data.base;
    self.postMessage({ errors: [], inWorker: typeof document === 'undefined', ...(await tinyTrain(kerasm, opts)) });
  } catch (err) {
    self.postMessage({ errors: [String((err && err.stack) || err)] });
  }
};
