// The four binaries and how to choose among them.

/** The four WebAssembly binaries: SIMD or relaxed SIMD, single-threaded or threaded. */
export type Variant = 'simd' | 'simd-relaxed' | 'threads' | 'threads-relaxed';
/** Every {@link Variant}, from the most to the least portable. */
export const VARIANTS: readonly Variant[] = ['simd', 'simd-relaxed', 'threads', 'threads-relaxed'];

export function isThreaded(v: Variant): boolean {
  return v.startsWith('threads');
}

export function isRelaxed(v: Variant): boolean {
  return v.endsWith('relaxed');
}

export function pickVariant(opts: { threads: boolean; relaxed: boolean }): Variant {
  return `${opts.threads ? 'threads' : 'simd'}${opts.relaxed ? '-relaxed' : ''}` as Variant;
}

/** Parses the `env.memory` import's minimum page count out of the module bytes. */
export function importedMemoryMinPages(bytes: Uint8Array): number {
  let p = 8;
  const u32 = () => {
    let r = 0, shift = 0, b: number;
    do {
      b = bytes[p++]!;
      r += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return r;
  };
  while (p < bytes.length) {
    const id = bytes[p++]!;
    const size = u32();
    const end = p + size;
    if (id === 2) {
      const count = u32();
      for (let i = 0; i < count; i++) {
        const skip = () => { const len = u32(); p += len; };
        skip(); // module name
        skip(); // field name
        const kind = bytes[p++]!;
        if (kind === 2) {
          u32(); // limits flags
          return u32();
        }
        if (kind === 0) u32();
        else if (kind === 1) { p++; const f = u32(); u32(); if (f & 1) u32(); }
        else if (kind === 3) p += 2;
      }
    }
    p = end;
  }
  throw new Error('kerasm: the WebAssembly binary imports no memory (a build problem).');
}
