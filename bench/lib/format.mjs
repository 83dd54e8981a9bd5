// Plain-text formatting for bench reports.

export const fmt = (x, d = 1) => (x === undefined || x === null || !Number.isFinite(x) ? '—' : x.toFixed(d));

/** A rate as 3 significant figures with a k/M suffix: 5534 → "5.53k". */
export function fmtRate(x) {
  if (x === undefined || x === null || !Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  if (a >= 1e6) return `${(x / 1e6).toPrecision(3)}M`;
  if (a >= 1e3) return `${(x / 1e3).toPrecision(3)}k`;
  return x.toPrecision(3);
}

/** A duration given in ms, in µs below 1 ms: 0.0042 → "4.20 µs", 3.1 → "3.10 ms". */
export function fmtTime(ms) {
  if (ms === undefined || ms === null || !Number.isFinite(ms)) return '—';
  if (ms < 1) return `${(ms * 1000).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toPrecision(3)} ms`;
  return `${(ms / 1000).toPrecision(3)} s`;
}

/** Renders rows (arrays of strings) under a header, first column left-aligned. */
export function table(header, rows) {
  const all = [header, ...rows];
  const w = header.map((_, i) => Math.max(...all.map((r) => [...(r[i] ?? '')].length)));
  const pad = (s, i) => {
    const len = [...s].length;
    return i === 0 ? s + ' '.repeat(w[i] - len) : ' '.repeat(w[i] - len) + s;
  };
  const line = (r) => r.map((c, i) => pad(c ?? '', i)).join(' | ');
  return [line(header), w.map((x) => '-'.repeat(x)).join('-|-'), ...rows.map(line)].join('\n');
}
