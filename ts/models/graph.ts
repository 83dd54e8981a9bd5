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
