// Functional graphs: the layer calls between a model's symbolic inputs and outputs, in an
// order where every node runs after the nodes that feed it.

import { ValueError } from '../errors.js';
import type { Layer } from '../layers/layer.js';
import type { LayerNode, SymbolicTensor } from '../layers/symbolic.js';

export function topologicalNodes(inputs: readonly SymbolicTensor[], outputs: readonly SymbolicTensor[]): LayerNode[] {
  const inputIds = new Set(inputs.map((t) => t.id));
  const order: LayerNode[] = [];
  const state = new Map<LayerNode, 'visiting' | 'done'>();
  const reachedInputs = new Set<number>();
  const visit = (t: SymbolicTensor): void => {
    if (inputIds.has(t.id)) {
      reachedInputs.add(t.id);
      return;
    }
    const node = t.node;
    if (!node || node.inputs.length === 0) {
      throw new ValueError(`Functional model: the graph reaches '${t.name}', which is not one of the model's inputs. ` +
        `Received: inputs=[${inputs.map((i) => i.name).join(', ')}]`);
    }
    const s = state.get(node);
    if (s === 'done') return;
    if (s === 'visiting') throw new ValueError(`Functional model: the graph has a cycle through layer '${node.layer.name}'.`);
    state.set(node, 'visiting');
    node.inputs.forEach(visit);
    state.set(node, 'done');
    order.push(node);
  };
  outputs.forEach(visit);
  return order;
}

/** The distinct layers of a graph in execution order. */
export function graphLayers(inputLayers: Layer[], nodes: readonly LayerNode[]): Layer[] {
  const seen = new Set<Layer>(inputLayers);
  const out = [...inputLayers];
  for (const n of nodes) {
    if (!seen.has(n.layer)) {
      seen.add(n.layer);
      out.push(n.layer);
    }
  }
  return out;
}
