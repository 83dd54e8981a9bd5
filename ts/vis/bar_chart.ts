// Grouped bar chart: one group per category, one bar per series (per-class accuracy,
// time to target per run, throughput per batch size…).

import { axes, color, esc, fmtNum, legend, open, px, scale, type Frame } from './svg.js';

/**
 * What `barChart` draws: grouped bars, one group per category and one bar per series, as an SVG string.
 * @example barChart({ categories: ['adam', 'sgd'], series: [{ name: 'accuracy', values: [0.91, 0.87] }], yDomain: [0, 1] })
 */
export interface BarChartSpec {
  /** Labels of the bar groups along x (rotated when long or many). */
  categories: string[];
  /** The bar series: each has a legend `name` and one value per category (null or NaN: missing). */
  series: { name: string; values: ArrayLike<number | null> }[];
  /** Chart title. Default: none. */
  title?: string;
  /** x-axis title. Default: none. */
  xLabel?: string;
  /** y-axis title. Default: none. */
  yLabel?: string;
  /** Width in px. Default: grows with the number of bars (360 to 1100). */
  width?: number;
  /** Height in px (grown to fit the legend). Default: 300. */
  height?: number;
  /** Fixed y range, e.g. `[0, 1]` for accuracies. Default: 0 to the largest value. */
  yDomain?: [number, number];
  /** Text drawn instead of a missing (null/NaN) bar, e.g. 'not reached'. */
  missingLabel?: string;
}

/** Renders a grouped bar chart as an SVG string; every bar carries data-series/data-category/data-value. */
export function barChart(spec: BarChartSpec): string {
  const cats = spec.categories;
  const names = spec.series.map((s) => s.name);
  const showLegend = names.length > 1;
  const legendW = showLegend ? Math.min(220, 30 + 6.5 * Math.max(...names.map((n) => n.length))) : 0;
  const longest = Math.max(0, ...cats.map((c) => c.length));
  const rotate = cats.length * Math.max(1, names.length) > 8 || longest > 10;
  const width = spec.width ?? Math.max(360, Math.min(1100, 90 + legendW + cats.length * Math.max(28, 14 * names.length)));
  const bottom = (rotate ? Math.min(140, 12 + longest * 5.6) : 22) + (spec.xLabel ? 16 : 0);
  const height = Math.max(spec.height ?? 300, 40 + names.length * 15);
  const fr: Frame = { width, height, left: 52, right: 12 + legendW, top: spec.title ? 28 : 12, bottom };
  let hi = 0;
  for (const s of spec.series) for (const v of Array.from(s.values)) if (v !== null && Number.isFinite(v) && v > hi) hi = v;
  const y = scale(spec.yDomain ?? [0, hi || 1], height - fr.bottom, fr.top);
  let s = open('bar', spec.title, width, height) + axes(fr, null, y, undefined, spec.yLabel);
  const plotW = width - fr.left - fr.right;
  const band = plotW / Math.max(1, cats.length);
  const barW = (band * 0.8) / Math.max(1, names.length);
  cats.forEach((c, ci) => {
    const x0 = fr.left + ci * band + band * 0.1;
    spec.series.forEach((ser, si) => {
      const v = ser.values[ci];
      const bx = x0 + si * barW;
      if (v === null || v === undefined || !Number.isFinite(v)) {
        if (spec.missingLabel) {
          s += `<text class="missing" data-series="${esc(ser.name)}" data-category="${esc(c)}" transform="translate(${px(bx + barW / 2 + 3)} ${height - fr.bottom - 4}) rotate(-90)" fill="#999">${esc(spec.missingLabel)}</text>`;
        }
        return;
      }
      const top = y(Math.max(v, y.domain[0]));
      const base = y(Math.max(0, y.domain[0]));
      s += `<rect class="bar" data-series="${esc(ser.name)}" data-category="${esc(c)}" data-value="${v}" x="${px(bx)}" y="${px(Math.min(top, base))}" ` +
        `width="${px(Math.max(1, barW - 1))}" height="${px(Math.abs(base - top))}" fill="${color(si)}"><title>${esc(ser.name)} · ${esc(c)}: ${fmtNum(v)}</title></rect>`;
    });
    const cx = fr.left + ci * band + band / 2;
    const ty = height - fr.bottom + 13;
    s += rotate
      ? `<text class="category" transform="translate(${px(cx + 3)} ${ty - 6}) rotate(-60)" text-anchor="end" fill="#555">${esc(c)}</text>`
      : `<text class="category" x="${px(cx)}" y="${ty}" text-anchor="middle" fill="#555">${esc(c)}</text>`;
  });
  if (spec.xLabel) s += `<text x="${fr.left + plotW / 2}" y="${height - 6}" text-anchor="middle" fill="#333">${esc(spec.xLabel)}</text>`;
  if (showLegend) s += legend(names, width - fr.right + 10, fr.top + 6);
  return `${s}</svg>`;
}
