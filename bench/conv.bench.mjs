// bench:conv — kerasm's convolution kernels against tfjs-backend-wasm and tfjs-backend-cpu at
// the seed CNN's two conv layers, batch 64: forward, backward-input, backward-filter, and one
// training step (forward + both gradients through autograd). See bench/README.md.
//
//   node bench/run.mjs conv [--quick] [--threads N] [--no-cpu] [--wait-idle S]
//
//   --quick     5 samples instead of 7, tfjs-cpu capped at ~1 s per case
//   --threads N the "NT" thread count (default: os.availableParallelism())
//   --no-cpu    skip the tfjs cpu backend
//   --wait-idle S   before starting, wait ≤ S s for a second in which other processes use < 0.25 cores

import {
  contended as isContended, envHeader, fmt, importKerasm, kerasmBundle, loadKerasm as loadKerasmFrom, loadTfjs, LoadMeter,
  machine, sample, seeded, table, startBench, wasmSource, writeResults,
} from './lib/index.mjs';
import { registerWasmConv2DBackpropFilter } from './lib/tfjs_kernels.mjs';

const k = await importKerasm();
const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const opt = (f, d) => (args.includes(f) ? args[args.indexOf(f) + 1] : d);
const QUICK = flag('--quick');
const SAMPLES = QUICK ? 5 : 7;
const CPU_BUDGET_MS = QUICK ? 1000 : 2500;
const log = (...a) => console.error(...a);

// ---- shapes: the seed CNN (28×28×1 → Conv 32 3×3 → pool → Conv 64 3×3), batch 64 ----------

const LAYERS = [
  { name: 'conv1 28×28×1→32', n: 64, h: 28, w: 28, c: 1, kh: 3, kw: 3, co: 32 },
  { name: 'conv2 13×13×32→64', n: 64, h: 13, w: 13, c: 32, kh: 3, kw: 3, co: 64 },
];
for (const [i, l] of LAYERS.entries()) {
  l.oh = l.h - l.kh + 1;
  l.ow = l.w - l.kw + 1;
  l.xShape = [l.n, l.h, l.w, l.c];
  l.wShape = [l.kh, l.kw, l.c, l.co];
  l.yShape = [l.n, l.oh, l.ow, l.co];
  l.flop = 2 * l.n * l.oh * l.ow * l.kh * l.kw * l.c * l.co; // each of fwd, bwd-input, bwd-filter
  l.x = seeded(l.n * l.h * l.w * l.c, 100 + 3 * i);
  l.wt = seeded(l.kh * l.kw * l.c * l.co, 101 + 3 * i).map((v) => v * 0.3);
  l.dy = seeded(l.n * l.oh * l.ow * l.co, 102 + 3 * i);
}
const PASSES = [
  { id: 'fwd', label: 'forward', mult: 1 },
  { id: 'bin', label: 'backward-input', mult: 1 },
  { id: 'bfl', label: 'backward-filter', mult: 1 },
  { id: 'step', label: 'train step (fwd+dX+dW)', mult: 3 },
];

// ---- environment ---------------------------------------------------------------------------

const { env, before } = await startBench('bench:conv', Number(opt('--wait-idle', 0)), log);
const NT = Number(opt('--threads', env.availableParallelism));
const src = wasmSource(k.VARIANTS);
const kerasmInfo = {};
const { tf, tfEnv } = await loadTfjs({ layers: true });
registerWasmConv2DBackpropFilter(tf, { impl: 'im2col' });
const runMeter = new LoadMeter();
const tStart = performance.now();

const results = [];
const cell = new Map();
const record = (l, pass, column, extra, res) => {
  const flop = l.flop * pass.mult;
  const r = { layer: l.name, pass: pass.id, column, flop, ...extra, ...res, gflopsMedian: flop / res.medianMs / 1e6, gflopsBest: flop / res.minMs / 1e6 };
  results.push(r);
  cell.set(`${l.name}|${pass.id}|${column}`, r);
  log(`  ${column.padEnd(10)} ${l.name.padEnd(18)} ${pass.label.padEnd(24)} ${fmt(r.gflopsMedian).padStart(6)} GFLOPS (best ${fmt(r.gflopsBest)};` +
    ` ${r.samplesMs.length}×${r.reps} calls; foreign load ${fmt(r.foreignCores, 2)})`);
  return r;
};

