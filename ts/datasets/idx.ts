// IDX files (the MNIST family's format), optionally gzip-compressed.
// Header: two zero bytes, a type code (0x08 = ubyte), the number of dimensions, then one
// big-endian u32 per dimension.

import { ValueError } from '../errors.js';

/** An array read from an IDX file: its shape and its unsigned bytes, row-major. */
export interface IdxArray {
  shape: number[];
  data: Uint8Array;
}

/**
 * Parses an unsigned-byte IDX file (the MNIST format; gunzip it first with `maybeGunzip`). `what` names the file in errors:
 * a bad magic number, another data type or a size that does not match the header throws a `ValueError` (`Received: …`).
 */
export function parseIdx(bytes: Uint8Array, what: string): IdxArray {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new ValueError(`${what}: not an IDX file (bad magic). Received: ${bytes.length} bytes starting ${Array.from(bytes.slice(0, 4)).join(',')}`);
  }
  if (bytes[2] !== 0x08) throw new ValueError(`${what}: only unsigned-byte IDX data is supported. Received: type code 0x${bytes[2]!.toString(16)}`);
  const ndim = bytes[3]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < ndim; i++) shape.push(view.getUint32(4 + 4 * i, false));
  const offset = 4 + 4 * ndim;
  const size = shape.reduce((a, b) => a * b, 1);
  if (bytes.length - offset !== size) {
    throw new ValueError(`${what}: header says ${size} values (shape ${shape.join('x')}) but the file holds ${bytes.length - offset}.`);
  }
  return { shape, data: bytes.subarray(offset) };
}

/** Gunzips when the bytes start with the gzip magic (Node: zlib; browsers: DecompressionStream). */
export async function maybeGunzip(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  if (typeof process !== 'undefined' && process.versions?.node) {
    const zlib = (process as unknown as { getBuiltinModule: (n: string) => typeof import('node:zlib') }).getBuiltinModule('zlib');
    return new Uint8Array(zlib.gunzipSync(bytes));
  }
  const ds = new DecompressionStream('gzip');
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(ds);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
