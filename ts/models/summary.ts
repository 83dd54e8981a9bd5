// Model.summary(): the Keras table of layers, output shapes and parameter counts.

import type { Layer } from '../layers/layer.js';
import type { SymbolicShape } from '../layers/symbolic.js';

export interface SummaryRow {
  layer: Layer;
  outputShape: SymbolicShape | SymbolicShape[] | undefined;
  connectedTo?: string;
}

function fmtShape(s: SymbolicShape | SymbolicShape[] | undefined): string {
  if (!s) return '?';
  if (s.length > 0 && Array.isArray(s[0])) return (s as SymbolicShape[]).map(fmtShape).join(', ');
  const d = (s as SymbolicShape).map((v) => (v === null ? 'None' : String(v)));
  return `(${d.join(', ')}${d.length === 1 ? ',' : ''})`;
}

export function summaryText(modelName: string, className: string, rows: SummaryRow[], trainable: number, nonTrainable: number, lineLength = 65): string {
  const withConn = rows.some((r) => r.connectedTo !== undefined);
  const cols = withConn ? [0.32, 0.58, 0.72, 1] : [0.45, 0.82, 1];
  const pos = cols.map((c) => Math.floor(c * (withConn ? Math.max(lineLength, 98) : lineLength)));
  const width = pos.at(-1)!;
  const line = (fields: string[]) => {
    let s = '';
    fields.forEach((f, i) => {
      s += f;
      // Every column but the last is cut to its width, as in Keras.
      if (i < fields.length - 1) s = s.slice(0, pos[i]! - 1).padEnd(pos[i]!);
    });
    return s.trimEnd();
  };
  const headers = withConn ? ['Layer (type)', 'Output Shape', 'Param #', 'Connected to'] : ['Layer (type)', 'Output Shape', 'Param #'];
  const out = [`Model: "${modelName}" (${className})`, '='.repeat(width), line(headers), '='.repeat(width)];
  rows.forEach((r, i) => {
    const fields = [`${r.layer.name} (${r.layer.className})`, fmtShape(r.outputShape), r.layer.countParams().toLocaleString('en-US')];
    if (withConn) fields.push(r.connectedTo ?? '');
    out.push(line(fields));
    out.push(i === rows.length - 1 ? '='.repeat(width) : '_'.repeat(width));
  });
  if (rows.length === 0) out.push('='.repeat(width));
  const total = trainable + nonTrainable;
  out.push(`Total params: ${total.toLocaleString('en-US')} (${bytes(total * 4)})`);
  out.push(`Trainable params: ${trainable.toLocaleString('en-US')} (${bytes(trainable * 4)})`);
  out.push(`Non-trainable params: ${nonTrainable.toLocaleString('en-US')} (${bytes(nonTrainable * 4)})`);
  return out.join('\n');
}

function bytes(n: number): string {
  if (n < 1024) return `${n.toFixed(2)} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(2)} KB`;
  return `${(n / 1024 ** 2).toFixed(2)} MB`;
}
