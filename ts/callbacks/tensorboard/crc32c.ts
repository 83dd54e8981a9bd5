// The masked CRC-32C TFRecord files store. TensorBoard rejects a record whose checksums do
// not match, so this must be bit-exact.

import { crc32c } from '../../saving/crc32.js';

export { crc32c };

/** TFRecord's mask: rotate right by 15 and add a constant, so CRCs of CRCs stay useful. */
export function maskedCrc32c(bytes: Uint8Array): number {
  const c = crc32c(bytes);
  return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
}
