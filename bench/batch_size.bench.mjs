// bench:batch_size (part of `npm run bench:optimizers`) — for the Fashion-MNIST MLP
// 784-128(relu)-10(softmax): training speed and validation accuracy after one epoch, per batch
// size and optimizer. See bench/README.md (section bench:batch_size).
//
//   node bench/run.mjs batch_size [--quick] [--batches 16,32,…] [--threads 1,2] [--wait-idle S]
//
//   --quick        batches 32, 128, 1024 and 10 000 training samples (a ~20 s smoke run)
//   --batches L    batch sizes (default 16,32,64,128,256,512,1024)
//   --threads L    kerasm thread counts to sweep (default: all threads, os.availableParallelism())
//   --wait-idle S  before starting, wait ≤ S s for a second in which other processes use < 0.25 cores
//
// Each (optimizer, batch size, threads) case builds a fresh model from the same seed, trains
// one epoch on the first 50 000 training images (shuffled, as fit does by default) and
// evaluates on the last 10 000 training images. Before it, a throw-away model of the same case
// trains on 1 024 samples (warm-up), so the timed epoch runs warm code.

import {
  contended, cpuSince, envHeader, fmt, fmtRate, importKerasm, kerasmBundle, loadKerasm, LoadMeter, machine,
  median, readBaseline, table, startBench, wasmSource, writeResults,
} from './lib/index.mjs';

const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const opt = (f, d) => (args.includes(f) ? args[args.indexOf(f) + 1] : d);
const QUICK = flag('--quick');
const list = (s) => s.split(',').map(Number);
const BATCHES = list(opt('--batches', QUICK ? '32,128,1024' : '16,32,64,128,256,512,1024'));
const NTRAIN = QUICK ? 10000 : 50000;
const NVAL = 10000;
const WARMUP = 1024;
const log = (...a) => console.error(...a);

const k = await importKerasm(); // dist/index.js, or $KERASM_DIST

/** The optimizers compared (Keras defaults otherwise). */
const OPTIMIZERS = [
  { id: 'adam', label: 'Adam(lr 1e-3)', make: () => new k.optimizers.Adam({ learningRate: 1e-3 }) },
  { id: 'sgd', label: 'SGD(lr 0.01, momentum 0.9)', make: () => new k.optimizers.SGD({ learningRate: 0.01, momentum: 0.9 }) },
];

const { env, before } = await startBench('bench:batch_size', Number(opt('--wait-idle', 0)), log);
const THREADS = list(opt('--threads', String(env.availableParallelism)));

const src = wasmSource(k.VARIANTS);
const kerasmInfo = {};
const { info: kinfo } = await loadKerasm(k, src, kerasmInfo, undefined, log);

// ---- data: train on the first 50 000 training images, validate on the last 10 000 ------------

const { train, test } = await k.datasets.fashionMnist.load();
const N = train.images.shape[0];
const X = train.images.dataSync();
for (let i = 0; i < X.length; i++) X[i] /= 255;
const Y = train.labels.dataSync();
[train.images, train.labels, test.images, test.labels].forEach((t) => t.dispose());
const PIX = 784;
const xTrain = k.tensor(X.subarray(0, NTRAIN * PIX), [NTRAIN, PIX]);
const yTrain = k.tensor(Y.subarray(0, NTRAIN), [NTRAIN], 'int32');
const xVal = k.tensor(X.subarray((N - NVAL) * PIX), [NVAL, PIX]);
const yVal = k.tensor(Y.subarray(N - NVAL), [NVAL], 'int32');
const xWarm = k.tensor(X.subarray(0, WARMUP * PIX), [WARMUP, PIX]);
const yWarm = k.tensor(Y.subarray(0, WARMUP), [WARMUP], 'int32');
log(`data: train ${NTRAIN} (first), validation ${NVAL} (last of the ${N} training images)`);

