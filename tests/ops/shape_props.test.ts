// Property tests of the shape algebra (fast-check, fixed seeds): broadcasting against a
// direct NumPy-rule implementation, reshape round trips, matmul output shapes, concat sizes,
// split∘concat and transpose∘inverse identities.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tidy } from '../../ts/autograd/gradients.js';
import { ValueError } from '../../ts/errors.js';
import * as k from '../../ts/ops/index.js';
import { broadcastShapes } from '../../ts/tensor/shape.js';
import { assertTensorClose } from '../helpers/assert_close.js';
import { rand, tensorOf } from '../helpers/gradcheck.js';
import { binaryRef, broadcastShapesRef, concatRef, matmulRef, sizeOf, transposeRef, whereRef } from '../helpers/reference.js';

const RUNS = { numRuns: 120, seed: 20240611 };
const dim = fc.integer({ min: 0, max: 4 });
const shapeArb = (maxRank = 4) => fc.array(dim, { minLength: 0, maxLength: maxRank });

/** A shape b broadcast-compatible with a: a suffix of a with some axes set to 1, or all of a plus leading axes. */
const compatiblePair = shapeArb().chain((a) => fc.tuple(
  fc.constant(a),
  fc.integer({ min: 0, max: a.length }).chain((drop) => fc.tuple(
    fc.array(fc.boolean(), { minLength: a.length - drop, maxLength: a.length - drop }),
    fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: drop === 0 ? 2 : 0 }),
  ).map(([ones, lead]) => [...lead, ...a.slice(drop).map((d, i) => (ones[i] ? 1 : d))])),
));

function tryBroadcast(a: number[], b: number[]): number[] | 'error' {
  try {
    return broadcastShapes('test', a, b);
  } catch (e) {
    expect(e).toBeInstanceOf(ValueError);
    return 'error';
  }
}

