// Zip containers (`.keras` files, TensorBoard log bundles). Members are STORED, as Keras
// writes them; reading also accepts deflated members. Sizes declared by the archive are
// checked before anything is inflated, so a corrupt or hostile file cannot make us allocate
// gigabytes or hang.

import { unzipSync, zipSync } from 'fflate';
import { ValueError } from '../errors.js';

/** Bytes of one file inside an archive; ordered as given. */
export type ZipEntries = [name: string, data: Uint8Array][];

export function writeZip(entries: ZipEntries): Uint8Array {
  // A fixed date keeps archives byte-identical for identical content.
  const mtime = new Date(Date.UTC(2000, 0, 1));
  return zipSync(Object.fromEntries(entries.map(([n, d]) => [n, [d, { level: 0, mtime }]])), { level: 0 });
}

const MAX_RATIO = 1000;

/** Reads every member; throws a ValueError naming `fileName` for anything malformed. */
export function readZip(bytes: Uint8Array, fileName: string): Map<string, Uint8Array> {
  if (bytes.length < 22 || readU32(bytes, 0) !== 0x04034b50) {
    throw new ValueError(`'${fileName}' is not a zip archive (a .keras file is one). Received: ${bytes.length} bytes starting with ${hex(bytes.subarray(0, 4))}`);
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (f.name.includes('..') || f.name.startsWith('/')) {
          throw new ValueError(`zip '${fileName}': member name '${f.name}' escapes the archive.`);
        }
        if (f.compression !== 0 && f.compression !== 8) {
          throw new ValueError(`zip '${fileName}': member '${f.name}' uses compression method ${f.compression}; only stored (0) and deflate (8) are supported.`);
        }
        const limit = f.compression === 0 ? f.size : Math.max(f.size * MAX_RATIO, 1 << 20);
        if (f.originalSize > limit || f.size > bytes.length) {
          throw new ValueError(`zip '${fileName}': member '${f.name}' declares ${f.originalSize} bytes from ${f.size} stored bytes in a ${bytes.length}-byte file.`);
        }
        return true;
      },
    });
  } catch (e) {
    if (e instanceof ValueError) throw e;
    throw new ValueError(`zip '${fileName}' is corrupt or truncated: ${(e as Error).message}`);
  }
  return new Map(Object.entries(files));
}

const readU32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');
