// An event-file writer (tf.summary.create_file_writer): TFRecord-framed events appended to
// `<dir>/events.out.tfevents.<time>.<host>.<pid>.<n>.v2`. Node writes files; elsewhere the
// bytes stay in memory (`LogStore`) to be read or downloaded as a zip.

import { isNode, nodeModule } from '../../../bindings/features.js';
import { fileVersionEvent } from './events.js';
import { frameRecord } from './tfrecord.js';

/** Where event files go when there is no file system: path → bytes. */
export class LogStore {
  /** Event-file path → the records appended to it, in order. */
  readonly files = new Map<string, Uint8Array[]>();

  /** Appends `bytes` to the file at `path`. */
  append(path: string, bytes: Uint8Array): void {
    const list = this.files.get(path) ?? [];
    list.push(bytes);
    this.files.set(path, list);
  }

  /** Each file's whole content. */
  contents(): Map<string, Uint8Array> {
    const out = new Map<string, Uint8Array>();
    for (const [p, parts] of this.files) {
      const b = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
      let o = 0;
      for (const x of parts) {
        b.set(x, o);
        o += x.length;
      }
      out.set(p, b);
    }
    return out;
  }
}

let fileCounter = 0;

export class SummaryWriter {
  readonly path: string;
  private pending: Uint8Array[] = [];
  private closed = false;

  constructor(dir: string, private readonly store?: LogStore) {
    const now = Date.now() / 1000;
    const host = isNode && !store ? nodeModule<typeof import('node:os')>('os').hostname() : 'browser';
    const pid = isNode ? process.pid : 0;
    this.path = `${dir.replace(/\/+$/, '')}/events.out.tfevents.${Math.floor(now)}.${host}.${pid}.${fileCounter++}.v2`;
    if (!store) nodeModule<typeof import('node:fs')>('fs').mkdirSync(dir, { recursive: true });
    this.write(fileVersionEvent(now));
    this.flush();
  }

  /** Queues one serialized Event. */
  write(event: Uint8Array): void {
    if (this.closed) throw new Error(`SummaryWriter: '${this.path}' is closed.`);
    this.pending.push(frameRecord(event));
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const parts = this.pending;
    this.pending = [];
    if (this.store) {
      for (const p of parts) this.store.append(this.path, p);
      return;
    }
    const fs = nodeModule<typeof import('node:fs')>('fs');
    const all = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
    let o = 0;
    for (const x of parts) {
      all.set(x, o);
      o += x.length;
    }
    fs.appendFileSync(this.path, all);
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
  }
}
