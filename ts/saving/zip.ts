// Zip containers (`.keras` files, TensorBoard log bundles). Members are STORED, as Keras
// writes them; reading also accepts deflated members. Sizes declared by the archive are
// checked before anything is inflated, so a corrupt or hostile file cannot make us allocate
// gigabytes or hang.

import { unzipSync, zipSync } from 'fflate';
import { ValueError } from '../errors.js';
import { crc32 } from './crc32.js';

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
  const crcs = centralDirectoryCrcs(bytes);
  for (const [name, data] of Object.entries(files)) {
    const want = crcs.get(name);
    if (want !== undefined && crc32(data) !== want) {
      throw new ValueError(`zip '${fileName}': member '${name}' is corrupt (CRC-32 mismatch).`);
    }
  }
  return new Map(Object.entries(files));
}

/** name → CRC-32 from the central directory (fflate has already checked its structure). */
function centralDirectoryCrcs(b: Uint8Array): Map<string, number> {
  const out = new Map<string, number>();
  let e = b.length - 22;
  while (e >= 0 && readU32(b, e) !== 0x06054b50) e--;
  if (e < 0) return out;
  const count = b[e + 10]! | (b[e + 11]! << 8);
  let o = readU32(b, e + 16);
  const dec = new TextDecoder();
  for (let i = 0; i < count && o + 46 <= b.length && readU32(b, o) === 0x02014b50; i++) {
    const nameLen = b[o + 28]! | (b[o + 29]! << 8);
    const skip = nameLen + (b[o + 30]! | (b[o + 31]! << 8)) + (b[o + 32]! | (b[o + 33]! << 8));
    out.set(dec.decode(b.subarray(o + 46, o + 46 + nameLen)), readU32(b, o + 16));
    o += 46 + skip;
  }
  return out;
}

const readU32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');
