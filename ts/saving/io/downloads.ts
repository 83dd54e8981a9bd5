// downloads://name: the browser downloads the files, as tfjs's browserDownloads does —
// `name.json` + `name.weights.bin` for the tfjs format, `name.keras` for a .keras file.

import { ValueError } from '../../errors.js';
import { renameSet } from './manifest.js';
import { totalBytes, type FileSet, type IOHandler, type SaveResult } from './types.js';

const nextTask = () => new Promise((r) => setTimeout(r, 0));

export function downloadsHandler(target: string): IOHandler {
  const name = target.replace(/^downloads:\/\//, '') || 'model';
  return {
    async save(set: FileSet): Promise<SaveResult> {
      const doc = (globalThis as { document?: Document }).document;
      if (!doc || typeof URL.createObjectURL !== 'function') {
        throw new ValueError(`'${target}': downloads need a browser page (document and URL.createObjectURL).`);
      }
      // downloads://m.keras and downloads://m both give m.keras.
      const ext = /\.[^./]+$/.exec(set.main)?.[0] ?? '';
      const stem = ext && name.toLowerCase().endsWith(ext.toLowerCase()) ? name.slice(0, -ext.length) : name;
      const named = renameSet(set, stem);
      const order = [named.main, ...[...named.files.keys()].filter((k) => k !== named.main)];
      for (const name of order) {
        const url = URL.createObjectURL(new Blob([named.files.get(name)! as BlobPart], { type: name.endsWith('.json') ? 'application/json' : 'application/octet-stream' }));
        const a = doc.createElement('a');
        a.download = name;
        a.href = url;
        // One click per task, as tfjs does: browsers drop rapid successive downloads otherwise.
        await nextTask();
        a.dispatchEvent(new MouseEvent('click'));
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      }
      return { written: order, bytes: totalBytes(named) };
    },
  };
}
