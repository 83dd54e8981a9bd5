// conv2d, conv2dTranspose, depthwiseConv2d and conv1d (ts/ops/conv/): numerical gradient
// checks against the float64 loops in reference.ts over strides, dilations, 'same'/'valid'/
// explicit padding and batches > 1; the fused ReLU against the unfused composition; 1 thread
// against 2 (bit for bit); and the error messages.

import { describe, expect, it } from 'vitest';
import { grads, tidy } from '../../../ts/autograd/gradients.js';
import * as k from '../../../ts/ops/index.js';
import { ones, range } from '../../../ts/tensor/creation.js';
import type { Tensor } from '../../../ts/tensor/tensor.js';
import { onOneAndTwoThreads } from './threads.js';
import { assertClose } from '../../helpers/assert_close.js';
import { gradcheck, rand, tensorOf } from '../../helpers/gradcheck.js';
import { reshapeRef, type NDArray } from '../../helpers/reference.js';
import { conv2dRef, conv2dTransposeRef, depthwiseRef, type Pad } from './reference.js';

type P2 = [number, number];
interface ConvCase { label: string; x: number[]; w: number[]; strides?: P2; dilation?: P2; padding?: Pad; bias?: boolean }

const CONV_CASES: ConvCase[] = [
  { label: 'valid 3×3, bias, batch 2', x: [2, 5, 5, 3], w: [3, 3, 3, 4], bias: true },
  { label: "'same', stride 2", x: [2, 6, 7, 2], w: [3, 3, 2, 3], strides: [2, 2], padding: 'same', bias: true },
  { label: "'same', stride 2, odd size, 2×2 kernel", x: [2, 5, 5, 2], w: [2, 2, 2, 2], strides: [2, 2], padding: 'same' },
  { label: 'valid, dilation 2', x: [1, 7, 6, 2], w: [2, 3, 2, 2], dilation: [2, 2], bias: true },
  { label: "'same', dilation 2", x: [2, 5, 6, 2], w: [3, 2, 2, 3], dilation: [2, 2], padding: 'same' },
  { label: 'mixed strides and dilations', x: [3, 6, 5, 2], w: [3, 2, 2, 2], strides: [2, 1], dilation: [1, 2], padding: 'same' },
  { label: 'explicit asymmetric padding', x: [2, 4, 4, 2], w: [3, 3, 2, 2], padding: [[1, 0], [2, 1]], bias: true },
  { label: '1×1 pointwise (plain GEMM path)', x: [2, 3, 4, 5], w: [1, 1, 5, 3], bias: true },
  { label: 'kernel as large as the input', x: [2, 3, 3, 2], w: [3, 3, 2, 5] },
  { label: 'larger (random directions)', x: [4, 9, 9, 6], w: [3, 3, 6, 10], strides: [2, 2], padding: 'same', bias: true },
];

const refOpts = (c: ConvCase) => ({ strides: c.strides, dilation: c.dilation, padding: c.padding });
const opOpts = (c: ConvCase) => ({ strides: c.strides, dilationRate: c.dilation, padding: c.padding });

describe('conv2d gradients (gradcheck)', () => {
  it.each(CONV_CASES.map((c) => [c.label, c] as const))('%s', (_l, c) => {
    const inputs = [rand(c.x, { seed: 1 }), rand(c.w, { seed: 2 }), ...(c.bias ? [rand([c.w[3]!], { seed: 3 })] : [])];
    gradcheck({
      name: `conv2d ${c.label}`,
      op: (x, w, b) => k.conv2d(x!, w!, { ...opOpts(c), bias: b }),
      ref: (x, w, b) => conv2dRef(x!, w!, refOpts(c), b),
      inputs, fwdAtol: 1e-5,
    });
  });

  it('the fused ReLU matches relu(conv2d) in value and gradient', () => {
    tidy(() => {
      const x = tensorOf(rand([2, 6, 6, 3], { seed: 4 })), w = tensorOf(rand([3, 3, 3, 4], { seed: 5 })), b = tensorOf(rand([4], { seed: 6 }));
      const fused = (xx: Tensor, ww: Tensor, bb: Tensor) => k.sum(k.square(k.conv2d(xx, ww, { bias: bb, padding: 'same', activation: 'relu' })));
      const plain = (xx: Tensor, ww: Tensor, bb: Tensor) => k.sum(k.square(k.relu(k.conv2d(xx, ww, { bias: bb, padding: 'same' }))));
      const gf = grads(fused)([x, w, b]), gp = grads(plain)([x, w, b]);
      gf.forEach((g, i) => assertClose(g.dataSync(), gp[i]!.dataSync(), { rtol: 1e-6, atol: 1e-6, label: `input ${i}` }));
    });
  });
});

