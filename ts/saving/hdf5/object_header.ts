// Object headers, version 1 (prefix + 8-aligned messages) and version 2 ('OHDR'/'OCHK' chunks),
// flattened over their continuation blocks into one list of messages.

import { type H5Bytes, UNDEF } from './bytes.js';

export interface H5Message {
  type: number;
  flags: number;
  /** Where the message body starts in the file, and its size. */
  pos: number;
  size: number;
}

export const MSG = {
  NIL: 0x00, DATASPACE: 0x01, LINK_INFO: 0x02, DATATYPE: 0x03, FILL_OLD: 0x04, FILL: 0x05, LINK: 0x06,
  LAYOUT: 0x08, GROUP_INFO: 0x0a, FILTERS: 0x0b, ATTRIBUTE: 0x0c, CONTINUATION: 0x10, SYMBOL_TABLE: 0x11,
  ATTRIBUTE_INFO: 0x15,
} as const;

export function readObjectHeader(b: H5Bytes, addr: number, where: string): H5Message[] {
  if (addr === UNDEF) b.fail(`${where} has an undefined object header address`, 'all bits set');
  const msgs: H5Message[] = [];
  const seen = new Set<number>();
  const chunks: Array<[number, number]> = [];
  let v2 = false;
  let orderField = false;
  if (b.sig(addr, 'OHDR')) {
    v2 = true;
    b.check(addr, 6, `the object header of ${where}`);
    const version = b.u8At(addr + 4);
    if (version !== 2) b.fail(`the object header of ${where} has an unknown version`, version);
    const flags = b.u8At(addr + 5);
    orderField = (flags & 0x04) !== 0;
    let p = addr + 6;
    if (flags & 0x20) p += 16;
    if (flags & 0x10) p += 4;
    const n = 1 << (flags & 3);
    const size = b.uint(p, n, `the object header size of ${where}`);
    p += n;
    b.verify(addr, p + size, `the object header of ${where}`);
    chunks.push([p, p + size]);
  } else {
    b.check(addr, 16, `the object header of ${where}`);
    const version = b.u8At(addr);
    if (version !== 1) b.fail(`no object header for ${where} at ${addr}`, `version byte ${version}`);
    const size = b.u32(addr + 8);
    chunks.push([addr + 16, addr + 16 + size]);
  }
  const hdr = v2 ? (orderField ? 6 : 4) : 8;
  while (chunks.length) {
    const [start, end] = chunks.shift()!;
    if (seen.has(start)) b.fail(`the object header of ${where} has a continuation cycle`, `block at ${start}`);
    seen.add(start);
    b.check(start, end - start, `an object header block of ${where}`);
    b.spend(end - start + 16, `the object header of ${where}`);
    let p = start;
    while (p + hdr <= end) {
      const type = v2 ? b.u8At(p) : b.u16(p);
      const size = v2 ? b.u16(p + 1) : b.u16(p + 2);
      const flags = v2 ? b.u8At(p + 3) : b.u8At(p + 4);
      p += hdr;
      if (p + size > end) b.fail(`a message of the object header of ${where} runs past its block`, `type ${type}, size ${size}`);
      if (type === MSG.CONTINUATION) {
        const off = b.offset(p, 'a continuation address');
        const len = b.length(p + b.offsetSize, 'a continuation length');
        if (off === UNDEF || len === UNDEF) b.fail(`the object header of ${where} has an undefined continuation`, `${off}/${len}`);
        if (v2) {
          b.expectSig(off, 'OCHK', `an object header continuation of ${where}`);
          b.verify(off, off + len - 4, `an object header continuation of ${where}`);
          chunks.push([off + 4, off + len - 4]);
        } else chunks.push([off, off + len]);
      } else if (type !== MSG.NIL) msgs.push({ type, flags, pos: p, size });
      p += size;
    }
  }
  return msgs;
}
