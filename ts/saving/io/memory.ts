// In-memory targets: bytes or a file set in, a file set out. Bytes are recognised by their
// signature, so `loadModel(bytes)` needs no file name.

import { ValueError, fmt } from '../../errors.js';
import { totalBytes, type FileSet, type IOHandler, type SaveResult } from './types.js';

export function isFileSet(x: unknown): x is FileSet {
  return x !== null && typeof x === 'object' && typeof (x as FileSet).main === 'string' && (x as FileSet).files instanceof Map;
}

/** A main-file name for bytes with no name: `.keras` (zip), `.h5` (HDF5) or `.json`. */
export function nameForBytes(b: Uint8Array): string {
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return 'model.keras';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x48 && b[2] === 0x44 && b[3] === 0x46) return 'model.h5';
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09)) i++;
  if (b[i] === 0x7b) return 'model.json';
  throw new ValueError(`In-memory model: the bytes are neither a .keras zip, an HDF5 file nor a model.json. ` +
    `Received: ${b.length} bytes starting ${fmt([...b.subarray(0, 8)].map((x) => x.toString(16).padStart(2, '0')).join(' '))}`);
}

export function memoryLoadHandler(src: Uint8Array | ArrayBuffer | FileSet): IOHandler {
  return {
    async load(): Promise<FileSet> {
      if (isFileSet(src)) return src;
      const bytes = src instanceof Uint8Array ? src : new Uint8Array(src);
      const main = nameForBytes(bytes);
      return { main, files: new Map([[main, bytes]]) };
    },
  };
}

/** Keeps what is saved; `result.set` (and `handler.saved`) hold it. */
export function memorySaveHandler(): IOHandler & { saved?: FileSet } {
  const h: IOHandler & { saved?: FileSet } = {
    async save(set: FileSet): Promise<SaveResult> {
      const copy: FileSet = { main: set.main, files: new Map(set.files) };
      h.saved = copy;
      return { written: [...copy.files.keys()], bytes: totalBytes(copy), set: copy };
    },
  };
  return h;
}
