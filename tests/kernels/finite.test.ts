// firstNonFinite on every built variant: NaN, ±Infinity at the first, last and block-edge
// elements, offsets and lengths, extreme finite values, and argument errors.

import { describe, expect, it } from 'vitest';
import { WasmBuffer } from '../../bindings/index.js';
import { firstNonFinite } from '../../bindings/kernels/finite.js';
import { backendFor, builtVariants } from '../helpers/backends.js';

describe.each(builtVariants())('firstNonFinite on %s', (variant) => {
  it('finds the first non-finite element, from an offset', async () => {
    const be = await backendFor(variant);
    for (const n of [0, 1, 5, 16, 17, 1023, 1024, 1025, 4099]) {
      const buf = WasmBuffer.alloc(be.heap, n, 'float32');
      buf.f32().fill(-3e38);
      expect(firstNonFinite(be, { x: buf })).toBe(-1);
      for (const bad of [NaN, Infinity, -Infinity]) {
        for (const at of new Set([0, n >> 1, 1023, 1024, 1025, n - 1].filter((i) => i >= 0 && i < n))) {
          buf.f32().fill(1);
          buf.f32()[at] = bad;
          buf.f32()[n - 1] = at === n - 1 ? bad : NaN; // a later one must not win
          expect(firstNonFinite(be, { x: buf })).toBe(at);
          if (at > 0) expect(firstNonFinite(be, { x: buf, offset: 1, len: at - 1 })).toBe(-1);
          expect(firstNonFinite(be, { x: buf, offset: at })).toBe(0);
        }
      }
      buf.dispose();
    }
  });

  it('accepts extreme finite values and rejects bad arguments', async () => {
    const be = await backendFor(variant);
    const buf = WasmBuffer.alloc(be.heap, 40, 'float32');
    buf.f32().set(Array.from({ length: 40 }, (_, i) => [3.4028234e38, -3.4028234e38, 1e-45, -0, 1.17549435e-38][i % 5]!));
    expect(firstNonFinite(be, { x: buf })).toBe(-1);
    expect(() => firstNonFinite(be, { x: buf, offset: 30, len: 11 })).toThrow(/firstNonFinite: `x` is too short.*Received: length=40/);
    const ints = WasmBuffer.alloc(be.heap, 4, 'int32');
    expect(() => firstNonFinite(be, { x: ints })).toThrow(/firstNonFinite: `x` must be float32. Received: dtype=int32/);
    buf.dispose();
    ints.dispose();
  });
});
