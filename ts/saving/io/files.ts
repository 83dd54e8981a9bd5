// Files the user picked (`<input type="file" multiple>`, drag and drop): File objects, or any
// Blob with a name. The main file is the .json/.keras/.h5 among them; a model.json's weight
// files are matched by their base names, as tfjs's browserFiles does.

import { ValueError, fmt } from '../../errors.js';
import { companionKeys, isJsonName } from './manifest.js';
import type { FileSet, IOHandler } from './types.js';

export interface NamedBlob { name: string; arrayBuffer(): Promise<ArrayBuffer> }

export function isNamedBlobList(x: unknown): x is ArrayLike<NamedBlob> {
  if (x === null || typeof x !== 'object' || typeof (x as ArrayLike<unknown>).length !== 'number' || (x as ArrayLike<unknown>).length === 0) return false;
  const first = (x as ArrayLike<unknown>)[0] as NamedBlob | undefined;
  return !!first && typeof first.name === 'string' && typeof first.arrayBuffer === 'function';
}

const MAIN = /\.(json|keras|h5|hdf5)$/i;
const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);

export function filesHandler(list: ArrayLike<NamedBlob>): IOHandler {
  return {
    async load(): Promise<FileSet> {
      const files = Array.from(list);
      const mains = files.filter((f) => MAIN.test(f.name));
      if (mains.length !== 1) {
        throw new ValueError(`Expected exactly one model file (.json, .keras or .h5) among the files. Received: ${fmt(files.map((f) => f.name))}`);
      }
      const main = mains[0]!;
      const bytes = new Uint8Array(await main.arrayBuffer());
      const set: FileSet = { main: main.name, files: new Map([[main.name, bytes]]) };
      if (isJsonName(main.name)) {
        for (const key of companionKeys(main.name, bytes)) {
          const f = files.find((x) => x !== main && base(x.name) === base(key));
          if (!f) throw new ValueError(`'${main.name}' lists weight file '${key}', which is not among the files. Received: ${fmt(files.map((x) => x.name))}`);
          set.files.set(key, new Uint8Array(await f.arrayBuffer()));
        }
      }
      return set;
    },
  };
}
