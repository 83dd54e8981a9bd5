// bench:rnn — training samples/s of Embedding(1000, 32) → Bidirectional(LSTM(64)) → Dense(1)
// on [batch, 100] token sequences: kerasm with the fused LSTM kernels, kerasm's composite step
// loop (setFusedRNN(false)), and tfjs-layers on tfjs-backend-cpu (tfjs-wasm cannot train an
// Embedding: it lacks UnsortedSegmentSum). One trainOnBatch per task; medians of tinybench.
// Indicative only on a shared machine.
//
//   node bench/run.mjs rnn [--batches 32,128] [--iterations N] [--no-tfjs]

import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { importKerasm, loadTfjs, root } from './lib/index.mjs';

const args = process.argv.slice(2);
const opt = (f, d) => (args.includes(f) ? args[args.indexOf(f) + 1] : d);
const BATCHES = opt('--batches', '32,128').split(',').map(Number);
const ITER = Number(opt('--iterations', 5));
const NO_TFJS = args.includes('--no-tfjs');
const T = 100;
const VOCAB = 1000;
const log = (...a) => console.error(...a);

function data(batch, seed) {
  let s = seed;
  const r = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const ids = Int32Array.from({ length: batch * T }, () => 1 + Math.floor(r() * (VOCAB - 1)));
  const y = Float32Array.from({ length: batch }, () => (r() < 0.5 ? 0 : 1));
  return { ids, y };
}

async function timeIt(name, step) {
  const bench = new Bench({ iterations: ITER, time: 0, warmupIterations: 1, warmupTime: 0 });
  bench.add(name, step);
  await bench.run();
  const t = bench.tasks[0].result;
  return t.latency?.p50 ?? t.median ?? t.mean;
}

const k = await importKerasm();
await k.ready({ wasmBaseUrl: pathToFileURL(join(root, 'bindings/wasm') + '/').href });
log(`kerasm ${JSON.stringify(k.backendInfo())}`);
const rows = [];
for (const batch of BATCHES) {
  const { ids, y } = data(batch, 7);
  for (const fused of [true, false]) {
    k.layers.setFusedRNN(fused);
    const m = new k.Sequential([
      k.input({ shape: [T], dtype: 'int32' }),
      k.layers.embedding({ inputDim: VOCAB, outputDim: 32 }),
      k.layers.bidirectional({ layer: k.layers.lstm({ units: 64 }) }),
      k.layers.dense({ units: 1, activation: 'sigmoid' }),
    ]);
    m.compile({ optimizer: 'adam', loss: 'binary_crossentropy' });
    const x = k.tensor(ids, [batch, T], 'int32');
    const yt = k.tensor(y, [batch, 1]);
    const ms = await timeIt(`kerasm ${fused ? 'fused' : 'composite'} b${batch}`, () => m.trainOnBatch(x, yt));
    rows.push({ impl: `kerasm ${fused ? 'fused' : 'composite'}`, batch, ms, samplesPerS: (batch * 1000) / ms });
    log(rows.at(-1));
    m.dispose();
  }
  k.layers.setFusedRNN(true);
  if (!NO_TFJS) {
    const { tf, tfl } = await loadTfjs({ layers: true, backend: 'cpu' });
    const m = tfl.sequential({
      layers: [
        tfl.layers.embedding({ inputDim: VOCAB, outputDim: 32, inputLength: T }),
        // tfjs-layers' Orthogonal initializer fails here (rMat.flatten is not a function): init only, not timed.
        tfl.layers.bidirectional({ layer: tfl.layers.lstm({ units: 64, recurrentInitializer: 'glorotUniform' }) }),
        tfl.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    });
    m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
    const x = tf.tensor2d(Array.from(ids), [batch, T], 'int32');
    const yt = tf.tensor2d(Array.from(y), [batch, 1]);
    const ms = await timeIt(`tfjs-cpu b${batch}`, async () => { await m.trainOnBatch(x, yt); });
    rows.push({ impl: 'tfjs-layers cpu', batch, ms, samplesPerS: (batch * 1000) / ms });
    log(rows.at(-1));
    m.dispose();
  }
}
console.log(`bench:rnn — Embedding(${VOCAB},32) → Bidirectional(LSTM(64)) → Dense(1), sequences of ${T}, trainOnBatch medians of ${ITER}`);
console.log('| impl | batch | ms/step | samples/s |\n|---|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.impl} | ${r.batch} | ${r.ms.toFixed(1)} | ${r.samplesPerS.toFixed(1)} |`);
