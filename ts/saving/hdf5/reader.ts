// readHdf5: the whole file -> an H5Group tree. Every malformation becomes a ValueError naming the file.

import { ValueError } from '../../errors.js';
import { Cursor, type H5Bytes, UNDEF } from './bytes.js';
import { checkAllocation, readChunked } from './chunks.js';
import { parseDataspace } from './dataspace.js';
import { parseDatatype } from './datatype.js';
import { decodeElements } from './decode.js';
import { denseAttributes, denseLinks } from './dense.js';
import { GlobalHeapReader } from './global_heap.js';
import { parseAttributeInfo, parseLink, parseLinkInfo, symbolTableLinks, type Links } from './groups.js';
import { parseFill, parseFilters, parseLayout } from './layout.js';
import { MSG, readObjectHeader, type H5Message } from './object_header.js';
import { parseAttribute } from './attributes.js';
import { readSuperblock } from './superblock.js';
import { compareNames, type H5AttrValue, type H5Dataset, type H5DType, type H5Group } from './types.js';

const MAX_DEPTH = 64;

/** A plain own property even for names like '__proto__' (which plain assignment would turn into a prototype change). */
function setOwn(o: Record<string, H5AttrValue>, k: string, v: H5AttrValue): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

class Reader {
  private heap: GlobalHeapReader;
  private done = new Map<number, H5Group | H5Dataset>();
  private open = new Set<number>();
  constructor(private b: H5Bytes, private rootAddr: number) {
    this.heap = new GlobalHeapReader(b);
  }

  object(addr: number, path: string, depth: number): H5Group | H5Dataset | undefined {
    const b = this.b;
    if (depth > MAX_DEPTH) b.fail(`'${path}' is nested too deeply`, `${depth} levels`);
    if (this.open.has(addr)) b.fail(`'${path}' links back to one of its own parent groups`, `object at ${addr}`);
    const known = this.done.get(addr);
    if (known) return known; // hard-linked twice: share the object
    this.open.add(addr);
    const msgs = readObjectHeader(b, addr, `'${path}'`);
    const has = (t: number) => msgs.some((m) => m.type === t);
    const attrs = this.attributes(msgs, path);
    let obj: H5Group | H5Dataset | undefined;
    if (has(MSG.LAYOUT)) obj = this.dataset(msgs, path, attrs);
    else if (has(MSG.SYMBOL_TABLE) || has(MSG.LINK_INFO) || has(MSG.LINK) || has(MSG.GROUP_INFO) || addr === this.rootAddr) {
      obj = { kind: 'group', children: new Map(), attrs };
      this.done.set(addr, obj);
      const links = this.links(msgs, path);
      for (const name of [...links.keys()].sort(compareNames)) {
        const a = links.get(name)!;
        if (a === UNDEF) continue;
        if (name === '' || name.includes('/')) b.fail(`group '${path}' has a link with an invalid name`, JSON.stringify(name));
        const child = this.object(a, path === '/' ? `/${name}` : `${path}/${name}`, depth + 1);
        if (child) obj.children.set(name, child);
      }
    } else if (!has(MSG.DATATYPE)) b.fail(`'${path}' is neither a group nor a dataset`, `message types ${msgs.map((m) => m.type).join(',')}`);
    // (an object with only a datatype is a committed datatype: not part of the tree)
    this.open.delete(addr);
    if (obj) this.done.set(addr, obj);
    return obj;
  }

  private links(msgs: H5Message[], path: string): Links {
    const b = this.b;
    const where = `group '${path}'`;
    const stab = msgs.find((m) => m.type === MSG.SYMBOL_TABLE);
    if (stab) return symbolTableLinks(b, stab, where);
    const links: Links = new Map();
    for (const m of msgs) {
      if (m.type === MSG.LINK) {
        const [name, a] = parseLink(b, m, where);
        links.set(name, a);
      } else if (m.type === MSG.LINK_INFO) {
        const info = parseLinkInfo(b, m, where);
        if (info.heap !== UNDEF) for (const [name, a] of denseLinks(b, info.heap, info.nameIndex, where)) links.set(name, a);
      }
    }
    return links;
  }

  private attributes(msgs: H5Message[], path: string): Record<string, H5AttrValue> {
    const attrs: Record<string, H5AttrValue> = {};
    const owner = `'${path}'`;
    for (const m of msgs) {
      if (m.type === MSG.ATTRIBUTE) {
        const kv = parseAttribute(this.b, m, this.heap, owner);
        if (kv) setOwn(attrs, ...kv);
      } else if (m.type === MSG.ATTRIBUTE_INFO) {
        const info = parseAttributeInfo(this.b, m, owner);
        if (info.heap !== UNDEF) {
          for (const am of denseAttributes(this.b, info.heap, info.nameIndex, owner)) {
            const kv = parseAttribute(this.b, am, this.heap, owner);
            if (kv) setOwn(attrs, ...kv);
          }
        }
      }
    }
    return attrs;
  }

