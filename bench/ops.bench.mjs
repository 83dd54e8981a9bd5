// bench:ops — per-op overhead, kerasm against tfjs-backend-wasm in the same process: tiny
// elementwise ops where the dispatch cost is everything, then the MLP's matmuls and their
// backward products, as explicit matmuls and through each library's gradient function.
// See bench/README.md (section bench:ops).
//
//   node bench/run.mjs ops [--quick] [--samples S] [--threads N] [--wait-idle S]
//
//   --quick        9 samples per case instead of 31 (a ~15 s smoke run)
//   --samples S    samples per case (default 31); each sample is a loop of ≥ 10 ms (≥ 50 ms for matmuls)
//   --threads N    kerasm's NT thread count (default os.availableParallelism())
//   --wait-idle S  before starting, wait ≤ S s for a second in which other processes use < 0.25 cores
//   --no-profile   when a small-op target fails, do not profile it (by default the bench runs
//                  bench/profile_ops.mjs on that op and appends the top functions to the report)
//
// Every case is timed as op + dispose of everything it returns, as a user pays it; the split
// (op alone, dispose alone) comes from running the ops of a sample into an array and freeing
// them afterwards (lib/measure.mjs `sampleSplit`). Inputs are created once, outside the loop.

import {
  contended, envHeader, fmt, fmtTime, importKerasm, kerasmBundle, loadKerasm, LoadMeter, loadTfjs, machine,
  readBaseline, sampleSplit, seeded, table, startBench, wasmSource, writeResults,
} from './lib/index.mjs';
import { profileOp } from './profile_ops.mjs';

const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const opt = (f, d) => (args.includes(f) ? args[args.indexOf(f) + 1] : d);
const QUICK = flag('--quick');
const SAMPLES = Number(opt('--samples', QUICK ? 9 : 31));
const log = (...a) => console.error(...a);

const k = await importKerasm(); // dist/index.js, or $KERASM_DIST

const { env, before } = await startBench('bench:ops', Number(opt('--wait-idle', 0)), log);
const NT = Number(opt('--threads', env.availableParallelism));

const src = wasmSource(k.VARIANTS);
const kerasmInfo = {};
const { info: kinfo } = await loadKerasm(k, src, kerasmInfo, undefined, log);
// tfjs-layers is imported only because its bundle registers tfjs's gradients (tf.grads needs them).
const { tf, tfEnv } = await loadTfjs({ layers: true });

// ---- cases ---------------------------------------------------------------------------------------
// Each case: inputs (seeded), then `kerasm(inp)` and `tfjs(inp)` returning a tensor or an array of
// tensors. `small` marks the per-op-overhead target cases. `flop` (if any) gives GFLOP/s.

const B = 32, IN = 784, OUT = 128;
const shapes = {
  a4: [4], b4: [4], m128a: [128, 128], m128b: [128, 128], x: [B, IN], w: [IN, OUT], dy: [B, OUT],
};
const data = Object.fromEntries(Object.entries(shapes).map(([n, s], i) => [n, seeded(s.reduce((a, b) => a * b, 1), 100 + i)]));

