// Chunk indexes: where each chunk of a chunked dataset lies. Version 1 B-trees (the default format), and
// the version 4+ layouts of libver='latest' files: single chunk, implicit, fixed array, extensible array
// (one unlimited dimension) and version 2 B-tree (several unlimited dimensions).

import { btree2Records } from './btree2.js';
import { type H5Bytes, UNDEF } from './bytes.js';
import type { ChunkIndex } from './layout.js';

export interface Chunk {
  addr: number;
  size: number;
  mask: number;
  /** Element offsets of the chunk's first element. */
  offsets: number[];
}

const MAX_BTREE_DEPTH = 32;

export function listChunks(b: H5Bytes, index: ChunkIndex, chunk: number[], grid: number[], chunkBytes: number, where: string, maxShape?: number[]): Chunk[] {
  const rank = grid.length;
  const nChunks = grid.reduce((a, d) => a * d, 1);
  const offsetsOf = (linear: number) => {
    const o = new Array(rank);
    for (let i = rank - 1; i >= 0; i--) {
      o[i] = (linear % grid[i]) * chunk[i];
      linear = Math.floor(linear / grid[i]);
    }
    return o;
  };
  switch (index.type) {
    case 'btree1': {
      const out: Chunk[] = [];
      if (index.addr !== UNDEF) walkChunkTree(b, index.addr, rank, out, new Set(), 0, where);
      if (out.length > nChunks) b.fail(`the chunk B-tree of ${where} lists more chunks than the dataset has`, `${out.length} > ${nChunks}`);
      return out;
    }
    case 'single':
      return [{ addr: index.addr, size: index.size >= 0 ? index.size : chunkBytes, mask: index.mask, offsets: new Array(rank).fill(0) }];
    case 'implicit':
      if (index.addr === UNDEF) return [];
      b.check(index.addr, nChunks * chunkBytes, `the chunks of ${where}`);
      return Array.from({ length: nChunks }, (_, i) => ({ addr: index.addr + i * chunkBytes, size: chunkBytes, mask: 0, offsets: offsetsOf(i) }));
    case 'fixed-array':
      return fixedArray(b, index.addr, nChunks, chunkBytes, where).map((c, i) => ({ ...c, offsets: offsetsOf(i) }));
    case 'extensible-array': {
      // Chunks are numbered row-major with the unlimited dimension moved first.
      const unlim = Math.max(0, maxShape?.indexOf(UNDEF) ?? 0);
      const order = [unlim, ...grid.keys()].filter((d, i) => i === 0 || d !== unlim);
      const swizzled = order.map((d) => grid[d]);
      const offsets = (linear: number) => {
        const o = new Array(rank);
        for (let i = rank - 1; i >= 0; i--) {
          o[order[i]] = (linear % swizzled[i]) * chunk[order[i]];
          linear = Math.floor(linear / swizzled[i]);
        }
        return o;
      };
      return extensibleArray(b, index.addr, nChunks, chunkBytes, where).map((c, i) => ({ ...c, offsets: offsets(i) }));
    }
    case 'btree2': {
      const what = `the v2 B-tree chunk index of ${where}`;
      const O = b.offsetSize;
      const out: Chunk[] = [];
      if (index.addr === UNDEF) return out;
      for (const rec of btree2Records(b, index.addr, what)) {
        const filtered = rec.length > O + 8 * rank;
        const sizeLen = rec.length - O - 4 - 8 * rank;
        if (filtered && (sizeLen < 1 || sizeLen > 8)) b.fail(`${what} has records of an unexpected size`, rec.length);
        const le = (p: number, n: number) => {
          let v = 0;
          for (let i = n - 1; i >= 0; i--) v = v * 256 + rec[p + i];
          if (!Number.isSafeInteger(v)) b.fail(`${what} has an out-of-range field`, v);
          return v;
        };
        let p = O;
        const size = filtered ? le(p, sizeLen) : chunkBytes;
        const mask = filtered ? le(p + sizeLen, 4) : 0;
        if (filtered) p += sizeLen + 4;
        const offsets = Array.from({ length: rank }, (_, d) => le(p + 8 * d, 8) * chunk[d]);
        const allOnes = rec.subarray(0, O).every((x) => x === 0xff);
        out.push({ addr: allOnes ? UNDEF : le(0, O), size, mask, offsets });
        if (out.length > nChunks) b.fail(`${what} lists more chunks than the dataset has`, `${out.length} > ${nChunks}`);
      }
      return out;
    }
  }
}