function buildModel(optimizer) {
  k.setSeed(1234); // same initial weights in every case
  const m = new k.Sequential([
    k.input({ shape: [PIX] }),
    k.layers.dense({ units: 128, activation: 'relu' }),
    k.layers.dense({ units: 10, activation: 'softmax' }),
  ]);
  m.compile({ optimizer, loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  return m;
}

// ---- the sweep -------------------------------------------------------------------------------------

const results = [];
const cell = new Map();
const tStart = performance.now();
const runMeter = new LoadMeter();
for (const o of OPTIMIZERS) {
  for (const threads of THREADS) {
    k.setThreadCount(threads);
    for (const batch of BATCHES) {
      // Warm-up on a throw-away model: JIT and kernel paths for this batch shape.
      const w = buildModel(o.make());
      const w0 = performance.now();
      await w.fit(xWarm, yWarm, { epochs: 1, batchSize: batch, verbose: 0 });
      const warmMs = performance.now() - w0;
      w.dispose?.();

      const m = buildModel(o.make());
      // Per-step times from a batch-end hook: their median is a steady-state rate that one
      // slow step (GC, a neighbour's burst) does not move.
      const stepEnds = [];
      const cb = new k.callbacks.LambdaCallback({ onTrainBatchEnd: () => stepEnds.push(performance.now()) });
      const meter = new LoadMeter();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const h = await m.fit(xTrain, yTrain, { epochs: 1, batchSize: batch, verbose: 0, callbacks: [cb] });
      const ms = performance.now() - t0;
      const cpuMs = cpuSince(c0);
      const load = meter.stop();
      const t1 = performance.now();
      const [valLoss, valAcc] = await m.evaluate(xVal, yVal, { batchSize: 1000 });
      const evalMs = performance.now() - t1;
      const steps = stepEnds.map((t, i) => t - (i ? stepEnds[i - 1] : t0));
      const full = steps.slice(0, Math.floor(NTRAIN / batch)); // drop a ragged last batch
      const r = {
        optimizer: o.id, batch, threads, samples: NTRAIN, ms, samplesPerSec: (NTRAIN / ms) * 1000, cpuMs,
        stepMedianMs: median(full), stepMinMs: Math.min(...full),
        stepSamplesPerSec: (batch / median(full)) * 1000,
        trainLoss: Number(h.history.loss.at(-1)), trainAcc: Number(h.history.accuracy.at(-1)),
        valLoss, valAcc, evalMs, warmupMs: warmMs, ...load,
      };
      m.dispose?.();
      results.push(r);
      cell.set(`${o.id}|${threads}|${batch}`, r);
      log(`  ${o.id.padEnd(4)} ${threads}T B=${String(batch).padEnd(4)} ${fmtRate(r.samplesPerSec).padStart(6)} samples/s ` +
        `(steady ${fmtRate(r.stepSamplesPerSec)}/s; ${fmt(ms / 1000, 2)} s) val acc ${fmt(valAcc * 100, 2)}% ` +
        `loss ${fmt(valLoss, 3)}; foreign load ${fmt(load.foreignCores, 2)}`);
    }
  }
}
const run = runMeter.stop();
const totalS = (performance.now() - tStart) / 1000;
env.loadavgAfter = machine().loadavg;
[xTrain, yTrain, xVal, yVal, xWarm, yWarm].forEach((t) => t.dispose());
k.disposeBackend();

// ---- report ------------------------------------------------------------------------------------------

const out = [];
const p = (s = '') => out.push(s);
for (const line of envHeader({ title: 'bench:batch_size', bundle: kerasmBundle, env, NT: Math.max(...THREADS), before, run, seconds: totalS, src, kerasmInfo })) p(line);
p(`model: Dense 784-128(relu)-10(softmax), sparse categorical cross-entropy, accuracy; kerasm '${kinfo.variant}', threads ${THREADS.join(', ')}.`);
p(`method: per case a fresh model (seed 1234), warm-up on a throw-away model (${WARMUP} samples), then 1 epoch (fit, shuffled, verbose 0)`);
p(`        on the first ${NTRAIN} training images, then evaluate on the last ${NVAL} (images ÷ 255).`);
p(`        samples/s = ${NTRAIN} / wall time of fit (what a user sees); steady = batch / median step time (batch-end hook).`);
const mark = (r) => (contended(r, env.cores) ? '!' : '');
for (const threads of THREADS) {
  p();
  p(`${threads} thread${threads > 1 ? 's' : ''}:`);
  const head = ['batch', ...OPTIMIZERS.flatMap((o) => [`${o.id} samples/s`, `${o.id} steady`, `${o.id} val acc`, `${o.id} val loss`])];
  p(table(head, BATCHES.map((b) => [String(b), ...OPTIMIZERS.flatMap((o) => {
    const r = cell.get(`${o.id}|${threads}|${b}`);
    return r ? [fmtRate(r.samplesPerSec) + mark(r), fmtRate(r.stepSamplesPerSec), `${fmt(r.valAcc * 100, 2)}%`, fmt(r.valLoss, 3)] : ['—', '—', '—', '—'];
  })])));
}
p();
p(OPTIMIZERS.map((o) => `${o.id} = ${o.label}`).join('; '));
p('! = contended: other processes used ≥ (cores − threads + 0.25) cores during that epoch.');
p('Accuracy after ONE epoch mostly measures how many updates a batch size allows (50 000 / batch steps), not the');
p('final accuracy the batch size reaches: larger batches need more epochs or a larger learning rate.');

const base = readBaseline('batch_size');
if (base) {
  const bmap = new Map(base.cases.map((c) => [`${c.optimizer}|${c.threads}|${c.batch}`, c]));
  p();
  p(`vs baseline ${base.path} (${base.date}): samples/s now / then`);
  p(table(['case', 'now / then'], results.map((r) => {
    const o = bmap.get(`${r.optimizer}|${r.threads}|${r.batch}`);
    return [`${r.optimizer} ${r.threads}T B=${r.batch}`, o ? `${fmtRate(r.samplesPerSec)} / ${fmtRate(o.samplesPerSec)} (${fmt(r.samplesPerSec / o.samplesPerSec, 2)}×)` : '—'];
  })));
}

console.log(out.join('\n'));
const jsonPath = writeResults('batch_size', {
  argv: args, env, foreignCoresDuringRun: run.foreignCores, selfCoresDuringRun: run.selfCores, seconds: totalS,
  wasmDir: src.dir, wasmFiles: src.files, kerasm: kerasmInfo, threads: THREADS, batches: BATCHES,
  optimizers: OPTIMIZERS.map(({ id, label }) => ({ id, label })), trainSamples: NTRAIN, valSamples: NVAL, cases: results,
});
console.log(`\nraw results: ${jsonPath}`);
