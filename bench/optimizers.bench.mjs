// bench:optimizers — one optimizer step on 1M parameters (4 variables of 500×500), kerasm's
// fused WASM step against tfjs's `tf.train.*` optimizers on tfjs-backend-wasm and -cpu.
// See bench/README.md (section bench:optimizers) for what is timed and the caveats.
//
//   node bench/run.mjs optimizers [--quick] [--threads N] [--no-cpu] [--steps S] [--wait-idle S]
//
//   --quick      fewer optimizers' tfjs-cpu runs and 20 steps (a smoke run)
//   --threads N  the "NT" thread count (default: os.availableParallelism())
//   --no-cpu     skip tfjs-backend-cpu (the slowest column)
//   --steps S    timed steps per case (default 30; never fewer than 20)
//   --wait-idle S  wait ≤ S s for a second in which other processes use < 0.25 cores

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backendInfo, memory, optimizers, ready, setThreadCount, tensor, Variable } from '../dist/index.js';
import { fmt, LoadMeter, median, seeded, startBench, table } from './lib/index.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const opt = (f, d) => (args.includes(f) ? args[args.indexOf(f) + 1] : d);
const QUICK = flag('--quick');
const STEPS = Math.max(20, Number(opt('--steps', QUICK ? 20 : 30)));
const WARMUP = 5;
const log = (...a) => console.error(...a);

// ---- the parameter set: 4 × [500, 500] = 1,000,000 float32 -------------------------------

const SHAPE = [500, 500];
const NVARS = 4;
const N = NVARS * SHAPE[0] * SHAPE[1];
const init = Array.from({ length: NVARS }, (_, i) => seeded(SHAPE[0] * SHAPE[1], 10 + i).map((x) => 0.1 * x));
const gradData = Array.from({ length: NVARS }, (_, i) => seeded(SHAPE[0] * SHAPE[1], 100 + i).map((x) => 0.01 * x));

/**
 * The cases: kerasm constructor options, slot count (for the bytes moved), and the tfjs
 * equivalent (null where tfjs has none). Hyper-parameters are the Keras defaults, with
 * tfjs given the same values so both run the same arithmetic.
 */
const CASES = [
  { name: 'SGD', make: () => new optimizers.SGD({ learningRate: 0.01 }), slots: 0, tf: (tf) => tf.train.sgd(0.01) },
  { name: 'SGD momentum', make: () => new optimizers.SGD({ learningRate: 0.01, momentum: 0.9 }), slots: 1, tf: (tf) => tf.train.momentum(0.01, 0.9) },
  { name: 'RMSprop', make: () => new optimizers.RMSprop(), slots: 1, tf: (tf) => tf.train.rmsprop(0.001, 0.9, 0, 1e-7) },
  { name: 'Adagrad', make: () => new optimizers.Adagrad(), slots: 1, tf: (tf) => tf.train.adagrad(0.001, 0.1) },
  { name: 'Adadelta', make: () => new optimizers.Adadelta(), slots: 2, tf: (tf) => tf.train.adadelta(0.001, 0.95, 1e-7) },
  { name: 'Adam', make: () => new optimizers.Adam(), slots: 2, tf: (tf) => tf.train.adam(0.001, 0.9, 0.999, 1e-7) },
  { name: 'AdamW', make: () => new optimizers.AdamW(), slots: 2, tf: null },
  { name: 'Adamax', make: () => new optimizers.Adamax(), slots: 2, tf: (tf) => tf.train.adamax(0.001, 0.9, 0.999, 1e-7) },
  { name: 'Nadam', make: () => new optimizers.Nadam(), slots: 2, tf: null },
  { name: 'Lion', make: () => new optimizers.Lion(), slots: 1, tf: null },
  { name: 'Adam + clipnorm', make: () => new optimizers.Adam({ clipnorm: 1 }), slots: 2, tf: null },
  { name: 'Adam + global_clipnorm', make: () => new optimizers.Adam({ globalClipnorm: 1 }), slots: 2, tf: null },
];

