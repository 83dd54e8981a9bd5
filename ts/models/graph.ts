// Functional graphs: the layer calls between a model's symbolic inputs and outputs, in an
// order where every node runs after the nodes that feed it.

import { ValueError } from '../errors.js';
import type { CallArgs, Layer } from '../layers/layer.js';
import type { LayerNode, SymbolicTensor } from '../layers/symbolic.js';
import type { Tensor } from '../tensor/tensor.js';
import { getKerasMask } from '../layers/masking/keras_mask.js';

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

/**
 * The distinct layers of a graph in Keras 3's order (`ops/function.py` `map_graph`): by depth
 * from the outputs, deepest first, ties in the order a depth-first walk from the outputs first
 * reaches them. The model's weights (and so optimizer slots in saved files) follow this order.
 * Input layers come first.
 */
export function graphLayers(inputLayers: Layer[], nodes: readonly LayerNode[], outputs?: readonly SymbolicTensor[]): Layer[] {
  const inNodes = new Set(nodes);
  const firstSeen = new Map<Layer, number>();
  const postOrder: LayerNode[] = [];
  const done = new Set<LayerNode>();
  const walk = (n: LayerNode): void => {
    if (!firstSeen.has(n.layer)) firstSeen.set(n.layer, firstSeen.size);
    if (done.has(n)) return;
    done.add(n);
    for (const t of n.inputs) if (t.node && inNodes.has(t.node)) walk(t.node);
    postOrder.push(n);
  };
  const roots = outputs ? outputs.map((t) => t.node!).filter((n) => inNodes.has(n)) : [...nodes].reverse();
  roots.forEach(walk);
  nodes.forEach((n) => {
    if (!done.has(n)) walk(n);
  });
  const nodeDepth = new Map<LayerNode, number>();
  const layerDepth = new Map<Layer, number>();
  for (const n of [...postOrder].reverse()) {
    const d = Math.max(nodeDepth.get(n) ?? 0, layerDepth.get(n.layer) ?? 0);
    layerDepth.set(n.layer, d);
    nodeDepth.set(n, d);
    for (const t of n.inputs) {
      if (t.node && inNodes.has(t.node)) nodeDepth.set(t.node, Math.max(d + 1, nodeDepth.get(t.node) ?? 0));
    }
  }
  const seen = new Set<Layer>(inputLayers);
  const rest = [...layerDepth.keys()].filter((l) => !seen.has(l));
  rest.sort((a, b) => layerDepth.get(b)! - layerDepth.get(a)! || firstSeen.get(a)! - firstSeen.get(b)!);
  return [...inputLayers, ...rest];
}

/**
 * The masks a functional model was called with (Keras `Functional.call(mask=…)`), by input
 * tensor id: `mask` for a one-input model, `masks` for several. Empty when none were given.
 */
export function modelInputMasks(inputs: readonly SymbolicTensor[], args: CallArgs): Map<number, Tensor | null> {
  const m = new Map<number, Tensor | null>();
  const list = inputs.length === 1 && args.mask !== undefined ? [args.mask] : args.masks;
  if (list) inputs.forEach((t, i) => m.set(t.id, list[i] ?? null));
  return m;
}

/**
 * Mask arguments for a node that reads a model input called with a mask; other nodes get
 * none and read the masks attached to their inputs. Masks read here are pushed on `owned`.
 */
export function nodeMaskArgs(node: LayerNode, multi: boolean, values: ReadonlyMap<number, Tensor>,
  given: ReadonlyMap<number, Tensor | null>, owned: Tensor[]): Partial<CallArgs> {
  if (given.size === 0 || !node.inputs.some((t) => given.has(t.id))) return {};
  if (!multi) return { mask: given.get(node.inputs[0]!.id) ?? null };
  return {
    masks: node.inputs.map((t) => {
      if (given.has(t.id)) return given.get(t.id)!;
      const m = getKerasMask(values.get(t.id)!);
      if (m) owned.push(m);
      return m;
    }),
  };
}