const CASES = [
  { id: 'add', label: 'add [4]+[4]', small: true, k: (t) => k.add(t.a4, t.b4), tf: (t) => tf.add(t.a4, t.b4) },
  { id: 'relu', label: 'relu [4]', small: true, k: (t) => k.relu(t.a4), tf: (t) => tf.relu(t.a4) },
  { id: 'mm128', label: 'matmul 128×128·128×128', flop: 2 * 128 ** 3, k: (t) => k.matmul(t.m128a, t.m128b), tf: (t) => tf.matMul(t.m128a, t.m128b) },
  { id: 'fwd', label: `matmul x·W ${B}×${IN}·${IN}×${OUT}`, flop: 2 * B * IN * OUT, k: (t) => k.matmul(t.x, t.w), tf: (t) => tf.matMul(t.x, t.w) },
  // (a) the two backward products as explicit matmuls: transpose flags, and a transpose op + plain matmul.
  { id: 'dW-flag', label: `dW = xᵀ·dy (matmul transposeA)`, flop: 2 * B * IN * OUT, k: (t) => k.matmul(t.x, t.dy, true, false), tf: (t) => tf.matMul(t.x, t.dy, true, false) },
  { id: 'dx-flag', label: `dx = dy·Wᵀ (matmul transposeB)`, flop: 2 * B * IN * OUT, k: (t) => k.matmul(t.dy, t.w, false, true), tf: (t) => tf.matMul(t.dy, t.w, false, true) },
  {
    id: 'dW-T', label: 'dW = transpose(x)·dy (2 ops)', flop: 2 * B * IN * OUT,
    k: (t) => { const xt = k.transpose(t.x); const r = k.matmul(xt, t.dy); xt.dispose(); return r; },
    tf: (t) => { const xt = tf.transpose(t.x); const r = tf.matMul(xt, t.dy); xt.dispose(); return r; },
  },
  {
    id: 'dx-T', label: 'dx = dy·transpose(W) (2 ops)', flop: 2 * B * IN * OUT,
    k: (t) => { const wt = k.transpose(t.w); const r = k.matmul(t.dy, wt); wt.dispose(); return r; },
    tf: (t) => { const wt = tf.transpose(t.w); const r = tf.matMul(t.dy, wt); wt.dispose(); return r; },
  },
  // (b) through the gradient function: grads(f)([x, W], dy) records x·W and returns [dx, dW].
  {
    id: 'grads', label: 'grads(x·W)([x, W], dy) → [dx, dW]', flop: 3 * 2 * B * IN * OUT,
    k: (t) => t.kgrad([t.x, t.w], t.dy), tf: (t) => t.tgrad([t.x, t.w], t.dy),
  },
];

function kerasmInputs() {
  const t = Object.fromEntries(Object.entries(shapes).map(([n, s]) => [n, k.tensor(data[n], s)]));
  t.kgrad = k.grads((x, w) => k.matmul(x, w));
  return t;
}
function tfjsInputs() {
  const t = Object.fromEntries(Object.entries(shapes).map(([n, s]) => [n, tf.tensor(data[n], s)]));
  t.tgrad = tf.grads((x, w) => tf.matMul(x, w));
  return t;
}

/** Spot check: both engines agree on every case (f64-free: compares the two libraries). */
function crossCheck(c, ki, ti) {
  const kr = [c.k(ki)].flat(), tr = [c.tf(ti)].flat();
  let worst = 0;
  kr.forEach((kt, i) => {
    const a = kt.dataSync(), b = tr[i].dataSync();
    if (a.length !== b.length) throw new Error(`bench:ops: ${c.id} output ${i}: size ${a.length} vs ${b.length}`);
    for (let j = 0; j < a.length; j++) worst = Math.max(worst, Math.abs(a[j] - b[j]) / (1 + Math.abs(b[j])));
  });
  kr.forEach((t) => t.dispose());
  tr.forEach((t) => t.dispose());
  if (!(worst < 1e-3)) throw new Error(`bench:ops: kerasm and tfjs disagree on ${c.id} (max rel diff ${worst})`);
  return worst;
}

const free = (r) => (Array.isArray(r) ? r.forEach((t) => t.dispose()) : r.dispose());

// ---- run ---------------------------------------------------------------------------------------------