  private dataset(msgs: H5Message[], path: string, attrs: Record<string, H5AttrValue>): H5Dataset {
    const b = this.b;
    const where = `dataset '${path}'`;
    const need = (t: number, what: string): H5Message => {
      const m = msgs.find((x) => x.type === t);
      return m ?? b.fail(`${where} has no ${what} message`, 'none');
    };
    const dtm = need(MSG.DATATYPE, 'datatype');
    if (dtm.flags & 2) b.fail(`${where} uses a shared (committed) datatype, which is not supported`, `message flags ${dtm.flags}`);
    let type = parseDatatype(new Cursor(b, dtm.pos, dtm.pos + dtm.size, `the datatype of ${where}`), where);
    // Keras marks bfloat16 variables with dtype="bfloat16"; h5py stores them as 2-byte opaque (or uint16).
    const bf16 = attrs.dtype === 'bfloat16' && type.size === 2 && (type.kind === 'opaque' || (type.kind === 'number' && type.dtype === 'uint16'));
    if (bf16) type = { kind: 'number', dtype: 'bfloat16', size: 2, bigEndian: false };
    const dsm = need(MSG.DATASPACE, 'dataspace');
    const space = parseDataspace(new Cursor(b, dsm.pos, dsm.pos + dsm.size, `the dataspace of ${where}`), where);
    const layout = parseLayout(b, need(MSG.LAYOUT, 'data layout'), space.shape.length, where);
    const nbytes = space.count * type.size;
    const fillMsg = msgs.find((m) => m.type === MSG.FILL);
    const fill = fillMsg && type.kind === 'number' ? parseFill(b, fillMsg, type.size, where) : undefined;
    let raw: Uint8Array;
    if (layout.cls === 'compact') {
      if (layout.size < nbytes) b.fail(`the compact data of ${where} is shorter than its shape needs`, `${layout.size} < ${nbytes} bytes`);
      raw = b.bytes(layout.pos, nbytes, `the data of ${where}`);
      b.produce(nbytes, 'raw', where);
    } else if (layout.cls === 'contiguous') {
      if (layout.addr === UNDEF) {
        checkAllocation(b, nbytes, where);
        b.produce(nbytes, 'expanded', where);
        raw = new Uint8Array(nbytes); // never written: fill value
        if (fill) for (let p = 0; p < nbytes; p += type.size) raw.set(fill, p);
      } else {
        if (layout.size < nbytes) b.fail(`the contiguous data of ${where} is shorter than its shape needs`, `${layout.size} < ${nbytes} bytes`);
        raw = b.bytes(layout.addr, nbytes, `the data of ${where}`);
        b.produce(nbytes, 'raw', where);
      }
    } else {
      const filters = msgs.find((m) => m.type === MSG.FILTERS);
      raw = readChunked(b, layout.index, layout.chunk, filters ? parseFilters(b, filters, where) : [], space.shape, type.size, fill, where, space.maxShape);
    }
    const data = decodeElements(b, type, raw, space.count, this.heap, where);
    const dtype: H5DType = type.kind === 'number' ? type.dtype : 'string';
    return { kind: 'dataset', shape: space.shape, dtype, data, attrs };
  }
}

export function readHdf5(bytes: Uint8Array | ArrayBuffer, fileName = 'file'): H5Group {
  try {
    if (bytes instanceof ArrayBuffer) bytes = new Uint8Array(bytes);
    if (!(bytes instanceof Uint8Array)) throw new ValueError(`HDF5 file '${fileName}': expected a Uint8Array. Received: ${Object.prototype.toString.call(bytes)}`);
    const { b, root } = readSuperblock(bytes, fileName);
    const r = new Reader(b, root);
    const obj = r.object(root, '/', 0);
    if (!obj || obj.kind !== 'group') return b.fail('the root object is not a group', obj?.kind ?? 'nothing');
    return obj;
  } catch (e) {
    if (e instanceof ValueError) throw e;
    throw new ValueError(`HDF5 file '${fileName}': the file is corrupt or unsupported (internal error: ${(e as Error)?.message ?? String(e)}). Received: ${(bytes as Uint8Array)?.length} bytes`);
  }
}
