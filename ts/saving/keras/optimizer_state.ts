// Optimizer state in Keras's `optimizer.variables` order (iterations, learning_rate, then
// the slots per trainable variable), as `optimizer/vars/i` in a `.keras` weights file.

import { ValueError } from '../../errors.js';
import type { Variable } from '../../autograd/variable.js';
import type { Optimizer } from '../../optimizers/optimizer.js';

export interface OptimizerVariable {
  shape: readonly number[];
  values: Float32Array | Int32Array;
}

/** The optimizer's variables in Keras order. */
export function optimizerState(opt: Optimizer): OptimizerVariable[] {
  return opt.getVariables().map((v) => ({ shape: v.shape, values: v.values }));
}

/**
 * Restores a saved state: builds the slots for `trainable` when the file has them, then
 * sets every variable. The optimizer checks counts and shapes before it writes anything.
 */
export function restoreOptimizerState(opt: Optimizer, trainable: readonly Variable[], values: OptimizerVariable[], fileName: string): void {
  try {
    // An unbuilt optimizer has only its scalars (iteration, maybe learning_rate): more values
    // in the file mean slots, which exist once built.
    if (!opt.isBuilt && values.length > opt.getVariables().length) opt.build(trainable);
    opt.setVariables(values.map((v) => ({ shape: v.shape, values: v.values })));
  } catch (e) {
    if (e instanceof ValueError) throw new ValueError(`Optimizer state in '${fileName}': ${e.message}`);
    throw e;
  }
}
