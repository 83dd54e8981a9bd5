// Old-style group membership, as HDF5's earliest file format writes it: a local heap of names, symbol
// table nodes ('SNOD', up to 2*LEAF_K sorted entries each) and a v1 B-tree over them ('TREE', up to
// 2*INTERNAL_K children per node, more levels when a group has many children).

import { UNDEF } from './bytes.js';
import type { FileBuffer } from './file_buffer.js';

export const LEAF_K = 4;
export const INTERNAL_K = 16;
const SNOD_SIZE = 8 + 2 * LEAF_K * 40;
const TREE_SIZE = 24 + (2 * INTERNAL_K + 1) * 8 + 2 * INTERNAL_K * 8;

export interface SymbolEntry {
  name: Uint8Array;
  header: number;
  /** For groups: their B-tree and heap addresses, cached in the entry (cache type 1) as HDF5 does. */
  stab?: [number, number];
}

const pad8 = (n: number) => Math.ceil(n / 8) * 8;

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Writes the heap, nodes and B-tree of one group; returns [B-tree address, local heap address]. */
export function writeSymbolTable(buf: FileBuffer, entries: SymbolEntry[]): [number, number] {
  // HDF5 orders names with strcmp, i.e. by UTF-8 bytes.
  const sorted = [...entries].sort((a, b) => compareBytes(a.name, b.name));

  // Local heap: offset 0 is the empty name, then every name NUL-terminated and 8-aligned, then one free block.
  const nameOff: number[] = [];
  let used = 8;
  for (const e of sorted) {
    nameOff.push(used);
    used += pad8(e.name.length + 1);
  }
  const heapSize = used + 16;
  const heap = buf.alloc(32);
  const data = buf.alloc(heapSize);
  buf.ascii(heap, 'HEAP');
  buf.u64(heap + 8, heapSize);
  buf.u64(heap + 16, used); // head of the free list
  buf.u64(heap + 24, data);
  sorted.forEach((e, i) => buf.u8.set(e.name, data + nameOff[i]));
  buf.u64(data + used, 1); // next free block: none (HDF5's H5HL_FREE_NULL)
  buf.u64(data + used + 8, 16);

  // Symbol table nodes.
  let nodes: Array<{ addr: number; last: number }> = [];
  for (let i = 0; i < sorted.length; i += 2 * LEAF_K) {
    const part = sorted.slice(i, i + 2 * LEAF_K);
    const at = buf.alloc(SNOD_SIZE);
    buf.ascii(at, 'SNOD');
    buf.u8[at + 4] = 1;
    buf.u16(at + 6, part.length);
    part.forEach((e, k) => {
      const p = at + 8 + 40 * k;
      buf.u64(p, nameOff[i + k]);
      buf.u64(p + 8, e.header);
      if (e.stab) {
        buf.u32(p + 16, 1);
        buf.u64(p + 24, e.stab[0]);
        buf.u64(p + 32, e.stab[1]);
      }
    });
    nodes.push({ addr: at, last: nameOff[i + part.length - 1] });
  }

  // B-tree levels: key i is the last name of child i-1 (key 0: the left neighbour's last name, or "").
  let level = 0;
  do {
    const parents: Array<{ addr: number; last: number }> = [];
    const step = 2 * INTERNAL_K;
    for (let i = 0; i < Math.max(nodes.length, 1); i += step) {
      const kids = nodes.slice(i, i + step);
      const at = buf.alloc(TREE_SIZE);
      buf.ascii(at, 'TREE');
      buf.u8[at + 4] = 0;
      buf.u8[at + 5] = level;
      buf.u16(at + 6, kids.length);
      buf.u64(at + 8, parents.length ? parents[parents.length - 1].addr : UNDEF);
      buf.u64(at + 16, UNDEF);
      if (parents.length) buf.u64(parents[parents.length - 1].addr + 16, at);
      let p = at + 24;
      buf.u64(p, i > 0 ? nodes[i - 1].last : 0);
      for (const k of kids) {
        buf.u64(p + 8, k.addr);
        buf.u64(p + 16, k.last);
        p += 16;
      }
      parents.push({ addr: at, last: kids.length ? kids[kids.length - 1].last : 0 });
    }
    nodes = parents;
    level++;
  } while (nodes.length > 1);
  return [nodes[0].addr, heap];
}
