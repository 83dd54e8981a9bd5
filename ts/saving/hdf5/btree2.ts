// Version 2 B-trees ('BTHD' / 'BTIN' / 'BTLF'): the name indexes of dense links and attributes, and the
// chunk index of datasets with more than one unlimited dimension. We only need every record, in order.

import type { H5Bytes } from './bytes.js';
import { UNDEF } from './bytes.js';

const MAX_DEPTH = 16;

/** floor(log2(n)) / 8 + 1: bytes HDF5 uses to encode counts up to n. */
export const encSize = (n: number) => Math.floor((n > 0 ? Math.floor(Math.log2(n)) : 0) / 8) + 1;

/** Every record of a version 2 B-tree, in key order. */
export function btree2Records(b: H5Bytes, addr: number, where: string): Uint8Array[] {
  const what = `the v2 B-tree of ${where}`;
  b.expectSig(addr, 'BTHD', what);
  const O = b.offsetSize;
  const nodeSize = b.u32(addr + 6);
  const recSize = b.u16(addr + 10);
  const depth = b.u16(addr + 12);
  const root = b.offset(addr + 16, what);
  const rootN = b.u16(addr + 16 + O);
  if (recSize < 1 || nodeSize < 16 || depth > MAX_DEPTH) b.fail(`${what} has an invalid header`, `node ${nodeSize}, record ${recSize}, depth ${depth}`);
  b.verify(addr, addr + 18 + O + b.lengthSize, what);
  // Sizes of the "number of records" fields in internal nodes (H5B2 node_info).
  const maxLeaf = Math.floor((nodeSize - 10) / recSize);
  const nrecSize = encSize(maxLeaf);
  const cum: number[] = [maxLeaf];
  const cumSize: number[] = [0];
  for (let d = 1; d <= depth; d++) {
    const ptr = O + nrecSize + (d > 1 ? cumSize[d - 1] : 0);
    const maxN = Math.floor((nodeSize - (10 + ptr)) / (recSize + ptr));
    cum.push((maxN + 1) * cum[d - 1] + maxN);
    cumSize.push(encSize(cum[d]));
  }
  const out: Uint8Array[] = [];
  const seen = new Set<number>();
  const node = (a: number, n: number, d: number) => {
    if (seen.has(a)) b.fail(`${what} has a cycle`, `node at ${a}`);
    seen.add(a);
    b.expectSig(a, d > 0 ? 'BTIN' : 'BTLF', what);
    let p = a + 6;
    b.check(p, n * recSize, what);
    b.spend(n * recSize + 16, what);
    const recs: Uint8Array[] = [];
    for (let i = 0; i < n; i++, p += recSize) recs.push(b.u8.subarray(p, p + recSize));
    const ptr = O + nrecSize + (d > 1 ? cumSize[d - 1] : 0);
    b.verify(a, p + (d > 0 ? (n + 1) * ptr : 0), what);
    if (d === 0) {
      out.push(...recs);
      return;
    }
    for (let i = 0; i <= n; i++) {
      const child = b.offset(p, what);
      const cn = b.uint(p + O, nrecSize, what);
      p += ptr;
      node(child, cn, d - 1);
      if (i < n) out.push(recs[i]);
    }
  };
  if (root !== UNDEF && rootN > 0) node(root, rootN, depth);
  return out;
}

