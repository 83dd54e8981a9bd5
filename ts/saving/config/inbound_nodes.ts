// The calls of one layer in a Functional config (`inbound_nodes`), in both forms Keras has
// written:
//  - Keras 3: `[{ args: [tensor | [tensor, …]], kwargs: {} }]`, each tensor
//    `{ class_name: '__keras_tensor__', config: { shape, dtype, keras_history: [layer, node, tensor] } }`;
//  - Keras 2 / tfjs: `[[[layer, node, tensor, kwargs], …]]`, one list of inputs per call.
// Both become one shape: the referenced tensors and whether they were passed as a list.

import { ValueError, fmt } from '../../errors.js';
import { own } from './registry.js';
import { expectArray, expectIndex, expectRecord, expectString, isRecord } from './validate.js';

export interface TensorRef {
  layer: string;
  node: number;
  tensor: number;
}

export interface ParsedNode {
  refs: TensorRef[];
  /** The inputs were passed as one list argument (merge layers). */
  list: boolean;
  kwargs: unknown;
  /** Keras 2 / tfjs form (node indices of nested models count their built-in node). */
  legacy: boolean;
}

function parseTriple(v: unknown, where: string): TensorRef {
  const a = expectArray(v, where);
  if (a.length < 3) throw new ValueError(`${where} must be [layer_name, node_index, tensor_index]. Received: ${fmt(v)}`);
  return { layer: expectString(a[0], `${where}[0] (layer name)`), node: expectIndex(a[1], `${where}[1] (node index)`), tensor: expectIndex(a[2], `${where}[2] (tensor index)`) };
}

function parseKerasTensor(v: unknown, where: string): TensorRef {
  const t = expectRecord(v, where);
  if (own(t, 'class_name') !== '__keras_tensor__') {
    throw new ValueError(`${where}: only symbolic tensors (class_name '__keras_tensor__') are supported as call arguments. Received: class_name=${fmt(own(t, 'class_name'))}`);
  }
  const cfg = expectRecord(own(t, 'config'), `${where}.config`);
  return parseTriple(own(cfg, 'keras_history'), `${where}.config.keras_history`);
}

/** One entry of `inbound_nodes`, for layer `layer`. */
export function parseNode(data: unknown, layer: string, i: number): ParsedNode {
  const where = `Layer '${layer}' inbound_nodes[${i}]`;
  if (Array.isArray(data)) {
    if (data.length === 0) throw new ValueError(`${where} is an empty list of inputs.`);
    const refs = data.map((d, j) => parseTriple(d, `${where}[${j}]`));
    const last = data[data.length - 1] as unknown[];
    return { refs, list: refs.length > 1, kwargs: last.length > 3 ? last[3] : {}, legacy: true };
  }
  if (!isRecord(data)) throw new ValueError(`${where} must be an object { args, kwargs } (Keras 3) or a list of inputs (Keras 2). Received: ${fmt(data)}`);
  const args = expectArray(own(data, 'args'), `${where}.args`);
  if (args.length > 1) {
    // Layers called with tensors as separate positional arguments (MultiHeadAttention's
    // query, value, key) take them as one list in kerasm.
    const refs = args.map((t, j) => parseKerasTensor(t, `${where}.args[${j}]`));
    return { refs, list: true, kwargs: own(data, 'kwargs'), legacy: false };
  }
  if (args.length !== 1) {
    throw new ValueError(`${where}: expected the layer's inputs as arguments. Received: ${args.length} arguments`);
  }
  const first = args[0];
  const list = Array.isArray(first);
  const items = list ? first : [first];
  if (items.length === 0) throw new ValueError(`${where}.args[0] is an empty list of inputs.`);
  const refs = items.map((t, j) => parseKerasTensor(t, `${where}.args[0]${list ? `[${j}]` : ''}`));
  return { refs, list, kwargs: own(data, 'kwargs'), legacy: false };
}

/** `input_layers` / `output_layers`: one triple, or a list of triples. */
export function parseEndpoints(v: unknown, where: string): { refs: TensorRef[]; list: boolean } {
  const a = expectArray(v, where);
  if (a.length === 3 && typeof a[0] === 'string') return { refs: [parseTriple(a, where)], list: false };
  if (a.length === 0) throw new ValueError(`${where} must name at least one tensor. Received: []`);
  return { refs: a.map((t, i) => parseTriple(t, `${where}[${i}]`)), list: true };
}
