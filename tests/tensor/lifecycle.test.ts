// Tensor lifetime: dispose → DisposedError on use, tidy (returned tensors survive, nested
// scopes, arrays/objects/maps of tensors, errors), keep, shared storage of views, and the
// counts memory() reports. The FinalizationRegistry is only a safety net: never relied on here.

import { beforeAll, describe, expect, it } from 'vitest';
import { dispose, keep, memory, tidy } from '../../ts/autograd/gradients.js';
import { variable } from '../../ts/autograd/variable.js';
import { DisposedError } from '../../ts/errors.js';
import { add, exp, reshape } from '../../ts/ops/index.js';
import { ones, tensor, zeros } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';

// The first binary op allocates the persistent metadata scratch buffer; do it before counting.
beforeAll(() => tidy(() => add(ones([1]), 1)));

describe('dispose', () => {
  it('makes every later use throw DisposedError; disposing twice is harmless', () => {
    const t = tensor([1, 2, 3]);
    t.dispose();
    t.dispose();
    expect(t.isDisposed).toBe(true);
    expect(() => t.dataSync()).toThrow(DisposedError);
    expect(() => t.arraySync()).toThrow(/Tensor \d+ \(shape=\[3\]\) has been disposed/);
    expect(() => exp(t)).toThrow(DisposedError);
    expect(() => t.buf).toThrow(DisposedError);
  });

  it('frees the buffer and the count; a view keeps shared storage alive until it goes too', () => {
    const m0 = memory();
    const a = zeros([10]);
    const m1 = memory();
    expect(m1.numTensors - m0.numTensors).toBe(1);
    expect(m1.numBuffers - m0.numBuffers).toBe(1);
    expect(m1.numBytes - m0.numBytes).toBe(48); // 40 bytes rounded up to 16
    const v = reshape(a, [2, 5]);
    expect(memory().numTensors - m0.numTensors).toBe(2);
    expect(memory().numBuffers - m0.numBuffers).toBe(1);
    a.dispose();
    expect(memory().numBuffers - m0.numBuffers).toBe(1);
    expect(Array.from(v.dataSync())).toEqual(new Array(10).fill(0));
    v.dispose();
    const m2 = memory();
    expect([m2.numTensors, m2.numBuffers, m2.numBytes]).toEqual([m0.numTensors, m0.numBuffers, m0.numBytes]);
  });

  it('dispose() takes a tensor, an array, a record, or nothing', () => {
    const before = memory().numTensors;
    const [a, b, c] = [ones([1]), ones([1]), ones([1])];
    dispose(a);
    dispose([b]);
    dispose({ c });
    dispose(null);
    expect([a, b, c].every((t) => t.isDisposed)).toBe(true);
    expect(memory().numTensors).toBe(before);
  });
});

describe('tidy', () => {
  it('disposes intermediates and keeps the returned tensor', () => {
    const before = memory();
    let inner: Tensor | undefined;
    const y = tidy(() => {
      inner = ones([3]);
      return add(exp(inner), 1);
    });
    expect(inner!.isDisposed).toBe(true);
    expect(y.isDisposed).toBe(false);
    expect(memory().numTensors).toBe(before.numTensors + 1);
    expect(memory().numBuffers).toBe(before.numBuffers + 1);
    y.dispose();
    expect(memory().numTensors).toBe(before.numTensors);
  });

  it('keeps tensors returned in arrays, objects and maps', () => {
    const before = memory().numTensors;
    const r = tidy(() => {
      ones([1]);
      return { a: ones([1]), list: [ones([2]), [ones([3])]], map: new Map([['m', ones([4])]]), n: 5 };
    });
    const kept = [r.a, r.list[0] as Tensor, (r.list[1] as Tensor[])[0]!, r.map.get('m')!];
    expect(kept.every((t) => !t.isDisposed)).toBe(true);
    expect(memory().numTensors).toBe(before + 4);
    dispose(kept);
  });

  it('nests: an inner result belongs to the outer scope', () => {
    const before = memory().numTensors;
    let fromInner: Tensor | undefined;
    const out = tidy(() => {
      fromInner = tidy(() => {
        ones([1]);
        return ones([2]);
      });
      expect(fromInner.isDisposed).toBe(false);
      return ones([3]);
    });
    expect(fromInner!.isDisposed).toBe(true);
    expect(out.isDisposed).toBe(false);
    out.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('keep() (function or method) lets a tensor outlive every enclosing scope', () => {
    const before = memory().numTensors;
    let a: Tensor | undefined, b: Tensor | undefined;
    tidy(() => tidy(() => {
      a = keep(ones([1]));
      b = ones([1]).keep();
      ones([1]);
    }));
    expect([a!.isDisposed, b!.isDisposed]).toEqual([false, false]);
    expect(memory().numTensors).toBe(before + 2);
    dispose([a!, b!]);
  });

  it('variables created inside tidy survive it', () => {
    const v = tidy(() => variable(ones([2])));
    expect(v.isDisposed).toBe(false);
    expect(Array.from(v.dataSync())).toEqual([1, 1]);
    v.dispose();
  });

  it('tensors created outside are untouched, even when disposed inside', () => {
    const x = ones([2]);
    const y = tidy(() => x);
    expect(y).toBe(x);
    expect(x.isDisposed).toBe(false);
    const before = memory().numTensors;
    tidy(() => x.dispose());
    expect(memory().numTensors).toBe(before - 1);
  });

  it('frees its intermediates when the function throws, and rethrows', () => {
    const before = memory();
    let inner: Tensor | undefined;
    expect(() => tidy(() => {
      inner = ones([8]);
      exp(inner);
      throw new Error('boom');
    })).toThrow('boom');
    expect(inner!.isDisposed).toBe(true);
    const after = memory();
    expect([after.numTensors, after.numBuffers, after.numBytes]).toEqual([before.numTensors, before.numBuffers, before.numBytes]);
  });
});