/** Largest |a − b| / (1 + |b|) over all elements. */
function maxRelErr(a, b) {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  return worst;
}

// ---- references for the spot checks: tfjs-cpu's forward and input gradient, an f64 loop for dW ----

/** dW[ky, kx, ci, f] = Σ x[b, oy+ky, ox+kx, ci]·dy[b, oy, ox, f] (valid, stride 1), in f64. */
function filterGradRef(l) {
  const dw = new Float64Array(l.kh * l.kw * l.c * l.co);
  for (let b = 0; b < l.n; b++) for (let oy = 0; oy < l.oh; oy++) for (let ox = 0; ox < l.ow; ox++) {
    const d = ((b * l.oh + oy) * l.ow + ox) * l.co;
    for (let ky = 0; ky < l.kh; ky++) for (let kx = 0; kx < l.kw; kx++) for (let ci = 0; ci < l.c; ci++) {
      const xv = l.x[((b * l.h + oy + ky) * l.w + ox + kx) * l.c + ci];
      const o = ((ky * l.kw + kx) * l.c + ci) * l.co;
      for (let f = 0; f < l.co; f++) dw[o + f] += xv * l.dy[d + f];
    }
  }
  return dw;
}

await tf.setBackend('cpu');
for (const l of LAYERS) {
  tf.tidy(() => {
    const x = tf.tensor4d(l.x, l.xShape), w = tf.tensor4d(l.wt, l.wShape), dy = tf.tensor4d(l.dy, l.yShape);
    l.ref = {
      fwd: tf.conv2d(x, w, 1, 'valid').dataSync().slice(),
      bin: tf.conv2dTranspose(dy, w, l.xShape, 1, 'valid').dataSync().slice(),
      bfl: filterGradRef(l),
    };
  });
}

// ---- kerasm ------------------------------------------------------------------------------------

const { be, info } = await loadKerasmFrom(k, src, kerasmInfo, undefined, log);
await be.pool?.whenReady();
kerasmInfo[info.variant].readyWorkers = k.backendInfo().readyWorkers;
const threads = info.threads && NT > 1 ? [1, NT] : [1];
const checks = [];
for (const l of LAYERS) {
  log(`[kerasm ${info.variant}] ${l.name}`);
  // Kernel-only: the three WASM exports on buffers already in WASM memory.
  const buf = (data) => {
    const b = k.WasmBuffer.alloc(be.heap, data.length);
    b.f32().set(data);
    return b;
  };
  const x = buf(l.x), w = buf(l.wt), dy = buf(l.dy);
  const y = k.WasmBuffer.alloc(be.heap, l.dy.length), dx = k.WasmBuffer.alloc(be.heap, l.x.length), dw = k.WasmBuffer.alloc(be.heap, l.wt.length);
  const geom = k.WasmBuffer.alloc(be.heap, 15, 'int32');
  geom.view().set([l.n, l.h, l.w, l.c, l.oh, l.ow, l.kh, l.kw, 1, 1, 1, 1, 0, 0, l.co]);
  const ex = be.ex;
  const call = (s) => {
    if (s !== 0) throw new Error(`bench:conv: kernel status ${s}`);
  };
  const kernels = {
    fwd: () => call(ex.kx_conv2d(geom.ptr, x.ptr, w.ptr, 0, y.ptr, 0, 0)),
    bin: () => call(ex.kx_conv2d_backward_input(geom.ptr, dy.ptr, w.ptr, dx.ptr)),
    bfl: () => call(ex.kx_conv2d_backward_filter(geom.ptr, x.ptr, dy.ptr, dw.ptr)),
  };
  // The op-level training step: conv2d forward and both gradients through the tape.
  const xt = k.tensor(l.x, l.xShape), wt = k.tensor(l.wt, l.wShape), dyt = k.tensor(l.dy, l.yShape);
  const step = () => k.tidy(() => {
    k.grads((a, b) => k.conv2d(a, b))([xt, wt], dyt);
  });
  for (const t of threads) {
    k.setThreadCount(t);
    const col = t === 1 ? 'kerasm 1T' : 'kerasm NT';
    for (const p of PASSES.slice(0, 3)) {
      kernels[p.id]();
      const got = { fwd: y, bin: dx, bfl: dw }[p.id].f32();
      const err = maxRelErr(got, l.ref[p.id]);
      checks.push({ layer: l.name, pass: p.id, threads: t, maxRelErr: err });
      if (!(err < 1e-4)) throw new Error(`bench:conv: kerasm ${p.label} of ${l.name} disagrees with tfjs-cpu (max rel err ${err})`);
      record(l, p, col, { engine: 'kerasm', variant: info.variant, threads: t, maxRelErr: err }, sample(kernels[p.id], { samples: SAMPLES }));
    }
    record(l, PASSES[3], col, { engine: 'kerasm', variant: info.variant, threads: t }, sample(step, { samples: SAMPLES }));
  }
  k.setThreadCount(1);
  [x, w, dy, y, dx, dw, geom].forEach((b) => b.dispose());
  [xt, wt, dyt].forEach((t) => t.dispose());
}
k.disposeBackend();

