// Issue 10 item 6: scalar parameters of unary ops are validated. Before, leakyRelu(x, 'x')
// gave NaN, addScalar(x, undefined) returned x unchanged and unary('bogus', x) returned x.

import { describe, expect, it } from 'vitest';
import { ValueError } from '../../ts/errors.js';
import {
  addScalar, affine, clipByValue, elu, leakyRelu, mulScalar, powScalar, unary, type UnaryName,
} from '../../ts/ops/unary.js';
import { tensor } from '../../ts/tensor/creation.js';

const x = () => tensor([1, -2, 3]);

describe('scalar parameters', () => {
  it('reject strings, undefined and NaN, naming the op and the parameter', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => leakyRelu(x(), 'x' as unknown as number), /^leakyRelu: negativeSlope must be a number. Received: negativeSlope='x'$/],
      [() => addScalar(x(), undefined as unknown as number), /^addScalar: s must be a number. Received: s=undefined$/],
      [() => mulScalar(x(), NaN), /^mulScalar: s must be a number. Received: s=NaN$/],
      [() => powScalar(x(), '2' as unknown as number), /^powScalar: p must be a number/],
      [() => elu(x(), null as unknown as number), /^elu: alpha must be a number. Received: alpha=null/],
      [() => affine(x(), 2, 'b' as unknown as number), /^affine: shift must be a number/],
      [() => clipByValue(x(), undefined as unknown as number, 1), /^clipByValue: min must be a number/],
      [() => unary('leakyRelu', x(), 'a' as unknown as number), /^leakyRelu: the first parameter must be a number/],
    ];
    for (const [f, msg] of cases) {
      expect(f).toThrow(ValueError);
      expect(f).toThrow(msg);
    }
  });

  it('reject unknown op names, including Object.prototype members', () => {
    for (const name of ['bogus', 'constructor', '__proto__', 'toString']) {
      expect(() => unary(name as UnaryName, x())).toThrow(new RegExp(`^unary: unknown op. Expected one of .*relu.*Received: '${name}'$`));
    }
  });

  it('still accept numbers, including ±Infinity where meaningful', () => {
    expect(Array.from(addScalar(x(), 0.5).dataSync())).toEqual([1.5, -1.5, 3.5]);
    expect(Array.from(leakyRelu(x(), 0.5).dataSync())).toEqual([1, -1, 3]);
    expect(Array.from(clipByValue(x(), -Infinity, 2).dataSync())).toEqual([1, -2, 2]);
  });
});
