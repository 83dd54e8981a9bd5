// Direct calls into the kernel exports for the op layer. Ops have already validated shapes
// and dtypes, so this is the lean path: no second validation, one status check.
// Small integer metadata (shapes, strides) goes through one persistent scratch buffer.

import type { Backend } from '../../bindings/index.js';
import { check as checkStatus } from '../../bindings/status.js';
import { be } from './op.js';

const META_INTS = 64;
const scratch = new WeakMap<Backend, number>();

/** Writes `ints` into the backend's metadata scratch and returns its byte offset. */
export function meta(ints: readonly number[]): number {
  const b = be();
  let ptr = scratch.get(b);
  if (ptr === undefined) {
    ptr = b.heap.alloc(META_INTS * 4, 'metadata scratch');
    scratch.set(b, ptr);
  }
  if (ints.length > META_INTS) throw new Error(`kerasm: ${ints.length} metadata ints exceed the scratch size ${META_INTS}.`);
  b.heap.i32.set(ints, ptr >>> 2);
  return ptr;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function ex(): any {
  return be().ex;
}

/** Throws for a non-OK status from the current backend's kernel `kernel`. */
export function check(kernel: string, status: number): void {
  if (status !== 0) checkStatus(kernel, status, be());
}
