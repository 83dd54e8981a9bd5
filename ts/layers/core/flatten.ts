// Flatten: (batch, …) → (batch, prod(…)) (Keras `layers.Flatten`).

import { flatten } from '../../ops/reshape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';

export class Flatten extends Layer {
  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    return flatten(inputs as Tensor);
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    const rest = s.slice(1);
    return [s[0] ?? null, rest.some((d) => d === null) ? null : rest.reduce<number>((a, d) => a * (d as number), 1)];
  }
}
