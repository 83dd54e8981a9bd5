// Functional model configs (Keras `Functional.get_config` / `functional_from_config`).
//
// Node indices: a layer's calls are numbered among the calls that belong to this model. In
// the Keras 3 form, a `keras_history` inside `inbound_nodes` uses that number as is, while
// `input_layers`/`output_layers` add 1 for a nested Functional model (Keras counts a built-in
// node for it). Keras 2 and tfjs add that 1 for every nested model, Sequential included, in
// both places.
//
// Reading validates the whole graph (names, classes, references, cycles) before building
// anything, and frees every layer built so far if construction still fails.

import { ValueError, fmt } from '../../errors.js';
import { InputLayer } from '../../layers/input_layer.js';
import type { Layer } from '../../layers/layer.js';
import { deserializeLayer, registerBuiltinLayer, resolveLayerClass, setFunctionalBuilder, type LayerDeserializeOptions } from '../../layers/serialization.js';
import { registerBuiltinLayers } from '../../layers/index.js';
import type { LayerNode, SymbolicTensor } from '../../layers/symbolic.js';
import { topologicalNodes } from '../../models/graph.js';
import { Model, type ModelArgs } from '../../models/model.js';
import { functionalLayerOrder } from '../keras/layer_order.js';
import { kwargsFromConfig, kwargsToConfig } from './call_kwargs.js';
import { isFunctionalModel, kerasClassName, serializeEntry } from './entry.js';
import { parseEndpoints, parseNode, type ParsedNode, type TensorRef } from './inbound_nodes.js';
import { own } from './registry.js';
import { checkDepth, expectArray, expectRecord, expectString, isRecord, type JsonRecord } from './validate.js';

// ---------------------------------------------------------------------------------------------
// Writing

/** Keras 3 `Functional.get_config()`. */
export function functionalConfig(model: Model): JsonRecord {
  const { inputs, outputs } = model;
  for (const t of inputs) {
    if (!(t.node?.layer instanceof InputLayer)) {
      throw new ValueError(`Model '${model.name}': input '${t.name}' is not the output of input(); only such models can be written as a config.`);
    }
  }
  const own = new Set<LayerNode>([...inputs.map((t) => t.node!), ...topologicalNodes(inputs, outputs)]);
  const layers = functionalLayerOrder(inputs, outputs);
  const names = new Map<string, Layer>();
  for (const l of layers) {
    if (names.has(l.name) && names.get(l.name) !== l) throw new ValueError(`Model '${model.name}': two layers are named '${l.name}'; layer names must be unique to write a config.`);
    names.set(l.name, l);
  }
  const kept = new Map<Layer, LayerNode[]>(layers.map((l) => [l, l.inboundNodes.filter((n) => own.has(n))]));
  const nodeIndex = (n: LayerNode) => kept.get(n.layer)!.indexOf(n);
  const ref = (t: SymbolicTensor) => ({
    class_name: '__keras_tensor__',
    config: { shape: [...t.shape], dtype: t.dtype, keras_history: [t.node!.layer.name, nodeIndex(t.node!), t.node!.outputs.indexOf(t)] },
  });
  const endpoint = (t: SymbolicTensor) => [t.node!.layer.name, nodeIndex(t.node!) + (isFunctionalModel(t.node!.layer) ? 1 : 0), t.node!.outputs.indexOf(t)];
  const flags = model as unknown as { multiInput?: boolean; multiOutput?: boolean };
  const multiIn = flags.multiInput ?? inputs.length > 1;
  const multiOut = flags.multiOutput ?? outputs.length > 1;
  return {
    name: model.name,
    trainable: model.trainable,
    layers: layers.map((l) => ({
      ...serializeEntry(l),
      name: l.name,
      inbound_nodes: kept.get(l)!.filter((n) => n.inputs.length > 0).map((n) => ({
        // A layer whose Keras call takes its tensors as positional arguments (MultiHeadAttention)
        // is written that way; others take one tensor or one list.
        args: (l.constructor as { positionalInputs?: boolean }).positionalInputs === true ? n.inputs.map(ref)
          : [n.inputs.length > 1 || n.kwargs.__multi === true ? n.inputs.map(ref) : ref(n.inputs[0]!)],
        kwargs: kwargsToConfig(kerasClassName(l), l.name, n.kwargs),
      })),
    })),
    input_layers: multiIn ? inputs.map(endpoint) : endpoint(inputs[0]!),
    output_layers: multiOut ? outputs.map(endpoint) : endpoint(outputs[0]!),
  };
}

// ---------------------------------------------------------------------------------------------
// Reading

