// Builds a layer owned by another (an RNN's cell, a wrapper's layer) the way Keras 3 does:
// inside the owner's name scope, so its variables are named `<owner>/<child>/<weight>` (for
// example `bidirectional/forward_lstm/lstm_cell/kernel`). Optimizer slots take their names
// from these paths, as Keras's do.

import type { Variable } from '../../autograd/variable.js';
import type { Layer } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';

export function buildNested(owner: Layer, child: Layer, shape: SymbolicShape | SymbolicShape[]): void {
  if (child.built) return;
  const before = new Set(child.weights);
  child.build(shape);
  child.built = true;
  for (const v of child.weights) {
    if (!before.has(v)) (v as { name: string } & Omit<Variable, 'name'>).name = `${owner.name}/${v.name}`;
  }
}
