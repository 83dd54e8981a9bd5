// Datatype messages (HDF5 spec IV.A.2.d): parse the classes Keras and h5py files use, and encode what we write.

import { Cursor } from './bytes.js';
import type { H5DType } from './types.js';

export type H5Type =
  | { kind: 'number'; dtype: Exclude<H5DType, 'string'>; size: number; bigEndian: boolean }
  | { kind: 'fstring'; size: number; pad: number }
  | { kind: 'vstring'; size: number }
  | { kind: 'opaque'; size: number }
  /** Well-formed but not decodable here (compound, reference, ...): datasets fail, attributes are skipped. */
  | { kind: 'unsupported'; size: number; desc: string };

const CLASS_NAMES = ['fixed-point', 'floating-point', 'time', 'string', 'bitfield', 'opaque', 'compound', 'reference', 'enum', 'variable-length', 'array'];

const INT_TYPES: Record<number, [H5DType, H5DType]> = { 1: ['uint8', 'int8'], 2: ['uint16', 'int16'], 4: ['uint32', 'int32'], 8: ['uint64', 'int64'] };

export function parseDatatype(c: Cursor, where: string, depth = 0): H5Type {
  if (depth > 4) c.b.fail(`the datatype of ${where} nests too deeply`, depth);
  const b0 = c.u8();
  const bf0 = c.u8();
  const bf1 = c.u8();
  c.u8();
  const size = c.u32();
  const cls = b0 & 0x0f;
  const version = b0 >> 4;
  if (version < 1 || version > 5) c.b.fail(`the datatype of ${where} has an unknown version`, version);
  const unsupported = (): H5Type => ({ kind: 'unsupported', size, desc: `${CLASS_NAMES[cls] ?? `class ${cls}`} of ${size} bytes` });
  switch (cls) {
    case 0: {
      const bitOffset = c.u16();
      const precision = c.u16();
      const pair = INT_TYPES[size];
      if (!pair || bitOffset !== 0 || precision !== size * 8) return unsupported();
      return { kind: 'number', dtype: pair[bf0 & 0x08 ? 1 : 0] as Exclude<H5DType, 'string'>, size, bigEndian: (bf0 & 1) === 1 };
    }
    case 1: {
      c.u16(); // bit offset
      c.u16(); // precision
      c.u8(); // exponent location
      const expSize = c.u8();
      c.u8(); // mantissa location
      const mantSize = c.u8();
      c.u32(); // exponent bias
      if (bf0 & 0x40) return unsupported(); // VAX byte order
      const key = `${size}:${expSize}:${mantSize}`;
      const dtype = ({ '2:5:10': 'float16', '2:8:7': 'bfloat16', '4:8:23': 'float32', '8:11:52': 'float64' } as const)[key];
      if (!dtype) return unsupported();
      return { kind: 'number', dtype, size, bigEndian: (bf0 & 1) === 1 };
    }
    case 3:
      return { kind: 'fstring', size, pad: bf0 & 0x0f };
    case 5:
      // Opaque: what h5py stores ml_dtypes' bfloat16 as (Keras then marks the dataset dtype="bfloat16").
      c.skip(bf0);
      return { kind: 'opaque', size };
    case 8: {
      const base = parseDatatype(c, where, depth + 1);
      if (base.kind !== 'number' || !base.dtype.includes('int')) return unsupported();
      const n = bf0 | (bf1 << 8);
      const names: string[] = [];
      for (let i = 0; i < n; i++) {
        const start = c.pos;
        names.push(c.cstr());
        if (version < 3) c.align(start, 8);
      }
      const values: number[] = [];
      for (let i = 0; i < n; i++) values.push(c.uint(base.size));
      const isBool = n === 2 && base.size === 1 && names[0] === 'FALSE' && names[1] === 'TRUE' && values[0] === 0 && values[1] === 1;
      return isBool ? { kind: 'number', dtype: 'bool', size: 1, bigEndian: false } : base;
    }
    case 9: {
      const base = parseDatatype(c, where, depth + 1);
      if ((bf0 & 0x0f) !== 1 || base.kind === 'unsupported') return unsupported(); // vlen sequences other than strings
      return { kind: 'vstring', size };
    }
    default:
      return unsupported();
  }
}

const le = (v: number, n: number): number[] => Array.from({ length: n }, (_, i) => Math.floor(v / 256 ** i) % 256);

const FLOAT_PROPS: Record<string, number[]> = {
  float16: [15, 16, 10, 5, 0, 10, 15],
  float32: [31, 32, 23, 8, 0, 23, 127],
  float64: [63, 64, 52, 11, 0, 52, 1023],
};

function intType(size: number, signed: boolean): number[] {
  return [0x10, signed ? 0x08 : 0, 0, 0, ...le(size, 4), 0, 0, ...le(size * 8, 2)];
}

const encoded = new Map<H5DType, Uint8Array>();

/** The datatype message body for what the writer stores. */
export function encodeDatatype(dtype: H5DType): Uint8Array {
  let e = encoded.get(dtype);
  if (!e) encoded.set(dtype, (e = encodeDatatypeUncached(dtype)));
  return e;
}

function encodeDatatypeUncached(dtype: H5DType): Uint8Array {
  const fp = FLOAT_PROPS[dtype];
  if (fp) {
    const [signLoc, prec, expLoc, expSize, mantLoc, mantSize, bias] = fp;
    const size = prec / 8;
    return Uint8Array.from([0x11, 0x20, signLoc, 0, ...le(size, 4), 0, 0, ...le(prec, 2), expLoc, expSize, mantLoc, mantSize, ...le(bias, 4)]);
  }
  switch (dtype) {
    case 'bfloat16':
      // 2-byte opaque, untagged: exactly what h5py writes for Keras's bfloat16 variables.
      return Uint8Array.from([0x15, 0, 0, 0, 2, 0, 0, 0]);
    case 'bool': {
      // What h5py writes for numpy bool: an int8 enum {FALSE: 0, TRUE: 1}.
      const name = (s: string) => [...s].map((ch) => ch.charCodeAt(0)).concat(Array(8 - s.length).fill(0));
      return Uint8Array.from([0x18, 2, 0, 0, 1, 0, 0, 0, ...intType(1, true), ...name('FALSE'), ...name('TRUE'), 0, 1]);
    }
    case 'string':
      // Variable-length UTF-8 string over unsigned chars, as h5py's string_dtype('utf-8').
      return Uint8Array.from([0x19, 0x01, 0x01, 0, 16, 0, 0, 0, ...intType(1, false)]);
    default:
      return Uint8Array.from(intType(storedSize(dtype), dtype.startsWith('int')));
  }
}

/** Bytes per stored element. */
export function storedSize(dtype: H5DType): number {
  return { float16: 2, bfloat16: 2, float32: 4, float64: 8, int8: 1, uint8: 1, bool: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, int64: 8, uint64: 8, string: 16 }[dtype];
}
