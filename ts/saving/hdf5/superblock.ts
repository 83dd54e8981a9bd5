// The superblock: where the file starts (after an optional user block), address sizes, and the root object.

import { H5Bytes, UNDEF } from './bytes.js';

export const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

export interface Superblock {
  /** The file seen from its base address (addresses in the file are relative to it). */
  b: H5Bytes;
  root: number;
}

function findSignature(u8: Uint8Array): number {
  for (let p = 0; p + 8 <= u8.length; p = p === 0 ? 512 : p * 2) {
    if (SIGNATURE.every((v, i) => u8[p + i] === v)) return p;
  }
  return -1;
}

export function readSuperblock(u8: Uint8Array, fileName: string): Superblock {
  const at = findSignature(u8);
  let b = new H5Bytes(u8, fileName);
  if (at < 0) b.fail('not an HDF5 file (no signature at 0, 512, 1024, ...)', `${u8.length} bytes starting ${JSON.stringify(Array.from(u8.subarray(0, 8)))}`);
  if (at > 0) b = new H5Bytes(u8.subarray(at), fileName);
  const version = b.u8At(8);
  let sizesAt: number;
  let addrsAt: number;
  if (version === 0 || version === 1) {
    sizesAt = 13;
    addrsAt = version === 0 ? 24 : 28;
  } else if (version === 2 || version === 3) {
    sizesAt = 9;
    addrsAt = 12;
  } else return b.fail('the superblock has an unsupported version', version);
  b.offsetSize = b.u8At(sizesAt);
  b.lengthSize = b.u8At(sizesAt + 1);
  for (const s of [b.offsetSize, b.lengthSize]) if (![2, 4, 8].includes(s)) b.fail('the superblock has an unsupported address size', s);
  const O = b.offsetSize;
  const base = b.offset(addrsAt, 'the base address');
  const eof = b.offset(addrsAt + 2 * O, 'the end-of-file address');
  let root: number;
  if (version <= 1) root = b.offset(addrsAt + 4 * O + O, 'the root object header address');
  else {
    root = b.offset(addrsAt + 3 * O, 'the root object header address');
    b.verify(0, addrsAt + 4 * O, 'the superblock');
  }
  if (base !== 0 && base !== UNDEF && base !== at) b.fail('the superblock has a base address other than its own position', base);
  // The stored end of file counts from the start of the user block, like HDF5's own check (eof + base).
  if (eof !== UNDEF && eof > b.size + at) b.fail(`the file is truncated: the superblock says it ends at byte ${eof}`, `${b.size + at} bytes`);
  return { b, root };
}

/** Superblock version 0 with 8-byte addresses and a root symbol table entry caching the root's B-tree and heap. */
export function encodeSuperblock(leafK: number, internalK: number, eof: number, root: number, rootBtree: number, rootHeap: number): Uint8Array {
  const out = new Uint8Array(96);
  const dv = new DataView(out.buffer);
  out.set(SIGNATURE);
  out.set([0, 0, 0, 0, 0, 8, 8, 0], 8);
  dv.setUint16(16, leafK, true);
  dv.setUint16(18, internalK, true);
  const u64 = (p: number, v: number) => dv.setBigUint64(p, v === UNDEF ? 0xffffffffffffffffn : BigInt(v), true);
  u64(24, 0);
  u64(32, UNDEF);
  u64(40, eof);
  u64(48, UNDEF);
  u64(56, 0); // root entry: link name offset
  u64(64, root);
  dv.setUint32(72, 1, true); // cache type 1: scratch holds the symbol table addresses
  u64(80, rootBtree);
  u64(88, rootHeap);
  return out;
}