interface Entry {
  name: string;
  spec: JsonRecord;
  className: string;
  isInput: boolean;
  isModel: boolean;
  isFunctional: boolean;
  nodes: ParsedNode[];
}

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);

function describeEntry(raw: unknown, i: number, where: string, opts: LayerDeserializeOptions): Entry {
  const spec = expectRecord(raw, `${where}: layers[${i}]`);
  const cfg = own(spec, 'config');
  const name = expectString(own(spec, 'name') ?? (isRecord(cfg) ? own(cfg, 'name') : undefined), `${where}: layers[${i}].name`);
  const className = expectString(own(spec, 'class_name'), `${where}: layer '${name}' field \`class_name\``);
  const cls = resolveLayerClass(spec, opts);
  const isModel = MODEL_CLASSES.has(className) || (typeof cls === 'function' && cls.prototype instanceof Model);
  const nodes = expectArray(own(spec, 'inbound_nodes') ?? [], `${where}: layer '${name}' field \`inbound_nodes\``).map((n, j) => parseNode(n, name, j));
  return {
    name, spec, className, isModel, nodes,
    isInput: className === 'InputLayer' || (typeof cls === 'function' && (cls === InputLayer || cls.prototype instanceof InputLayer)),
    isFunctional: isModel && className !== 'Sequential',
  };
}

/** Node index as the model's own call number (0-based), given where the reference was read. */
function localIndex(e: Entry, ref: TensorRef, inEndpoints: boolean, keras3: boolean, legacyNode: boolean, where: string): number {
  const offset = !e.isModel ? 0 : inEndpoints ? (keras3 ? (e.isFunctional ? 1 : 0) : 1) : legacyNode ? 1 : 0;
  const k = ref.node - offset;
  const count = e.isInput ? 1 : e.nodes.length;
  if (k < 0 || k >= count) {
    throw new ValueError(`${where} refers to call ${ref.node} of layer '${ref.layer}', which has ${count} call(s) in this model.`);
  }
  return k;
}

