// Composition of charts: several SVG charts into one SVG (a Node `.svg` file) or into a
// self-contained HTML page (a Node `.html` file, the compare report), and a sortable table.

import { esc } from './svg.js';

const size = (svg: string): [number, number] => {
  const m = /<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"/.exec(svg);
  return m ? [Number(m[1]), Number(m[2])] : [560, 300];
};

/** Lays charts out left to right, wrapping at `maxWidth`, as one SVG document. */
export function stackSvgs(svgs: string[], maxWidth = 1140): string {
  let x = 0, y = 0, rowH = 0, width = 0;
  let body = '';
  for (const svg of svgs) {
    const [w, h] = size(svg);
    if (x > 0 && x + w > maxWidth) { x = 0; y += rowH + 8; rowH = 0; }
    body += svg.replace(/^<svg /, `<svg x="${x}" y="${y}" `);
    x += w + 8;
    rowH = Math.max(rowH, h);
    width = Math.max(width, x - 8);
  }
  const height = y + rowH;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="kerasm-charts" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${body}</svg>`;
}

/** Charts as the inner markup of a container: one inline-block per chart. */
export function chartsMarkup(svgs: string[]): string {
  return svgs.map((s) => `<div class="kerasm-chart-box" style="display:inline-block;margin:4px;vertical-align:top">${s}</div>`).join('');
}

/** Options of `htmlPage`. */
export interface PageOptions {
  /** The document title. */
  title: string;
  /** Reload every N seconds (a live file that is rewritten while training). */
  refreshSeconds?: number;
  /** Extra CSS. */
  style?: string;
  /** Inline script run at the end of the body. */
  script?: string;
}

/** A complete HTML document around `body`; no external resources. */
export function htmlPage(body: string, opts: PageOptions): string {
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">` +
    (opts.refreshSeconds ? `<meta http-equiv="refresh" content="${opts.refreshSeconds}">` : '') +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(opts.title)}</title>` +
    `<style>body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:16px;color:#222}` +
    `table.kerasm-table{border-collapse:collapse;font-size:12px}table.kerasm-table th,table.kerasm-table td{border:1px solid #ccc;padding:3px 6px;text-align:right}` +
    `table.kerasm-table th{background:#f3f3f3;cursor:pointer;user-select:none}table.kerasm-table td:first-child,table.kerasm-table th:first-child{text-align:left}` +
    `${opts.style ?? ''}</style></head><body>\n${body}\n` +
    (opts.script ? `<script>${opts.script}</script>` : '') + '</body></html>\n';
}

/** One column of `tableMarkup`. */
export interface Column {
  /** Key of the row objects whose value the column shows. */
  key: string;
  /** Header text. */
  label: string;
  /** Cell text; default: the value as is. */
  format?: (v: unknown) => string;
}

/** An HTML table whose rows carry their raw values (data-sort) so a click on a header sorts them. */
export function tableMarkup(columns: Column[], rows: Record<string, unknown>[], className = 'kerasm-table'): string {
  let s = `<table class="${className}"><thead><tr>${columns.map((c, i) => `<th data-col="${i}">${esc(c.label)}</th>`).join('')}</tr></thead><tbody>`;
  for (const r of rows) {
    s += '<tr>' + columns.map((c) => {
      const v = r[c.key];
      const sort = typeof v === 'number' && Number.isFinite(v) ? String(v) : v === undefined || v === null ? '' : String(v);
      const text = v === undefined || v === null || (typeof v === 'number' && !Number.isFinite(v)) ? '–' : c.format ? c.format(v) : String(v);
      return `<td data-sort="${esc(sort)}">${esc(text)}</td>`;
    }).join('') + '</tr>';
  }
  return `${s}</tbody></table>`;
}

/** Click a header to sort by that column (numbers numerically, empty cells last); click again to reverse. */
export const SORT_SCRIPT = `document.querySelectorAll('table.kerasm-table').forEach(function(t){var dir={};t.querySelectorAll('th').forEach(function(th){th.addEventListener('click',function(){var c=+th.dataset.col;dir[c]=!dir[c];var b=t.tBodies[0];var rows=Array.prototype.slice.call(b.rows);rows.sort(function(a,z){var x=a.cells[c].dataset.sort,y=z.cells[c].dataset.sort;if(x===''||y==='')return x===y?0:x===''?1:-1;var nx=Number(x),ny=Number(y);var r=isNaN(nx)||isNaN(ny)?x.localeCompare(y):nx-ny;return dir[c]?r:-r;});rows.forEach(function(r){b.appendChild(r);});});});});`;
