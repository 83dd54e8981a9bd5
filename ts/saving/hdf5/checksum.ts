// Jenkins' lookup3 hash (hashlittle, initval 0): the checksum HDF5 puts on its version 2 metadata
// ('OHDR', 'OCHK', 'BTHD', 'BTLF', 'BTIN', 'FRHP', 'FHIB', 'FAHD', 'FADB', superblock v2/v3).

const rot = (x: number, k: number) => (x << k) | (x >>> (32 - k));

export function lookup3(k: Uint8Array): number {
  let len = k.length;
  let a = (0xdeadbeef + len) | 0;
  let b = a;
  let c = a;
  let i = 0;
  const word = (p: number) => k[p] | (k[p + 1] << 8) | (k[p + 2] << 16) | (k[p + 3] << 24);
  while (len > 12) {
    a = (a + word(i)) | 0;
    b = (b + word(i + 4)) | 0;
    c = (c + word(i + 8)) | 0;
    a = (a - c) | 0; a ^= rot(c, 4); c = (c + b) | 0;
    b = (b - a) | 0; b ^= rot(a, 6); a = (a + c) | 0;
    c = (c - b) | 0; c ^= rot(b, 8); b = (b + a) | 0;
    a = (a - c) | 0; a ^= rot(c, 16); c = (c + b) | 0;
    b = (b - a) | 0; b ^= rot(a, 19); a = (a + c) | 0;
    c = (c - b) | 0; c ^= rot(b, 4); b = (b + a) | 0;
    len -= 12;
    i += 12;
  }
  if (len === 0) return c >>> 0;
  // The last 1..12 bytes, little-endian into a, b, c (what the fall-through switch of hashlittle does).
  for (let j = 0; j < len; j++) {
    const v = k[i + j] << (8 * (j % 4));
    if (j < 4) a = (a + v) | 0;
    else if (j < 8) b = (b + v) | 0;
    else c = (c + v) | 0;
  }
  c ^= b; c = (c - rot(b, 14)) | 0;
  a ^= c; a = (a - rot(c, 11)) | 0;
  b ^= a; b = (b - rot(a, 25)) | 0;
  c ^= b; c = (c - rot(b, 16)) | 0;
  a ^= c; a = (a - rot(c, 4)) | 0;
  b ^= a; b = (b - rot(a, 14)) | 0;
  c ^= b; c = (c - rot(b, 24)) | 0;
  return c >>> 0;
}