/** Keras 3 `functional_from_config`: validates everything, then builds. */
export function functionalFromConfig(config: unknown, opts: LayerDeserializeOptions = {}, ctor: new (args: ModelArgs) => Model = Model): Model {
  checkDepth(config, 'Functional model config');
  registerBuiltinLayers();
  registerFunctional();
  const c = expectRecord(config, 'Functional model config');
  const modelName = own(c, 'name');
  const where = `Functional model${typeof modelName === 'string' ? ` '${modelName}'` : ''}`;
  if (modelName !== undefined && modelName !== null && typeof modelName !== 'string') throw new ValueError(`${where}: config field \`name\` must be a string. Received: ${fmt(modelName)}`);
  const trainable = own(c, 'trainable');
  if (trainable !== undefined && trainable !== null && typeof trainable !== 'boolean') throw new ValueError(`${where}: config field \`trainable\` must be a boolean. Received: ${fmt(trainable)}`);

  // 1. Entries, classes and node lists.
  const raw = expectArray(own(c, 'layers'), `${where}: config field \`layers\``);
  const entries = new Map<string, Entry>();
  raw.forEach((r, i) => {
    const e = describeEntry(r, i, where, opts);
    if (entries.has(e.name)) throw new ValueError(`${where}: two layers are named '${e.name}'. Layer names must be unique.`);
    entries.set(e.name, e);
  });
  const keras3 = raw.some((r) => own(r, 'module') !== undefined) || [...entries.values()].some((e) => e.nodes.some((n) => !n.legacy));

  // 2. Every reference names a layer and a call that exist.
  const entryOf = (ref: TensorRef, at: string): Entry => {
    const e = entries.get(ref.layer);
    if (!e) throw new ValueError(`${at} refers to layer '${ref.layer}', which is not in the model's layers. Received: ${fmt([ref.layer, ref.node, ref.tensor])}`);
    return e;
  };
  const key = (layer: string, k: number) => `${layer}\u0000${k}`;
  const deps = new Map<string, { e: Entry; node: ParsedNode; inputs: { key: string; ref: TensorRef; local: number }[] }>();
  for (const e of entries.values()) {
    if (e.isInput && e.nodes.length > 0) throw new ValueError(`${where}: input layer '${e.name}' cannot have inbound nodes. Received: ${e.nodes.length}`);
    e.nodes.forEach((node, k) => {
      const at = `${where}: layer '${e.name}' call ${k}`;
      const inputs = node.refs.map((ref) => {
        const src = entryOf(ref, at);
        const local = localIndex(src, ref, false, keras3, node.legacy, at);
        return { key: key(src.name, local), ref, local };
      });
      deps.set(key(e.name, k), { e, node, inputs });
    });
  }
  const endpoints = (field: string) => {
    const ep = parseEndpoints(own(c, field), `${where}: config field \`${field}\``);
    const refs = ep.refs.map((ref) => {
      const src = entryOf(ref, `${where}: ${field}`);
      return { ref, local: localIndex(src, ref, true, keras3, false, `${where}: ${field}`) };
    });
    return { refs, list: keras3 ? ep.list : refs.length > 1 };
  };
  const ins = endpoints('input_layers');
  const outs = endpoints('output_layers');
  for (const { ref } of ins.refs) {
    if (!entries.get(ref.layer)!.isInput) throw new ValueError(`${where}: input_layers must name input layers; '${ref.layer}' is a ${entries.get(ref.layer)!.className}.`);
  }

  // 3. An order in which every call comes after the calls feeding it (cycles are errors).
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (k: string, from: string): void => {
    const d = deps.get(k);
    if (!d) return; // an input layer's own node
    const s = state.get(k);
    if (s === 'done') return;
    if (s === 'visiting') throw new ValueError(`${where}: the layer graph has a cycle through layer '${d.e.name}' (reached from '${from}').`);
    state.set(k, 'visiting');
    // A layer's calls are made in their order (as Keras does), so call numbers stay the same.
    const nth = d.e.nodes.indexOf(d.node);
    if (nth > 0) visit(key(d.e.name, nth - 1), d.e.name);
    for (const i of d.inputs) visit(i.key, d.e.name);
    state.set(k, 'done');
    order.push(k);
  };
  for (const { ref, local } of outs.refs) visit(key(ref.layer, local), 'output_layers');
  for (const k of deps.keys()) visit(k, 'inbound_nodes');

  // 4. Build: layers in config order, then the calls in dependency order.
  const created = new Map<string, Layer>();
  const made = new Map<string, LayerNode[]>();
  const tensorOf = (layer: string, local: number, tensor: number, at: string): SymbolicTensor => {
    const node = made.get(layer)?.[local];
    if (!node) throw new ValueError(`${at} needs call ${local} of layer '${layer}' before it has been made.`);
    const t = node.outputs[tensor];
    if (!t) throw new ValueError(`${at} asks for output ${tensor} of layer '${layer}', which has ${node.outputs.length} output(s).`);
    return t;
  };
  try {
    for (const e of entries.values()) {
      const layer = deserializeLayer(e.spec, opts);
      created.set(e.name, layer);
      if (e.isInput !== layer instanceof InputLayer) {
        throw new ValueError(`${where}: layer '${e.name}' of class '${e.className}' ${e.isInput ? 'must' : 'cannot'} be an input layer.`);
      }
      made.set(e.name, e.isInput ? [layer.inboundNodes[0]!] : []);
    }
    for (const k of order) {
      const { e, node, inputs } = deps.get(k)!;
      const layer = created.get(e.name)!;
      const at = `${where}: layer '${e.name}'`;
      const xs = inputs.map((i) => tensorOf(i.ref.layer, i.local, i.ref.tensor, at));
      const kwargs = kwargsFromConfig(e.className, e.name, node.kwargs);
      layer.apply(node.list ? xs : xs[0]!, kwargs);
      made.get(e.name)!.push(layer.inboundNodes.at(-1)!);
    }
    const pick = (side: { refs: { ref: TensorRef; local: number }[]; list: boolean }, field: string) => {
      const ts = side.refs.map(({ ref, local }) => tensorOf(ref.layer, local, ref.tensor, `${where}: ${field}`));
      return side.list ? ts : ts[0]!;
    };
    const model = new ctor({ inputs: pick(ins, 'input_layers'), outputs: pick(outs, 'output_layers'), name: (modelName as string | undefined) ?? undefined });
    if (trainable === false) model.trainable = false;
    return model;
  } catch (err) {
    for (const l of created.values()) {
      try {
        l.dispose();
      } catch {
        // already failed: the original error is the one to report
      }
    }
    throw err;
  }
}

const functionalFactory = { fromConfig: (config: Record<string, unknown>, opts: LayerDeserializeOptions) => functionalFromConfig(config, opts) };

/**
 * Makes 'Functional' and 'Model' configs, and Model subclasses built the functional way,
 * loadable. Called by the config readers (./builtins.ts), not at import (package.json sideEffects).
 */
export function registerFunctional(): void {
  registerBuiltinLayer('Functional', functionalFactory);
  registerBuiltinLayer('Model', functionalFactory);
  setFunctionalBuilder((config, opts, cls) => functionalFromConfig(config, opts, cls as unknown as new (args: ModelArgs) => Model));
}
