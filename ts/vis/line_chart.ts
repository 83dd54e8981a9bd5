// Line chart: one polyline per series over a shared x axis (epochs, batches, seconds…).

import { axes, color, dataAttr, esc, extent, fmtNum, legend, open, px, scale, type Frame } from './svg.js';

/** One line of a line chart. */
export interface Series {
  /** Legend entry of the line. */
  name: string;
  /** x values, one per point (same length as `y`). */
  x: ArrayLike<number>;
  /** NaN or null leaves a gap. */
  y: ArrayLike<number | null>;
  /** Draw the line dashed (e.g. validation curves). Default: false. */
  dashed?: boolean;
}

/**
 * What `lineChart` draws: one or more series on shared axes, rendered as a self-contained SVG string.
 * @example lineChart({ series: [{ name: 'loss', x: [1, 2, 3], y: [0.9, 0.5, 0.4] }], xLabel: 'epoch', yLabel: 'loss' })
 */
export interface LineChartSpec {
  /** The lines to draw (a legend appears when there are several). */
  series: Series[];
  /** Chart title. Default: none. */
  title?: string;
  /** x-axis title. Default: none. */
  xLabel?: string;
  /** y-axis title. Default: none. */
  yLabel?: string;
  /** Width in px. Default: 560. */
  width?: number;
  /** Height in px (grown to fit the legend). Default: 300. */
  height?: number;
  /** x-axis scale: `'linear'` (default) or `'log'` (batch sizes, learning rates). */
  xScale?: 'linear' | 'log';
  /** Fixed y range, e.g. [0, 1] for accuracies. Default: the data's. */
  yDomain?: [number, number];
  /** Fixed x range (panels of one figure share it). Default: the data's. */
  xDomain?: [number, number];
  /** Draw a dot at every point (default: when a series has at most 60 points). */
  points?: boolean;
  /** Start the axis at zero (times, throughputs). */
  xZero?: boolean;
  /** Start the y axis at zero (losses, times, throughputs). Default: false. */
  yZero?: boolean;
  /** Only whole-number ticks on x (epochs). */
  xInteger?: boolean;
  /** Horizontal reference line, e.g. a target accuracy. */
  rule?: { y: number; label?: string };
}

/** More points than a chart has pixels only make the file big: keep every k-th (and the last). */
const MAX_POINTS = 1500;

/** Renders a line chart as an SVG string; each series' values are kept in data-x/data-y. */
export function lineChart(spec: LineChartSpec): string {
  const width = spec.width ?? 560;
  const names = spec.series.map((s) => s.name);
  const legendW = names.length ? Math.min(220, 30 + 6.5 * Math.max(...names.map((n) => n.length))) : 0;
  const height = Math.max(spec.height ?? 300, 40 + names.length * 15);
  const fr: Frame = { width, height, left: 52, right: 12 + legendW, top: spec.title ? 28 : 12, bottom: spec.xLabel ? 36 : 24 };
  const xs = spec.series.flatMap((s) => Array.from(s.x));
  const ys = spec.series.flatMap((s) => Array.from(s.y, (v) => v ?? NaN));
  if (spec.rule) ys.push(spec.rule.y);
  const xLog = spec.xScale === 'log';
  const xe = spec.xDomain ? [...spec.xDomain] as [number, number] : extent(xLog ? xs.filter((v) => v > 0) : xs) ?? [0, 1];
  const ye = spec.yDomain ?? extent(ys) ?? [0, 1];
  if (spec.xZero && !xLog) xe[0] = Math.min(0, xe[0]);
  if (spec.yZero) ye[0] = Math.min(0, ye[0]);
  const x = scale(xe, fr.left, width - fr.right, spec.xScale);
  if (spec.xInteger) {
    const whole = x.ticks.filter((t) => Number.isInteger(t));
    x.ticks = whole.length >= 2 ? whole : [Math.ceil(x.domain[0]), Math.floor(x.domain[1])].filter((t, i, a) => a.indexOf(t) === i);
  }
  const y = scale(ye, height - fr.bottom, fr.top);
  let s = open('line', spec.title, width, height) + axes(fr, x, y, spec.xLabel, spec.yLabel);
  // The clip leaves room for dots and line caps on the frame.
  s += `<clipPath id="c${clipId}"><rect x="${fr.left - 4}" y="${fr.top - 4}" width="${width - fr.left - fr.right + 8}" height="${height - fr.top - fr.bottom + 8}"/></clipPath>`;
  s += `<g clip-path="url(#c${clipId++})">`;
  if (spec.rule) {
    const ry = px(y(spec.rule.y));
    s += `<line class="rule" x1="${fr.left}" x2="${width - fr.right}" y1="${ry}" y2="${ry}" stroke="#333" stroke-dasharray="2 3"/>`;
    // Below the line when it runs along the top of the frame, where the clip would cut the text.
    const ly = Number(ry) - 4 < fr.top + 10 ? Number(ry) + 12 : Number(ry) - 4;
    if (spec.rule.label) s += `<text x="${width - fr.right - 4}" y="${ly}" text-anchor="end" fill="#333">${esc(spec.rule.label)}</text>`;
  }
  spec.series.forEach((ser, i) => {
    const n = Math.min(ser.x.length, ser.y.length);
    const stride = Math.max(1, Math.ceil(n / MAX_POINTS));
    let d = '';
    let pen = false;
    let dots = '';
    const showDots = spec.points ?? n <= 60;
    for (const j of sampleIndices(n, stride)) {
      const xv = ser.x[j]!, yv = ser.y[j];
      if (yv === null || yv === undefined || !Number.isFinite(yv) || !Number.isFinite(xv) || (xLog && xv <= 0)) { pen = false; continue; }
      d += `${pen ? 'L' : 'M'}${px(x(xv))} ${px(y(yv))}`;
      pen = true;
      if (showDots) dots += `<circle cx="${px(x(xv))}" cy="${px(y(yv))}" r="2.5"><title>${esc(ser.name)}: (${fmtNum(xv)}, ${fmtNum(yv)})</title></circle>`;
    }
    s += `<g class="series" data-name="${esc(ser.name)}" data-x="${dataAttr(ser.x)}" data-y="${dataAttr(ser.y)}" stroke="${color(i)}" fill="${color(i)}">` +
      `<path d="${d}" fill="none" stroke-width="2"${ser.dashed ? ' stroke-dasharray="5 3"' : ''}><title>${esc(ser.name)}</title></path>${dots}</g>`;
  });
  s += '</g>';
  if (names.length) s += legend(names, width - fr.right + 10, fr.top + 6, spec.series.map((q) => !!q.dashed));
  return `${s}</svg>`;
}

function* sampleIndices(n: number, stride: number): Generator<number> {
  for (let j = 0; j < n; j += stride) yield j;
  if (n > 0 && (n - 1) % stride !== 0) yield n - 1;
}

// Ids of clip paths must be unique within a page that holds several charts.
let clipId = 0;
