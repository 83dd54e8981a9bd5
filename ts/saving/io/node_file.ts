// Plain paths and file:// URLs in Node. Saving is atomic per file: each file is written to a
// temporary file beside its target, flushed to disk, and only then renamed over the target,
// so a save that fails (bad path, full disk, an error mid-write) leaves the previous model
// intact and no temporary file behind. Node's fs is reached through nodeModule(), so browser
// bundles never import it.

import { ValueError } from '../../errors.js';
import { nodeModule } from '../../../bindings/features.js';
import { companionKeys, isJsonName, renameSet } from './manifest.js';
import { totalBytes, type FileSet, type IOHandler, type SaveResult } from './types.js';

type Fs = typeof import('node:fs').promises;

export interface NodeFileOptions {
  /** Replaces `fs.promises` (tests inject failures through it). */
  fs?: Pick<Fs, 'open' | 'rename' | 'unlink' | 'mkdir' | 'readFile'>;
}

function pathOf(target: string): string {
  if (!target.startsWith('file://')) return target;
  return nodeModule<typeof import('node:url')>('url').fileURLToPath(target);
}

const why = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function nodeFileHandler(target: string, opts: NodeFileOptions = {}): IOHandler {
  const path = nodeModule<typeof import('node:path')>('path');
  const fs = opts.fs ?? nodeModule<typeof import('node:fs')>('fs').promises;
  const dest = path.resolve(pathOf(target));

  return {
    async save(set: FileSet): Promise<SaveResult> {
      // A tfjs model saved to `dir/name.json` becomes name.json + name.weights.bin (as tfjs's
      // downloads://name); saved to a path without .json, the path is a folder for model.json.
      let dir = path.dirname(dest);
      let base = path.basename(dest);
      let files = set;
      if (isJsonName(set.main)) {
        if (isJsonName(base)) files = renameSet(set, base.replace(/\.json$/i, ''));
        else {
          dir = dest;
          base = set.main;
        }
      } else {
        files = { main: base, files: new Map([...set.files].filter(([k]) => k !== set.main)) };
        files.files.set(base, set.files.get(set.main)!);
      }
      const order = [...files.files.keys()].filter((k) => k !== files.main).concat(files.main);
      const temps: string[] = [];
      const finals = order.map((k) => path.join(dir, k === files.main ? base : k));
      try {
        for (let i = 0; i < order.length; i++) {
          await fs.mkdir(path.dirname(finals[i]!), { recursive: true });
          const tmp = path.join(path.dirname(finals[i]!), `.${path.basename(finals[i]!)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
          temps.push(tmp);
          const h = await fs.open(tmp, 'wx');
          try {
            const bytes = files.files.get(order[i]!)!;
            let off = 0;
            while (off < bytes.byteLength) {
              const { bytesWritten } = await h.write(bytes, off, bytes.byteLength - off);
              if (bytesWritten <= 0) throw new Error('write made no progress');
              off += bytesWritten;
            }
            await h.sync();
          } finally {
            await h.close();
          }
        }
        for (let i = 0; i < order.length; i++) await fs.rename(temps[i]!, finals[i]!);
      } catch (e) {
        await Promise.all(temps.map((t) => fs.unlink(t).catch(() => undefined)));
        throw new ValueError(`Could not save to '${target}': ${why(e)}. Any previous file there is unchanged.`);
      }
      // Make the renames themselves durable (POSIX); directories cannot be opened on Windows.
      for (const d of new Set(finals.map((f) => path.dirname(f)))) {
        try {
          const h = await fs.open(d, 'r');
          await h.sync().finally(() => h.close());
        } catch {
          // best effort
        }
      }
      const written = [...finals].reverse();
      return { written, bytes: totalBytes(files) };
    },

    async load(): Promise<FileSet> {
      const read = async (file: string, role: string): Promise<Uint8Array> => {
        try {
          const b = await fs.readFile(file);
          return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
        } catch (e) {
          const code = (e as { code?: string }).code;
          if (code === 'ENOENT') throw new ValueError(`No such file: '${file}' (${role}).`);
          if (code === 'EISDIR') throw new ValueError(`'${file}' is a folder; pass the model file inside it (e.g. '${path.join(file, 'model.json')}').`);
          throw new ValueError(`Could not read '${file}' (${role}): ${why(e)}`);
        }
      };
      const base = path.basename(dest);
      const main = await read(dest, 'the model file');
      const files = new Map<string, Uint8Array>([[base, main]]);
      for (const k of companionKeys(base, main)) {
        files.set(k, await read(path.join(path.dirname(dest), k), `a weight file listed in ${base}`));
      }
      return { main: base, files };
    },
  };
}
