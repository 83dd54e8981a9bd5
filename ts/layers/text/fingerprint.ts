// The hashes behind Keras's Hashing layer (and the lookups' extra OOV buckets): TensorFlow's
// `to_hash_bucket_fast` is FarmHash's Fingerprint64 (farmhashna::Hash64) of the UTF-8 bytes,
// and `to_hash_bucket_strong` is SipHash-2-4 keyed with the two-word salt; both then take the
// unsigned 64-bit value modulo the number of buckets. BigInt keeps the 64-bit arithmetic
// exact; the layers hash each distinct string once, so speed matters little here.

const M = (1n << 64n) - 1n;
const k0 = 0xc3a5c85c97cb3127n;
const k1 = 0xb492b66fbe98f273n;
const k2 = 0x9ae16a3b2f90404fn;

const mul = (a: bigint, b: bigint) => (a * b) & M;
const add = (a: bigint, b: bigint) => (a + b) & M;
const rot = (v: bigint, s: bigint) => (s === 0n ? v : ((v >> s) | (v << (64n - s))) & M);
const shiftMix = (v: bigint) => v ^ (v >> 47n);

function fetch64(b: Uint8Array, i: number): bigint {
  let v = 0n;
  for (let j = 7; j >= 0; j--) v = (v << 8n) | BigInt(b[i + j]!);
  return v;
}

