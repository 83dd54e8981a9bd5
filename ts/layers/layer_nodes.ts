// A layer's symbolic calls (functional API): the node each call adds, and the first call's
// inputs and outputs behind Keras's `layer.input`, `output`, `input_shape`, `output_shape`.

import { ValueError } from '../errors.js';
import type { DType } from '../tensor/tensor.js';
import { SymbolicTensor, type LayerNode, type SymbolicShape } from './symbolic.js';
import { isShapeList } from './layer_helpers.js';
import type { CallArgs } from './layer_args.js';
import type { Layer } from './layer.js';

/** Records a symbolic call of `layer` and returns its outputs, named `<layer>[_k][/i]`. */
export function addInboundNode(layer: Layer, inputs: SymbolicTensor[], outShape: SymbolicShape | SymbolicShape[], args: CallArgs, dtype: DType): SymbolicTensor[] {
  const outShapes = (isShapeList(outShape) ? outShape : [outShape]) as SymbolicShape[];
  const node: LayerNode = { layer, inputs, outputs: [], kwargs: args };
  const k = layer.inboundNodes.length;
  node.outputs = outShapes.map((s, i) => new SymbolicTensor(s, dtype, node, `${layer.name}${k ? `_${k}` : ''}${outShapes.length > 1 ? `/${i}` : ''}`));
  layer.inboundNodes.push(node);
  return node.outputs;
}

/** The inputs or outputs of the layer's first symbolic call (one tensor, or the list). */
export function firstCall(layer: Layer, what: 'input' | 'output' | 'input shape' | 'output shape'): SymbolicTensor | SymbolicTensor[] {
  const node = layer.inboundNodes[0];
  if (!node) {
    throw new ValueError(`Layer '${layer.name}' has never been called on a symbolic input and thus has no defined ${what}. ` +
      'Call it on the output of input() (functional API) first.');
  }
  const ts = what.startsWith('input') ? node.inputs : node.outputs;
  return ts.length === 1 ? ts[0]! : ts;
}

export function shapesOf(t: SymbolicTensor | SymbolicTensor[]): SymbolicShape | SymbolicShape[] {
  return Array.isArray(t) ? t.map((x) => x.shape) : t.shape;
}
