// Reading a data.Dataset in tests: every element as plain JS values, its tensors disposed.

import type { Dataset } from '../../ts/data/index.js';
import { Tensor } from '../../ts/tensor/tensor.js';

function plain(e: unknown): unknown {
  if (e instanceof Tensor) {
    const v = e.arraySync();
    e.dispose();
    return v;
  }
  if (Array.isArray(e)) return e.map(plain);
  if (e !== null && typeof e === 'object') return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, plain(v)]));
  return e;
}

/** Every element as plain numbers (nested arrays/dicts kept), disposing the tensors. */
export async function collect(ds: Dataset): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const e of ds) out.push(plain(e));
  return out;
}
