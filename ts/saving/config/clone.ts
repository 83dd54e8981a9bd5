// Keras `clone_model`: the same architecture with new layer objects and freshly initialised
// weights. Each layer is copied through its config (or by `cloneFunction`), and the graph is
// replayed on the copies: a shared layer stays shared, nested models are cloned whole.

import { ValueError, fmt } from '../../errors.js';
import { InputLayer } from '../../layers/input_layer.js';
import { Layer } from '../../layers/layer.js';
import { deserializeLayer } from '../../layers/serialization.js';
import { registerBuiltins } from './builtins.js';
import type { LayerNode, SymbolicTensor } from '../../layers/symbolic.js';
import { topologicalNodes } from '../../models/graph.js';
import { Model } from '../../models/model.js';
import { Sequential } from '../../models/sequential.js';
import { serializeEntry } from './entry.js';

/** Options of `cloneModel` (Keras `keras.models.clone_model`). */
export interface CloneOptions {
  /** Makes the copy of each layer (Keras `clone_function`); input layers are always recreated. */
  cloneFunction?: (layer: Layer) => Layer;
}

const copyLayer = (l: Layer) => deserializeLayer(serializeEntry(l) as unknown as Record<string, unknown>);

function cloneInput(l: InputLayer): InputLayer {
  return new InputLayer({ batchShape: l.batchInputShape!, dtype: l.inputDType, name: l.name });
}

/** Keras `keras.models.clone_model`. */
export function cloneModel(model: Model, opts: CloneOptions = {}): Model {
  if (!(model instanceof Model)) throw new ValueError(`cloneModel: expected a Model. Received: ${fmt(model)}`);
  registerBuiltins();
  const made: Layer[] = [];
  const clone = (l: Layer): Layer => {
    const c = opts.cloneFunction ? opts.cloneFunction(l) : copyLayer(l);
    if (!(c instanceof Layer)) throw new ValueError(`cloneModel: cloneFunction must return a Layer for layer '${l.name}'. Received: ${fmt(c)}`);
    made.push(c);
    return c;
  };
  try {
    if (model instanceof Sequential) {
      const first = model.inputs[0]?.node?.layer;
      const input = first instanceof InputLayer ? [cloneInput(first)] : [];
      return new Sequential([...input, ...model.layers.map(clone)], { name: model.name, trainable: model.trainable });
    }
    if (!model.isFunctional) {
      throw new ValueError(`cloneModel: model '${model.name}' is a subclassed model; only Sequential and functional models can be cloned from their architecture.`);
    }
    const copies = new Map<Layer, Layer>();
    const tensors = new Map<SymbolicTensor, SymbolicTensor>();
    for (const t of model.inputs) {
      const l = t.node!.layer;
      if (!(l instanceof InputLayer)) throw new ValueError(`cloneModel: input '${t.name}' of model '${model.name}' does not come from input().`);
      const c = cloneInput(l);
      made.push(c);
      tensors.set(t, c.output);
    }
    for (const node of topologicalNodes(model.inputs, model.outputs) as LayerNode[]) {
      let c = copies.get(node.layer);
      if (!c) {
        c = clone(node.layer);
        copies.set(node.layer, c);
      }
      const xs = node.inputs.map((t) => tensors.get(t)!);
      const kwargs = Object.fromEntries(Object.entries(node.kwargs).filter(([k, v]) => v !== undefined && k !== 'logits'));
      const out = c.apply(node.inputs.length > 1 || node.kwargs.__multi === true ? xs : xs[0]!, kwargs);
      const outs = Array.isArray(out) ? out : [out];
      node.outputs.forEach((t, i) => tensors.set(t, outs[i]!));
    }
    const flags = model as unknown as { multiInput?: boolean; multiOutput?: boolean };
    const ins = model.inputs.map((t) => tensors.get(t)!);
    const outs = model.outputs.map((t) => tensors.get(t)!);
    const m = new Model({
      inputs: flags.multiInput ?? ins.length > 1 ? ins : ins[0]!,
      outputs: flags.multiOutput ?? outs.length > 1 ? outs : outs[0]!,
      name: model.name,
    });
    if (!model.trainable) m.trainable = false;
    return m;
  } catch (err) {
    for (const l of made) l.dispose();
    throw err;
  }
}