interface TCase { label: string; x: number[]; w: number[]; strides?: P2; dilation?: P2; padding?: 'valid' | 'same' }
const T_CASES: TCase[] = [
  { label: 'valid 3×3', x: [2, 3, 3, 2], w: [3, 3, 3, 2] },
  { label: "'same', stride 2", x: [2, 3, 3, 2], w: [3, 3, 3, 2], strides: [2, 2], padding: 'same' },
  { label: 'valid, stride 2, 2×2', x: [2, 3, 4, 2], w: [2, 2, 3, 2], strides: [2, 2] },
  { label: "'same', stride 2, even kernel", x: [1, 3, 2, 3], w: [4, 4, 2, 3], strides: [2, 2], padding: 'same' },
  { label: 'valid, stride 3 > kernel 2', x: [2, 2, 3, 1], w: [2, 2, 2, 1], strides: [3, 3] },
  { label: "'same', dilation 2", x: [2, 4, 3, 2], w: [3, 2, 2, 2], dilation: [2, 2], padding: 'same' },
];

describe('conv2dTranspose gradients (gradcheck)', () => {
  it.each(T_CASES.map((c) => [c.label, c] as const))('%s', (_l, c) => {
    gradcheck({
      name: `conv2dTranspose ${c.label}`,
      op: (x, w) => k.conv2dTranspose(x!, w!, { strides: c.strides, dilationRate: c.dilation, padding: c.padding }),
      ref: (x, w) => conv2dTransposeRef(x!, w!, { strides: c.strides, dilation: c.dilation, padding: c.padding }),
      inputs: [rand(c.x, { seed: 7 }), rand(c.w, { seed: 8 })], fwdAtol: 1e-5,
    });
  });

  it('bias and ReLU compose with the core', () => {
    tidy(() => {
      const x = tensorOf(rand([2, 3, 3, 2], { seed: 9 })), w = tensorOf(rand([3, 3, 4, 2], { seed: 10 })), b = tensorOf(rand([4], { seed: 11 }));
      const y = k.conv2dTranspose(x, w, { strides: 2, padding: 'same', bias: b, activation: 'relu' });
      const want = k.relu(k.add(k.conv2dTranspose(x, w, { strides: 2, padding: 'same' }), b));
      expect(y.shape).toEqual([2, 6, 6, 4]);
      assertClose(y.dataSync(), want.dataSync(), { rtol: 0, atol: 0 });
    });
  });
});

describe('depthwiseConv2d gradients (gradcheck)', () => {
  const cases: (ConvCase & { label: string })[] = [
    { label: 'multiplier 1, valid, bias', x: [2, 5, 5, 3], w: [3, 3, 3, 1], bias: true },
    { label: "multiplier 2, 'same'", x: [2, 5, 5, 2], w: [3, 3, 2, 2], padding: 'same', bias: true },
    { label: 'multiplier 3, stride 2, dilation 2', x: [2, 7, 6, 2], w: [2, 2, 2, 3], strides: [2, 2], dilation: [2, 2], padding: 'same' },
    { label: 'many channels (random directions)', x: [2, 6, 6, 17], w: [3, 3, 17, 1], padding: 'same', bias: true },
  ];
  it.each(cases.map((c) => [c.label, c] as const))('%s', (_l, c) => {
    const inputs = [rand(c.x, { seed: 12 }), rand(c.w, { seed: 13 }), ...(c.bias ? [rand([c.w[2]! * c.w[3]!], { seed: 14 })] : [])];
    gradcheck({
      name: `depthwiseConv2d ${c.label}`,
      op: (x, w, b) => k.depthwiseConv2d(x!, w!, { ...opOpts(c), bias: b }),
      ref: (x, w, b) => depthwiseRef(x!, w!, refOpts(c), b),
      inputs, fwdAtol: 1e-5,
    });
  });
});