/** Bytes one step must move at least: read param, grad and slots; write param and slots. */
const bytesPerStep = (slots) => N * 4 * (3 + 2 * slots);

/** `steps` timed calls after `WARMUP` untimed ones; per-step median and min in ms. */
function timeSteps(fn, steps = STEPS) {
  let t = performance.now();
  fn();
  const firstMs = performance.now() - t;
  for (let i = 0; i < WARMUP; i++) fn();
  const load = new LoadMeter();
  const ms = [];
  for (let i = 0; i < steps; i++) {
    t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  return { firstMs, samplesMs: ms, medianMs: median(ms), minMs: Math.min(...ms), ...load.stop() };
}

// ---- environment ----------------------------------------------------------------------

const { env, before } = await startBench('bench:optimizers', Number(opt('--wait-idle', 0)), log);
const NT = Number(opt('--threads', env.availableParallelism));

await ready();
const info = backendInfo();
log(`kerasm ${JSON.stringify(info)}`);

const results = [];
const cell = new Map();
function record(c, column, extra, r) {
  const row = { optimizer: c.name, column, ...extra, ...r, gbPerS: bytesPerStep(c.slots) / r.medianMs / 1e6 };
  results.push(row);
  cell.set(`${c.name}|${column}`, row);
  log(`  ${column.padEnd(10)} ${c.name.padEnd(24)} ${fmt(r.medianMs, 3).padStart(8)} ms (min ${fmt(r.minMs, 3)}; ` +
    `${r.samplesMs.length} steps; foreign load ${fmt(r.foreignCores, 2)})`);
}

// ---- kerasm ---------------------------------------------------------------------------

function kerasmCase(c, threads) {
  setThreadCount(threads);
  const vars = init.map((d, i) => new Variable(tensor(d, SHAPE), { name: `w${i}` }));
  const grads = gradData.map((d) => tensor(d, SHAPE));
  const pairs = grads.map((g, i) => [g, vars[i]]);
  const o = c.make();
  try {
    o.applyGradients(pairs); // builds the slots
    const warm = memory().numBuffers;
    const r = timeSteps(() => o.applyGradients(pairs));
    if (memory().numBuffers !== warm) throw new Error(`bench:optimizers: ${c.name} allocated WASM buffers per step`);
    const w = vars[0].dataSync();
    if (!w.every(Number.isFinite)) throw new Error(`bench:optimizers: ${c.name} produced non-finite weights`);
    record(c, threads === 1 ? 'kerasm 1T' : 'kerasm NT', { engine: 'kerasm', variant: info.variant, threads }, r);
  } finally {
    o.dispose();
    [...vars, ...grads].forEach((t) => t.dispose());
  }
}

const canThread = info.threads && NT > 1;
for (const c of CASES) {
  kerasmCase(c, 1);
  if (canThread) kerasmCase(c, NT);
}
setThreadCount(1);

// ---- tfjs -----------------------------------------------------------------------------

const tf = await import('@tensorflow/tfjs-core');
const tfcpu = await import('@tensorflow/tfjs-backend-cpu');
const tfwasm = await import('@tensorflow/tfjs-backend-wasm');
const tfEnv = { core: tf.version_core, wasm: tfwasm.version_wasm, cpu: tfcpu.version_cpu };

async function tfjsCase(c, backend) {
  await tf.setBackend(backend);
  await tf.ready();
  if (backend === 'wasm') {
    tfEnv.wasmSimd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
    tfEnv.wasmMultithread = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
  }
  const vars = init.map((d, i) => tf.variable(tf.tensor(d, SHAPE), true, `bench_${backend}_${c.name}_${i}`));
  const grads = Object.fromEntries(gradData.map((d, i) => [vars[i].name, tf.tensor(d, SHAPE)]));
  const o = c.tf(tf);
  try {
    o.applyGradients(grads);
    // tfjs-cpu takes tens of ms per step: keep its sample count at the minimum of 20.
    const r = timeSteps(() => o.applyGradients(grads), backend === 'cpu' ? 20 : STEPS);
    if (!vars[0].dataSync().every(Number.isFinite)) throw new Error(`bench:optimizers: tfjs ${c.name} produced non-finite weights`);
    record(c, `tfjs-${backend}`, { engine: 'tfjs', backend, threads: 1 }, r);
  } finally {
    o.dispose();
    vars.forEach((v) => v.dispose());
    Object.values(grads).forEach((g) => g.dispose());
  }
}

for (const c of CASES) {
  if (!c.tf) continue;
  await tfjsCase(c, 'wasm');
  if (!flag('--no-cpu') && !(QUICK && c.name !== 'Adam')) await tfjsCase(c, 'cpu');
}

// ---- report ---------------------------------------------------------------------------

const g = (c, col) => cell.get(`${c.name}|${col}`);
const ms = (r) => (r ? `${fmt(r.medianMs, 3)} (${fmt(r.minMs, 3)})${r.foreignCores >= 0.25 ? ' !' : ''}` : 'n/a');
const ratio = (a, b) => (a && b ? `${fmt(b.medianMs / a.medianMs, 2)}×` : 'n/a');
const rows = CASES.map((c) => [
  c.name,
  ms(g(c, 'kerasm 1T')),
  canThread ? ms(g(c, 'kerasm NT')) : 'n/a',
  ms(g(c, 'tfjs-wasm')),
  flag('--no-cpu') ? 'skipped' : ms(g(c, 'tfjs-cpu')),
  fmt(g(c, 'kerasm 1T')?.gbPerS, 1),
  ratio(g(c, 'kerasm 1T'), g(c, 'tfjs-wasm')),
  canThread ? ratio(g(c, 'kerasm NT'), g(c, 'kerasm 1T')) : 'n/a',
]);
const p = (s = '') => console.log(s);
p(`bench:optimizers — one step on ${N.toLocaleString('en')} parameters (${NVARS} × [${SHAPE.join(', ')}] float32)`);
p(`${env.cpu}, ${env.cores} cores; Node ${env.node}; load average ${env.loadavg.map((x) => x.toFixed(2)).join(' ')}; ` +
  `other processes used ${fmt(before.foreignCores, 2)} cores in an idle second before the run`);
p(`kerasm ${info.variant} (SIMD ${info.simd}, relaxed ${info.relaxedSimd}, threads ${info.threads}); NT = ${NT} threads`);
p(`tfjs core ${tfEnv.core}, tfjs-backend-wasm ${tfEnv.wasm} (SIMD ${tfEnv.wasmSimd}, threads ${tfEnv.wasmMultithread ? 'on' : 'off'}), tfjs-backend-cpu ${tfEnv.cpu}`);
p(`method: ${WARMUP} warm-up steps after the first, then the median (min) of ${STEPS} timed steps (tfjs-cpu: 20), ms per step; '!' = other processes used ≥ 0.25 cores meanwhile`);
p();
p(table(['optimizer', 'kerasm 1T ms', 'kerasm NT ms', 'tfjs-wasm ms', 'tfjs-cpu ms', 'kerasm 1T GB/s', 'tfjs-wasm / kerasm 1T', 'NT speed-up'], rows));
p();
p('n/a: tfjs has no AdamW, Nadam or Lion (nor gradient clipping inside its optimizers).');
p('GB/s: the bytes a step must move (read param, grad, slots; write param, slots) / median time.');

mkdirSync(join(here, 'results'), { recursive: true });
const out = join(here, 'results', `optimizers-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(out, JSON.stringify({ bench: 'optimizers', date: new Date().toISOString(), env, kerasm: info, tfjs: tfEnv, params: N, steps: STEPS, results }, null, 1));
log(`wrote ${resolve(out)}`);
