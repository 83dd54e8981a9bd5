// Where a chart goes: a file in Node (`.svg` or `.html`), an element in the browser (or the
// id/selector of one), or nowhere (the caller takes the returned markup).

import { isNode, nodeModule } from '../../bindings/features.js';
import { ValueError } from '../errors.js';
import { chartsMarkup, htmlPage, stackSvgs } from './page.js';

/** The DOM element (anything with innerHTML) or, in Node, a file path; in a browser a string is an element id or CSS selector. */
export type Target = string | { innerHTML: string };

/** Writes `text` to `file` through a temporary file, so a viewer never reads half a chart. */
export function writeFileAtomic(file: string, text: string): void {
  const fs = nodeModule<typeof import('node:fs')>('fs');
  const path = nodeModule<typeof import('node:path')>('path');
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

function element(where: string, target: string): { innerHTML: string } {
  const doc = (globalThis as { document?: { getElementById(id: string): { innerHTML: string } | null; querySelector(s: string): { innerHTML: string } | null } }).document;
  if (!doc) throw new ValueError(`${where}: a string target is a file path in Node or an element id in a browser; this runtime has neither. Received: '${target}'`);
  const el = doc.getElementById(target) ?? doc.querySelector(target);
  if (!el) throw new ValueError(`${where}: no element with id or selector '${target}'. Received: '${target}'`);
  return el;
}

/**
 * Shows `svgs` at `target`. Files: `.html`/`.htm` get a page, `.svg` one SVG document.
 * Returns the markup written (the page, the SVG, or the container's inner HTML).
 */
export function show(where: string, target: Target | undefined, svgs: string[], title: string, refreshSeconds?: number): string {
  if (target === undefined) return stackSvgs(svgs);
  if (typeof target === 'string' && isNode) {
    if (!/\.(svg|html?)$/i.test(target)) throw new ValueError(`${where}: in Node the target is a file ending in .svg or .html. Received: '${target}'`);
    const text = /\.html?$/i.test(target)
      ? htmlPage(`<h2>${title.replace(/[<&]/g, '')}</h2>\n${chartsMarkup(svgs)}`, { title, refreshSeconds })
      : stackSvgs(svgs);
    writeFileAtomic(target, text);
    return text;
  }
  const el = typeof target === 'string' ? element(where, target) : target;
  if (typeof el !== 'object' || el === null || !('innerHTML' in el)) {
    throw new ValueError(`${where}: the target must be a DOM element, an element id, or (in Node) a file path. Received: ${String(target)}`);
  }
  const markup = chartsMarkup(svgs);
  el.innerHTML = markup;
  return markup;
}
