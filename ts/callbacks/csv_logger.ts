// Streams epoch results to a CSV file (Keras `callbacks/csv_logger.py`).
//
// Node: after every epoch the whole file is written to a temporary file in the same folder and
// renamed over the target, so a failed write (disk full, permissions, a crash mid-write) leaves
// the previous file intact instead of a truncated one. Browsers: rows are kept in memory.

import { isNode, nodeModule } from '../../bindings/features.js';
import { ValueError, fmt } from '../errors.js';
import { Callback, type Logs } from './callback.js';
import { pyRepr } from './format.js';

/** Options of {@link CSVLogger}: `separator` (default `','`) and `append` (default false). */
export interface CSVLoggerArgs {
  /** Field separator. Default ','. */
  separator?: string;
  /** Append to an existing file (or to this logger's earlier rows) instead of replacing it. Default false. */
  append?: boolean;
}

/** RFC 4180 line ending, as Python's csv module writes (Keras's files have it too). */
const EOL = '\r\n';

/**
 * Streams epoch results to a CSV file.
 *
 * One row per epoch: `epoch`, then every log key in sorted order. The columns are fixed by the
 * first epoch; when it has no `val_` keys, a `val_` column is added for each key (filled with
 * `NA` while absent), as in Keras. Values are written the way Python prints floats (`0.1`,
 * `1e-05`, `nan`). In Node the file is rewritten atomically after every epoch; in browsers use
 * `toString()` or `toBlob()`.
 *
 * @param filename Path of the CSV file (Node). In browsers, a name for your own use.
 * @param args.separator Default ','.
 * @param args.append Default false.
 * @example
 * ```ts
 * const csv = new callbacks.CSVLogger('training.log');
 * await model.fit(x, y, { epochs: 5, callbacks: [csv] });
 * ```
 */
export class CSVLogger extends Callback {
  /** The CSV file written. */
  readonly filename: string;
  /** Field separator. Default ','. */
  readonly separator: string;
  /** Append to an existing file (or to this logger's earlier rows) instead of replacing it. Default false. */
  readonly append: boolean;
  private keys: string[] | undefined;
  /** Text already in the file (append mode) before this run's rows. */
  private prefix = '';
  private lines: string[] = [];
  private fs: typeof import('node:fs').promises | undefined;

  constructor(filename: string, args: CSVLoggerArgs = {}) {
    super();
    if (typeof filename !== 'string' || filename === '') {
      throw new ValueError(`CSVLogger: \`filename\` must be a non-empty string. Received: filename=${fmt(filename)}`);
    }
    const sep = args.separator ?? ',';
    if (typeof sep !== 'string' || sep.length !== 1 || sep === '"' || sep === '\n' || sep === '\r') {
      throw new ValueError(`CSVLogger: \`separator\` must be one character other than a quote or a newline. Received: separator=${fmt(sep)}`);
    }
    this.filename = filename;
    this.separator = sep;
    this.append = args.append ?? false;
  }

  override async onTrainBegin(): Promise<void> {
    this.keys = undefined;
    if (isNode) {
      this.fs = nodeModule<typeof import('node:fs')>('fs').promises;
      this.prefix = this.append ? await this.readExisting() : '';
    } else {
      this.prefix = this.append ? this.toString() : '';
    }
    this.lines = [];
  }

  override async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    if (this.keys === undefined) {
      const keys = Object.keys(logs).sort();
      // Keras adds val_ columns when the first epoch has none (validation may start later).
      if (keys.length > 0 && !keys.some((k) => k.startsWith('val_'))) keys.push(...keys.map((k) => `val_${k}`));
      this.keys = keys;
      // The header goes first, unless appending to a file that already has content.
      if (this.prefix === '') this.lines.push(this.row(['epoch', ...keys]));
    }
    this.lines.push(this.row([String(epoch), ...this.keys.map((k) => (k in logs ? pyRepr(logs[k]!) : 'NA'))]));
    if (this.fs) await this.save(this.fs);
  }

  /** The CSV text written so far (header included). */
  override toString(): string {
    return this.prefix + this.lines.join('');
  }

  /** The CSV text as a `text/csv` Blob, e.g. for a download link in a browser. */
  toBlob(): Blob {
    return new Blob([this.toString()], { type: 'text/csv' });
  }

  private row(fields: string[]): string {
    return fields.map((f) => this.quote(f)).join(this.separator) + EOL;
  }

  private quote(field: string): string {
    if (!field.includes(this.separator) && !/["\r\n]/.test(field)) return field;
    return `"${field.replace(/"/g, '""')}"`;
  }

  private async readExisting(): Promise<string> {
    try {
      return await this.fs!.readFile(this.filename, 'utf8');
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT') return '';
      throw e;
    }
  }

  /** Writes a temporary file next to the target, then renames it over the target (atomic on POSIX). */
  private async save(fs: typeof import('node:fs').promises): Promise<void> {
    const tmp = tempPathFor(this.filename);
    try {
      await fs.writeFile(tmp, this.toString(), 'utf8');
      await fs.rename(tmp, this.filename);
    } catch (e) {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      throw new Error(`CSVLogger: could not write '${this.filename}'; the previous file was left unchanged. ${(e as Error).message}`, { cause: e });
    }
  }
}

/** `<dir>/.<name>.<pid>.tmp`: in the target's folder, so the rename never crosses file systems. */
export function tempPathFor(filename: string): string {
  const cut = Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\'));
  const dir = filename.slice(0, cut + 1);
  const name = filename.slice(cut + 1);
  return `${dir}.${name}.${process.pid}.tmp`;
}