// ---- tfjs --------------------------------------------------------------------------------------

/**
 * `sample`, except that a call of ≥ 3 s (tfjs-cpu's filter gradient takes ~30 s at conv2) is
 * timed once and reported as a single, capped sample.
 */
function sampleOrOnce(fn, o) {
  const meter = new LoadMeter();
  const t0 = performance.now();
  fn();
  const ms = performance.now() - t0;
  if (ms < 3000) return sample(fn, o);
  return { firstMs: ms, warmupCalls: 0, reps: 1, samplesMs: [ms], medianMs: ms, minMs: ms, capped: true, ...meter.stop() };
}

async function tfjsCases(backend) {
  await tf.setBackend(backend);
  const column = backend === 'wasm' ? 'tfjs-wasm' : 'tfjs-cpu';
  const budget = backend === 'cpu' ? { budgetMs: CPU_BUDGET_MS, minSamples: 2 } : {};
  for (const l of LAYERS) {
    log(`[${column}] ${l.name}`);
    const x = tf.tensor4d(l.x, l.xShape), w = tf.tensor4d(l.wt, l.wShape), dy = tf.tensor4d(l.dy, l.yShape);
    const ops = {
      fwd: () => tf.conv2d(x, w, 1, 'valid'),
      bin: () => tf.conv2dTranspose(dy, w, l.xShape, 1, 'valid'),
      bfl: () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', filterShape: l.wShape }),
    };
    for (const p of PASSES.slice(0, 3)) {
      const out = ops[p.id]();
      const err = maxRelErr(out.dataSync(), l.ref[p.id]);
      out.dispose();
      if (!(err < 1e-4)) throw new Error(`bench:conv: ${column} ${p.label} of ${l.name} disagrees with tfjs-cpu (max rel err ${err})`);
      // Synchronous backends: the kernel has finished when the op returns; the result stays in
      // the backend's memory, as kerasm's does.
      record(l, p, column, { engine: 'tfjs', backend }, sampleOrOnce(() => ops[p.id]().dispose(), { samples: SAMPLES, ...budget }));
    }
    const g = tf.grads((a, b) => tf.conv2d(a, b, 1, 'valid'));
    record(l, PASSES[3], column, { engine: 'tfjs', backend }, sampleOrOnce(() => g([x, w], dy).forEach((t) => t.dispose()), { samples: SAMPLES, ...budget }));
    [x, w, dy].forEach((t) => t.dispose());
  }
}
await tfjsCases('wasm');
if (!flag('--no-cpu')) await tfjsCases('cpu');

const run = runMeter.stop();
const seconds = (performance.now() - tStart) / 1000;
env.loadavgAfter = machine().loadavg;

// ---- report ------------------------------------------------------------------------------------

