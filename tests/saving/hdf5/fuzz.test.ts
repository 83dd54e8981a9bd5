// Corrupt files never hang, trap or leak a non-ValueError: seeded truncations, bit flips and huge values
// written over size/offset fields of valid files (ours and h5py's). Each read either succeeds or throws a
// ValueError naming the file, and never via the catch-all ("internal error") path.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValueError } from '../../../ts/errors.js';
import { h5dataset, h5group, readHdf5, writeHdf5 } from '../../../ts/saving/hdf5/index.js';
import { everyKind, kerasWeightsTree } from './trees.js';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SIGNATURES = ['TREE', 'SNOD', 'HEAP', 'GCOL', 'OHDR', 'OCHK', 'FRHP', 'FHDB', 'FHIB', 'BTHD', 'BTIN', 'BTLF', 'FAHD', 'FADB'];

/** Positions worth corrupting: structure signatures and the fields right after them. */
function landmarks(u8: Uint8Array): number[] {
  const out: number[] = [0, 8, 16, 24, 40, 64, 72, 80, 88];
  const text = Buffer.from(u8).toString('latin1');
  for (const s of SIGNATURES) for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) out.push(i);
  return out;
}

const HUGE = [
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00],
  [0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0],
  [0x00, 0x00, 0x00, 0x80, 0, 0, 0, 0],
  [0x40, 0, 0, 0, 0, 0, 0, 0],
];

function mutate(src: Uint8Array, rnd: () => number, marks: number[]): Uint8Array {
  const pick = (n: number) => Math.floor(rnd() * n);
  const kind = pick(4);
  if (kind === 0) return src.slice(0, pick(src.length)); // truncation
  const u8 = src.slice();
  if (kind === 1) {
    for (let i = 0, n = 1 + pick(8); i < n; i++) u8[pick(u8.length)] ^= 1 << pick(8);
  } else {
    // a huge or random value over a field near a landmark (kind 2) or anywhere (kind 3)
    const at = kind === 2 ? marks[pick(marks.length)] + pick(48) : pick(u8.length);
    const val = rnd() < 0.7 ? HUGE[pick(HUGE.length)] : Array.from({ length: 8 }, () => pick(256));
    const width = [1, 2, 4, 8][pick(4)];
    for (let i = 0; i < width && at + i < u8.length; i++) u8[at + i] = val[i];
  }
  return u8;
}

const fixture = (name: string) => new Uint8Array(readFileSync(join(__dirname, 'fixtures', name)));
const SOURCES: Array<[string, Uint8Array]> = [
  ['ours_every_kind', writeHdf5(everyKind())],
  ['ours_keras', writeHdf5(kerasWeightsTree(true))],
  ['default.h5', fixture('default.h5')],
  ['latest.h5', fixture('latest.h5')],
  ['chunked.h5', fixture('chunked.h5')],
  ['chunked_latest.h5', fixture('chunked_latest.h5')],
  ['many_latest.h5', fixture('many_latest.h5')],
  ['keras.weights.h5', fixture('keras.weights.h5')],
  ['h5wasm.h5', fixture('h5wasm.h5')],
  ['resizable_latest.h5', fixture('resizable_latest.h5')],
];

