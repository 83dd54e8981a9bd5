// Group membership: old-style symbol tables (v1 B-tree of 'SNOD's + local heap of names) and new-style
// link messages (compact), with dense link storage (fractal heap + v2 B-tree) in dense_links.ts.

import { Cursor, type H5Bytes, UNDEF, utf8 } from './bytes.js';
import type { H5Message } from './object_header.js';

/** name -> object header address (hard links only; soft and external links are not followed). */
export type Links = Map<string, number>;

const MAX_DEPTH = 32;

interface LocalHeap {
  start: number;
  end: number;
}

function localHeap(b: H5Bytes, addr: number, where: string): LocalHeap {
  b.expectSig(addr, 'HEAP', `the local heap of ${where}`);
  const size = b.length(addr + 8, 'a local heap size');
  const data = b.offset(addr + 8 + 2 * b.lengthSize, 'a local heap address');
  b.check(data, size, `the local heap data of ${where}`);
  return { start: data, end: data + size };
}

export function symbolTableLinks(b: H5Bytes, m: H5Message, where: string): Links {
  const c = new Cursor(b, m.pos, m.pos + m.size, `the symbol table message of ${where}`);
  const btree = c.offset();
  const heap = localHeap(b, c.offset(), where);
  const links: Links = new Map();
  walkGroupTree(b, btree, heap, links, new Set(), 0, where);
  return links;
}

function walkGroupTree(b: H5Bytes, addr: number, heap: LocalHeap, links: Links, seen: Set<number>, depth: number, where: string): void {
  if (seen.has(addr) || depth > MAX_DEPTH) b.fail(`the group B-tree of ${where} has a cycle`, `node at ${addr}`);
  seen.add(addr);
  b.expectSig(addr, 'TREE', `a group B-tree node of ${where}`);
  if (b.u8At(addr + 4) !== 0) b.fail(`a group B-tree node of ${where} is not a group node`, `type ${b.u8At(addr + 4)}`);
  const level = b.u8At(addr + 5);
  const n = b.u16(addr + 6);
  const L = b.lengthSize;
  const O = b.offsetSize;
  let p = addr + 8 + 2 * O + L; // skip siblings and the first key
  b.check(p, n * (O + L), `a group B-tree node of ${where}`);
  b.spend(n * (O + L) + 32, `the group B-tree of ${where}`);
  for (let i = 0; i < n; i++, p += O + L) {
    const child = b.offset(p, 'a group B-tree child');
    if (level > 0) walkGroupTree(b, child, heap, links, seen, depth + 1, where);
    else readSymbolNode(b, child, heap, links, seen, where);
  }
}

function readSymbolNode(b: H5Bytes, addr: number, heap: LocalHeap, links: Links, seen: Set<number>, where: string): void {
  if (seen.has(addr)) b.fail(`the group B-tree of ${where} lists a symbol node twice`, `node at ${addr}`);
  seen.add(addr);
  b.expectSig(addr, 'SNOD', `a symbol table node of ${where}`);
  const n = b.u16(addr + 6);
  const O = b.offsetSize;
  const entry = 2 * O + 24;
  b.check(addr + 8, n * entry, `a symbol table node of ${where}`);
  b.spend(n * entry + 8, `a symbol table node of ${where}`);
  for (let i = 0, p = addr + 8; i < n; i++, p += entry) {
    const nameOff = b.offset(p, 'a link name offset');
    if (nameOff === UNDEF || heap.start + nameOff >= heap.end) b.fail(`a link name of ${where} lies outside its local heap`, nameOff);
    const name = b.cstring(heap.start + nameOff, heap.end, `a link name of ${where}`);
    links.set(name, b.offset(p + O, 'an object header address'));
  }
}

/** A link message (new-style groups). Returns [name, address], address UNDEF for soft/external links. */
export function parseLink(b: H5Bytes, m: H5Message, where: string): [string, number] {
  const c = new Cursor(b, m.pos, m.pos + m.size, `a link message of ${where}`);
  const version = c.u8();
  if (version !== 1) b.fail(`a link message of ${where} has an unknown version`, version);
  const flags = c.u8();
  const type = flags & 0x08 ? c.u8() : 0;
  if (flags & 0x04) c.skip(8);
  if (flags & 0x10) c.u8();
  const nameLen = c.uint(1 << (flags & 3));
  const name = utf8(c.bytes(nameLen));
  return [name, type === 0 ? c.offset() : UNDEF];
}

/** Link info message: the fractal heap and name index addresses of dense link storage (UNDEF when compact). */
export function parseLinkInfo(b: H5Bytes, m: H5Message, where: string): { heap: number; nameIndex: number } {
  const c = new Cursor(b, m.pos, m.pos + m.size, `the link info message of ${where}`);
  if (c.u8() !== 0) b.fail(`the link info message of ${where} has an unknown version`, b.u8At(m.pos));
  const flags = c.u8();
  if (flags & 1) c.skip(8);
  return { heap: c.offset(), nameIndex: c.offset() };
}

/** Attribute info message: dense attribute storage addresses (UNDEF when attributes are in the header). */
export function parseAttributeInfo(b: H5Bytes, m: H5Message, where: string): { heap: number; nameIndex: number } {
  const c = new Cursor(b, m.pos, m.pos + m.size, `the attribute info message of ${where}`);
  if (c.u8() !== 0) b.fail(`the attribute info message of ${where} has an unknown version`, b.u8At(m.pos));
  const flags = c.u8();
  if (flags & 1) c.skip(2);
  return { heap: c.offset(), nameIndex: c.offset() };
}
