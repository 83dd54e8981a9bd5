// bench:fit — samples/s of `model.fit` on Fashion-MNIST: kerasm (1 thread and all threads)
// against tfjs-layers on tfjs-backend-wasm and tfjs-backend-cpu, same data, same process.
// See bench/README.md (section bench:fit) for what is timed and the caveats.
//
//   node bench/run.mjs fit [--quick] [--repeats R] [--samples N] [--cpu-samples N] [--no-cpu]
//                          [--threads N] [--models mlp,cnn] [--wait-idle S]
//
//   --quick          5 000 timed samples (cpu 1 500), batch 128 only: a ~30 s smoke run
//   --repeats R      timed epochs per configuration (default 3, never fewer than 3 without --quick)
//   --samples N      samples per timed epoch (default 15 000; kerasm and Keras get at least 64 steps at every batch)
//   --cpu-samples N  samples per timed epoch for tfjs-cpu (default 3 000: it is ~20× slower)
//   --no-cpu         skip tfjs-backend-cpu
//   --threads N      the "NT" thread count (default os.availableParallelism())
//   --models LIST    which entries of MODEL_SPECS to run (default: every available one)
//   --wait-idle S    before starting, wait ≤ S s for a second in which other processes use < 0.25 cores
//   --tfjs-only      time only the tfjs columns, for every spec, including those kerasm cannot build
//                    yet (their `available` is false): checks a new spec's tfjs half before kerasm has it
//   --no-keras       skip the Keras 3 / JAX columns (run by default when a Python with keras + jax is
//                    found: $KERASM_PYTHON, else ~/.cache/kerasm/venv/bin/python; bench/reference/keras_fit.py)

import {
  contended, cpuSince, envHeader, fmt, fmtRate, importKerasm, kerasmBundle, loadKerasm, LoadMeter, loadTfjs,
  machine, median, readBaseline, table, startBench, wasmSource, writeResults,
} from './lib/index.mjs';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fitModelSpecs } from './lib/fit_models.mjs';
import { root } from './lib/env.mjs';
import { coldStartLines, importToFirstBatch, stepClock } from './lib/fit_startup.mjs';

const k = await importKerasm(); // dist/index.js, or $KERASM_DIST

const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const opt = (f, d) => (args.includes(f) ? args[args.indexOf(f) + 1] : d);
const QUICK = flag('--quick');
const REPEATS = Math.max(QUICK ? 1 : 3, Number(opt('--repeats', 3)));
const SAMPLES = Number(opt('--samples', QUICK ? 5000 : 15000));
const CPU_SAMPLES = Number(opt('--cpu-samples', QUICK ? 1500 : 3000));
const WARMUP_SAMPLES = 2000;
const NO_CPU = flag('--no-cpu');
const TFJS_ONLY = flag('--tfjs-only');
const NO_KERAS = flag('--no-keras');
const log = (...a) => console.error(...a); // progress → stderr; the report → stdout

// The models: bench/lib/fit_models.mjs (to add a model, append a spec there).
const MODEL_SPECS = fitModelSpecs({ QUICK, SAMPLES, CPU_SAMPLES, WARMUP_SAMPLES });

// ---- environment -----------------------------------------------------------------------------

const { env, before } = await startBench('bench:fit', Number(opt('--wait-idle', 0)), log);
const NT = Number(opt('--threads', env.availableParallelism));

const src = wasmSource(k.VARIANTS);
const kerasmInfo = {};
const { info: kinfo } = await loadKerasm(k, src, kerasmInfo, undefined, log);
const threadsList = kinfo.threads && NT > 1 ? [1, NT] : [1];
const { tf, tfl, tfEnv } = await loadTfjs({ layers: true });

const notes = [];
const wanted = opt('--models', null)?.split(',');
const specs = MODEL_SPECS.filter((s) => !wanted || wanted.includes(s.id));
const skipped = TFJS_ONLY ? [] : specs.filter((s) => !s.available(k)).map((s) => s.id);
const active = TFJS_ONLY ? specs : specs.filter((s) => s.available(k));
if (TFJS_ONLY) notes.push('--tfjs-only: the kerasm columns were not run.');
for (const s of active) if (s.wasm === false && s.wasmNote) notes.push(s.wasmNote);
for (const s of active) if (s.tfjsSetup) notes.push(...s.tfjsSetup(tf));

