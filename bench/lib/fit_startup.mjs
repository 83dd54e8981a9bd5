// bench:fit's cold-start numbers, besides the steady samples/s: what a fresh model's first
// epoch costs (its first step, the two steps in which fit records the compiled step, the
// epoch's samples/s), and how long a fresh Node process takes from `import('kerasm')` to its
// first trained batch.

import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { kerasmBundle, root } from './env.mjs';
import { median } from './measure.mjs';

/**
 * A fit callback timing every step of one epoch from `t0` (taken just before fit is called).
 * `summary(model, n)` gives epoch 0's numbers once the fit returned.
 */
export function stepClock(k) {
  const ends = [];
  let t0 = 0;
  const callback = new k.callbacks.LambdaCallback({ onTrainBatchEnd: () => void ends.push(performance.now()) });
  return {
    callback,
    start: () => void (t0 = performance.now()),
    summary(model, n) {
      const epochMs = ends.at(-1) - t0;
      const steps = ends.map((e, i) => e - (i ? ends[i - 1] : t0));
      const c = model.trainer?.lastCompiledStep;
      return {
        // Step 0 includes fit's own set-up (data slicing, the first call's kernel warm-up).
        firstStepMs: steps[0],
        // Steps 1 and 2 are the ones the compiled step records (eager + instrumentation).
        recordStepsMs: steps.length > 2 ? steps[1] + steps[2] : null,
        steadyStepMs: steps.length > 4 ? median(steps.slice(3)) : null,
        epochMs,
        samplesPerSec: (n / epochMs) * 1000,
        steps: steps.length,
        compiled: c ? (c.reason === undefined ? `yes (${c.replayed} replayed)` : `no: ${c.reason.replace(/, too few.*/, '')}`) : 'no',
      };
    },
  };
}

// The child: imports the bundle, readies it, builds the spec's model, fits one batch of random
// data (token models: random ids), prints the times as JSON. Node's own start-up is measured
// around it by the parent.
const CHILD = `
const [bundle, models, id, batch] = process.argv.slice(-4);
const { fitModelSpecs } = await import(models);
const spec = fitModelSpecs({ QUICK: true, SAMPLES: 1, CPU_SAMPLES: 1, WARMUP_SAMPLES: 1 }).find((s) => s.id === id);
const B = Number(batch);
const t0 = performance.now();
const k = await import(bundle);
const t1 = performance.now();
await k.ready();
const t2 = performance.now();
let s = 7;
const r = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
const x = spec.tokens
  ? k.tensor(Int32Array.from({ length: B * spec.tokens.length }, () => 1 + Math.floor(r() * (spec.tokens.vocab - 1))), [B, spec.tokens.length], 'int32')
  : k.tensor(Float32Array.from({ length: B * spec.inputShape.reduce((a, b) => a * b, 1) }, r), [B, ...spec.inputShape]);
const y = k.tensor(Int32Array.from({ length: B }, () => Math.floor(r() * 10)), [B], 'int32');
const m = spec.kerasm(k);
m.compile({ optimizer: new k.optimizers.Adam({ learningRate: 1e-3 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
await m.fit(x, y, { epochs: 1, batchSize: B, verbose: 0 });
const t3 = performance.now();
console.log(JSON.stringify({ importMs: t1 - t0, readyMs: t2 - t1, firstBatchMs: t3 - t2, totalMs: t3 - t0, threads: k.backendInfo().threadCount }));
`;

/**
 * `import('kerasm')` → first trained batch in a fresh process, `repeats` times per model (median):
 * import, ready (compile + workers), then build + compile + fit of one batch. `processMs` also
 * counts Node's own start-up.
 */
export function importToFirstBatch(specs, { repeats = 3, log = () => {} } = {}) {
  const out = [];
  const bundle = pathToFileURL(kerasmBundle).href, models = pathToFileURL(join(root, 'bench/lib/fit_models.mjs')).href;
  for (const spec of specs) {
    const batch = spec.batches[0];
    const runs = [];
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, bundle, models, spec.id, String(batch)],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const processMs = performance.now() - t0;
      const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
      if (r.status !== 0 || !line) {
        log(`  import→first batch (${spec.id}): child failed (${r.status}): ${r.stderr.trim().split('\n').at(-1)}`);
        break;
      }
      runs.push({ ...JSON.parse(line), processMs });
    }
    if (!runs.length) continue;
    const med = (key) => median(runs.map((x) => x[key]));
    const rec = { model: spec.id, batch, runs, threads: runs[0].threads, importMs: med('importMs'), readyMs: med('readyMs'),
      firstBatchMs: med('firstBatchMs'), totalMs: med('totalMs'), processMs: med('processMs') };
    log(`  import→first batch ${spec.id} B=${batch}: ${rec.totalMs.toFixed(0)} ms (import ${rec.importMs.toFixed(0)}, ready ` +
      `${rec.readyMs.toFixed(0)}, build+fit ${rec.firstBatchMs.toFixed(0)}; process ${rec.processMs.toFixed(0)} ms)`);
    out.push(rec);
  }
  return out;
}

/**
 * The report's cold-start section: per model, epoch 0 of a fresh model against its timed
 * (warm) epochs, then import → first batch. `cell(model, batch, column)` is bench:fit's result lookup.
 */
export function coldStartLines(specs, cell, columns, startup, { table, fmt, fmtRate }) {
  const lines = [];
  for (const spec of specs) {
    const rows = [];
    for (const b of spec.batches) {
      for (const col of columns) {
        const r = cell(spec.id, b, col), e = r?.epoch0;
        if (!e) continue;
        rows.push([String(b), col, fmt(e.firstStepMs, 1), fmt(e.recordStepsMs, 1), fmt(e.steadyStepMs, 2), fmtRate(e.samplesPerSec),
          fmtRate(r.medianSps), fmt(e.samplesPerSec / r.medianSps, 2), e.compiled]);
      }
    }
    if (!rows.length) continue;
    lines.push('', `${spec.label} — epoch 0 (a fresh model's first fit, on the timed data; ms per step)`);
    lines.push(table(['batch', 'column', 'step 0 ms', 'steps 1-2 ms (records, if compiled)', 'steady step ms', 'epoch 0 samples/s',
      'timed samples/s', 'epoch 0 / timed', 'compiled step'], rows));
  }
  if (startup.length) {
    lines.push('', `import('kerasm') → first trained batch, fresh Node process (median of ${startup[0].runs.length}; default thread count, ` +
      `${startup[0].threads}): import, ready() (WASM compile + workers), then build + compile + fit of one batch of random data`);
    lines.push(table(['model', 'batch', 'import ms', 'ready ms', 'build+fit ms', 'total ms', 'process ms (with Node start-up)'],
      startup.map((s) => [s.model, String(s.batch), fmt(s.importMs, 0), fmt(s.readyMs, 0), fmt(s.firstBatchMs, 0), fmt(s.totalMs, 0), fmt(s.processMs, 0)])));
  }
  return lines;
}