function walkChunkTree(b: H5Bytes, addr: number, rank: number, out: Chunk[], seen: Set<number>, depth: number, where: string): void {
  if (seen.has(addr) || depth > MAX_BTREE_DEPTH) b.fail(`the chunk B-tree of ${where} has a cycle`, `node at ${addr}`);
  seen.add(addr);
  b.expectSig(addr, 'TREE', `a chunk B-tree node of ${where}`);
  if (b.u8At(addr + 4) !== 1) b.fail(`a chunk B-tree node of ${where} is not a chunk node`, `type ${b.u8At(addr + 4)}`);
  const level = b.u8At(addr + 5);
  const n = b.u16(addr + 6);
  const keySize = 8 + 8 * (rank + 1);
  let p = addr + 8 + 2 * b.offsetSize;
  b.check(p, n * (keySize + b.offsetSize) + keySize, `a chunk B-tree node of ${where}`);
  b.spend(n * (keySize + b.offsetSize) + keySize, `the chunk B-tree of ${where}`);
  for (let i = 0; i < n; i++) {
    const size = b.u32(p);
    const mask = b.u32(p + 4);
    const offsets: number[] = [];
    for (let k = 0; k < rank; k++) offsets.push(b.uint(p + 8 + 8 * k, 8, 'a chunk offset'));
    const child = b.offset(p + keySize, 'a chunk address');
    p += keySize + b.offsetSize;
    if (level > 0) walkChunkTree(b, child, rank, out, seen, depth + 1, where);
    else out.push({ addr: child, size, mask, offsets });
  }
}

function fixedArray(b: H5Bytes, addr: number, n: number, chunkBytes: number, where: string): Array<Omit<Chunk, 'offsets'>> {
  if (addr === UNDEF) return [];
  const what = `the fixed-array chunk index of ${where}`;
  b.expectSig(addr, 'FAHD', what);
  const clientId = b.u8At(addr + 5);
  const entrySize = b.u8At(addr + 6);
  const pageBits = b.u8At(addr + 7);
  const max = b.length(addr + 8, what);
  const dblk = b.offset(addr + 8 + b.lengthSize, what);
  b.verify(addr, addr + 8 + b.lengthSize + b.offsetSize, what);
  if (max < n) b.fail(`${what} has fewer entries than chunks`, `${max} < ${n}`);
  if (dblk === UNDEF) return [];
  b.expectSig(dblk, 'FADB', what);
  const out: Array<Omit<Chunk, 'offsets'>> = [];
  const entries = (p: number, count: number) => {
    b.spend(count * entrySize, what);
    for (let i = 0; i < count && out.length < n; i++, p += entrySize) {
      const a = b.offset(p, what);
      if (clientId === 1) {
        const sizeLen = entrySize - b.offsetSize - 4;
        if (sizeLen < 1 || sizeLen > 8) b.fail(`${what} has a bad entry size`, entrySize);
        out.push({ addr: a, size: b.uint(p + b.offsetSize, sizeLen, what), mask: b.u32(p + b.offsetSize + sizeLen) });
      } else out.push({ addr: a, size: chunkBytes, mask: 0 });
    }
  };
  const start = dblk + 6 + b.offsetSize;
  const perPage = 2 ** pageBits;
  if (max <= perPage) {
    b.verify(dblk, start + max * entrySize, what);
    entries(start, max);
    return out;
  }
  // Paged: a bitmap of initialised pages (most significant bit first), then the pages, each checksummed.
  const pages = Math.ceil(max / perPage);
  const bitmap = b.bytes(start, Math.ceil(pages / 8), what);
  b.verify(dblk, start + bitmap.length, what);
  let p = start + bitmap.length + 4;
  for (let k = 0; k < pages && out.length < n; k++) {
    const count = Math.min(perPage, max - k * perPage);
    if (bitmap[k >> 3] & (0x80 >> (k & 7))) {
      b.verify(p, p + count * entrySize, what);
      entries(p, count);
    } else for (let i = 0; i < count && out.length < n; i++) out.push({ addr: UNDEF, size: 0, mask: 0 });
    p += count * entrySize + 4;
  }
  return out;
}

