// writeHdf5: an H5Group tree -> the bytes of an HDF5 file in the format Keras/h5py write by default
// (superblock 0, v1 object headers, symbol-table groups, contiguous little-endian data, vlen UTF-8 strings
// in global heap collections), so h5py and Keras 3 read it.

import { ValueError, fmt } from '../../errors.js';
import { attrStorage, encodeAttribute } from './attributes.js';
import { encodeDataspace } from './dataspace.js';
import { encodeDatatype, storedSize } from './datatype.js';
import { type Encoded, encodeElements } from './encode.js';
import { FileBuffer } from './file_buffer.js';
import { GlobalHeapWriter } from './global_heap.js';
import { MSG } from './object_header.js';
import { encodeSuperblock } from './superblock.js';
import { INTERNAL_K, LEAF_K, type SymbolEntry, writeSymbolTable } from './symbol_table_writer.js';
import { type H5AttrValue, type H5Dataset, type H5Group, h5dataset } from './types.js';

const pad8 = (n: number) => Math.ceil(n / 8) * 8;
const MAX_MESSAGE = 0xffff;
const enc = new TextEncoder();

interface Message {
  type: number;
  body: Uint8Array;
  /** Heap references inside `body`. */
  refs?: Array<[number, number]>;
}

/** Roughly the file size: data bytes plus room for headers and group structures. */
function estimateSize(g: H5Group, seen = new Set<H5Group>()): number {
  if (seen.has(g) || !(g?.children instanceof Map)) return 0;
  seen.add(g);
  let n = 2048;
  for (const child of g.children.values()) {
    if (child?.kind === 'dataset') n += 512 + (Array.isArray(child.data) ? 48 * child.data.length : (child.data?.byteLength ?? 0));
    else n += estimateSize(child as H5Group, seen);
  }
  return n;
}

class Writer {
  buf: FileBuffer;
  heap = new GlobalHeapWriter();
  patches: Array<[number, number]> = [];
  private open = new Set<H5Group>();
  constructor(root: H5Group) {
    this.buf = new FileBuffer(estimateSize(root));
  }

  /** An object header (version 1) holding `msgs`; returns its address. */
  header(msgs: Message[], where: string): number {
    let size = 0;
    for (const m of msgs) {
      if (pad8(m.body.length) > MAX_MESSAGE) {
        throw new ValueError(`writeHdf5: a header message of ${where} is too large for an HDF5 object header (at most ${MAX_MESSAGE} bytes). Received: ${m.body.length} bytes`);
      }
      size += 8 + pad8(m.body.length);
    }
    const at = this.buf.alloc(16 + size);
    const b = this.buf;
    b.u8[at] = 1;
    b.u16(at + 2, msgs.length);
    b.u32(at + 4, 1);
    b.u32(at + 8, size);
    let p = at + 16;
    for (const m of msgs) {
      b.u16(p, m.type);
      b.u16(p + 2, pad8(m.body.length));
      if (m.type === MSG.DATATYPE || m.type === MSG.FILL) b.u8[p + 4] = 1; // constant, as HDF5 marks them
      b.u8.set(m.body, p + 8);
      for (const [off, coll] of m.refs ?? []) this.patches.push([p + 8 + off, coll]);
      p += 8 + pad8(m.body.length);
    }
    return at;
  }

  attributes(attrs: Record<string, H5AttrValue>, where: string): Message[] {
    if (attrs === null || typeof attrs !== 'object') throw new ValueError(`writeHdf5: the attributes of ${where} must be an object. Received: ${fmt(attrs)}`);
    return Object.keys(attrs).map((name) => {
      if (name === '' || name.includes('\0')) throw new ValueError(`writeHdf5: ${where} has an invalid attribute name. Received: ${JSON.stringify(name)}`);
      const { dtype, shape, data } = attrStorage(name, attrs[name], where);
      const enc = encodeElements(dtype, data, this.heap, `attribute '${name}' of ${where}`);
      const { bytes, payload } = encodeAttribute(name, dtype, shape, enc.bytes);
      if (bytes.length > MAX_MESSAGE) {
        throw new ValueError(
          `writeHdf5: attribute '${name}' of ${where} is too large for an HDF5 object header (at most ${MAX_MESSAGE} bytes; ` +
            `a string of any length fits, as its text goes to the global heap). Received: ${bytes.length} bytes`,
        );
      }
      return { type: MSG.ATTRIBUTE, body: bytes, refs: enc.refs.map(([o, c]) => [o + payload, c]) };
    });
  }

