// The few SVG pieces every chart shares: escaping, number labels, "nice" axis ticks, a
// colour palette and the axis frame. Charts are plain strings so that the same code renders
// a browser container, a Node file and the self-contained compare report.

/** Escapes text for SVG/HTML content and attribute values. */
export function esc(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A short label for a number: at most 4 significant digits, no trailing zeros. */
export function fmtNum(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(4)));
}

/** Coordinates rounded to 0.01 px keep files small. */
export const px = (v: number): string => String(Math.round(v * 100) / 100);

/** Tableau 10, the palette of Vega-Lite's and tfjs-vis's charts. */
export const PALETTE = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];

export const color = (i: number): string => PALETTE[i % PALETTE.length]!;

/** About `count` round tick values covering [min, max] (Heckbert's nice numbers). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) {
    const d = min === 0 ? 1 : Math.abs(min) * 0.1;
    return niceTicks(min - d, max + d, count);
  }
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  const step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
  const ticks: number[] = [];
  // Counting steps (not adding them) so a step below the values' precision cannot loop forever.
  const first = Math.floor(min / step);
  for (let i = 0; i <= count * 3 + 2; i++) {
    const t = (first + i) * step;
    if (t > max + step * 1e-9) break;
    if (t >= min - step * 1e-9) ticks.push(Number(t.toPrecision(12)));
  }
  return ticks.length ? ticks : [min, max];
}

export interface Scale {
  (v: number): number;
  /** Tick values (may be narrowed by a chart, e.g. to whole numbers). */
  ticks: number[];
  domain: [number, number];
}

/** A linear or log scale from `domain` onto [r0, r1], widened to round ticks for linear ones. */
export function scale(domain: [number, number], r0: number, r1: number, kind: 'linear' | 'log' = 'linear'): Scale {
  let [d0, d1] = domain;
  let ticks: number[];
  let f: (v: number) => number;
  if (kind === 'log') {
    if (!(d0 > 0)) [d0, d1] = [1, 2];
    const l0 = Math.log2(d0), l1 = Math.log2(d1 > d0 ? d1 : d0 * 2);
    ticks = [];
    for (let e = Math.floor(l0); e <= Math.ceil(l1); e++) ticks.push(2 ** e);
    const a = Math.floor(l0), b = Math.max(Math.ceil(l1), a + 1);
    f = (v) => r0 + ((Math.log2(v) - a) / (b - a)) * (r1 - r0);
    d0 = 2 ** a; d1 = 2 ** b;
  } else {
    ticks = niceTicks(d0, d1);
    d0 = Math.min(d0, ticks[0]!); d1 = Math.max(d1, ticks[ticks.length - 1]!);
    if (d1 === d0) d1 = d0 + 1;
    f = (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
  }
  return Object.assign(f, { ticks, domain: [d0, d1] as [number, number] });
}

/** The extent of the finite values, or undefined when there are none. */
export function extent(values: Iterable<number>): [number, number] | undefined {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
  return lo <= hi ? [lo, hi] : undefined;
}

export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The `<svg>` element's opening tag with the chart's kind and title as data attributes. */
export function open(kind: string, title: string | undefined, w: number, h: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="kerasm-chart" data-kind="${kind}"${title ? ` data-title="${esc(title)}"` : ''} ` +
    `width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="11">` +
    `<rect width="${w}" height="${h}" fill="#fff"/>` +
    (title ? `<text x="${w / 2}" y="16" text-anchor="middle" font-size="13" font-weight="600">${esc(title)}</text>` : '');
}

/** Grid lines, tick labels and axis titles around the plot area. */
export function axes(fr: Frame, x: Scale | null, y: Scale, xLabel?: string, yLabel?: string): string {
  const { left, right, top, bottom, width, height } = fr;
  let s = '<g class="axes" stroke="#ddd" stroke-width="1">';
  for (const t of y.ticks) s += `<line x1="${left}" x2="${width - right}" y1="${px(y(t))}" y2="${px(y(t))}"/>`;
  if (x) for (const t of x.ticks) s += `<line y1="${top}" y2="${height - bottom}" x1="${px(x(t))}" x2="${px(x(t))}"/>`;
  s += `</g><g class="ticks" fill="#555">`;
  for (const t of y.ticks) s += `<text x="${left - 4}" y="${px(y(t) + 3.5)}" text-anchor="end">${fmtNum(t)}</text>`;
  if (x) for (const t of x.ticks) s += `<text x="${px(x(t))}" y="${height - bottom + 14}" text-anchor="middle">${fmtNum(t)}</text>`;
  s += '</g>';
  s += `<rect x="${left}" y="${top}" width="${width - left - right}" height="${height - top - bottom}" fill="none" stroke="#888"/>`;
  if (xLabel) s += `<text x="${left + (width - left - right) / 2}" y="${height - 6}" text-anchor="middle" fill="#333">${esc(xLabel)}</text>`;
  if (yLabel) {
    const cy = top + (height - top - bottom) / 2;
    s += `<text transform="translate(12 ${px(cy)}) rotate(-90)" text-anchor="middle" fill="#333">${esc(yLabel)}</text>`;
  }
  return s;
}

/** A legend row per series name, at the right of the plot. */
export function legend(names: string[], x: number, y: number, dashed: boolean[] = []): string {
  let s = '<g class="legend">';
  names.forEach((n, i) => {
    const yy = y + i * 15;
    s += `<line x1="${x}" x2="${x + 16}" y1="${yy}" y2="${yy}" stroke="${color(i)}" stroke-width="2.5"${dashed[i] ? ' stroke-dasharray="4 3"' : ''}/>` +
      `<text x="${x + 20}" y="${yy + 4}">${esc(n)}</text>`;
  });
  return `${s}</g>`;
}

/** Numbers as JSON for data attributes (NaN/Infinity become null), so tests and tools can read the values back. */
export function dataAttr(values: ArrayLike<number | null>): string {
  return esc(JSON.stringify(Array.from(values, (v) => (v === null || !Number.isFinite(v) ? null : v))));
}
