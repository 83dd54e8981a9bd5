// The order Keras gives a model's layers (`model.layers`). A `.keras` weights file names its
// groups by position in that order (`layers/dense`, `layers/dense_1`, …), so writer and reader
// must compute exactly the order Keras computes for the same graph — Keras's `map_graph`:
// operations sorted by depth from the outputs (deepest first), ties by first DFS visit.

import { ValueError } from '../../errors.js';
import type { Layer } from '../../layers/layer.js';
import type { LayerNode, SymbolicTensor } from '../../layers/symbolic.js';
import type { Model } from '../../models/model.js';

const isInputNode = (n: LayerNode) => n.inputs.length === 0;

/** Keras's `Functional.layers` order for a graph from `inputs` to `outputs`. */
export function functionalLayerOrder(inputs: readonly SymbolicTensor[], outputs: readonly SymbolicTensor[]): Layer[] {
  const declared = new Set(inputs);
  const finished = new Set<LayerNode>();
  const inProgress = new Set<LayerNode>();
  const order: LayerNode[] = [];
  const firstVisit = new Map<Layer, number>();

  const visit = (t: SymbolicTensor): void => {
    const node = t.node;
    if (!node || finished.has(node)) return;
    if (!isInputNode(node) && declared.has(t)) {
      finished.add(node);
      return;
    }
    if (inProgress.has(node)) throw new ValueError(`Functional model: tensor '${t.name}' from layer '${node.layer.name}' is part of a cycle.`);
    if (!firstVisit.has(node.layer)) firstVisit.set(node.layer, firstVisit.size);
    inProgress.add(node);
    if (!isInputNode(node)) node.inputs.forEach(visit);
    finished.add(node);
    inProgress.delete(node);
    order.push(node);
  };
  outputs.forEach(visit);

  const inGraph = new Set(order);
  const nodeDepth = new Map<LayerNode, number>();
  const layerDepth = new Map<Layer, number>();
  for (const node of [...order].reverse()) {
    const d = Math.max(nodeDepth.get(node) ?? 0, layerDepth.get(node.layer) ?? 0);
    layerDepth.set(node.layer, d);
    nodeDepth.set(node, d);
    for (const t of node.inputs) {
      const parent = t.node;
      if (parent && inGraph.has(parent)) nodeDepth.set(parent, Math.max(d + 1, nodeDepth.get(parent) ?? 0));
    }
  }
  // Inputs that reach no output still belong to the model.
  for (const t of inputs) {
    if (t.node && isInputNode(t.node) && !layerDepth.has(t.node.layer)) {
      layerDepth.set(t.node.layer, 0);
      firstVisit.set(t.node.layer, -1);
    }
  }
  return [...layerDepth.keys()].sort((a, b) => (layerDepth.get(b)! - layerDepth.get(a)!) || (firstVisit.get(a)! - firstVisit.get(b)!));
}

/** The layers Keras's saver visits under `<model>/layers`, in its order. */
export function kerasLayers(model: Model): Layer[] {
  if (model.className === 'Sequential' || !model.isFunctional) return model.layers;
  return functionalLayerOrder(model.inputs, model.outputs);
}
