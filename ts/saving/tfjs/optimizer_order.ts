// tfjs restores optimizer slots by position, in the order of the loaded model's
// `trainableWeights`, which for functional models follows Keras's map_graph layer order
// (deepest first), not necessarily kerasm's execution order. Slots are therefore
// written in tfjs's order and read back into kerasm's, matched by their names
// (`<layer>/<weight>/<suffix>`), so a shared shape can never put one layer's momentum on
// another layer's weights.

import type { Variable } from '../../autograd/variable.js';
import { Model } from '../../models/model.js';
import { kerasLayers } from '../keras/layer_order.js';

/** tfjs's `model.trainableWeights` order. */
export function tfjsTrainableOrder(model: Model): Variable[] {
  const out: Variable[] = [];
  const visit = (m: Model) => {
    if (!m.trainable) return;
    for (const l of kerasLayers(m)) {
      if (l instanceof Model) visit(l);
      else out.push(...l.trainableWeights);
    }
  };
  visit(model);
  return [...new Set(out)];
}

interface Named { name: string }

/**
 * `iter`, then blocks of one slot kind per variable: each block reordered to `order`
 * (variable names). Returns the input unchanged when the names do not identify the
 * variables (e.g. a converter file), leaving the count/shape checks to the optimizer.
 */
export function reorderSlots<W extends Named>(ws: readonly W[], order: readonly string[]): W[] {
  const n = order.length;
  if (ws.length < 1 || n === 0 || (ws.length - 1) % n !== 0) return [...ws];
  const out: W[] = [ws[0]!];
  for (let b = 1; b < ws.length; b += n) {
    const byVar = new Map(ws.slice(b, b + n).map((w) => [w.name.slice(0, w.name.lastIndexOf('/')), w]));
    if (byVar.size !== n || !order.every((v) => byVar.has(v))) return [...ws];
    out.push(...order.map((v) => byVar.get(v)!));
  }
  return out;
}
