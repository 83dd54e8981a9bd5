// Data layout (contiguous / compact / chunked), filter pipeline and fill value messages.

import { Cursor, type H5Bytes, UNDEF } from './bytes.js';
import type { H5Message } from './object_header.js';

export type H5Layout =
  | { cls: 'compact'; pos: number; size: number }
  | { cls: 'contiguous'; addr: number; size: number }
  | { cls: 'chunked'; chunk: number[]; index: ChunkIndex };

export type ChunkIndex =
  | { type: 'btree1'; addr: number }
  | { type: 'single'; addr: number; size: number; mask: number }
  | { type: 'implicit'; addr: number }
  | { type: 'fixed-array'; addr: number }
  | { type: 'extensible-array'; addr: number }
  | { type: 'btree2'; addr: number };

export interface H5Filter {
  id: number;
  values: number[];
}

const cursor = (b: H5Bytes, m: H5Message, what: string) => new Cursor(b, m.pos, m.pos + m.size, what);

export function parseLayout(b: H5Bytes, m: H5Message, rank: number, where: string): H5Layout {
  const c = cursor(b, m, `the data layout of ${where}`);
  const version = c.u8();
  if (version < 3 || version > 5) c.b.fail(`the data layout of ${where} has an unsupported version`, version);
  const cls = c.u8();
  if (cls === 0) {
    const size = c.u16();
    const pos = c.need(size);
    return { cls: 'compact', pos, size };
  }
  if (cls === 1) {
    const addr = c.offset();
    const size = c.length();
    if (size === UNDEF) c.b.fail(`the contiguous data of ${where} has an undefined size`, 'all bits set');
    return { cls: 'contiguous', addr, size };
  }
  if (cls !== 2) c.b.fail(`the data layout of ${where} has an unknown class`, cls);
  if (version === 3) {
    const dims = c.u8();
    if (dims !== rank + 1) c.b.fail(`the chunk rank of ${where} does not match its dataspace`, `${dims - 1} vs ${rank}`);
    const addr = c.offset();
    const chunk: number[] = [];
    for (let i = 0; i < dims; i++) chunk.push(c.u32());
    return { cls: 'chunked', chunk: chunk.slice(0, rank), index: { type: 'btree1', addr } };
  }
  const flags = c.u8();
  const dims = c.u8();
  const enc = c.u8();
  if (dims !== rank + 1 || enc < 1 || enc > 8) c.b.fail(`the chunked layout of ${where} is malformed`, `rank ${dims - 1} vs ${rank}, ${enc}-byte dims`);
  const chunk: number[] = [];
  for (let i = 0; i < dims; i++) chunk.push(c.uint(enc));
  const indexType = c.u8();
  const names = ['', 'single chunk', 'implicit', 'fixed array', 'extensible array', 'version 2 B-tree'];
  let index: ChunkIndex;
  if (indexType === 1) {
    let size = -1;
    let mask = 0;
    if (flags & 2) {
      size = c.length();
      mask = c.u32();
    }
    index = { type: 'single', size, mask, addr: c.offset() };
  } else if (indexType === 2) index = { type: 'implicit', addr: c.offset() };
  else if (indexType === 3) {
    c.u8(); // page bits, also in the header
    index = { type: 'fixed-array', addr: c.offset() };
  } else if (indexType === 4) {
    c.skip(5); // creation parameters, also in the header
    index = { type: 'extensible-array', addr: c.offset() };
  } else if (indexType === 5) {
    c.skip(6); // node size, split and merge percentages, also in the header
    index = { type: 'btree2', addr: c.offset() };
  } else return c.b.fail(`the chunk index of ${where} is not supported`, names[indexType] ?? `type ${indexType}`);
  return { cls: 'chunked', chunk: chunk.slice(0, rank), index };
}

export function parseFilters(b: H5Bytes, m: H5Message, where: string): H5Filter[] {
  const c = cursor(b, m, `the filter pipeline of ${where}`);
  const version = c.u8();
  const n = c.u8();
  if (version === 1) c.skip(6);
  else if (version !== 2) c.b.fail(`the filter pipeline of ${where} has an unknown version`, version);
  const out: H5Filter[] = [];
  for (let i = 0; i < n; i++) {
    const id = c.u16();
    const nameLen = version === 1 || id >= 256 ? c.u16() : 0;
    c.u16(); // flags
    const nValues = c.u16();
    c.skip(version === 1 ? Math.ceil(nameLen / 8) * 8 : nameLen);
    const values: number[] = [];
    for (let k = 0; k < nValues; k++) values.push(c.u32());
    if (version === 1 && nValues % 2) c.skip(4);
    out.push({ id, values });
  }
  return out;
}

/** The fill value's bytes, or undefined for zeros. */
export function parseFill(b: H5Bytes, m: H5Message, elemSize: number, where: string): Uint8Array | undefined {
  const c = cursor(b, m, `the fill value of ${where}`);
  const version = c.u8();
  let size = 0;
  if (version === 1 || version === 2) {
    c.skip(2);
    const defined = c.u8();
    if (version === 1 || defined) size = c.u32();
  } else if (version === 3) {
    const flags = c.u8();
    if (flags & 0x20) size = c.u32();
  } else c.b.fail(`the fill value of ${where} has an unknown version`, version);
  if (size === 0) return undefined;
  if (size !== elemSize) return undefined; // a fill value that is not one element (e.g. vlen) is left as zeros
  return c.bytes(size);
}
