// Input validation on every call (Keras `InputSpec`): rank and fixed axis sizes, with a
// message naming the layer, what it expects and what it received.

import { ValueError } from '../errors.js';
import type { SymbolicShape } from './symbolic.js';

export interface InputSpec {
  ndim?: number;
  minNdim?: number;
  maxNdim?: number;
  /** Required sizes of given axes (negative = from the end). */
  axes?: Record<number, number>;
  dtype?: 'float32' | 'int32';
}

export function checkInputSpec(layer: { name: string; inputSpec?: InputSpec | InputSpec[] }, shapes: readonly SymbolicShape[]): void {
  const spec = layer.inputSpec;
  if (!spec) return;
  const specs = Array.isArray(spec) ? spec : [spec];
  if (Array.isArray(spec) && specs.length !== shapes.length) {
    throw new ValueError(`Layer '${layer.name}' expects ${specs.length} inputs. Received: ${shapes.length} inputs`);
  }
  specs.forEach((s, i) => {
    const shape = shapes[i]!;
    const r = shape.length;
    const where = `Input ${i} of layer '${layer.name}'`;
    if (s.ndim !== undefined && r !== s.ndim) {
      throw new ValueError(`${where} is incompatible with the layer: expected ndim=${s.ndim}, found ndim=${r}. Full shape received: ${fmtShape(shape)}`);
    }
    if (s.minNdim !== undefined && r < s.minNdim) {
      throw new ValueError(`${where} is incompatible with the layer: expected min_ndim=${s.minNdim}, found ndim=${r}. Full shape received: ${fmtShape(shape)}`);
    }
    if (s.maxNdim !== undefined && r > s.maxNdim) {
      throw new ValueError(`${where} is incompatible with the layer: expected max_ndim=${s.maxNdim}, found ndim=${r}. Full shape received: ${fmtShape(shape)}`);
    }
    for (const [k, v] of Object.entries(s.axes ?? {})) {
      const a = Number(k) < 0 ? r + Number(k) : Number(k);
      if (shape[a] !== null && shape[a] !== v) {
        throw new ValueError(`${where} is incompatible with the layer: expected axis ${k} of input shape to have value ${v}, but received input with shape ${fmtShape(shape)}`);
      }
    }
  });
}

export function fmtShape(shape: SymbolicShape): string {
  return `(${shape.map((d) => (d === null ? 'None' : d)).join(', ')}${shape.length === 1 ? ',' : ''})`;
}

