// The non-finite verdict a float32 upload records on its storage (ts/tensor/creation.ts
// fromData, chunk by chunk) and fit's input check (ts/training/data.ts checkFinite), which
// trusts it: NaN/±Infinity at the first, chunk-edge and last elements, views, the nested-array
// path, kernel outputs, and mutable storages that must be checked again after each write.

import { describe, expect, it } from 'vitest';
import { Variable } from '../../ts/autograd/variable.js';
import { add } from '../../ts/ops/binary.js';
import { reshape } from '../../ts/ops/reshape.js';
import { fromData, tensor, zeros } from '../../ts/tensor/creation.js';
import { checkFinite } from '../../ts/training/data.js';

const CHUNK = 16384; // creation.ts's copy-and-check chunk
const BIG = (1 << 18) + 6; // just over the 1 MiB from which uploads are checked
const msg = (v: string, at: number, shape: string) => `x contains ${v} at flat index ${at} (shape ${shape}). Received: non-finite input data`;

describe('the upload records where the first non-finite value is', () => {
  const n = BIG;
  const spots = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, n - 2, n - 1];

  it('NaN and ±Infinity at the first, chunk-edge and last elements; a later one does not win', () => {
    for (const [bad, text] of [[NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity']] as const) {
      for (const at of spots) {
        const data = new Float32Array(n).fill(0.5);
        data[at] = bad;
        if (at < n - 1) data[n - 1] = NaN;
        const t = tensor(data, [n]);
        expect(t.storage.nonFinite).toBe(at);
        expect(() => checkFinite([t], 'x')).toThrow(msg(text, at, `[${n}]`));
        // A view shares the storage and its verdict, reported with its own shape.
        const v = t.view([1, n]);
        expect(() => checkFinite([v], 'x')).toThrow(msg(text, at, `[1,${n}]`));
        const r = reshape(t, [n / 10, 10]);
        expect(() => checkFinite([r], 'x')).toThrow(msg(text, at, `[${n / 10},10]`));
        [v, r].forEach((u) => u.dispose());
        t.dispose();
      }
    }
  });

  it('finite uploads are known finite without a scan; int32 uploads carry no verdict', () => {
    const t = tensor(new Float32Array(n).fill(-3.4e38), [n]);
    expect(t.storage.nonFinite).toBe(-1);
    expect(() => checkFinite([t], 'x')).not.toThrow();
    t.dispose();
    // Uploads up to 1 MiB are left to fit's scan, which then remembers its verdict.
    const e = tensor(new Float32Array(1 << 18), [1 << 16, 4]);
    expect(e.storage.nonFinite).toBeUndefined();
    e.dispose();
    const f = tensor([[1, 2], [Infinity, 4]]);
    expect(f.storage.nonFinite).toBeUndefined();
    expect(() => checkFinite([f], 'x')).toThrow(msg('Infinity', 2, '[2,2]'));
    expect(f.storage.nonFinite).toBe(2);
    f.dispose();
    const i = tensor(new Int32Array(10));
    expect(i.storage.nonFinite).toBeUndefined();
    i.dispose();
  });

  it('nested arrays and plain arrays are checked on the element-by-element path too', () => {
    const rows = Array.from({ length: BIG / 2 }, () => [1, 2]);
    rows[CHUNK / 2]![1] = Infinity;
    const a = tensor(rows);
    expect(a.storage.nonFinite).toBe(CHUNK + 1);
    const data = new Array<number>(BIG).fill(0);
    data[BIG - 1] = NaN;
    const b = fromData('test', data, [BIG], 'float32');
    expect(b.storage.nonFinite).toBe(BIG - 1);
    // A number beyond the float32 range becomes Infinity in the upload.
    const big = new Array<number>(BIG).fill(1);
    big[1] = 1e39;
    const c = fromData('test', big, [BIG], 'float32');
    expect(c.storage.nonFinite).toBe(1);
    expect(() => checkFinite([c], 'x')).toThrow(msg('Infinity', 1, `[${BIG}]`));
    [a, b, c].forEach((t) => t.dispose());
  });

  it('a kernel output is scanned once, then its verdict is kept', () => {
    const x = tensor([[1, 3e38], [3, 4]]);
    const y = add(x, x); // 6e38 overflows float32
    expect(y.storage.nonFinite).toBeUndefined();
    expect(() => checkFinite([y], 'x')).toThrow(msg('Infinity', 1, '[2,2]'));
    expect(y.storage.nonFinite).toBe(1);
    const z = add(x, tensor(-3e38));
    checkFinite([z], 'x');
    expect(z.storage.nonFinite).toBe(-1);
    [x, y, z].forEach((t) => t.dispose());
  });
});

describe('mutable storages keep no verdict', () => {
  it('a Variable is checked again after every write, through views too', () => {
    const v = new Variable(tensor([[0, 1, 0], [1, 0, 0]]), { trainable: false });
    const view = v.view([6]);
    checkFinite([v, view], 'x');
    expect(v.storage.nonFinite).toBeUndefined();
    v.assign(tensor([[0, 1, 0], [1, NaN, 0]]));
    expect(() => checkFinite([v], 'x')).toThrow(msg('NaN', 4, '[2,3]'));
    expect(() => checkFinite([view], 'x')).toThrow(msg('NaN', 4, '[6]'));
    v.assign(zeros([2, 3]));
    expect(() => checkFinite([v, view], 'x')).not.toThrow();
    v.buf.f32()[5] = -Infinity;
    expect(() => checkFinite([view], 'x')).toThrow(msg('-Infinity', 5, '[6]'));
    view.dispose();
    v.dispose();
  });

  it('a verdict recorded before a storage became mutable is not reported', () => {
    const t = tensor(new Float32Array(BIG));
    expect(t.storage.nonFinite).toBe(-1);
    t.storage.mutable = true;
    t.buf.f32()[2] = NaN;
    expect(t.storage.nonFinite).toBeUndefined();
    expect(() => checkFinite([t], 'x')).toThrow(msg('NaN', 2, `[${BIG}]`));
    t.dispose();
  });
});