/** Reads the elements of an extensible array (index block, then data blocks, directly or via super blocks). */
function extensibleArray(b: H5Bytes, addr: number, n: number, chunkBytes: number, where: string): Array<Omit<Chunk, 'offsets'>> {
  if (addr === UNDEF) return [];
  const what = `the extensible-array chunk index of ${where}`;
  const O = b.offsetSize;
  const L = b.lengthSize;
  b.expectSig(addr, 'EAHD', what);
  const client = b.u8At(addr + 5);
  const elSize = b.u8At(addr + 6);
  const maxBits = b.u8At(addr + 7);
  const idxElmts = b.u8At(addr + 8);
  const dblkMin = b.u8At(addr + 9);
  const sblkMinPtrs = b.u8At(addr + 10);
  const pageBits = b.u8At(addr + 11);
  b.verify(addr, addr + 12 + 6 * L + O, what);
  const iblock = b.offset(addr + 12 + 6 * L, what);
  const log2 = (v: number) => Math.log2(v);
  if (elSize < O || maxBits < 1 || maxBits > 64 || dblkMin < 1 || !Number.isInteger(log2(dblkMin)) || sblkMinPtrs < 1 || !Number.isInteger(log2(sblkMinPtrs))) {
    b.fail(`${what} has invalid parameters`, `element ${elSize} bytes, ${maxBits} bits, blocks of ${dblkMin}, ${sblkMinPtrs} pointers`);
  }
  const offSize = Math.ceil(maxBits / 8);
  const nsblks = 1 + maxBits - log2(dblkMin);
  const sblk = Array.from({ length: nsblks }, (_, u) => ({ ndblks: 2 ** Math.floor(u / 2), nelmts: 2 ** Math.floor((u + 1) / 2) * dblkMin }));
  const out: Array<Omit<Chunk, 'offsets'>> = [];
  const element = (p: number) => {
    b.spend(elSize, what);
    const a = b.offset(p, what);
    if (client === 1) {
      const sizeLen = elSize - O - 4;
      if (sizeLen < 1 || sizeLen > 8) b.fail(`${what} has a bad element size`, elSize);
      out.push({ addr: a, size: b.uint(p + O, sizeLen, what), mask: b.u32(p + O + sizeLen) });
    } else out.push({ addr: a, size: chunkBytes, mask: 0 });
  };
  const missing = (k: number) => {
    for (let i = 0; i < k && out.length < n; i++) out.push({ addr: UNDEF, size: 0, mask: 0 });
  };
  if (iblock === UNDEF) return [];
  b.expectSig(iblock, 'EAIB', what);
  const iNsblks = 2 * log2(sblkMinPtrs);
  const nDblkAddrs = 2 * (sblkMinPtrs - 1);
  const nSblkAddrs = Math.max(0, nsblks - iNsblks);
  let p = iblock + 6 + O;
  b.verify(iblock, p + idxElmts * elSize + (nDblkAddrs + nSblkAddrs) * O, what);
  for (let i = 0; i < idxElmts && out.length < n; i++) element(p + i * elSize);
  p += idxElmts * elSize;
  const dblkAddrs = Array.from({ length: nDblkAddrs }, (_, i) => b.offset(p + i * O, what));
  const sblkAddrs = Array.from({ length: nSblkAddrs }, (_, i) => b.offset(p + (nDblkAddrs + i) * O, what));
  const dataBlock = (a: number, nelmts: number) => {
    if (a === UNDEF) return missing(nelmts);
    if (nelmts > 2 ** pageBits) b.fail(`${what} has paged data blocks, which are not supported`, `${nelmts} elements per block`);
    b.expectSig(a, 'EADB', what);
    const q = a + 6 + O + offSize;
    b.verify(a, q + nelmts * elSize, what);
    for (let i = 0; i < nelmts && out.length < n; i++) element(q + i * elSize);
  };
  let dblk = 0;
  for (let u = 0; u < nsblks && out.length < n; u++) {
    const { ndblks, nelmts } = sblk[u];
    if (u < iNsblks) {
      for (let k = 0; k < ndblks && out.length < n; k++) dataBlock(dblkAddrs[dblk++] ?? UNDEF, nelmts);
      continue;
    }
    const sa = sblkAddrs[u - iNsblks];
    if (sa === UNDEF) {
      missing(ndblks * nelmts);
      continue;
    }
    b.expectSig(sa, 'EASB', what);
    if (nelmts > 2 ** pageBits) b.fail(`${what} has paged data blocks, which are not supported`, `${nelmts} elements per block`);
    const q = sa + 6 + O + offSize;
    b.verify(sa, q + ndblks * O, what);
    for (let k = 0; k < ndblks && out.length < n; k++) dataBlock(b.offset(q + k * O, what), nelmts);
  }
  missing(n - out.length);
  return out;
}