describe('readHdf5 on corrupted files', () => {
  for (const [name, src] of SOURCES) {
    it(`${name}: 80 seeded corruptions each succeed or throw a ValueError naming the file`, () => {
      const rnd = mulberry32(name.length * 7919 + src.length);
      const marks = landmarks(src);
      let failed = 0;
      const leaks: string[] = [];
      for (let i = 0; i < 80; i++) {
        const bad = mutate(src, rnd, marks);
        try {
          readHdf5(bad, `fuzz-${name}-${i}`);
        } catch (e) {
          failed++;
          const msg = (e as Error).message;
          if (!(e instanceof ValueError) || !msg.startsWith(`HDF5 file 'fuzz-${name}-${i}': `) || msg.includes('(internal error')) {
            leaks.push(`#${i}: ${(e as Error).name}: ${msg}`);
          }
        }
      }
      expect(leaks).toEqual([]);
      expect(failed).toBeGreaterThan(10); // the corruptions do reach the parser
    });
  }

  it('huge declared shapes are refused before allocating', () => {
    // A 1-element dataset whose dataspace is rewritten to claim 2^40 elements.
    const src = writeHdf5(kerasWeightsTree(false));
    const u8 = src.slice();
    const dv = new DataView(u8.buffer);
    let hits = 0;
    // Dataspace v1 messages: type 0x0001, then body [1, rank, ...]; set every dimension to 2^40.
    for (let p = 0; p + 16 < u8.length; p += 8) {
      if (dv.getUint16(p, true) === 1 && u8[p + 8] === 1 && u8[p + 9] > 0 && u8[p + 9] <= 4 && dv.getUint16(p + 2, true) === 8 + 8 * u8[p + 9]) {
        for (let d = 0; d < u8[p + 9]; d++) dv.setBigUint64(p + 16 + 8 * d, 2n ** 40n, true);
        hits++;
      }
    }
    expect(hits).toBeGreaterThan(0);
    expect(() => readHdf5(u8, 'huge.h5')).toThrow(/HDF5 file 'huge.h5': .*(too many elements|shorter than its shape|more data than the file)/);
  });

  /** Contiguous layout messages (v1 header message type 8, layout v3 class 1) of a file we wrote: [body offset, address, size]. */
  function layouts(u8: Uint8Array): Array<[number, number, number]> {
    const dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
    const out: Array<[number, number, number]> = [];
    for (let p = 0; p + 32 <= u8.length; p += 8) {
      if (dv.getUint16(p, true) === 8 && dv.getUint16(p + 2, true) === 24 && u8[p + 8] === 3 && u8[p + 9] === 1) {
        out.push([p + 8, Number(dv.getBigUint64(p + 10, true)), Number(dv.getBigUint64(p + 18, true))]);
      }
    }
    return out;
  }

  it('many datasets pointing at the same data cannot make a small file decode to gigabytes', () => {
    const g = h5group();
    g.children.set('big', h5dataset(new Float32Array(1 << 18), [1 << 18])); // 1 MB
    for (let i = 0; i < 400; i++) g.children.set(`d${i}`, h5dataset(new Float32Array([i]), [1]));
    const u8 = writeHdf5(g).slice();
    const dv = new DataView(u8.buffer);
    const all = layouts(u8);
    const big = all.find(([, , size]) => size === 1 << 20)!;
    expect(all.length).toBe(401);
    for (const [body, , size] of all) {
      if (size !== 4) continue;
      dv.setBigUint64(body + 2, BigInt(big[1]), true);
      dv.setBigUint64(body + 10, BigInt(big[2]), true);
    }
    // ... and every 1-element dataspace now claims the 2^18 elements of 'big'.
    for (let p = 0; p + 24 <= u8.length; p += 8) {
      if (dv.getUint16(p, true) === 1 && dv.getUint16(p + 2, true) === 16 && u8[p + 8] === 1 && u8[p + 9] === 1 && dv.getBigUint64(p + 16, true) === 1n) {
        dv.setBigUint64(p + 16, BigInt(1 << 18), true);
      }
    }
    expect(() => readHdf5(u8, 'alias.h5')).toThrow(/HDF5 file 'alias.h5': .*decode to more data than it can hold/);
  });

  it('a string array whose elements all point at one large heap string is refused, not expanded', () => {
    const g = h5group();
    g.children.set('s', h5dataset(['x'.repeat(100_000), ...new Array<string>(20_000).fill('')], [20_001]));
    const u8 = writeHdf5(g).slice();
    const [[, addr, size]] = layouts(u8);
    expect(size).toBe(16 * 20_001);
    for (let i = 1; i < 20_001; i++) u8.copyWithin(addr + 16 * i, addr, addr + 16); // 20000 x 100 KB = 2 GB of text
    expect(() => readHdf5(u8, 'strings.h5')).toThrow(/HDF5 file 'strings.h5': .*decode to more data than it can hold/);
  });
});