  dataset(d: H5Dataset, where: string): number {
    // Re-validate: the object may have been built or mutated by hand.
    const checked = h5dataset(d.data, d.shape, d.dtype);
    const attrs = { ...d.attrs };
    if (checked.dtype === 'bfloat16') attrs.dtype = 'bfloat16'; // Keras's marker for uint16-stored bfloat16
    const enc: Encoded = encodeElements(checked.dtype, checked.data, this.heap, where);
    const n = checked.data.length;
    const layout = new Uint8Array(18);
    layout[0] = 3;
    layout[1] = 1; // contiguous
    const lv = new DataView(layout.buffer);
    if (n > 0) {
      const at = this.buf.put(enc.bytes);
      for (const [off, coll] of enc.refs) this.patches.push([at + off, coll]);
      lv.setBigUint64(2, BigInt(at), true);
    } else lv.setBigUint64(2, 0xffffffffffffffffn, true); // never allocated, as HDF5 leaves empty datasets
    lv.setBigUint64(10, BigInt(n * storedSize(checked.dtype)), true);
    return this.header(
      [
        { type: MSG.DATASPACE, body: encodeDataspace(checked.shape) },
        { type: MSG.DATATYPE, body: encodeDatatype(checked.dtype) },
        { type: MSG.FILL, body: Uint8Array.from([2, 2, 2, 1, 0, 0, 0, 0]) },
        { type: MSG.LAYOUT, body: layout },
        ...this.attributes(attrs, where),
      ],
      where,
    );
  }

  /** Writes a group and everything below it; returns [header, B-tree, local heap] addresses. */
  group(g: H5Group, where: string): [number, number, number] {
    if (!g || g.kind !== 'group' || !(g.children instanceof Map)) throw new ValueError(`writeHdf5: ${where} must be an H5Group (see h5group()). Received: ${fmt(g)}`);
    if (this.open.has(g)) throw new ValueError(`writeHdf5: ${where} contains itself. Received: a cyclic tree`);
    this.open.add(g);
    const entries: SymbolEntry[] = [];
    for (const [name, child] of g.children) {
      if (typeof name !== 'string' || name === '' || name === '.' || name.includes('/') || name.includes('\0')) {
        throw new ValueError(`writeHdf5: ${where} has an invalid child name (no '/', NUL, '.' or empty names). Received: ${JSON.stringify(name)}`);
      }
      const path = where === '/' ? `/${name}` : `${where}/${name}`;
      if (child?.kind === 'dataset') entries.push({ name: enc.encode(name), header: this.dataset(child, `dataset '${path}'`) });
      else {
        const [header, btree, heap] = this.group(child as H5Group, path);
        entries.push({ name: enc.encode(name), header, stab: [btree, heap] });
      }
    }
    const [btree, heap] = writeSymbolTable(this.buf, entries);
    const stab = new Uint8Array(16);
    new DataView(stab.buffer).setBigUint64(0, BigInt(btree), true);
    new DataView(stab.buffer).setBigUint64(8, BigInt(heap), true);
    const header = this.header([{ type: MSG.SYMBOL_TABLE, body: stab }, ...this.attributes(g.attrs, `group '${where}'`)], `group '${where}'`);
    this.open.delete(g);
    return [header, btree, heap];
  }
}

export function writeHdf5(root: H5Group): Uint8Array {
  const w = new Writer(root);
  w.buf.alloc(96); // superblock, written last
  const [header, btree, heap] = w.group(root, '/');
  const collections = w.heap.collections.map((objs) => w.buf.put(GlobalHeapWriter.encode(objs)));
  for (const [at, coll] of w.patches) w.buf.u64(at, collections[coll]);
  const eof = Math.ceil(w.buf.length / 8) * 8;
  w.buf.u8.set(encodeSuperblock(LEAF_K, INTERNAL_K, eof, header, btree, heap), 0);
  return w.buf.bytes();
}
