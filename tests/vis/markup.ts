// A strict little parser for the SVG/HTML the charts write: every tag closed and nested
// properly, attributes quoted, entities well formed. Throws on anything else, so a test
// that parses a file fails on malformed output. (No DOM in Node; the browser test uses one.)

export interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}

const VOID_HTML = new Set(['meta', 'br', 'hr', 'img', 'input', 'link']);
const RAW_HTML = new Set(['script', 'style']);

const decode = (s: string, at: number): string => s.replace(/&([^;]*);?/g, (m, e: string) => {
  if (!m.endsWith(';')) throw new Error(`bad entity at ${at}: ${m}`);
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  if (e in named) return named[e]!;
  if (/^#\d+$/.test(e)) return String.fromCodePoint(Number(e.slice(1)));
  if (/^#x[\da-f]+$/i.test(e)) return String.fromCodePoint(parseInt(e.slice(2), 16));
  throw new Error(`unknown entity &${e}; at ${at}`);
});

/** Parses `src` into its top-level elements; `html` allows void tags and raw script/style text. */
export function parseMarkup(src: string, html = false): El[] {
  const root: El = { name: '#root', attrs: {}, children: [], text: '' };
  const stack: El[] = [root];
  let i = 0;
  while (i < src.length) {
    const top = stack[stack.length - 1]!;
    if (src.startsWith('<!--', i)) { const e = src.indexOf('-->', i); if (e < 0) throw new Error('open comment'); i = e + 3; continue; }
    if (src.startsWith('<!', i)) { const e = src.indexOf('>', i); i = e + 1; continue; }
    if (src.startsWith('</', i)) {
      const m = /^<\/([\w:-]+)\s*>/.exec(src.slice(i));
      if (!m) throw new Error(`bad end tag at ${i}`);
      if (top.name !== m[1]) throw new Error(`</${m[1]}> closes <${top.name}> at ${i}`);
      stack.pop();
      i += m[0].length;
      continue;
    }
    if (src[i] === '<') {
      const m = /^<([\w:-]+)((?:\s+[\w:-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/.exec(src.slice(i));
      if (!m) throw new Error(`bad start tag at ${i}: ${src.slice(i, i + 80)}`);
      const el: El = { name: m[1]!, attrs: {}, children: [], text: '' };
      for (const a of m[2]!.matchAll(/([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        if (a[1]! in el.attrs) throw new Error(`duplicate attribute ${a[1]} at ${i}`);
        el.attrs[a[1]!] = decode(a[2] ?? a[3] ?? '', i);
      }
      top.children.push(el);
      i += m[0].length;
      if (m[3] || (html && VOID_HTML.has(el.name))) continue;
      if (html && RAW_HTML.has(el.name)) {
        const e = src.indexOf(`</${el.name}>`, i);
        if (e < 0) throw new Error(`unclosed <${el.name}>`);
        el.text = src.slice(i, e);
        i = e + el.name.length + 3;
        continue;
      }
      stack.push(el);
      continue;
    }
    const e = src.indexOf('<', i);
    const end = e < 0 ? src.length : e;
    top.text += decode(src.slice(i, end), i);
    i = end;
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  return root.children;
}

/** Every element (depth first) matching `pred`. */
export function findAll(els: El[], pred: (e: El) => boolean): El[] {
  const out: El[] = [];
  const walk = (e: El) => { if (pred(e)) out.push(e); e.children.forEach(walk); };
  els.forEach(walk);
  return out;
}

/** The text of an element and its descendants. */
export function textOf(e: El): string {
  return e.text + e.children.map(textOf).join('');
}
