// The compiled step's recorder looks up only pointer arguments in the heap (plan/pointer_args.ts):
// the table must match the `Ptr` parameters of the kernel declarations in bindings/, and a
// number that is not a pointer must not be mistaken for one because some large buffer (a data
// set) happens to cover its value.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ready, type Backend } from '../../bindings/index.js';
import { WasmBuffer } from '../../bindings/memory.js';
import { POINTER_ARGS } from '../../ts/training/plan/pointer_args.js';
import { record } from '../../ts/training/plan/recorder.js';

const root = join(__dirname, '../..');

/** `kx_name(a: number, b: Ptr, …): …` members of the binding interfaces → indices of the Ptr parameters. */
function declaredPointerArgs(): Record<string, number[]> {
  const dirs = ['bindings', 'bindings/kernels'];
  const out: Record<string, number[]> = {};
  const arity: Record<string, number> = {};
  const pairs: string[] = [];
  for (const d of dirs) {
    for (const f of readdirSync(join(root, d)).filter((n) => n.endsWith('.ts'))) {
      const src = readFileSync(join(root, d, f), 'utf8');
      for (const m of src.matchAll(/^\s*(kx_\w+)\(([^)]*)\)\s*:/gm)) {
        const params = m[2]!.split(',').map((p) => p.trim()).filter(Boolean);
        out[m[1]!] = params.flatMap((p, i) => (/:\s*Ptr$/.test(p) ? [i] : []));
        arity[m[1]!] = params.length;
      }
      // `kx_x_pair?(...args: number[])`: the arguments of `kx_x` for one direction, then the other's.
      for (const m of src.matchAll(/^\s*(kx_\w+)_pair\?\(\.\.\.args: number\[\]\)\s*:/gm)) pairs.push(m[1]!);
    }
  }
  for (const single of pairs) {
    const ptrs = out[single]!, n = arity[single]!;
    out[`${single}_pair`] = [...ptrs, ...ptrs.map((i) => i + n)];
  }
  return out;
}

/** `extern "C" fn kx_name(a: usize, b: *const f32, …)` in the WASM crate → indices of the raw-pointer parameters. */
function rustPointerArgs(): Record<string, number[]> {
  const dir = join(root, 'crates/kerasm-wasm/src/exports');
  const out: Record<string, number[]> = {};
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.rs'))) {
    const src = readFileSync(join(dir, f), 'utf8');
    for (const m of src.matchAll(/extern "C" fn (kx_\w+)\s*\(([^)]*)\)/g)) {
      const params = m[2]!.split(',').map((p) => p.trim()).filter(Boolean);
      out[m[1]!] = params.flatMap((p, i) => (/:\s*\*(const|mut)\b/.test(p) ? [i] : []));
    }
  }
  return out;
}

describe('compiled step: pointer arguments', () => {
  let be: Backend;
  beforeAll(async () => {
    be = await ready();
  });

  it('the table lists exactly the Ptr parameters the bindings declare', () => {
    const declared = declaredPointerArgs();
    expect(Object.keys(declared).length).toBeGreaterThan(40);
    expect(Object.fromEntries(Object.entries(POINTER_ARGS).map(([k, v]) => [k, [...v]]))).toEqual(declared);
  });

  it('the declarations agree with the kernel exports\' raw-pointer parameters in Rust', () => {
    // A pointer declared as a plain number would be replayed as a constant address: stale data.
    const rust = rustPointerArgs();
    const kernels = Object.keys(POINTER_ARGS).filter((k) => k in rust);
    expect(kernels.length).toBeGreaterThan(40);
    for (const k of kernels) expect([k, [...POINTER_ARGS[k]!]]).toEqual([k, rust[k]]);
  });

  it('a scalar whose value lies inside a large foreign buffer is a constant, not a read of that buffer', () => {
    const big = WasmBuffer.alloc(be.heap, 1 << 18); // 1 MiB that is neither a variable, the batch nor the step's
    const y = WasmBuffer.alloc(be.heap, 4);
    try {
      const inside = big.ptr + 4096; // kx_fill_f32's fill value, equal to an address inside `big`
      const { rec } = record(be, [], new Set(), () => be.ex.kx_fill_f32(y.ptr, 4, inside));
      expect(rec.refused).toBeUndefined();
      expect(rec.calls[0]!.places.map((p) => p.kind)).toEqual(['other', 'none', 'none']);
      expect([...y.f32()]).toEqual(new Array(4).fill(Math.fround(inside)));
      // A pointer into it still is a read (or write) of a foreign buffer: refused.
      const { rec: r2 } = record(be, [], new Set(), () => be.ex.kx_fill_f32(big.ptr + 64, 4, 0));
      expect(r2.refused).toMatch(/kx_fill_f32 reads a 1048576-byte buffer/);
    } finally {
      big.dispose();
      y.dispose();
    }
  });
});
