// Table-driven reflected CRC-32s: IEEE for zip (fflate does not check member CRCs on unzip;
// Keras's zipfile does, so a flipped bit in a weight must fail here too) and Castagnoli
// (CRC-32C) for TensorBoard's TFRecord framing.

function crcFunction(poly: number): (bytes: Uint8Array) => number {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    table[i] = c >>> 0;
  }
  return (bytes) => {
    let c = 0xffffffff;
    for (let i = 0; i < bytes.length; i++) c = table[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
}

export const crc32 = crcFunction(0xedb88320);
export const crc32c = crcFunction(0x82f63b78);
