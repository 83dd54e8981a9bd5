// bench:data — what feeding `fit` through a data.Dataset pipeline costs: batches/s of a
// shuffle + batch + map + prefetch pipeline over Fashion-MNIST feeding the MLP and the CNN,
// against the same data given to fit as one tensor (target: pipeline ≥ 90 % of in-memory), and
// against tf.data feeding tfjs-layers' fitDataset (tfjs-backend-wasm). Also the pipeline alone
// (iterating it without training), which is the producer's cost per batch.
//
//   node bench/run.mjs data [--quick] [--repeats R] [--batch B] [--models mlp,cnn] [--no-tfjs] [--wait-idle S]
//
// Pipeline (both libraries): slices of the raw pixels (0–255) and labels → shuffle(full buffer,
// seed) → batch(B) → map(x ÷ 255, reshaped to the model's input) → prefetch(2). In-memory: the
// same pixels already ÷ 255 as one tensor, fit({ batchSize: B, shuffle: true }). Every timed
// call is one epoch; configurations are interleaved per repeat so they share the machine's load.

import {
  contended, cpuSince, envHeader, fmt, fmtRate, importKerasm, kerasmBundle, loadKerasm, LoadMeter, loadTfjs, machine, median,
  startBench, table, wasmSource, writeResults,
} from './lib/index.mjs';
import { registerWasmConv2DBackpropFilter } from './lib/tfjs_kernels.mjs';

const k = await importKerasm();
const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const opt = (f, d) => (args.includes(f) ? args[args.indexOf(f) + 1] : d);
const QUICK = flag('--quick');
const REPEATS = Math.max(1, Number(opt('--repeats', QUICK ? 2 : 5)));
const BATCH = Number(opt('--batch', 128));
const NO_TFJS = flag('--no-tfjs');
const log = (...a) => console.error(...a);

const SPECS = [
  {
    id: 'mlp', label: 'MLP 784-128(relu)-10(softmax)', inputShape: [784], samples: QUICK ? 3000 : 12000,
    kerasm: (k) => new k.Sequential([k.input({ shape: [784] }), k.layers.dense({ units: 128, activation: 'relu' }), k.layers.dense({ units: 10, activation: 'softmax' })]),
    tfjs: (tfl) => tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [784], units: 128, activation: 'relu' }), tfl.layers.dense({ units: 10, activation: 'softmax' })] }),
  },
  {
    id: 'cnn', label: 'CNN conv32-pool-conv64-pool-dense64-dropout-10', inputShape: [28, 28, 1], samples: QUICK ? 512 : 1536,
    kerasm: (k) => new k.Sequential([
      k.input({ shape: [28, 28, 1] }),
      k.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }), k.layers.maxPooling2d({ poolSize: 2 }),
      k.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }), k.layers.maxPooling2d({ poolSize: 2 }),
      k.layers.flatten(), k.layers.dense({ units: 64, activation: 'relu' }), k.layers.dropout({ rate: 0.5 }),
      k.layers.dense({ units: 10, activation: 'softmax' }),
    ]),
    tfjs: (tfl) => tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu' }), tfl.layers.maxPooling2d({ poolSize: 2 }),
        tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }), tfl.layers.maxPooling2d({ poolSize: 2 }),
        tfl.layers.flatten(), tfl.layers.dense({ units: 64, activation: 'relu' }), tfl.layers.dropout({ rate: 0.5 }),
        tfl.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    }),
  },
];

const { env, before } = await startBench('bench:data', Number(opt('--wait-idle', 0)), log);
const src = wasmSource(k.VARIANTS);
const kerasmInfo = {};
const { info: kinfo } = await loadKerasm(k, src, kerasmInfo, undefined, log);
const tfjs = NO_TFJS ? null : await loadTfjs({ layers: true });
if (tfjs) registerWasmConv2DBackpropFilter(tfjs.tf);
// tf.data lives in @tensorflow/tfjs-data (a devDependency); without it the tf.data column is skipped.
const tfdata = tfjs ? await import('@tensorflow/tfjs-data').catch(() => null) : null;
if (tfjs && !tfdata) log('note: @tensorflow/tfjs-data is not installed: the tf.data column is skipped.');

const { train, test } = await k.datasets.fashionMnist.load();
const RAW = train.images.dataSync(); // 0–255
const LABELS = train.labels.dataSync();
[train.images, train.labels, test.images, test.labels].forEach((t) => t.dispose());
const PIX = 784;
const wanted = opt('--models', null)?.split(',');
const specs = SPECS.filter((s) => !wanted || wanted.includes(s.id));