const results = [];
const cell = new Map();
const tStart = performance.now();
const runMeter = new LoadMeter();
const ki = kerasmInputs();
await tf.setBackend('wasm');
const ti = tfjsInputs();
const kTensors0 = k.memory().numTensors, tTensors0 = tf.memory().numTensors;
for (const c of CASES) {
  c.maxRelDiff = crossCheck(c, ki, ti);
  const o = { samples: SAMPLES, minSampleMs: c.small ? 10 : 50 };
  const cols = [
    ...(kinfo.threads && NT > 1 ? [['kerasm 1T', 1], [`kerasm NT`, NT]] : [['kerasm 1T', 1]]),
    ['tfjs-wasm', null],
  ];
  for (const [column, threads] of cols) {
    if (threads) k.setThreadCount(threads);
    const fn = threads ? () => c.k(ki) : () => c.tf(ti);
    const res = sampleSplit(fn, free, o);
    const r = { case: c.id, label: c.label, column, threads: threads ?? 1, ...res,
      gflops: c.flop ? c.flop / res.medianMs / 1e6 : null };
    results.push(r);
    cell.set(`${c.id}|${column}`, r);
    log(`  ${column.padEnd(10)} ${c.label.padEnd(40)} ${fmtTime(r.medianMs).padStart(9)} (op ${fmtTime(r.medianOpMs)}, ` +
      `dispose ${fmtTime(r.medianFreeMs)}; ${r.samplesMs.length}×${r.reps}; foreign ${fmt(r.foreignCores, 2)})`);
  }
}
k.setThreadCount(NT);
const kLeak = k.memory().numTensors - kTensors0, tLeak = tf.memory().numTensors - tTensors0;
for (const v of Object.values(ki)) if (v?.dispose) v.dispose();
tf.dispose(Object.values(ti).filter((v) => v?.dispose));
const run = runMeter.stop();
const totalS = (performance.now() - tStart) / 1000;
env.loadavgAfter = machine().loadavg;

// ---- report ----------------------------------------------------------------------------------------------

const g = (id, col) => cell.get(`${id}|${col}`);
const mark = (...rs) => (rs.some((r) => contended(r, env.cores)) ? '!' : '');
const out = [];
const p = (s = '') => out.push(s);
for (const line of envHeader({ title: 'bench:ops', bundle: kerasmBundle, env, NT, before, run, seconds: totalS, src, kerasmInfo, tfEnv })) p(line);
p(`method: per case, inputs created once; first call apart, warm-up ≥ 200 ms, then ${SAMPLES} samples, each a loop of ≥ 10 ms`);
p('        (small ops) or ≥ 50 ms (matmuls) of calls; time per call = op + dispose of its outputs (median (min) over samples);');
p('        "op | dispose" splits it: the sample\'s ops run into an array, then all are disposed. No data is read back.');
p('        kerasm NT = all threads (the pool only splits jobs ≥ 2^17 MACs per thread, so tiny ops run on one thread either way).');
p('        tfjs: tfjs-core API calls (tf.add, tf.matMul, tf.grads…) on tfjs-backend-wasm, 1 thread.');
p();
const head = ['case', 'kerasm 1T', 'op | dispose', 'kerasm NT', 'tfjs-wasm', 'op | dispose', 'k1T / tfw', 'GFLOP/s k1T | kNT | tfw'];
p(table(head, CASES.map((c) => {
  const k1 = g(c.id, 'kerasm 1T'), kn = g(c.id, 'kerasm NT'), tw = g(c.id, 'tfjs-wasm');
  const t = (r) => (r ? `${fmtTime(r.medianMs)} (${fmtTime(r.minMs)})${mark(r)}` : '—');
  const split = (r) => (r ? `${fmtTime(r.medianOpMs)} | ${fmtTime(r.medianFreeMs)}` : '—');
  return [c.label, t(k1), split(k1), t(kn), t(tw), split(tw), fmt(k1 && tw ? k1.medianMs / tw.medianMs : undefined, 2) + mark(k1, tw),
    c.flop ? [k1, kn, tw].map((r) => fmt(r?.gflops, 1)).join(' | ') : ''];
})));
p('k1T / tfw < 1 means kerasm is faster. ! = contended (other processes used ≥ cores − threads + 0.25 cores during the case).');
p();
p('CPU time per call (process.cpuUsage, median over samples) for the 1-thread columns: unlike wall time, it does not grow');
p('while another process holds the core, so it is the better comparison on a busy machine (it includes V8 GC helper threads):');
p(table(['case', 'kerasm 1T CPU', 'tfjs-wasm CPU', 'k1T / tfw (CPU)'], CASES.map((c) => {
  const k1 = g(c.id, 'kerasm 1T'), tw = g(c.id, 'tfjs-wasm');
  return [c.label, fmtTime(k1?.cpuMedianMs), fmtTime(tw?.cpuMedianMs), fmt(k1 && tw ? k1.cpuMedianMs / tw.cpuMedianMs : undefined, 2)];
})));
p('grads: both libraries record x·W and run its backward (2 matmuls), so the case is 3 matmuls of the forward size.');
p('tfjs-wasm runs matMul with a transpose flag in its scalar slow_batch_matmul (no XNNPACK); a transpose op + plain matMul');
p('uses XNNPACK (re-packing B every call since B is new). kerasm folds transposes into its GEMM packing.');
if (kLeak || tLeak) p(`WARNING: tensors left after the cases: kerasm ${kLeak}, tfjs ${tLeak}`);

