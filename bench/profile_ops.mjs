// Where a kerasm op's time goes: runs one op in a tight loop (op + dispose) under
// `node --cpu-prof` and prints the top functions by self and inclusive time from the main
// thread's .cpuprofile. Not a bench (run.mjs does not list it); bench:ops calls it with
// --profile when a per-op target fails.
//
//   node bench/profile_ops.mjs [add|relu|matmul128|grads] [--n CALLS] [--keep DIR]
//
// KERASM_DIST=<path to index.js> profiles another build (see bench/README.md).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSummary, mainThreadProfile } from './lib/cpuprofile.mjs';

const args = process.argv.slice(2);
const opt = (f, d) => (args.includes(f) ? args[args.indexOf(f) + 1] : d);
const OPS = ['add', 'relu', 'matmul128', 'grads'];

if (args[0] === '--child') {
  // The profiled process: warm up, then the loop.
  const { importKerasm, seeded } = await import('./lib/index.mjs');
  const { wasmSource } = await import('./lib/env.mjs');
  const k = await importKerasm();
  await k.ready({ wasmBaseUrl: wasmSource(k.VARIANTS).baseUrl });
  k.setThreadCount(1);
  const op = args[1];
  const n = Number(args[2]);
  const a4 = k.tensor(seeded(4, 1)), b4 = k.tensor(seeded(4, 2));
  const m1 = k.tensor(seeded(128 * 128, 3), [128, 128]), m2 = k.tensor(seeded(128 * 128, 4), [128, 128]);
  const x = k.tensor(seeded(32 * 784, 5), [32, 784]), w = k.tensor(seeded(784 * 128, 6), [784, 128]), dy = k.tensor(seeded(32 * 128, 7), [32, 128]);
  const g = k.grads((x, w) => k.matmul(x, w));
  const f = {
    add: () => k.add(a4, b4).dispose(),
    relu: () => k.relu(a4).dispose(),
    matmul128: () => k.matmul(m1, m2).dispose(),
    grads: () => g([x, w], dy).forEach((t) => t.dispose()),
  }[op];
  if (!f) throw new Error(`profile_ops: unknown op '${op}' (one of ${OPS.join(', ')})`);
  for (let i = 0; i < Math.min(n, 1e5); i++) f();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f();
  const c = process.cpuUsage(c0);
  console.log(JSON.stringify({ op, calls: n, wallUsPerCall: ((performance.now() - t0) * 1000) / n, cpuUsPerCall: (c.user + c.system) / n }));
  process.exit(0);
}

/** Profiles `op` in a child process; returns { op, calls, wallUsPerCall, cpuUsPerCall, lines, file }. */
export function profileOp(op, { n, keep, top = 15 } = {}) {
  const calls = n ?? { add: 2e6, relu: 2e6, matmul128: 5000, grads: 2000 }[op] ?? 1e5;
  const dir = keep ?? mkdtempSync(join(os.tmpdir(), 'kerasm-prof-'));
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '100', self, '--child', op, String(calls)],
    { encoding: 'utf8', env: process.env });
  if (r.status !== 0) throw new Error(`profile_ops: child failed (${r.status}): ${r.stderr}`);
  const stats = JSON.parse(r.stdout.trim().split('\n').at(-1));
  const main = mainThreadProfile(dir);
  const lines = formatSummary(main.s, top);
  if (!keep) rmSync(dir, { recursive: true, force: true });
  return { ...stats, lines, file: keep ? main.file : null };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const op = args.find((a) => OPS.includes(a)) ?? 'relu';
  const res = profileOp(op, { n: opt('--n') ? Number(opt('--n')) : undefined, keep: opt('--keep') });
  console.log(`kerasm ${op} (op + dispose, 1 thread): ${res.wallUsPerCall.toFixed(3)} µs wall, ${res.cpuUsPerCall.toFixed(3)} µs CPU per call ` +
    `over ${res.calls} calls (profiling on: ~10% slower)`);
  for (const l of res.lines) console.log(l);
  if (res.file) console.log(`profile: ${res.file}`);
}