const g = (l, p, c) => cell.get(`${l.name}|${p.id}|${c}`);
const contended = (r) => isContended(r, env.cores);
const mark = (...rs) => (rs.some(contended) ? '!' : '');
const gf = (r) => (r ? `${fmt(r.gflopsMedian)} (${fmt(r.gflopsBest)})${mark(r)}${r.capped ? '*' : ''}` : '—');
const ratio = (a, b) => (a && b ? `${fmt(a.gflopsMedian / b.gflopsMedian, 1)}×${mark(a, b)}` : '—');
const out = [];
const p = (s = '') => out.push(s);
for (const line of envHeader({ title: 'bench:conv', env, NT, before, run, seconds, src, kerasmInfo, tfEnv, bundle: kerasmBundle })) p(line);
p(`method: first call timed apart; warm-up ≥150 ms; ${SAMPLES} samples of ≥50 ms (tfjs-cpu: ≤${CPU_BUDGET_MS / 1000} s of samples per case, ≥2 samples);`);
p('        cells = median GFLOPS (best-sample GFLOPS); GFLOPS = 2·N·OH·OW·KH·KW·C·F per pass (×3 for the train step); batch 64, valid, stride 1.');
p('        kerasm fwd/dX/dW: the WASM kernel on buffers already in WASM memory; train step: conv2d + grads() through the tape (op level).');
p('        tfjs: tf.conv2d, tf.conv2dTranspose (= its Conv2DBackpropInput kernel), runKernel(Conv2DBackpropFilter), tf.grads; + dispose.');
p();
const head = ['layer', 'pass', 'kerasm 1T', `kerasm ${NT}T`, 'tfjs-wasm', 'tfjs-cpu', '1T/tfw', `${NT}T/tfw`];
const rows = [];
for (const l of LAYERS) {
  for (const pass of PASSES) {
    const k1 = g(l, pass, 'kerasm 1T'), kn = g(l, pass, 'kerasm NT'), tw = g(l, pass, 'tfjs-wasm'), tc = g(l, pass, 'tfjs-cpu');
    rows.push([l.name, pass.label, gf(k1), gf(kn), gf(tw) + (pass.id === 'bfl' || pass.id === 'step' ? ' †' : ''), gf(tc), ratio(k1, tw), ratio(kn, tw)]);
  }
}
p(table(head, rows));
p('† tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel (tf.grads of a conv2d throws on it). This bench registers the one in');
p('  bench/lib/tfjs_kernels.mjs (impl \'im2col\'): the transposed im2col matrix written in JS, then tfjs-wasm\'s own BatchMatMul');
p('  without transpose flags (XNNPACK) — about what a native kernel would cost. tfjs-wasm\'s Conv2DBackpropInput is its own scalar');
p('  C++ loop; its forward is XNNPACK.');
p(`! = contended (other processes used ≥ cores − threads + 0.25 cores during the case); * = tfjs-cpu sampling capped below ${SAMPLES} samples`);
p('  (a call of ≥ 3 s is timed once).');
p('tfjs-wasm has no threads in Node (WASM_HAS_MULTITHREAD_SUPPORT is false), so it is one thread: compare it with kerasm 1T.');
p();
p('median ms per call (min):');
const cols = ['kerasm 1T', 'kerasm NT', 'tfjs-wasm', 'tfjs-cpu'];
p(table(['layer', 'pass', ...cols], LAYERS.flatMap((l) => PASSES.map((pass) => [l.name, pass.label, ...cols.map((c) => {
  const r = g(l, pass, c);
  return r ? `${fmt(r.medianMs, 2)} (${fmt(r.minMs, 2)})` : '—';
})]))));
console.log(out.join('\n'));
const path = writeResults('conv', {
  argv: args, env, foreignCoresBefore: before.foreignCores, foreignCoresDuringRun: run.foreignCores, selfCoresDuringRun: run.selfCores, seconds,
  wasm: src, kerasm: kerasmInfo, tfjs: tfEnv, threadsNT: NT, samples: SAMPLES, checks,
  layers: LAYERS.map(({ name, n, h, w, c, kh, kw, co, oh, ow, flop }) => ({ name, n, h, w, c, kh, kw, co, oh, ow, flop })),
  cases: results,
});
console.log(`\nraw samples: ${path}`);
process.exit(0);