p();
p('targets:');
const targets = [];
for (const c of CASES.filter((x) => x.small)) {
  const k1 = g(c.id, 'kerasm 1T'), tw = g(c.id, 'tfjs-wasm');
  const v = k1.medianMs / tw.medianMs;
  const vd = v <= 0.5 ? 'PASS' : 'FAIL';
  const vc = k1.cpuMedianMs / tw.cpuMedianMs;
  const vdc = vc <= 0.5 ? 'PASS' : 'FAIL';
  targets.push({ target: `${c.id}: kerasm time per op ≤ ½ tfjs-wasm`, value: v, goal: 0.5, verdict: vd, contended: !!mark(k1, tw),
    cpuValue: vc, cpuVerdict: vdc });
  p(`  ${vd.padEnd(4)}  ${c.label}: kerasm ≤ ½ × tfjs-wasm per op (incl. dispose), wall: ${fmtTime(k1.medianMs)} vs ${fmtTime(tw.medianMs)} = ${fmt(v, 2)}×` +
    `${mark(k1, tw) ? ' [contended]' : ''}`);
  p(`  ${vdc.padEnd(4)}  ${c.label}: same, CPU time per call: ${fmtTime(k1.cpuMedianMs)} vs ${fmtTime(tw.cpuMedianMs)} = ${fmt(vc, 2)}×`);
}

// A missed per-op target: profile the op (op + dispose in a tight loop, 1 thread, --cpu-prof).
const profiles = [];
if (!flag('--no-profile')) {
  for (const t of targets.filter((x) => x.verdict === 'FAIL' || x.cpuVerdict === 'FAIL')) {
    const op = t.target.split(':')[0];
    log(`profiling kerasm ${op}…`);
    try {
      const pr = profileOp(op);
      profiles.push({ op, ...pr });
      p();
      p(`profile of kerasm ${op} (bench/profile_ops.mjs: ${fmt(pr.calls / 1e6, 1)}M calls of op + dispose, 1 thread, node --cpu-prof; ` +
        `${fmt(pr.cpuUsPerCall, 3)} µs CPU per call with the profiler on):`);
      for (const l of pr.lines) p(`  ${l}`);
    } catch (e) {
      p(`(profiling ${op} failed: ${e.message})`);
    }
  }
}

const base = readBaseline('ops');
if (base) {
  const bmap = new Map(base.cases.map((c) => [`${c.case}|${c.column}`, c]));
  p();
  p(`vs baseline ${base.path} (${base.date}): median time per call now / then (kerasm 1T)`);
  p(table(['case', 'now / then'], CASES.map((c) => {
    const a = g(c.id, 'kerasm 1T'), o = bmap.get(`${c.id}|kerasm 1T`);
    return [c.label, a && o ? `${fmtTime(a.medianMs)} / ${fmtTime(o.medianMs)} (${fmt(a.medianMs / o.medianMs, 2)}×)` : '—'];
  })));
}

console.log(out.join('\n'));
const jsonPath = writeResults('ops', {
  argv: args, env, foreignCoresDuringRun: run.foreignCores, selfCoresDuringRun: run.selfCores, seconds: totalS,
  wasmDir: src.dir, wasmFiles: src.files, kerasm: kerasmInfo, tfjs: tfEnv, threadsNT: NT, samples: SAMPLES,
  targets, leaks: { kerasm: kLeak, tfjs: tLeak }, cases: results, profiles,
  checks: CASES.map((c) => ({ case: c.id, maxRelDiff: c.maxRelDiff })),
});
console.log(`\nraw results: ${jsonPath}`);
