// Weight and activity penalties added to the training loss (Keras `regularizers`).

import { ValueError, fmt } from '../errors.js';
import { canonicalName } from '../activations/index.js';
import { abs, square, mulScalar } from '../ops/unary.js';
import { sum } from '../ops/reduce.js';
import { add } from '../ops/binary.js';
import type { Tensor } from '../tensor/tensor.js';

export class Regularizer {
  constructor(readonly l1 = 0, readonly l2 = 0) {
    for (const [k, v] of [['l1', l1], ['l2', l2]] as const) {
      if (!(v >= 0) || !Number.isFinite(v)) throw new ValueError(`Regularizer: ${k} must be a non-negative number. Received: ${k}=${fmt(v)}`);
    }
  }

  /** l1·Σ|x| + l2·Σx² as a scalar tensor. */
  call(x: Tensor): Tensor {
    const parts: Tensor[] = [];
    if (this.l1 > 0) {
      const a = abs(x);
      const s = sum(a);
      parts.push(mulScalar(s, this.l1));
      a.dispose();
      s.dispose();
    }
    if (this.l2 > 0) {
      const q = square(x);
      const s = sum(q);
      parts.push(mulScalar(s, this.l2));
      q.dispose();
      s.dispose();
    }
    if (parts.length === 1) return parts[0]!;
    if (parts.length === 0) return mulScalar(sum(x), 0);
    const r = add(parts[0]!, parts[1]!);
    parts.forEach((p) => p.dispose());
    return r;
  }

  getConfig(): Record<string, number> {
    return { l1: this.l1, l2: this.l2 };
  }
}

export const l1 = (l1 = 0.01) => new Regularizer(l1, 0);
export const l2 = (l2 = 0.01) => new Regularizer(0, l2);
export const l1l2 = (opts: { l1?: number; l2?: number } = {}) => new Regularizer(opts.l1 ?? 0.01, opts.l2 ?? 0.01);

export type RegularizerIdentifier = Regularizer | 'l1' | 'l2' | 'l1_l2' | 'l1l2' | null | undefined;

export function get(id: RegularizerIdentifier): Regularizer | undefined {
  if (id == null) return undefined;
  if (id instanceof Regularizer) return id;
  switch (canonicalName(String(id))) {
    case 'l1': return l1();
    case 'l2': return l2();
    case 'l1_l2': case 'l1l2': return l1l2();
  }
  throw new ValueError(`Unknown regularizer. Expected l1, l2, l1_l2 or a Regularizer. Received: ${fmt(id)}`);
}
