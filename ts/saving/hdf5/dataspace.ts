// Dataspace messages: the shape of a dataset or attribute (scalar = [], null = no elements at all).

import type { Cursor } from './bytes.js';
import { UNDEF } from './bytes.js';

export interface H5Space {
  shape: number[];
  /** Number of elements: 1 for a scalar, 0 for a null dataspace. */
  count: number;
  /** Maximum dimensions when stored (-1: unlimited). */
  maxShape?: number[];
}

const MAX_RANK = 32;

export function parseDataspace(c: Cursor, where: string): H5Space {
  const version = c.u8();
  const rank = c.u8();
  const flags = c.u8();
  let isNull = false;
  if (version === 1) c.skip(5);
  else if (version === 2) isNull = c.u8() === 2;
  else c.b.fail(`the dataspace of ${where} has an unknown version`, version);
  if (rank > MAX_RANK) c.b.fail(`the dataspace of ${where} has too many dimensions`, rank);
  const shape: number[] = [];
  let count = 1;
  for (let i = 0; i < rank; i++) {
    const d = c.length();
    if (d === UNDEF) c.b.fail(`the dataspace of ${where} has an undefined dimension`, 'all bits set');
    shape.push(d);
    count *= d;
    if (!Number.isSafeInteger(count)) c.b.fail(`the dataspace of ${where} has too many elements`, `[${shape.join(',')}...]`);
  }
  let maxShape: number[] | undefined;
  if (flags & 1) maxShape = shape.map(() => c.length());
  return { shape, count: isNull ? 0 : count, maxShape };
}

/** Version 1 dataspace (what HDF5 writes with the earliest format): rank 0 is a scalar. */
export function encodeDataspace(shape: number[]): Uint8Array {
  const out = new Uint8Array(8 + 8 * shape.length);
  out[0] = 1;
  out[1] = shape.length;
  const dv = new DataView(out.buffer);
  shape.forEach((d, i) => dv.setBigUint64(8 + 8 * i, BigInt(d), true));
  return out;
}