describe('conv1d gradients (gradcheck)', () => {
  const to2d = (x: NDArray) => reshapeRef(x, [x.shape[0]!, 1, x.shape[1]!, x.shape[2]!]);
  const from2d = (y: NDArray) => reshapeRef(y, [y.shape[0]!, y.shape[2]!, y.shape[3]!]);
  const cases: [string, number[], number[], { strides?: number; dilationRate?: number; padding?: 'valid' | 'same' | 'causal' }, Pad][] = [
    ['valid', [2, 7, 3], [3, 3, 4], {}, 'valid'],
    ["'same', stride 2", [2, 7, 3], [3, 3, 2], { strides: 2, padding: 'same' }, 'same'],
    ['causal, dilation 2', [2, 7, 3], [2, 3, 2], { dilationRate: 2, padding: 'causal' }, [[0, 0], [2, 0]]],
  ];
  it.each(cases)('%s', (label, xs, ws, o, pad) => {
    gradcheck({
      name: `conv1d ${label}`,
      op: (x, w, b) => k.conv1d(x!, w!, { ...o, bias: b }),
      ref: (x, w, b) => from2d(conv2dRef(to2d(x!), reshapeRef(w!, [1, ...w!.shape]), { strides: [1, o.strides ?? 1], dilation: [1, o.dilationRate ?? 1], padding: pad }, b)),
      inputs: [rand(xs, { seed: 15 }), rand(ws, { seed: 16 }), rand([ws[2]!], { seed: 17 })], fwdAtol: 1e-5,
    });
  });
});

describe('convolutions on 1 and 2 threads agree bit for bit', () => {
  it('forward and every gradient, at the seed CNN shapes (batch 8)', async () => {
    const run = () => tidy(() => {
      const x = tensorOf(rand([8, 13, 13, 32], { seed: 18 })), w = tensorOf(rand([3, 3, 32, 64], { seed: 19 })), b = tensorOf(rand([64], { seed: 20 }));
      const x1 = tensorOf(rand([8, 28, 28, 1], { seed: 21 })), w1 = tensorOf(rand([3, 3, 1, 32], { seed: 22 }));
      const dwk = tensorOf(rand([3, 3, 32, 2], { seed: 23 })), wt = tensorOf(rand([3, 3, 16, 32], { seed: 24 }));
      const f = (a: Tensor, bw: Tensor, bb: Tensor, a1: Tensor, bw1: Tensor, d: Tensor, t: Tensor) =>
        k.add(k.add(k.sum(k.square(k.conv2d(a, bw, { bias: bb, activation: 'relu' }))), k.sum(k.conv2d(a1, bw1, { strides: 2, padding: 'same' }))),
          k.add(k.sum(k.square(k.depthwiseConv2d(a, d, { padding: 'same' }))), k.sum(k.square(k.conv2dTranspose(a, t, { strides: 2, padding: 'same' })))));
      return grads(f)([x, w, b, x1, w1, dwk, wt]).map((g) => Array.from(g.dataSync()));
    });
    const [one, two] = await onOneAndTwoThreads(run);
    expect(two).toEqual(one);
  });
});