async function timed(n, fn) {
  const meter = new LoadMeter();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const h = await fn();
  const ms = performance.now() - t0;
  const cpuMs = cpuSince(c0);
  const acc = h?.history?.accuracy ?? h?.history?.acc;
  const nb = Math.ceil(n / BATCH);
  return {
    ms, cpuMs, batchesPerSec: (nb / ms) * 1000, batchesPerCpuSec: (nb / cpuMs) * 1000, samplesPerSec: (n / ms) * 1000,
    accuracy: acc ? Number(acc.at(-1)) : null, ...meter.stop(),
  };
}

const cases = [];
for (const spec of specs) {
  const n = spec.samples;
  log(`[${spec.id}] ${spec.label}: ${n} samples per epoch, batch ${BATCH}, ${REPEATS} repeats`);
  // kerasm inputs: raw pixels and labels as tensors (the pipeline's source), and the ÷255 tensor.
  const raw = k.tensor(RAW.subarray(0, n * PIX), [n, PIX]);
  const y = k.tensor(LABELS.subarray(0, n), [n], 'int32');
  const scaled = k.tidy(() => k.reshape(k.div(raw, k.scalar(255)), [n, ...spec.inputShape]));
  const pipeline = k.data.fromTensorSlices([raw, y]).shuffle(n, { seed: 1 }).batch(BATCH)
    .map(([xb, yb]) => [k.reshape(k.div(xb, k.scalar(255)), [xb.shape[0], ...spec.inputShape]), yb]).prefetch(2);
  const make = () => {
    k.setSeed(1234);
    const m = spec.kerasm(k);
    m.compile({ optimizer: new k.optimizers.Adam({ learningRate: 1e-3 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    return m;
  };
  const mem = make(), pipe = make();
  // tf.data: per-sample tensors (what tf.data.array holds) → shuffle → batch → map → prefetch.
  let tfm, tfds, tfx, tfy;
  if (tfjs) {
    const { tf, tfl } = tfjs;
    await tf.setBackend('wasm');
    const rows = Array.from({ length: n }, (_, i) => ({ xs: tf.tensor1d(RAW.subarray(i * PIX, (i + 1) * PIX)), ys: tf.scalar(LABELS[i]) }));
    tfds = tfdata?.array(rows).shuffle(n, '1').batch(BATCH)
      .map(({ xs, ys }) => ({ xs: tf.reshape(tf.div(xs, 255), [xs.shape[0], ...spec.inputShape]), ys })).prefetch(2) ?? { rows };
    tfx = tf.tidy(() => tf.reshape(tf.div(tf.tensor2d(RAW.subarray(0, n * PIX), [n, PIX]), 255), [n, ...spec.inputShape]));
    tfy = tf.tensor1d(Float32Array.from(LABELS.subarray(0, n)));
    tfm = spec.tfjs(tfl);
    tfm.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    tfds.rows = rows;
  }
  const runs = { 'kerasm tensor': [], 'kerasm Dataset': [], 'kerasm pipeline only': [], 'tfjs tensor': [], 'tfjs tf.data': [] };
  const configs = [
    ['kerasm tensor', () => mem.fit(scaled, y, { epochs: 1, batchSize: BATCH, shuffle: true, verbose: 0 })],
    ['kerasm Dataset', () => pipe.fit(pipeline, { epochs: 1, verbose: 0 })],
    ['kerasm pipeline only', async () => {
      for await (const [xb, yb] of pipeline) { xb.dispose(); yb.dispose(); }
    }],
    ...(tfjs ? [
      ['tfjs tensor', () => tfm.fit(tfx, tfy, { epochs: 1, batchSize: BATCH, shuffle: true, verbose: 0 })],
      ...(tfdata ? [['tfjs tf.data', () => tfm.fitDataset(tfds, { epochs: 1, verbose: 0 })]] : []),
    ] : []),
  ];
  const tensorsBefore = k.memory().numTensors;
  for (const [, fn] of configs) await fn(); // warm-up epoch of each
  const afterWarm = k.memory().numTensors;
  for (let r = 0; r < REPEATS; r++) {
    for (const [name, fn] of configs) {
      const rr = await timed(n, fn);
      runs[name].push(rr);
      log(`  ${name.padEnd(22)} ${fmt(rr.batchesPerSec, 1).padStart(7)} batches/s  ${fmtRate(rr.samplesPerSec)} samples/s  foreign load ${fmt(rr.foreignCores, 2)}`);
    }
  }
  const leaked = k.memory().numTensors - afterWarm;
  for (const [name, rs] of Object.entries(runs)) {
    if (rs.length === 0) continue;
    cases.push({
      model: spec.id, label: spec.label, column: name, samples: n, batch: BATCH, runs: rs,
      medianBatchesPerSec: median(rs.map((r) => r.batchesPerSec)), medianSamplesPerSec: median(rs.map((r) => r.samplesPerSec)),
      medianBatchesPerCpuSec: median(rs.map((r) => r.batchesPerCpuSec)), bestBatchesPerSec: Math.max(...rs.map((r) => r.batchesPerSec)),
      foreignCores: Math.max(...rs.map((r) => r.foreignCores ?? 0)), accuracy: rs.at(-1).accuracy, tensorsLeakedAfterWarmup: leaked,
    });
  }
  log(`  kerasm tensors: ${tensorsBefore} before warm-up, ${afterWarm} after, ${afterWarm + leaked} at the end (leak after warm-up: ${leaked})`);
  raw.dispose(); y.dispose(); scaled.dispose(); mem.dispose(); pipe.dispose();
  if (tfjs) {
    tfjs.tf.dispose([tfx, tfy, ...tfds.rows.flatMap((r) => [r.xs, r.ys])]);
    tfm.dispose();
  }
}
env.loadavgAfter = machine().loadavg;

const get = (m, c) => cases.find((x) => x.model === m && x.column === c);
const out = [];
const p = (s = '') => out.push(s);
for (const line of envHeader({ title: 'bench:data', bundle: kerasmBundle, env, before, src, kerasmInfo, tfEnv: tfjs?.tfEnv })) p(line);
p(`kerasm ${kinfo.variant}, ${kinfo.threadCount} thread(s). Batch ${BATCH}; ${REPEATS} timed epoch(s) per cell after one warm-up epoch; cell = median batches/s.`);
p('pipeline: fromTensorSlices([raw pixels, labels]).shuffle(n, seed).batch(B).map(x ÷ 255 → input shape).prefetch(2); tf.data the same over per-sample tensors.');
const cols = ['kerasm tensor', 'kerasm Dataset', 'kerasm pipeline only', 'tfjs tensor', 'tfjs tf.data'];
p();
p(table(['model', ...cols, 'Dataset / tensor', 'kerasm Dataset / tf.data'], specs.map((s) => {
  const c = cols.map((col) => get(s.id, col));
  const ratio = c[1] && c[0] ? c[1].medianBatchesPerSec / c[0].medianBatchesPerSec : undefined;
  const vsTf = c[1] && c[4] ? c[1].medianBatchesPerSec / c[4].medianBatchesPerSec : undefined;
  return [s.id, ...c.map((x) => (x ? `${fmt(x.medianBatchesPerSec, 1)}${contended(x, env.cores, kinfo.threadCount) ? '!' : ''}` : '—')),
    `${fmt(ratio === undefined ? undefined : ratio * 100, 0)} % (target ≥ 90 %: ${ratio === undefined ? 'n/a' : ratio >= 0.9 ? 'PASS' : 'FAIL'})`, `${fmt(vsTf, 2)}×`];
})));
p('! = other processes used the cores kerasm needed during the timed epochs: numbers are indicative only.');
p();
p('batches per CPU-second of this process (median; time-slicing by other processes does not count, so on a loaded machine this');
p('is the steadier comparison; kerasm NT counts both of its threads):');
p(table(['model', ...cols, 'Dataset / tensor'], specs.map((s) => {
  const c = cols.map((col) => get(s.id, col));
  const ratio = c[1] && c[0] ? c[1].medianBatchesPerCpuSec / c[0].medianBatchesPerCpuSec : undefined;
  return [s.id, ...c.map((x) => fmt(x?.medianBatchesPerCpuSec, 1)), `${fmt(ratio === undefined ? undefined : ratio * 100, 0)} %`];
})));
p('training accuracy of the last timed epoch: ' + specs.map((s) => `${s.id} ` + cols.filter((c) => !c.includes('only')).map((c) => `${c} ${fmt(get(s.id, c)?.accuracy, 3)}`).join(', ')).join('; '));
console.log(out.join('\n'));
console.log(`\nraw results: ${writeResults('data', { argv: args, env, kerasm: kerasmInfo, tfjs: tfjs?.tfEnv ?? null, batch: BATCH, repeats: REPEATS, cases })}`);
k.disposeBackend();
