// Chunked datasets: find the chunks (v1 B-tree, or the v4 single/implicit/fixed-array indexes), undo the
// filters (deflate, shuffle, fletcher32) and place each chunk in the row-major output.

import { unzlibSync } from 'fflate';
import { type H5Bytes, UNDEF } from './bytes.js';
import type { ChunkIndex, H5Filter } from './layout.js';

interface Chunk {
  addr: number;
  size: number;
  mask: number;
  /** Element offsets of the chunk's first element. */
  offsets: number[];
}

/** Deflate expands at most ~1032x; a declared size beyond that of the whole file cannot be real data. */
const MAX_EXPANSION = 1100;
const MAX_BTREE_DEPTH = 32;

export function checkAllocation(b: H5Bytes, nbytes: number, where: string): void {
  if (!Number.isSafeInteger(nbytes) || nbytes > b.size * MAX_EXPANSION + (1 << 20) || nbytes > 2 ** 31) {
    b.fail(`${where} declares more data than the file can hold`, `${nbytes} bytes from a ${b.size}-byte file`);
  }
}

export function readChunked(
  b: H5Bytes, index: ChunkIndex, chunk: number[], filters: H5Filter[], shape: number[], elemSize: number,
  fill: Uint8Array | undefined, where: string,
): Uint8Array {
  const rank = shape.length;
  if (chunk.length !== rank || chunk.some((d) => d < 1)) b.fail(`the chunk shape of ${where} is invalid`, `[${chunk.join(',')}]`);
  const total = shape.reduce((a, d) => a * d, 1) * elemSize;
  checkAllocation(b, total, where);
  const chunkBytes = chunk.reduce((a, d) => a * d, 1) * elemSize;
  checkAllocation(b, chunkBytes, `a chunk of ${where}`);
  const out = new Uint8Array(total);
  if (total === 0) return out;
  if (fill) for (let p = 0; p < total; p += elemSize) out.set(fill, p);
  const grid = shape.map((d, i) => Math.ceil(d / chunk[i]));
  const chunks = listChunks(b, index, chunk, grid, chunkBytes, rank, where);
  for (const ch of chunks) {
    ch.offsets.forEach((o, i) => {
      if (o % chunk[i] !== 0 || o >= shape[i]) b.fail(`a chunk of ${where} has an invalid position`, `[${ch.offsets.join(',')}]`);
    });
    if (ch.addr === UNDEF) continue;
    let data = b.bytes(ch.addr, ch.size, `a chunk of ${where}`);
    for (let i = filters.length - 1; i >= 0; i--) {
      if (ch.mask & (1 << i)) continue;
      data = applyFilter(b, filters[i], data, chunkBytes, where);
    }
    if (data.length !== chunkBytes) b.fail(`a chunk of ${where} has the wrong size after its filters`, `${data.length} bytes, expected ${chunkBytes}`);
    place(out, data, shape, chunk, ch.offsets, elemSize);
  }
  return out;
}

function applyFilter(b: H5Bytes, f: H5Filter, data: Uint8Array, chunkBytes: number, where: string): Uint8Array {
  switch (f.id) {
    case 1: {
      let res: Uint8Array;
      try {
        res = unzlibSync(data, { out: new Uint8Array(chunkBytes) });
      } catch (e) {
        return b.fail(`a deflated chunk of ${where} is corrupt (${(e as Error).message})`, `${data.length} bytes`);
      }
      return res;
    }
    case 2: {
      const size = f.values[0] ?? 1;
      if (size <= 1 || data.length % size) return data;
      const n = data.length / size;
      const out = new Uint8Array(data.length);
      for (let k = 0; k < size; k++) for (let i = 0; i < n; i++) out[i * size + k] = data[k * n + i];
      return out;
    }
    case 3:
      if (data.length < 4) b.fail(`a fletcher32 chunk of ${where} is too short`, data.length);
      return data.subarray(0, data.length - 4);
    default:
      return b.fail(`the filter of ${where} is not supported (only deflate, shuffle and fletcher32 are)`, `filter id ${f.id}`);
  }
}

/** Copies one chunk into the dataset, clipping it at the dataset's edges. */
function place(out: Uint8Array, data: Uint8Array, shape: number[], chunk: number[], off: number[], es: number): void {
  const rank = shape.length;
  const ext = shape.map((d, i) => Math.min(chunk[i], d - off[i]));
  const run = ext[rank - 1] * es;
  const idx = new Array(rank - 1).fill(0);
  for (;;) {
    let src = 0;
    let dst = 0;
    for (let i = 0; i < rank; i++) {
      const v = i < rank - 1 ? idx[i] : 0;
      src = src * chunk[i] + v;
      dst = dst * shape[i] + off[i] + v;
    }
    out.set(data.subarray(src * es, src * es + run), dst * es);
    let i = rank - 2;
    while (i >= 0 && ++idx[i] >= ext[i]) idx[i--] = 0;
    if (i < 0) return;
  }
}

function listChunks(b: H5Bytes, index: ChunkIndex, chunk: number[], grid: number[], chunkBytes: number, rank: number, where: string): Chunk[] {
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
  if (n > 2 ** pageBits) b.fail(`${what} is paged, which is not supported`, `${n} chunks, ${2 ** pageBits} per page`);
  if (dblk === UNDEF) return [];
  b.expectSig(dblk, 'FADB', what);
  let p = dblk + 6 + b.offsetSize;
  b.verify(dblk, p + max * entrySize, what);
  const out: Array<Omit<Chunk, 'offsets'>> = [];
  for (let i = 0; i < n; i++, p += entrySize) {
    const a = b.offset(p, what);
    if (clientId === 1) {
      const sizeLen = entrySize - b.offsetSize - 4;
      if (sizeLen < 1 || sizeLen > 8) b.fail(`${what} has a bad entry size`, entrySize);
      out.push({ addr: a, size: b.uint(p + b.offsetSize, sizeLen, what), mask: b.u32(p + b.offsetSize + sizeLen) });
    } else out.push({ addr: a, size: chunkBytes, mask: 0 });
  }
  return out;
}
