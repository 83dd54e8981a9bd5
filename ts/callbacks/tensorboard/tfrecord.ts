// TFRecord framing: u64 length, u32 masked CRC of the length, the data, u32 masked CRC of
// the data — all little-endian. TensorBoard event files are a sequence of these.

import { maskedCrc32c } from './crc32c.js';

export function frameRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length + 4);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.length >>> 0, true);
  dv.setUint32(4, Math.floor(data.length / 2 ** 32), true);
  dv.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  dv.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

/** Splits framed records, checking both CRCs (for tests and for reading logs back). */
export function readRecords(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = 0;
  while (o < bytes.length) {
    if (o + 12 > bytes.length) throw new Error(`TFRecord: truncated header at byte ${o}`);
    const len = dv.getUint32(o, true) + dv.getUint32(o + 4, true) * 2 ** 32;
    if (dv.getUint32(o + 8, true) !== maskedCrc32c(bytes.subarray(o, o + 8))) throw new Error(`TFRecord: length CRC mismatch at byte ${o}`);
    if (o + 12 + len + 4 > bytes.length) throw new Error(`TFRecord: truncated record at byte ${o}`);
    const data = bytes.subarray(o + 12, o + 12 + len);
    if (dv.getUint32(o + 12 + len, true) !== maskedCrc32c(data)) throw new Error(`TFRecord: data CRC mismatch at byte ${o}`);
    out.push(data);
    o += 16 + len;
  }
  return out;
}