describe('shape properties', () => {
  it('broadcastShapes matches the NumPy rules and is commutative (arbitrary and compatible pairs)', () => {
    for (const pairs of [fc.tuple(shapeArb(), shapeArb()), compatiblePair]) {
      fc.assert(fc.property(pairs, ([a, b]) => {
        const want = broadcastShapesRef(a, b) ?? 'error';
        expect(tryBroadcast(a, b)).toEqual(want);
        expect(tryBroadcast(b, a)).toEqual(want);
      }), RUNS);
    }
  });

  it('binary ops produce the broadcast shape with the broadcast values', () => {
    fc.assert(fc.property(compatiblePair, ([a, b]) => {
      tidy(() => {
        const x = rand(a, { seed: 1 }), y = rand(b, { seed: 2 });
        const out = k.add(tensorOf(x), tensorOf(y));
        expect(out.shape).toEqual(broadcastShapesRef(a, b));
        assertTensorClose(out, binaryRef('add', x, y), { rtol: 1e-7, atol: 0, label: 'add' });
        assertTensorClose(k.where(tensorOf(y), tensorOf(x), tensorOf(y)), whereRef(y, x, y), { rtol: 0, atol: 0, label: 'where' });
      });
    }), { ...RUNS, numRuns: 60 });
  });

  it('reshape round trip preserves the data (row-major)', () => {
    const reshapes = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }).chain((s) => fc.tuple(
      fc.constant(s), fc.shuffledSubarray(factorize(sizeOf(s)), { minLength: 0 }).map((f) => {
        const rest = sizeOf(s) / sizeOf(f);
        return [...f, rest];
      })));
    fc.assert(fc.property(reshapes, ([from, to]) => {
      tidy(() => {
        const x = rand(from, { seed: 3 });
        const y = k.reshape(tensorOf(x), to);
        expect(y.shape).toEqual(to);
        const back = k.reshape(y, from);
        expect(Array.from(back.dataSync())).toEqual(Array.from(x.data));
        expect(Array.from(k.reshape(y, [-1]).dataSync())).toEqual(Array.from(x.data));
      });
    }), RUNS);
  });

  it('matmul output shape is [...batch, m, n] and its values match float64', () => {
    const cfg = fc.record({
      m: fc.integer({ min: 1, max: 5 }), kk: fc.integer({ min: 0, max: 5 }), n: fc.integer({ min: 1, max: 5 }),
      batch: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), mode: fc.constantFrom('both', 'a', 'b'),
      ta: fc.boolean(), tb: fc.boolean(),
    });
    fc.assert(fc.property(cfg, ({ m, kk, n, batch, mode, ta, tb }) => {
      tidy(() => {
        const ba = mode === 'b' ? [] : batch, bb = mode === 'a' ? [] : batch;
        const a = rand([...ba, ...(ta ? [kk, m] : [m, kk])], { seed: 4 }), b = rand([...bb, ...(tb ? [n, kk] : [kk, n])], { seed: 5 });
        const y = k.matmul(tensorOf(a), tensorOf(b), ta, tb);
        expect(y.shape).toEqual([...batch, m, n]);
        assertTensorClose(y, matmulRef(a, b, ta, tb), { rtol: 1e-5, atol: 1e-5, label: 'matmul' });
      });
    }), RUNS);
  });

  it('concat output size along the axis is the sum of the inputs; values match', () => {
    const cfg = fc.tuple(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }), fc.nat(), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }));
    fc.assert(fc.property(cfg, ([base, axisSeed, lens]) => {
      const axis = axisSeed % base.length;
      tidy(() => {
        const parts = lens.map((len, i) => rand(base.map((d, j) => (j === axis ? len : d)), { seed: 10 + i }));
        const y = k.concat(parts.map((p) => tensorOf(p)), axis);
        expect(y.shape[axis]).toBe(lens.reduce((s, v) => s + v, 0));
        assertTensorClose(y, concatRef(parts, axis), { rtol: 0, atol: 0, label: 'concat' });
      });
    }), RUNS);
  });

  it('split∘concat is the identity', () => {
    const cfg = fc.tuple(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }), fc.nat(), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }));
    fc.assert(fc.property(cfg, ([base, axisSeed, sizes]) => {
      const axis = axisSeed % base.length;
      tidy(() => {
        const shape = base.map((d, j) => (j === axis ? sizes.reduce((s, v) => s + v, 0) : d));
        const x = rand(shape, { seed: 6 });
        const parts = k.split(tensorOf(x), sizes, axis);
        parts.forEach((p, i) => expect(p.shape[axis]).toBe(sizes[i]));
        assertTensorClose(k.concat(parts, axis), x, { rtol: 0, atol: 0, label: 'split∘concat' });
      });
    }), RUNS);
  });

  it('transpose by a permutation and then by its inverse is the identity', () => {
    const cfg = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 5 }).chain((s) => fc.tuple(
      fc.constant(s), fc.shuffledSubarray(s.map((_, i) => i), { minLength: s.length, maxLength: s.length })));
    fc.assert(fc.property(cfg, ([shape, perm]) => {
      tidy(() => {
        const x = rand(shape, { seed: 7 });
        const inv = new Array<number>(perm.length);
        perm.forEach((p, i) => (inv[p] = i));
        const y = k.transpose(tensorOf(x), perm);
        expect(y.shape).toEqual(perm.map((p) => shape[p]));
        assertTensorClose(y, transposeRef(x, perm), { rtol: 0, atol: 0, label: 'transpose' });
        assertTensorClose(k.transpose(y, inv), x, { rtol: 0, atol: 0, label: 'transpose∘inverse' });
      });
    }), RUNS);
  });
});

/** Prime factors of n (with repetition); their sub-multisets give valid reshape targets. */
function factorize(n: number): number[] {
  const out: number[] = [];
  for (let p = 2; n > 1; p++) {
    while (n % p === 0) {
      out.push(p);
      n /= p;
    }
  }
  return out;
}
