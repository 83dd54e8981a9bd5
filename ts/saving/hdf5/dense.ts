// Dense link / attribute storage, used by new-style files (h5py libver='latest', h5wasm) once a group has
// more than 8 links or an object more than 8 attributes: the messages live in a fractal heap ('FRHP')
// and a version 2 B-tree ('BTHD') indexes them by name hash. We walk the B-tree for heap IDs and read
// each object out of the heap's direct blocks.

import type { H5Bytes } from './bytes.js';
import { UNDEF } from './bytes.js';
import { btree2Records, encSize } from './btree2.js';
import { parseLink } from './groups.js';
import type { H5Message } from './object_header.js';

const MAX_DEPTH = 16;


interface Heap {
  idLen: number;
  offSize: number;
  lenSize: number;
  blocks: Array<{ off: number; addr: number; size: number }>;
}

function fractalHeap(b: H5Bytes, addr: number, where: string): Heap {
  const what = `the fractal heap of ${where}`;
  b.expectSig(addr, 'FRHP', what);
  const O = b.offsetSize;
  const L = b.lengthSize;
  const idLen = b.u16(addr + 5);
  const filterLen = b.u16(addr + 7);
  if (filterLen) b.fail(`${what} is filtered, which is not supported`, `${filterLen} bytes of filter info`);
  const p = addr + 10 + 4 + L + O + L + O + 8 * L;
  const width = b.u16(p);
  const start = b.length(p + 2, what);
  const maxDirect = b.length(p + 2 + L, what);
  const maxBits = b.u16(p + 2 + 2 * L);
  const root = b.offset(p + 2 + 2 * L + 4, what);
  const rootRows = b.u16(p + 2 + 2 * L + 4 + O);
  if (width < 1 || width > 4096 || start < 1 || maxDirect < start || maxBits < 1 || maxBits > 64) {
    b.fail(`${what} has an invalid doubling table`, `width ${width}, block ${start}..${maxDirect}, ${maxBits} bits`);
  }
  b.verify(addr, p + 2 + 2 * L + 4 + O + 2, what);
  const offSize = Math.ceil(maxBits / 8);
  const lenSize = Math.min(Math.ceil(Math.log2(maxDirect) / 8), encSize(b.u32(addr + 10)));
  const blocks: Heap['blocks'] = [];
  const seen = new Set<number>();
  const rowSize = (r: number) => (r < 2 ? start : start * 2 ** (r - 1));
  const indirect = (a: number, nrows: number, blockOff: number, depth: number) => {
    if (seen.has(a) || depth > MAX_DEPTH) b.fail(`${what} has a cycle`, `block at ${a}`);
    seen.add(a);
    b.expectSig(a, 'FHIB', what);
    let q = a + 5 + O + offSize;
    if (!Number.isInteger(nrows) || nrows > 64) b.fail(`${what} has an invalid indirect block`, `${nrows} rows`);
    b.verify(a, q + nrows * width * O, what);
    b.spend(nrows * width * O, what);
    let off = blockOff;
    for (let r = 0; r < nrows; r++) {
      const size = rowSize(r);
      for (let c = 0; c < width; c++, q += O) {
        const child = b.offset(q, what);
        if (child !== UNDEF) {
          if (size <= maxDirect) blocks.push({ off, addr: child, size });
          else indirect(child, Math.log2(size / (start * width)) + 1, off, depth + 1);
        }
        off += size;
      }
      if (blocks.length > 1 << 20) b.fail(`${what} has too many blocks`, blocks.length);
    }
  };
  if (root !== UNDEF) {
    if (rootRows === 0) blocks.push({ off: 0, addr: root, size: start });
    else indirect(root, rootRows, 0, 0);
  }
  return { idLen, offSize, lenSize, blocks };
}

/** Where a heap ID's object lies in the file: [position, length]. */
function resolve(b: H5Bytes, h: Heap, id: Uint8Array, where: string): [number, number] {
  const type = (id[0] >> 4) & 3;
  if (type === 2) {
    // tiny object: stored in the ID itself
    const len = (id[0] & 0x0f) + 1;
    const pos = id.byteOffset - b.u8.byteOffset + 1;
    if (len > id.length - 1) b.fail(`a tiny heap object of ${where} is longer than its ID`, len);
    return [pos, len];
  }
  if (type !== 0) b.fail(`a heap object of ${where} is a 'huge' object, which is not supported`, `ID type ${type}`);
  let off = 0;
  for (let i = h.offSize; i >= 1; i--) off = off * 256 + id[i];
  let len = 0;
  for (let i = h.offSize + h.lenSize; i > h.offSize; i--) len = len * 256 + id[i];
  b.spend(h.blocks.length + len, `the fractal heap of ${where}`);
  const blk = h.blocks.find((x) => off >= x.off && off < x.off + x.size);
  if (!blk || off + len > blk.off + blk.size) b.fail(`a heap object of ${where} lies outside the heap's blocks`, `offset ${off}, length ${len}`);
  const pos = blk.addr + (off - blk.off);
  b.check(pos, len, `a heap object of ${where}`);
  return [pos, len];
}

export function denseLinks(b: H5Bytes, heapAddr: number, nameIndex: number, where: string): Array<[string, number]> {
  const heap = fractalHeap(b, heapAddr, where);
  return btree2Records(b, nameIndex, where).map((rec) => {
    const [pos, size] = resolve(b, heap, rec.subarray(4, 4 + heap.idLen), where);
    return parseLink(b, { type: 6, flags: 0, pos, size }, where);
  });
}

export function denseAttributes(b: H5Bytes, heapAddr: number, nameIndex: number, where: string): H5Message[] {
  const heap = fractalHeap(b, heapAddr, where);
  return btree2Records(b, nameIndex, where).map((rec) => {
    if (rec[8] & 2) b.fail(`an attribute of ${where} is a shared message, which is not supported`, `flags ${rec[8]}`);
    const [pos, size] = resolve(b, heap, rec.subarray(0, 8), where);
    return { type: 0x0c, flags: 0, pos, size };
  });
}
