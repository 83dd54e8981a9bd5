// data.csv: numeric CSV files as a Dataset of `[features, label]` rows (tf.data
// `make_csv_dataset` / tfjs `tf.data.csv`, simplified to what a Keras model consumes). The file
// is read (a Node path, or a URL with fetch) at each iteration; rows stay host arrays until
// batch() copies them into one tensor.

import { ValueError, fmt } from '../errors.js';
import { isNode, nodeModule } from '../../bindings/features.js';
import { checkOptions } from '../utils/options.js';
import { Dataset } from './dataset.js';
import { Row, hostSource, type Elem } from './structure.js';

/** Options of `data.csv()` (a simplified tf.data `make_csv_dataset` / tfjs `tf.data.csv`). Unknown keys throw a `ValueError`. */
export interface CsvOptions {
  /** Feature columns, in the order they form the feature vector (default: every column except the label). */
  columns?: string[];
  /** The target column; elements are then `[features, label]` (otherwise `features`). */
  labelColumn?: string;
  /** Values for empty fields, by column name or in file column order; an empty field without one is an error. */
  columnDefaults?: Record<string, number> | number[];
  /** Field separator (default ','). */
  delimiter?: string;
  /** Whether the first line names the columns (default true). */
  header?: boolean;
  /** Column names of a file without a header line (default column0, column1, …). */
  columnNames?: string[];
  /** Features as a dict of scalars by column name instead of one float32 vector (default false). */
  featuresAsDict?: boolean;
}

const CSV_KEYS = ['columns', 'labelColumn', 'columnDefaults', 'delimiter', 'header', 'columnNames', 'featuresAsDict'] as const;

/** Reads a text file: a URL (or any non-path string in a browser) with fetch, a path with Node's fs. */
export async function readText(source: string | URL, where: string): Promise<string> {
  const s = String(source);
  const isUrl = source instanceof URL || /^(https?|blob|data|file):/i.test(s);
  if (isNode && (!isUrl || s.startsWith('file:'))) {
    const fs = nodeModule<typeof import('node:fs')>('fs');
    const path = s.startsWith('file:') ? nodeModule<typeof import('node:url')>('url').fileURLToPath(s) : s;
    try {
      return await fs.promises.readFile(path, 'utf8');
    } catch (e) {
      throw new ValueError(`${where}: cannot read '${s}': ${(e as Error).message}`);
    }
  }
  const res = await fetch(s);
  if (!res.ok) throw new ValueError(`${where}: fetching '${s}' failed. Received: HTTP ${res.status} ${res.statusText}`);
  return res.text();
}

/** Splits one CSV line, honouring double quotes ("" inside quotes is a quote). */
export function splitCsvLine(line: string, delim: string): string[] {
  if (!line.includes('"')) return line.split(delim);
  const out: string[] = [];
  let cur = '', q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (q) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') q = false; else cur += ch;
    } else if (ch === '"') q = true;
    else if (line.startsWith(delim, i)) { out.push(cur); cur = ''; i += delim.length - 1; } else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * A Dataset over the rows of a numeric CSV file: `[features, label]` with `labelColumn`, else
 * `features`; features is a float32 vector of `columns` (or a dict with `featuresAsDict`), the
 * label a float32 scalar. Batch it with `.batch(n)`. A missing column, a short row, an empty
 * field without a default or a non-numeric field is an error naming the file and the line.
 */
export function csv(source: string | URL, opts: CsvOptions = {}): Dataset {
  const where = 'data.csv';
  checkOptions(where, opts, CSV_KEYS);
  const delim = opts.delimiter ?? ',';
  if (typeof delim !== 'string' || delim.length === 0) throw new ValueError(`${where}: delimiter must be a non-empty string. Received: ${fmt(delim)}`);
  const name = String(source);
  return new Dataset(async function* () {
    const text = await readText(source, where);
    const lines = text.split(/\r?\n/);
    let li = 0;
    let names: string[];
    if (opts.header ?? true) {
      while (li < lines.length && lines[li]!.trim() === '') li++;
      if (li >= lines.length) throw new ValueError(`${where}: '${name}' is empty; expected a header line.`);
      names = splitCsvLine(lines[li++]!, delim).map((s) => s.trim());
    } else {
      const first = lines.find((l) => l.trim() !== '');
      const width = first === undefined ? 0 : splitCsvLine(first, delim).length;
      names = opts.columnNames ?? Array.from({ length: width }, (_, i) => `column${i}`);
    }
    const col = (c: string, what: string) => {
      const i = names.indexOf(c);
      if (i < 0) throw new ValueError(`${where}: ${what} '${c}' is not a column of '${name}'. Received: columns ${names.join(', ')}`);
      return i;
    };
    const label = opts.labelColumn === undefined ? -1 : col(opts.labelColumn, 'labelColumn');
    const featNames = opts.columns ?? names.filter((_, i) => i !== label);
    const feats = featNames.map((c) => col(c, 'column'));
    const defaults = names.map((c, i) => {
      const d = opts.columnDefaults;
      if (d === undefined) return undefined;
      return Array.isArray(d) ? d[i] : d[c];
    });
    const nf = feats.length;
    const field = (parts: string[], i: number, line: number): number => {
      const raw = parts[i];
      if (raw === undefined) {
        throw new ValueError(`${where}: '${name}' line ${line} has ${parts.length} field(s); column '${names[i]}' (field ${i + 1}) is missing.`);
      }
      const s = raw.trim();
      if (s === '') {
        const d = defaults[i];
        if (d === undefined) throw new ValueError(`${where}: '${name}' line ${line}, column '${names[i]}' is empty and has no entry in columnDefaults.`);
        return d;
      }
      const v = Number(s);
      if (Number.isNaN(v) && s.toLowerCase() !== 'nan') {
        throw new ValueError(`${where}: '${name}' line ${line}, column '${names[i]}' is not a number. Received: '${s}'`);
      }
      return v;
    };
    const featShape = [1, nf];
    for (; li < lines.length; li++) {
      const text = lines[li]!;
      if (text.trim() === '') continue;
      const parts = splitCsvLine(text, delim);
      const line = li + 1;
      let x: Elem;
      if (opts.featuresAsDict) {
        const d: Record<string, Elem> = {};
        feats.forEach((i, k) => (d[featNames[k]!] = field(parts, i, line)));
        x = d;
      } else {
        const v = new Float32Array(nf);
        for (let k = 0; k < nf; k++) v[k] = field(parts, feats[k]!, line);
        x = new Row(hostSource(v, featShape), 0);
      }
      yield label < 0 ? x : [x, field(parts, label, line)];
    }
  }, undefined);
}