// ---- data: Fashion-MNIST via kerasm, pixels ÷ 255; tfjs gets the same Float32Array ---------------

const { train, test } = await k.datasets.fashionMnist.load();
const NTRAIN = train.images.shape[0];
const X = train.images.dataSync();
for (let i = 0; i < X.length; i++) X[i] /= 255;
const Y = train.labels.dataSync(); // Int32Array
train.images.dispose();
train.labels.dispose();
test.images.dispose();
test.labels.dispose();
const PIX = 784;
log(`data: Fashion-MNIST train ${NTRAIN}×${PIX}, labels ${Y.length}`);

// Token specs: seeded random ids in [1, vocab) and labels in [0, classes).
function tokenData({ vocab, length, classes }, n) {
  let s = 1234;
  const r = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  return [Int32Array.from({ length: n * length }, () => 1 + Math.floor(r() * (vocab - 1))),
    Int32Array.from({ length: n }, () => Math.floor(r() * classes))];
}
const kerasmData = (spec, n) => {
  if (spec.tokens) {
    const [ids, y] = tokenData(spec.tokens, n);
    return [k.tensor(ids, [n, spec.tokens.length], 'int32'), k.tensor(y, [n], 'int32')];
  }
  return [k.tensor(X.subarray(0, n * PIX), [n, ...spec.inputShape]), k.tensor(Y.subarray(0, n), [n], 'int32')];
};
// tfjs-layers' sparse categorical cross-entropy takes float labels (it floors and casts them).
const tfjsData = (spec, n) => {
  if (spec.tokens) {
    const [ids, y] = tokenData(spec.tokens, n);
    return [tf.tensor(Float32Array.from(ids), [n, spec.tokens.length]), tf.tensor1d(Float32Array.from(y))];
  }
  return [tf.tensor(X.subarray(0, n * PIX), [n, ...spec.inputShape]), tf.tensor1d(Float32Array.from(Y.subarray(0, n)))];
};
const compileArgs = { optimizer: () => new k.optimizers.Adam({ learningRate: 1e-3 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] };

// ---- the runs ----------------------------------------------------------------------------------

const results = []; // one entry per timed epoch (and the warm-up epochs, flagged)
const cell = new Map(); // `${model}|${batch}|${column}` → summary

async function timeFit(fit, n) {
  const meter = new LoadMeter();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const h = await fit();
  const ms = performance.now() - t0;
  const cpuMs = cpuSince(c0);
  const hist = h.history ?? {};
  const last = (key) => (hist[key] ? Number(hist[key].at(-1)) : null);
  return { ms, samplesPerSec: (n / ms) * 1000, cpuMs, samplesPerCpuSec: (n / cpuMs) * 1000, loss: last('loss'), accuracy: last('accuracy') ?? last('acc'), ...meter.stop() };
}

function summarise(spec, batch, column, extra, runs, warm) {
  const sps = runs.map((r) => r.samplesPerSec);
  const r = {
    model: spec.id, batch, column, ...extra, warmup: warm, runs,
    medianSps: median(sps), bestSps: Math.max(...sps), medianSpsCpu: median(runs.map((x) => x.samplesPerCpuSec)),
    medianMsPerStep: median(runs.map((x) => x.ms / Math.ceil(extra.samples / batch))),
    foreignCores: Math.max(...runs.map((x) => x.foreignCores ?? 0)),
    loss: runs.at(-1).loss, accuracy: runs.at(-1).accuracy,
  };
  cell.set(`${spec.id}|${batch}|${column}`, r);
  results.push(r);
  log(`  ${column.padEnd(10)} ${spec.id} B=${String(batch).padEnd(4)} ${fmtRate(r.medianSps).padStart(6)} samples/s ` +
    `(best ${fmtRate(r.bestSps)}; ${runs.length}× ${extra.samples} samples; warm-up ${fmtRate(warm.samplesPerSec)}/s; ` +
    `acc ${fmt(r.accuracy, 3)}; foreign load ≤ ${fmt(r.foreignCores, 2)})`);
  return r;
}

async function kerasmCases(spec, batch) {
  const [x, y] = kerasmData(spec, spec.samples);
  const tensorsBefore = k.memory().numTensors;
  // One model per thread count, so each sees the same number of steps.
  const models = threadsList.map((t) => {
    k.setSeed(1234);
    const m = spec.kerasm(k);
    m.compile({ ...compileArgs, optimizer: compileArgs.optimizer() });
    return { t, m, runs: [], warm: null };
  });
  try {
    // The warm-up is epoch 0 of the fresh model on the timed data, each step timed (cold-start report).
    for (const c of models) {
      k.setThreadCount(c.t);
      const clock = stepClock(k);
      c.warm = await timeFit(() => (clock.start(), c.m.fit(x, y, { epochs: 1, batchSize: batch, verbose: 0, callbacks: [clock.callback] })), spec.samples);
      c.epoch0 = clock.summary(c.m, spec.samples);
    }
    // Interleave the repeats so 1T and NT share the machine's conditions.
    for (let r = 0; r < REPEATS; r++) {
      for (const c of models) {
        k.setThreadCount(c.t);
        c.runs.push(await timeFit(() => c.m.fit(x, y, { epochs: 1, batchSize: batch, verbose: 0 }), spec.samples));
      }
    }
  } finally {
    k.setThreadCount(NT);
    x.dispose(); y.dispose();
  }
  for (const c of models) {
    summarise(spec, batch, c.t === 1 ? 'kerasm 1T' : 'kerasm NT', {
      engine: 'kerasm', variant: kinfo.variant, threads: c.t, samples: spec.samples,
      readyWorkers: k.backendInfo().readyWorkers, epoch0: c.epoch0,
    }, c.runs, c.warm);
    c.m.dispose?.();
  }
  const leaked = k.memory().numTensors - tensorsBefore;
  if (leaked > 0) log(`  kerasm: ${leaked} tensors more than before this case (model weights and optimizer slots count too)`);
}

async function tfjsCases(spec, batch, backend) {
  await tf.setBackend(backend);
  const n = backend === 'cpu' ? spec.cpuSamples : (spec.tfjsSamples ?? spec.samples);
  const [x, y] = tfjsData(spec, n);
  const nw = backend === 'cpu' ? (spec.cpuWarmupSamples ?? spec.warmupSamples) : spec.warmupSamples;
  const [xw, yw] = tfjsData(spec, nw);
  const m = spec.tfjs(tfl);
  m.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const runs = [];
  let warm;
  try {
    warm = await timeFit(() => m.fit(xw, yw, { epochs: 1, batchSize: batch, verbose: 0 }), nw);
    for (let r = 0; r < REPEATS; r++) runs.push(await timeFit(() => m.fit(x, y, { epochs: 1, batchSize: batch, verbose: 0 }), n));
  } finally {
    tf.dispose([x, y, xw, yw]);
    m.dispose();
    m.optimizer?.dispose?.();
  }
  summarise(spec, batch, `tfjs-${backend}`, { engine: 'tfjs', backend, threads: 1, samples: n }, runs, warm);
}

// The physical limit of a row: training FLOPs per sample at the best GEMM rate kerasm reaches on
// this machine (a 512³ matmul, best of 10), per thread count.
function gemmPeak() {
  const n = 512, a = k.tensor(new Float32Array(n * n).fill(0.5), [n, n]);
  const out = {};
  try {
    for (const t of threadsList) {
      k.setThreadCount(t);
      let best = Infinity;
      for (let i = 0; i < 12; i++) {
        const t0 = performance.now();
        k.matmul(a, a).dispose();
        if (i >= 2) best = Math.min(best, performance.now() - t0);
      }
      out[t] = (2 * n ** 3) / (best / 1000) / 1e9;
    }
  } finally {
    k.setThreadCount(NT);
    a.dispose();
  }
  log(`GEMM 512³ peak: ${threadsList.map((t) => `${t}T ${fmt(out[t], 1)} GFLOPS`).join(', ')}`);
  return out;
}

// Keras 3 on JAX in a child process, after every JS case (never concurrently): 1 thread (pinned,
// XLA intra-op pool off) and JAX's default (all cores).
function kerasCases() {
  const py = process.env.KERASM_PYTHON ?? join(os.homedir(), '.cache/kerasm/venv/bin/python');
  if (!existsSync(py)) {
    notes.push(`Keras-JAX columns skipped: no Python at ${py} (set KERASM_PYTHON).`);
    return [];
  }
  const byModel = (id) => active.find((s) => s.id === id);
  const ids = active.map((s) => s.id);
  if (!ids.length) return [];
  const recs = [];
  for (const t of threadsList) {
    log(`[keras-jax] ${t === 1 ? '1 thread' : 'all threads'}: ${ids.join(', ')}`);
    const r = spawnSync(py, [join(root, 'bench/reference/keras_fit.py'), '--models', ids.join(','),
      '--mlp-batches', (byModel('mlp')?.batches ?? [32]).join(','), '--cnn-batches', (byModel('cnn')?.batches ?? [32]).join(','),
      '--samples', String(byModel('mlp')?.samples ?? SAMPLES), '--cnn-samples', String(byModel('cnn')?.samples ?? 512),
      '--warmup', String(WARMUP_SAMPLES), '--cnn-warmup', String(byModel('cnn')?.warmupSamples ?? 256),
      '--lstm-batches', (byModel('lstm')?.batches ?? [32]).join(','), '--lstm-samples', String(byModel('lstm')?.samples ?? 256),
      '--transformer-batches', (byModel('transformer')?.batches ?? [32]).join(','),
      '--transformer-samples', String(byModel('transformer')?.samples ?? 512),
      '--repeats', String(REPEATS), '--threads', t === 1 ? '1' : '0'],
    { encoding: 'utf8', env: { ...process.env, KERAS_BACKEND: 'jax' }, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
    if (r.status !== 0) {
      notes.push(`Keras-JAX (${t}T) failed with exit code ${r.status}: its columns are missing.`);
      continue;
    }
    for (const line of r.stdout.split('\n').filter((l) => l.startsWith('{'))) {
      const o = JSON.parse(line);
      const spec = byModel(o.model);
      const rr = { model: o.model, batch: o.batch, column: t === 1 ? 'keras-jax 1T' : 'keras-jax NT', engine: 'keras-jax', threads: t,
        samples: o.samples, runs: o.runs.map((v) => ({ samplesPerSec: v })), medianSps: o.medianSps, bestSps: o.bestSps,
        medianSpsCpu: o.medianSpsCpu, accuracy: o.accuracy, loss: o.loss, keras: o.keras, jax: o.jax };
      cell.set(`${spec.id}|${o.batch}|${rr.column}`, rr);
      results.push(rr);
      recs.push(rr);
    }
  }
  if (recs.length) notes.push(`Keras-JAX: keras ${recs[0].keras}, jax ${recs[0].jax} (bench/reference/keras_fit.py, same data and method; ` +
    'no load meter in the child, so no ! marks on its columns).');
  return recs;
}

const tStart = performance.now();
const runMeter = new LoadMeter();
for (const spec of active) {
  log(`[${spec.id}] ${spec.label}: batches ${spec.batches.join(', ')}; ${spec.samples} samples per timed epoch ` +
    `(tfjs-cpu ${spec.cpuSamples}), warm-up ${spec.warmupSamples}, ${REPEATS} repeats`);
  for (const batch of spec.batches) {
    if (!TFJS_ONLY) await kerasmCases(spec, batch);
    if (spec.tfjs && spec.wasm !== false) await tfjsCases(spec, batch, 'wasm');
    if (!NO_CPU && spec.cpu !== false) await tfjsCases(spec, batch, 'cpu');
  }
}
const peak = TFJS_ONLY ? null : gemmPeak();
const startup = TFJS_ONLY ? [] : importToFirstBatch(active, { log });
const kerasRuns = TFJS_ONLY || NO_KERAS ? [] : kerasCases();
await tf.setBackend('wasm');
const run = runMeter.stop();
const totalS = (performance.now() - tStart) / 1000;
env.loadavgAfter = machine().loadavg;
k.disposeBackend();

// ---- report ------------------------------------------------------------------------------------

const g = (m, b, c) => cell.get(`${m}|${b}|${c}`);
const cores = env.cores;
const mark = (...rs) => (rs.some((r) => contended(r, cores)) ? '!' : '');
const sps = (r) => (r ? `${fmtRate(r.medianSps)} (${fmtRate(r.bestSps)})${mark(r)}` : '—');
const ratio = (a, b) => (a && b ? a.medianSps / b.medianSps : undefined);

const out = [];
const p = (s = '') => out.push(s);
for (const line of envHeader({ title: 'bench:fit', bundle: kerasmBundle, env, NT, before, run, seconds: totalS, src, kerasmInfo, tfEnv })) p(line);
p(`method: model.fit, 1 epoch per timed call, verbose 0, shuffle on (both libraries' default); per configuration a fresh model,`);
p(`        1 warm-up epoch (kerasm: epoch 0 on the timed data, reported below), then ${REPEATS} timed epochs (kerasm 1T and NT`);
p(`        interleaved); cell = median samples/s (best).`);
p(`        Adam(1e-3), sparse categorical cross-entropy, accuracy metric; Fashion-MNIST train images ÷ 255, first N samples.`);
for (const spec of active) {
  const tw = spec.tfjsSamples ?? spec.samples;
  p(`        ${spec.id}: ${spec.samples} samples per timed epoch for kerasm and Keras${tw === spec.samples ? ' and tfjs-wasm' : `, ${tw} for tfjs-wasm`}, ` +
    `${spec.cpu === false ? 'no tfjs-cpu' : `${spec.cpuSamples} for tfjs-cpu (it is ~20× slower)`}, tfjs warm-up ${spec.warmupSamples}.`);
}
for (const n of notes) p(`note: ${n}`);
for (const s of active) if (s.cpu === false && s.cpuNote) p(`note: ${s.cpuNote}`);
if (skipped.length) p(`skipped (not available in kerasm yet): ${skipped.join(', ')}`);

for (const spec of active) {
  p();
  p(`${spec.label} — samples/s`);
  const head = ['batch', 'kerasm 1T', `kerasm NT (${NT})`, 'keras-jax 1T', 'keras-jax NT', 'tfjs-wasm', 'tfjs-cpu',
    'kerasm / keras 1T', 'kerasm / keras NT', 'limit 1T / NT', 'kerasm-NT / best tfjs'];
  const limit = (t) => (peak?.[t] && spec.trainFlopsPerSample ? fmtRate((peak[t] * 1e9) / spec.trainFlopsPerSample) : '—');
  const rows = spec.batches.map((b) => {
    const k1 = g(spec.id, b, 'kerasm 1T'), kn = g(spec.id, b, 'kerasm NT'), tw = g(spec.id, b, 'tfjs-wasm'), tc = g(spec.id, b, 'tfjs-cpu');
    const j1 = g(spec.id, b, 'keras-jax 1T'), jn = g(spec.id, b, 'keras-jax NT');
    const kerasCols = [sps(j1), sps(jn), fmt(ratio(k1, j1), 2), fmt(ratio(kn ?? k1, jn), 2), `${limit(1)} / ${limit(NT)}`];
    // Against tfjs's best backend that can train the model (tfjs-cpu for the text models).
    const tb = tw ?? tc;
    let r = fmt(ratio(kn ?? k1, tb), 2) + mark(kn ?? k1, tb) + (tb && tb === tc ? ' (cpu)' : '');
    if (spec.target && spec.target.batch === b) {
      const v = ratio(kn ?? k1, tw);
      r += `  (target ≥ ${spec.target.ratio}×: ${v === undefined ? 'n/a' : v >= spec.target.ratio ? 'PASS' : 'FAIL'})`;
    }
    const tc_ = NO_CPU || spec.cpu === false ? 'skipped' : sps(tc);
    return [String(b), sps(k1), sps(kn), kerasCols[0], kerasCols[1], sps(tw), tc_, ...kerasCols.slice(2), r];
  });
  p(table(head, rows));
  p('samples per CPU-second (process CPU time, median): for the 1-thread columns this is close to the rate with a core to');
  p('yourself, since time-slicing by other processes does not count; for NT it is efficiency, not speed (both threads count):');
  const perCpu = (a, b) => fmt(a && b ? a.medianSpsCpu / b.medianSpsCpu : undefined, 2);
  p(table(['batch', 'kerasm 1T', `kerasm NT (${NT})`, 'keras-jax 1T', 'tfjs-wasm', 'tfjs-cpu', 'kerasm-1T / keras-jax-1T', 'kerasm-1T / tfjs-wasm'],
    spec.batches.map((b) => {
      const [k1, kn, j1, tw, tc] = ['kerasm 1T', 'kerasm NT', 'keras-jax 1T', 'tfjs-wasm', 'tfjs-cpu'].map((c) => g(spec.id, b, c));
      return [String(b), ...[k1, kn, j1, tw, tc].map((r) => fmtRate(r?.medianSpsCpu)), perCpu(k1, j1), perCpu(k1, tw)];
    })));
  p('training accuracy / loss of the last timed epoch (a sanity check that every engine trains):');
  p(table(['batch', 'kerasm 1T', 'kerasm NT', 'tfjs-wasm', 'tfjs-cpu'], spec.batches.map((b) => [String(b),
    ...['kerasm 1T', 'kerasm NT', 'tfjs-wasm', 'tfjs-cpu'].map((c) => {
      const r = g(spec.id, b, c);
      return r ? `${fmt(r.accuracy, 3)} / ${fmt(r.loss, 3)}` : '—';
    })])));
}
for (const line of coldStartLines(active, g, ['kerasm 1T', 'kerasm NT'], startup, { table, fmt, fmtRate })) p(line);
p();
p('! = contended: other processes used ≥ (cores − threads + 0.25) cores during the timed epochs (NT: the second core was busy).');
p('    tfjs-wasm runs 1 thread in Node (no Web Workers): compare it with kerasm 1T for single-core speed.');
p('limit = training FLOPs per sample ÷ the best 512³ GEMM rate kerasm measured in this run ' +
  `(${peak ? threadsList.map((t) => `${t}T ${fmt(peak[t], 1)} GFLOPS`).join(', ') : 'not measured'}): the speed if every FLOP ran at GEMM peak.`);

p();
p('targets:');
const targets = [];
for (const spec of active.filter((s) => s.target)) {
  const { batch, ratio: goal } = spec.target;
  const kn = g(spec.id, batch, 'kerasm NT') ?? g(spec.id, batch, 'kerasm 1T');
  const tw = g(spec.id, batch, 'tfjs-wasm');
  const v = ratio(kn, tw);
  const vd = v === undefined ? 'n/a' : v >= goal ? 'PASS' : 'FAIL';
  const busy = contended(kn, cores);
  targets.push({ target: `${spec.id} fit batch ${batch}: kerasm NT ≥ ${goal}× tfjs-wasm`, value: v ?? null, goal, verdict: vd, contended: busy });
  p(`  ${vd.padEnd(4)}  ${spec.id} fit, batch ${batch}: kerasm ${kn?.threads ?? NT} threads ≥ ${goal}× tfjs-wasm: ${fmt(v, 2)}× ` +
    `(${fmtRate(kn?.medianSps)} vs ${fmtRate(tw?.medianSps)} samples/s; kerasm 1T is ${fmt(ratio(g(spec.id, batch, 'kerasm 1T'), tw), 2)}×)`);
  if (busy) {
    p(`        other processes used ${fmt(kn.foreignCores, 2)} cores during the kerasm NT epochs: the NT number is understated; ` +
      're-run with --wait-idle 60 on a quieter machine.');
  }
}

const base = readBaseline('fit');
if (base) {
  const bmap = new Map(base.cases.map((c) => [`${c.model}|${c.batch}|${c.column}`, c]));
  p();
  p(`vs baseline ${base.path} (${base.date}): median samples/s now / then`);
  const cols = ['kerasm 1T', 'kerasm NT'];
  p(table(['model / batch', ...cols], active.flatMap((s) => s.batches.map((b) => [`${s.id} ${b}`, ...cols.map((c) => {
    const a = g(s.id, b, c), o = bmap.get(`${s.id}|${b}|${c}`);
    return a && o ? `${fmtRate(a.medianSps)} / ${fmtRate(o.medianSps)} (${fmt(a.medianSps / o.medianSps, 2)}×)` : '—';
  })]))));
}

console.log(out.join('\n'));
const jsonPath = writeResults('fit', {
  argv: args, env, foreignCoresDuringRun: run.foreignCores, selfCoresDuringRun: run.selfCores, seconds: totalS,
  wasmDir: src.dir, wasmFiles: src.files, kerasm: kerasmInfo, tfjs: tfEnv, threadsNT: NT, repeats: REPEATS,
  models: active.map(({ id, label, inputShape, batches, samples, cpuSamples, warmupSamples }) =>
    ({ id, label, inputShape, batches, samples, cpuSamples, warmupSamples })),
  skipped, notes, targets, gemmPeakGflops: peak, importToFirstBatch: startup, cases: results,
});
console.log(`\nraw results: ${jsonPath}`);
