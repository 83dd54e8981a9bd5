// Timing and CPU-load helpers for kerasm benchmarks (style.md §3.6): seeded inputs, a sampling
// loop that reports median and min with the first call kept apart, and CPU-load accounting so a
// busy neighbour on a shared machine is visible in the numbers.

import { readFileSync } from 'node:fs';
import os from 'node:os';

export const now = () => performance.now();

/** Deterministic values in [-1, 1) from a 32-bit LCG (same generator as tests/helpers). */
export function seeded(n, seed = 1) {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

/**
 * Times a synchronous `fn`. The first call is timed on its own (`firstMs`), then warm-up
 * calls run for at least `warmupMs` and `minWarmup` calls (fewer for very slow calls); the warm-up rate sets how many calls
 * make one sample of ≥ `minSampleMs`. `samples` samples follow (fewer only when `budgetMs`
 * would be exceeded, never fewer than `minSamples`). Times are per call, in ms.
 */
export function sample(fn, o = {}) {
  const minSampleMs = o.minSampleMs ?? 50;
  const samples = o.samples ?? 7;
  const minSamples = o.minSamples ?? samples;
  const warmupMs = o.warmupMs ?? 150;
  const minWarmup = o.minWarmup ?? 3;
  let t = now();
  fn();
  const firstMs = now() - t;
  // Slow cases: ≥ 0.3 s a call gets one warm-up call; ≥ 1 s a call counts the first call as
  // the warm-up (JS kernels are optimised on-stack within it).
  const warmTarget = firstMs >= 1000 ? 0 : firstMs >= 300 ? 1 : minWarmup;
  let warmupCalls = 0;
  const w0 = now();
  while (warmupCalls < warmTarget || (warmTarget === minWarmup && now() - w0 < warmupMs)) {
    fn();
    warmupCalls++;
  }
  const est = warmupCalls ? (now() - w0) / warmupCalls : firstMs;
  const reps = Math.max(1, Math.ceil(minSampleMs / Math.max(est, 1e-6)));
  let n = samples;
  if (o.budgetMs !== undefined && est * reps * samples > o.budgetMs) {
    n = Math.max(minSamples, Math.floor(o.budgetMs / (est * reps)));
  }
  const load = new LoadMeter();
  const samplesMs = [], cpuMs = [];
  for (let s = 0; s < n; s++) {
    const c0 = process.cpuUsage();
    t = now();
    for (let r = 0; r < reps; r++) fn();
    samplesMs.push((now() - t) / reps);
    cpuMs.push(cpuSince(c0) / reps);
  }
  const cpu = load.stop();
  return {
    firstMs, warmupCalls, reps, samplesMs, cpuMs,
    medianMs: median(samplesMs), minMs: Math.min(...samplesMs), cpuMedianMs: median(cpuMs),
    capped: n < samples, ...cpu,
  };
}

/**
 * Times an op that returns something to free, with the free timed apart: each sample runs
 * `reps` calls of `op()` into an array (the op time), then `free(out)` on each result (the free
 * time). Returns per-call ms for both plus their sum per sample (`total*`). Warm-up as in
 * `sample`. Use it for per-op overhead where the user pays op + dispose.
 */
export function sampleSplit(op, free, o = {}) {
  const minSampleMs = o.minSampleMs ?? 50;
  const samples = o.samples ?? 15;
  const warmupMs = o.warmupMs ?? 200;
  let t = now();
  free(op());
  const firstMs = now() - t;
  let warm = 0;
  const w0 = now();
  while (warm < 3 || now() - w0 < warmupMs) {
    free(op());
    warm++;
  }
  const est = (now() - w0) / warm;
  const reps = Math.max(1, Math.ceil(minSampleMs / Math.max(est, 1e-6)));
  const outs = new Array(reps);
  const load = new LoadMeter();
  const opMs = [], freeMs = [], totalMs = [], cpuMs = [];
  for (let s = 0; s < samples; s++) {
    const c0 = process.cpuUsage();
    const t0 = now();
    for (let r = 0; r < reps; r++) outs[r] = op();
    const t1 = now();
    for (let r = 0; r < reps; r++) free(outs[r]);
    const t2 = now();
    opMs.push((t1 - t0) / reps);
    freeMs.push((t2 - t1) / reps);
    totalMs.push((t2 - t0) / reps);
    cpuMs.push(cpuSince(c0) / reps);
  }
  outs.fill(undefined);
  const cpu = load.stop();
  return {
    firstMs, warmupCalls: warm, reps, opMs, freeMs, samplesMs: totalMs, cpuMs,
    medianOpMs: median(opMs), medianFreeMs: median(freeMs), medianMs: median(totalMs), minMs: Math.min(...totalMs),
    cpuMedianMs: median(cpuMs),
    ...cpu,
  };
}

// ---- CPU accounting (Linux /proc; elsewhere the fields are null) ---------------------------

/**
 * ms of CPU this process (all its threads: kerasm's workers, V8's GC helpers) used since
 * `process.cpuUsage()` returned `c0`. For a 1-thread case it is the case's own CPU time, which
 * time-slicing by other processes does not inflate the way it inflates wall time.
 */
export function cpuSince(c0) {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

function procCpu() {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal
    const busy = f[0] + f[1] + f[2] + f[5] + f[6] + (f[7] || 0);
    return { busy, total: busy + f[3] + f[4] };
  } catch {
    return null;
  }
}

function procSelf() {
  try {
    const s = readFileSync('/proc/self/stat', 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime + stime, all threads of this process
  } catch {
    return null;
  }
}

/**
 * CPU use between construction and `stop()`, in cores: `selfCores` by this process (kerasm
 * workers included), `foreignCores` by everything else on the machine. Tick resolution is
 * 10 ms, so short spans are coarse.
 */
export class LoadMeter {
  constructor() {
    this.c0 = procCpu();
    this.s0 = procSelf();
  }
  stop() {
    const c1 = procCpu();
    const s1 = procSelf();
    if (!this.c0 || !c1 || this.s0 === null || s1 === null) return { selfCores: null, foreignCores: null };
    const ncpu = os.cpus().length;
    const wall = (c1.total - this.c0.total) / ncpu; // ticks per core
    if (wall <= 0) return { selfCores: null, foreignCores: null };
    const self = s1 - this.s0;
    const foreign = Math.max(0, c1.busy - this.c0.busy - self);
    return { selfCores: self / wall, foreignCores: foreign / wall };
  }
}

/** Foreign CPU load over `ms` of doing nothing (the machine's load before we start). */
export async function idleLoad(ms = 1000) {
  const m = new LoadMeter();
  await new Promise((r) => setTimeout(r, ms));
  return m.stop();
}

/** Spare-core shortfall (in cores) above which a case counts as contended. */
export const BUSY = 0.25;

/** True when other processes left a case fewer free cores than it had threads. */
export const contended = (r, cores, threads = r?.threads ?? 1) =>
  !!r && r.foreignCores !== null && r.foreignCores !== undefined && r.foreignCores >= cores - threads + BUSY;

/**
 * Samples the idle machine for 1 s; with `waitS > 0`, keeps sampling (up to `waitS` s) until
 * other processes use < BUSY cores. Returns the last `idleLoad` reading.
 */
export async function waitIdle(waitS = 0, log = () => {}) {
  let before = await idleLoad(1000);
  if (waitS > 0 && before.foreignCores !== null && before.foreignCores >= BUSY) {
    log(`other processes use ${before.foreignCores.toFixed(2)} cores; waiting up to ${waitS} s for an idle machine…`);
    const deadline = performance.now() + waitS * 1000;
    while (before.foreignCores >= BUSY && performance.now() < deadline) before = await idleLoad(1000);
  }
  return before;
}
