// A 1000-step training loop (linear regression: matmul + add + sub + square + mean, gradients
// by variableGrads, SGD through Variable.assign) under tidy: after the first step the live
// tensor, buffer and byte counts never change, and the loss falls to the noise floor.

import { describe, expect, it } from 'vitest';
import { memory, tidy, variableGrads } from '../../ts/autograd/gradients.js';
import { variable } from '../../ts/autograd/variable.js';
import * as k from '../../ts/ops/index.js';
import { scalar, tensor, zeros } from '../../ts/tensor/creation.js';
import { rand, tensorOf } from '../helpers/gradcheck.js';
import { matmulRef, nd } from '../helpers/reference.js';

describe('training-loop memory', () => {
  it('1000 SGD steps keep numTensors, numBytes and numBuffers constant, and the loss decreases', () => {
    const xs = rand([32, 3], { seed: 1 });
    const trueW = nd([3, 1], [2, -3.5, 0.5]);
    const ys = nd([32, 1], (i) => matmulRef(xs, trueW).data[i]! + 1.25);
    const x = tensorOf(xs), y = tensorOf(ys);
    const w = variable(zeros([3, 1]), true, 'w'), b = variable(scalar(0), true, 'b');
    const lr = 0.1;
    const losses: number[] = [];
    const counts: [number, number, number][] = [];
    for (let step = 0; step < 1000; step++) {
      tidy(() => {
        const { value, grads } = variableGrads(() => k.mean(k.square(k.sub(k.add(k.matmul(x, w), b), y))), [w, b]);
        w.assign(k.sub(w, k.mulScalar(grads.get(w)!, lr)));
        b.assign(k.sub(b, k.mulScalar(grads.get(b)!, lr)));
        if (step % 100 === 0 || step === 999) losses.push(value.dataSync()[0]!);
      });
      const m = memory();
      counts.push([m.numTensors, m.numBuffers, m.numBytes]);
    }
    for (let i = 1; i < counts.length; i++) {
      if (counts[i]!.some((c, j) => c !== counts[0]![j])) {
        throw new Error(`step ${i}: [numTensors, numBuffers, numBytes] = [${counts[i]}], after step 0: [${counts[0]}]`);
      }
    }
    for (let i = 1; i < losses.length; i++) expect(losses[i]!, `loss at checkpoint ${i}`).toBeLessThanOrEqual(losses[i - 1]!);
    expect(losses[0]).toBeGreaterThan(1);
    expect(losses.at(-1)!).toBeLessThan(1e-8);
    const learned = Array.from(w.dataSync());
    learned.forEach((v, i) => expect(v).toBeCloseTo(trueW.data[i]!, 4));
    expect(b.dataSync()[0]).toBeCloseTo(1.25, 4);
    [x, y, w, b].forEach((t) => t.dispose());
  });

  it('gradient evaluation alone leaks nothing across 200 calls (tape snapshots are released)', () => {
    const w = variable(tensor([[0.5, -1], [2, 0.25]]));
    const run = () => tidy(() => {
      const { value, grads } = variableGrads(() => k.sum(k.softmax(k.matmul(w, w), -1)), [w]);
      return [value, grads.get(w)!];
    }).forEach((t) => t.dispose());
    run();
    const before = memory();
    for (let i = 0; i < 200; i++) run();
    const after = memory();
    expect([after.numTensors, after.numBuffers, after.numBytes]).toEqual([before.numTensors, before.numBuffers, before.numBytes]);
    w.dispose();
  });
});
