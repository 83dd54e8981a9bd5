// Summaries of V8 .cpuprofile files (`node --cpu-prof`): top functions by self time and by
// inclusive time, with the main thread's profile picked out from the worker threads' ones.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const frameKey = (cf) => `${cf.functionName || '(anonymous)'} ${cf.url ? cf.url.split('/').slice(-2).join('/') : ''}${cf.url ? `:${cf.lineNumber + 1}` : ''}`.trim();

/** { total µs, self: [[key, µs]…] sorted, inclusive: [[key, µs]…] sorted } of one profile. */
export function summarise(prof) {
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const dt = new Map();
  prof.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  const self = new Map(), incl = new Map();
  let total = 0;
  for (const [id, t] of dt) {
    total += t;
    const key = frameKey(byId.get(id).callFrame);
    self.set(key, (self.get(key) ?? 0) + t);
    const seen = new Set();
    for (let p = id; p !== undefined; p = parent.get(p)) {
      const k = frameKey(byId.get(p).callFrame);
      if (seen.has(k)) continue;
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + t);
    }
  }
  const sort = (m) => [...m].sort((a, b) => b[1] - a[1]);
  return { total, self: sort(self), inclusive: sort(incl) };
}

/**
 * The main thread's profile in `dir`: kerasm's pool workers each write one too, and theirs are
 * almost all `kx_worker_loop` (a worker parked in Atomics.wait is sampled there as well).
 */
export function mainThreadProfile(dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort();
  let best = null;
  for (const f of files) {
    const prof = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    const s = summarise(prof);
    const worker = (s.self[0]?.[0] ?? '').startsWith('kx_worker_loop');
    if (!worker && (!best || s.total > best.s.total)) best = { file: join(dir, f), prof, s };
  }
  return best;
}

/** Text lines: the top `n` functions by self time, then by inclusive time. */
export function formatSummary(s, n = 15, label = '') {
  const pct = (t) => `${((100 * t) / s.total).toFixed(1).padStart(5)}%`;
  const l = [`${label}top ${n} by self time (of ${(s.total / 1000).toFixed(0)} ms sampled):`];
  for (const [k, t] of s.self.slice(0, n)) l.push(`  ${pct(t)}  ${k}`);
  l.push(`${label}top ${n} by inclusive time:`);
  for (const [k, t] of s.inclusive.filter(([k]) => !/^\(root\)/.test(k)).slice(0, n)) l.push(`  ${pct(t)}  ${k}`);
  return l;
}
