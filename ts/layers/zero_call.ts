// Keras 3 infers a layer's output shape by calling it; kerasm does that on small zero batches.

import { ValueError, fmt } from '../errors.js';
import { zeros } from '../tensor/creation.js';
import type { Tensor, DType } from '../tensor/tensor.js';
import { noGrad, tidy } from '../autograd/gradients.js';
import type { SymbolicShape } from './symbolic.js';
import type { CallArgs } from './layer_args.js';
import { callStack } from './call_context.js';
import { isShapeList } from './layer_helpers.js';

/** What a zero call needs of a layer. */
export interface ZeroCallable {
  readonly name: string;
  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor | Tensor[];
}

/** Calls the layer in inference mode on zeros, unknown axes set to `fill`; returns the output shapes. */
export function runOnZeros(layer: ZeroCallable, inputShape: SymbolicShape | SymbolicShape[], dtypes: DType[] | undefined, fill: number): { shapes: number[][]; list: boolean } {
  const multi = isShapeList(inputShape);
  const shapes = (multi ? inputShape : [inputShape]) as SymbolicShape[];
  return noGrad(() => tidy(() => {
    const xs = shapes.map((s, i) => zeros(s.map((d) => d ?? fill), dtypes?.[i] ?? 'float32'));
    callStack.push({ training: false });
    let out: Tensor | Tensor[];
    try {
      out = layer.call(multi ? xs : xs[0]!, { training: false });
    } catch (e) {
      throw new ValueError(`Layer '${layer.name}': could not infer its output shape by calling it on a zero batch of shape ` +
        `${fmt(shapes.map((s) => s.map((d) => d ?? fill)))}; define computeOutputShape() (and build()). Received: ${(e as Error).message}`);
    } finally {
      callStack.pop();
    }
    return { shapes: (Array.isArray(out) ? out : [out]).map((t) => t.shape.slice()), list: Array.isArray(out) };
  }));
}

/** Keras 3's output-shape inference: two zero calls (unknown axes 2, then 4); an axis that changes is unknown. */
export function inferOutputShape(layer: ZeroCallable, inputShape: SymbolicShape | SymbolicShape[], dtypes: DType[] | undefined): SymbolicShape | SymbolicShape[] {
  const a = runOnZeros(layer, inputShape, dtypes, 2);
  const hasUnknown = (isShapeList(inputShape) ? inputShape : [inputShape]).some((s) => s.some((d) => d === null));
  const b = hasUnknown ? runOnZeros(layer, inputShape, dtypes, 4) : a;
  const merged = a.shapes.map((s, i) => s.map((d, j) => (b.shapes[i]![j] === d ? d : null)));
  return a.list ? merged : merged[0]!;
}