function fetch32(b: Uint8Array, i: number): bigint {
  return BigInt((b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0);
}

function hashLen16(u: bigint, v: bigint, m: bigint): bigint {
  let a = mul(u ^ v, m);
  a ^= a >> 47n;
  let b = mul(v ^ a, m);
  b ^= b >> 47n;
  return mul(b, m);
}

function hashLen0to16(s: Uint8Array, len: number): bigint {
  const L = BigInt(len);
  if (len >= 8) {
    const m = add(k2, L * 2n);
    const a = add(fetch64(s, 0), k2);
    const b = fetch64(s, len - 8);
    const c = add(mul(rot(b, 37n), m), a);
    const d = mul(add(rot(a, 25n), b), m);
    return hashLen16(c, d, m);
  }
  if (len >= 4) {
    const m = add(k2, L * 2n);
    const a = fetch32(s, 0);
    return hashLen16(add(L, (a << 3n) & M), fetch32(s, len - 4), m);
  }
  if (len > 0) {
    const a = BigInt(s[0]!), b = BigInt(s[len >> 1]!), c = BigInt(s[len - 1]!);
    const y = (a + (b << 8n)) & 0xffffffffn;
    const z = (L + (c << 2n)) & 0xffffffffn;
    return mul(shiftMix(mul(y, k2) ^ mul(z, k0)), k2);
  }
  return k2;
}

function hashLen17to32(s: Uint8Array, len: number): bigint {
  const m = add(k2, BigInt(len) * 2n);
  const a = mul(fetch64(s, 0), k1);
  const b = fetch64(s, 8);
  const c = mul(fetch64(s, len - 8), m);
  const d = mul(fetch64(s, len - 16), k2);
  return hashLen16(add(add(rot(add(a, b), 43n), rot(c, 30n)), d), add(add(a, rot(add(b, k2), 18n)), c), m);
}

function hashLen33to64(s: Uint8Array, len: number): bigint {
  const m = add(k2, BigInt(len) * 2n);
  const a = mul(fetch64(s, 0), k2);
  const b = fetch64(s, 8);
  const c = mul(fetch64(s, len - 8), m);
  const d = mul(fetch64(s, len - 16), k2);
  const y = add(add(rot(add(a, b), 43n), rot(c, 30n)), d);
  const z = hashLen16(y, add(add(a, rot(add(b, k2), 18n)), c), m);
  const e = mul(fetch64(s, 16), m);
  const f = fetch64(s, 24);
  const g = mul(add(y, fetch64(s, len - 32)), m);
  const h = mul(add(z, fetch64(s, len - 24)), m);
  return hashLen16(add(add(rot(add(e, f), 43n), rot(g, 30n)), h), add(add(e, rot(add(f, a), 18n)), g), m);
}

function weakHashLen32WithSeeds(s: Uint8Array, i: number, a: bigint, b: bigint): [bigint, bigint] {
  const w = fetch64(s, i), x = fetch64(s, i + 8), y = fetch64(s, i + 16), z = fetch64(s, i + 24);
  a = add(a, w);
  b = rot(add(add(b, a), z), 21n);
  const c = a;
  a = add(add(a, x), y);
  b = add(b, rot(a, 44n));
  return [add(a, z), add(b, c)];
}

/** FarmHash Fingerprint64 of bytes, as an unsigned 64-bit BigInt. */
export function fingerprint64(s: Uint8Array): bigint {
  const len = s.length;
  if (len <= 16) return hashLen0to16(s, len);
  if (len <= 32) return hashLen17to32(s, len);
  if (len <= 64) return hashLen33to64(s, len);
  const seed = 81n;
  let x = seed;
  let y = add(mul(seed, k1), 113n);
  let z = mul(shiftMix(add(mul(y, k2), 113n)), k2);
  let v: [bigint, bigint] = [0n, 0n];
  let w: [bigint, bigint] = [0n, 0n];
  x = add(mul(x, k2), fetch64(s, 0));
  const end = Math.floor((len - 1) / 64) * 64;
  const last64 = end + ((len - 1) & 63) - 63;
  let p = 0;
  do {
    x = mul(rot(add(add(add(x, y), v[0]), fetch64(s, p + 8)), 37n), k1);
    y = mul(rot(add(add(y, v[1]), fetch64(s, p + 48)), 42n), k1);
    x ^= w[1];
    y = add(y, add(v[0], fetch64(s, p + 40)));
    z = mul(rot(add(z, w[0]), 33n), k1);
    v = weakHashLen32WithSeeds(s, p, mul(v[1], k1), add(x, w[0]));
    w = weakHashLen32WithSeeds(s, p + 32, add(z, w[1]), add(y, fetch64(s, p + 16)));
    [z, x] = [x, z];
    p += 64;
  } while (p !== end);
  const m = add(k1, (z & 0xffn) << 1n);
  p = last64;
  w[0] = add(w[0], BigInt((len - 1) & 63));
  v[0] = add(v[0], w[0]);
  w[0] = add(w[0], v[0]);
  x = mul(rot(add(add(add(x, y), v[0]), fetch64(s, p + 8)), 37n), m);
  y = mul(rot(add(add(y, v[1]), fetch64(s, p + 48)), 42n), m);
  x ^= mul(w[1], 9n);
  y = add(y, add(mul(v[0], 9n), fetch64(s, p + 40)));
  z = mul(rot(add(z, w[0]), 33n), m);
  v = weakHashLen32WithSeeds(s, p, mul(v[1], m), add(x, w[0]));
  w = weakHashLen32WithSeeds(s, p + 32, add(z, w[1]), add(y, fetch64(s, p + 16)));
  [z, x] = [x, z];
  return hashLen16(add(add(hashLen16(v[0], w[0], m), mul(shiftMix(y), k0)), z), add(hashLen16(v[1], w[1], m), x), m);
}

const rotl = (v: bigint, s: bigint) => ((v << s) | (v >> (64n - s))) & M;

/** SipHash-2-4 of bytes with the 128-bit key (k0, k1), as an unsigned 64-bit BigInt. */
export function sipHash24(key: readonly [bigint, bigint], s: Uint8Array): bigint {
  let v0 = key[0] ^ 0x736f6d6570736575n;
  let v1 = key[1] ^ 0x646f72616e646f6dn;
  let v2 = key[0] ^ 0x6c7967656e657261n;
  let v3 = key[1] ^ 0x7465646279746573n;
  const round = () => {
    v0 = add(v0, v1); v1 = rotl(v1, 13n); v1 ^= v0; v0 = rotl(v0, 32n);
    v2 = add(v2, v3); v3 = rotl(v3, 16n); v3 ^= v2;
    v0 = add(v0, v3); v3 = rotl(v3, 21n); v3 ^= v0;
    v2 = add(v2, v1); v1 = rotl(v1, 17n); v1 ^= v2; v2 = rotl(v2, 32n);
  };
  const len = s.length;
  const full = len - (len % 8);
  for (let i = 0; i < full; i += 8) {
    const m = fetch64(s, i);
    v3 ^= m;
    round(); round();
    v0 ^= m;
  }
  let last = BigInt(len & 0xff) << 56n;
  for (let j = 0; j < len % 8; j++) last |= BigInt(s[full + j]!) << BigInt(8 * j);
  v3 ^= last;
  round(); round();
  v0 ^= last;
  v2 ^= 0xffn;
  round(); round(); round(); round();
  return v0 ^ v1 ^ v2 ^ v3;
}

const utf8 = new TextEncoder();

/** TF `to_hash_bucket_fast`: Fingerprint64(UTF-8 bytes) mod buckets. */
export function hashBucketFast(s: string, buckets: number): number {
  return Number(fingerprint64(utf8.encode(s)) % BigInt(buckets));
}

/** TF `to_hash_bucket_strong`: SipHash-2-4 keyed with `salt` mod buckets. */
export function hashBucketStrong(s: string, buckets: number, salt: readonly [number, number]): number {
  return Number(sipHash24([BigInt(salt[0]), BigInt(salt[1])], utf8.encode(s)) % BigInt(buckets));
}