describe('convolution errors name the op and the shapes', () => {
  it('rejects bad ranks, channels, strides, dilations, padding and oversized kernels', () => {
    tidy(() => {
      const x = ones([2, 5, 5, 3]);
      expect(() => k.conv2d(ones([5, 5, 3]), ones([3, 3, 3, 4]))).toThrow(/conv2d: expected a rank-4 input \[batch, height, width, channels\]\. Received: input\.shape=\[5,5,3\]/);
      expect(() => k.conv2d(x, ones([3, 3, 4]))).toThrow(/conv2d: expected a rank-4 filter .*Received: filter\.shape=\[3,3,4\]/);
      expect(() => k.conv2d(x, ones([3, 3, 2, 4]))).toThrow(/conv2d: the input has 3 channels but the filter expects 2 \(filter\.shape\[2\]\)\. Received: x\.shape=\[2,5,5,3\], filter\.shape=\[3,3,2,4\]/);
      expect(() => k.conv2d(x, ones([3, 3, 3, 4]), { strides: 0 })).toThrow(/conv2d: strides must be a positive integer or a pair of positive integers\. Received: strides=0/);
      expect(() => k.conv2d(x, ones([3, 3, 3, 4]), { strides: [1, -2] })).toThrow(/ValueError|strides.*Received: strides=\[1,-2\]/);
      expect(() => k.conv2d(x, ones([3, 3, 3, 4]), { dilationRate: [1.5, 1] })).toThrow(/conv2d: dilationRate must be .*Received: dilationRate=\[1\.5,1\]/);
      expect(() => k.conv2d(x, ones([3, 3, 3, 4]), { padding: 'full' as 'same' })).toThrow(/conv2d: padding must be 'valid', 'same' or .*Received: padding='full'/);
      expect(() => k.conv2d(x, ones([7, 3, 3, 4]))).toThrow(/conv2d: the window \(7×3\) is larger than the padded input \(5×5\)\. Received: x\.shape=\[2,5,5,3\], filter\.shape=\[7,3,3,4\], padding='valid'/);
      expect(() => k.conv2d(x, ones([3, 3, 3, 4]), { dilationRate: 3 })).toThrow(/conv2d: the dilated window \(7×7\) is larger than the padded input \(5×5\)\..*dilationRate=\[3,3\]/);
      expect(() => k.conv2d(x, ones([3, 3, 3, 4]), { bias: ones([3]) })).toThrow(/conv2d: bias must have shape \[4\]\. Received: bias\.shape=\[3\]/);
      expect(() => k.conv2d(x, ones([3, 3, 3, 4]), { activation: 'tanh' as 'relu' })).toThrow(/conv2d: the fused activation must be 'linear' or 'relu'\. Received: activation='tanh'/);
      expect(() => k.conv2dTranspose(x, ones([3, 3, 4, 2]))).toThrow(/conv2dTranspose: the input has 3 channels but the filter expects 2 \(filter\.shape\[3\]\)/);
      expect(() => k.conv2dTranspose(x, ones([3, 3, 4, 3]), { strides: 2, outputPadding: 2 })).toThrow(/conv2dTranspose: outputPadding must be .*smaller than the strides\. Received: outputPadding=2, strides=\[2,2\]/);
      expect(() => k.depthwiseConv2d(x, ones([3, 3, 2, 1]))).toThrow(/depthwiseConv2d: the input has 3 channels but the filter expects 2/);
      expect(() => k.depthwiseConv2d(x, ones([3, 3, 3, 2]), { bias: ones([3]) })).toThrow(/depthwiseConv2d: bias must have shape \[6\]/);
      expect(() => k.conv1d(ones([2, 7, 3]), ones([3, 2, 4]))).toThrow(/conv1d: the input has 3 channels but the filter expects 2 \(filter\.shape\[1\]\)/);
      expect(() => k.conv1d(ones([2, 2, 3]), ones([3, 3, 4]))).toThrow(/conv1d: the kernel \(3\) is longer than the padded input \(2\)\. Received: x\.shape=\[2,2,3\]/);
      expect(() => k.conv1d(ones([2, 7, 3]), ones([3, 3, 4]), { strides: 0 })).toThrow(/conv1d: strides must be a positive integer\. Received: strides=0/);
    });
  });

  it('errors are ValueErrors', () => {
    tidy(() => {
      try {
        k.conv2d(ones([2, 5, 5, 3]), ones([3, 3, 2, 4]));
        expect.unreachable();
      } catch (e) {
        expect((e as Error).name).toBe('ValueError');
      }
    });
  });

  it("'same' padding puts the extra cell at the bottom/right (TF split)", () => {
    tidy(() => {
      // x = 1..4 on a 1×4 row, kernel [1, 1] (1×2), stride 2 'same' on width 4 pads 0: windows (1,2), (3,4).
      // Width 5 needs one cell: TF pads right → (1,2), (3,4), (5,0).
      const x = k.reshape(range(1, 6), [1, 1, 5, 1]);
      const y = k.conv2d(x, ones([1, 2, 1, 1]), { strides: 2, padding: 'same' });
      expect(Array.from(y.dataSync())).toEqual([3, 7, 5]);
    });
  });
});
