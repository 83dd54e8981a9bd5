// Chunked datasets: find the chunks (v1 B-tree, or the v4 single/implicit/fixed-array indexes), undo the
// filters (deflate, shuffle, fletcher32) and place each chunk in the row-major output.

import { unzlibSync } from 'fflate';
import { type H5Bytes, UNDEF } from './bytes.js';
import { listChunks } from './chunk_index.js';
import type { ChunkIndex, H5Filter } from './layout.js';

/** Deflate expands at most ~1032x; a declared size beyond that of the whole file cannot be real data. */
const MAX_EXPANSION = 1100;

export function checkAllocation(b: H5Bytes, nbytes: number, where: string): void {
  if (!Number.isSafeInteger(nbytes) || nbytes > b.size * MAX_EXPANSION + (1 << 20) || nbytes > 2 ** 31) {
    b.fail(`${where} declares more data than the file can hold`, `${nbytes} bytes from a ${b.size}-byte file`);
  }
}

export function readChunked(
  b: H5Bytes, index: ChunkIndex, chunk: number[], filters: H5Filter[], shape: number[], elemSize: number,
  fill: Uint8Array | undefined, where: string, maxShape?: number[],
): Uint8Array {
  const rank = shape.length;
  if (chunk.length !== rank || chunk.some((d) => d < 1)) b.fail(`the chunk shape of ${where} is invalid`, `[${chunk.join(',')}]`);
  const total = shape.reduce((a, d) => a * d, 1) * elemSize;
  checkAllocation(b, total, where);
  const chunkBytes = chunk.reduce((a, d) => a * d, 1) * elemSize;
  checkAllocation(b, chunkBytes, `a chunk of ${where}`);
  b.produce(total, 'expanded', where);
  const out = new Uint8Array(total);
  if (total === 0) return out;
  if (fill) for (let p = 0; p < total; p += elemSize) out.set(fill, p);
  const grid = shape.map((d, i) => Math.ceil(d / chunk[i]));
  const chunks = listChunks(b, index, chunk, grid, chunkBytes, where, maxShape);
  for (const ch of chunks) {
    ch.offsets.forEach((o, i) => {
      if (o % chunk[i] !== 0 || o >= shape[i]) b.fail(`a chunk of ${where} has an invalid position`, `[${ch.offsets.join(',')}]`);
    });
    if (ch.addr === UNDEF) continue;
    let data = b.bytes(ch.addr, ch.size, `a chunk of ${where}`);
    b.spend(ch.size + chunkBytes, where);
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
