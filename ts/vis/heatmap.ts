// Heat map with the value in every cell: the confusion matrix's drawing.

import { esc, fmtNum, open, px } from './svg.js';

/** What `heatmap` draws: a matrix of coloured cells (darker = larger), as an SVG string. */
export interface HeatmapSpec {
  /** values[row][col] */
  values: number[][];
  /** Labels of the rows (one per row of `values`), drawn on the left. */
  rowLabels: string[];
  /** Labels of the columns, drawn below. */
  colLabels: string[];
  /** Chart title. Default: none. */
  title?: string;
  /** Title of the column axis. Default: none. */
  xLabel?: string;
  /** Title of the row axis. Default: none. */
  yLabel?: string;
  /** Text per cell, e.g. counts when the colours show row-normalised rates. Default: the values. */
  cellText?: (row: number, col: number) => string;
}

/** Renders a heat map as an SVG string; every cell carries data-row/data-col/data-value. */
export function heatmap(spec: HeatmapSpec): string {
  const n = spec.values.length, m = spec.colLabels.length;
  const cell = Math.max(22, Math.min(48, Math.floor(440 / Math.max(n, m, 1))));
  const labelW = 12 + 6.2 * Math.max(1, ...spec.rowLabels.map((l) => l.length));
  const labelH = 12 + 5.6 * Math.max(1, ...spec.colLabels.map((l) => l.length));
  const left = labelW + (spec.yLabel ? 18 : 0), top = (spec.title ? 28 : 8);
  const width = Math.max(260, left + m * cell + 12), height = top + n * cell + labelH + (spec.xLabel ? 18 : 0);
  let hi = 0;
  for (const r of spec.values) for (const v of r) if (Number.isFinite(v) && v > hi) hi = v;
  let s = open('heatmap', spec.title, width, height);
  spec.values.forEach((r, i) => {
    r.forEach((v, j) => {
      const t = hi > 0 && Number.isFinite(v) ? v / hi : 0;
      // White → the palette's blue; the text turns white on dark cells.
      const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
      const fill = `rgb(${mix(247, 31)},${mix(251, 86)},${mix(255, 140)})`;
      const x = left + j * cell, y = top + i * cell;
      const text = spec.cellText ? spec.cellText(i, j) : fmtNum(v);
      s += `<g class="cell" data-row="${i}" data-col="${j}" data-value="${v}"><rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${fill}" stroke="#fff"/>` +
        `<text x="${px(x + cell / 2)}" y="${px(y + cell / 2 + 4)}" text-anchor="middle" font-size="${cell < 30 ? 9 : 11}" fill="${t > 0.55 ? '#fff' : '#222'}">${esc(text)}</text>` +
        `<title>${esc(spec.rowLabels[i])} → ${esc(spec.colLabels[j])}: ${esc(text)}</title></g>`;
    });
    s += `<text x="${left - 4}" y="${px(top + i * cell + cell / 2 + 4)}" text-anchor="end" fill="#333">${esc(spec.rowLabels[i])}</text>`;
  });
  spec.colLabels.forEach((l, j) => {
    const x = left + j * cell + cell / 2 + 3, y = top + n * cell + 6;
    s += `<text transform="translate(${px(x)} ${y}) rotate(-60)" text-anchor="end" fill="#333">${esc(l)}</text>`;
  });
  if (spec.xLabel) s += `<text x="${px(left + (m * cell) / 2)}" y="${height - 4}" text-anchor="middle" fill="#333">${esc(spec.xLabel)}</text>`;
  if (spec.yLabel) s += `<text transform="translate(12 ${px(top + (n * cell) / 2)}) rotate(-90)" text-anchor="middle" fill="#333">${esc(spec.yLabel)}</text>`;
  return `${s}</svg>`;
}
