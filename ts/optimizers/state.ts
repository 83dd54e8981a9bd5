// Optimizer state as plain arrays, for saving and restoring: the record type both layouts
// (Keras's `optimizer.variables`, tfjs's `getWeights`) use, and the checks that run on
// values coming back from a file before anything is assigned.

import { ValueError, fmt } from '../errors.js';

/** One optimizer variable, copied out of WebAssembly memory. */
export interface OptimizerVariableData {
  /** Keras's variable name (`iteration`, `dense_kernel_momentum`, …) or tfjs's (`iter`, `dense/kernel/m`). */
  name: string;
  /** Keras's `variable.path` (`adam/dense_kernel_momentum`), as legacy .h5 `weight_names` list it. */
  path: string;
  /** Shape of the variable. */
  shape: number[];
  /** Element type (`'int32'` for counters such as the iteration count). */
  dtype: 'float32' | 'int32';
  /** A copy of the values, row-major. */
  values: Float32Array | Int32Array;
}

/**
 * A value to restore: a record like the ones `getVariables()` returns (`name` and
 * `path` are informative only; `shape` and `dtype`, when given, are checked), or a bare
 * array of values. int64 data (TF-backend Keras files store `iteration` as int64) is
 * accepted as a BigInt64Array.
 */
export type OptimizerVariableInput =
  | { name?: string; path?: string; shape?: ArrayLike<number>; dtype?: string; values: ArrayLike<number> | BigInt64Array }
  | Float32Array | Int32Array | BigInt64Array | readonly number[];

/** What a value is restored into. */
export interface StateTarget {
  name: string;
  shape: readonly number[];
  dtype: 'float32' | 'int32';
}

function isArrayLike(x: unknown): x is ArrayLike<number> | BigInt64Array {
  return ArrayBuffer.isView(x) || Array.isArray(x);
}

/**
 * Checks `input` against `target` and returns its values in the target's dtype.
 * @param who e.g. "Adam 'adam'.setVariables"
 */
export function readStateValue(who: string, target: StateTarget, input: OptimizerVariableInput, i: number): Float32Array | Int32Array {
  const rec = isArrayLike(input) ? { values: input } : input;
  if (typeof rec !== 'object' || rec === null || !isArrayLike((rec as { values?: unknown }).values)) {
    throw new ValueError(`${who}: value ${i} (for '${target.name}') must be an array or {shape, dtype, values}. Received: ${fmt(input)}`);
  }
  const r = rec as Exclude<OptimizerVariableInput, ArrayLike<number> | BigInt64Array>;
  const size = target.shape.reduce((a, b) => a * b, 1);
  if (r.shape !== undefined) {
    const shape = Array.isArray(r.shape) || ArrayBuffer.isView(r.shape) ? Array.from(r.shape as ArrayLike<number>, Number) : null;
    const same = shape !== null && shape.length === target.shape.length && shape.every((d, k) => d === target.shape[k]);
    if (!same) {
      throw new ValueError(`${who}: variable ${i} '${target.name}' has shape ${fmt(target.shape)}. ` +
        `Received: shape=${fmt(r.shape)}${r.name ? ` (saved as '${r.name}')` : ''}`);
    }
  }
  const okDtype = target.dtype === 'int32' ? ['int32', 'int64'] : ['float32'];
  if (r.dtype !== undefined && !okDtype.includes(r.dtype)) {
    throw new ValueError(`${who}: variable ${i} '${target.name}' is ${target.dtype}. Received: dtype=${fmt(r.dtype)}`);
  }
  const src = r.values;
  if (src.length !== size) {
    throw new ValueError(`${who}: variable ${i} '${target.name}' has ${size} values (shape ${fmt(target.shape)}). Received: ${src.length} values`);
  }
  if (target.dtype === 'int32') {
    const out = new Int32Array(size);
    for (let k = 0; k < size; k++) {
      const v = Number(src[k]);
      if (!Number.isInteger(v) || v < 0 || v > 0x7fffffff) {
        throw new ValueError(`${who}: variable ${i} '${target.name}' must hold non-negative int32 counts. Received: ${fmt(src[k])}`);
      }
      out[k] = v;
    }
    return out;
  }
  if (src instanceof BigInt64Array) {
    throw new ValueError(`${who}: variable ${i} '${target.name}' is float32. Received: int64 values`);
  }
  return src instanceof Float32Array ? src.slice() : Float32Array.from(src as ArrayLike<number>);
}
