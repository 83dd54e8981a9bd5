// PReLU: leaky ReLU with a learned slope per unit (Keras `layers.PReLU`):
// y = max(x, 0) + alpha · min(x, 0).

import * as initializers from '../../initializers/index.js';
import { add, maximum, minimum, mul } from '../../ops/binary.js';
import { scalar } from '../../tensor/creation.js';
import { tidy } from '../../autograd/gradients.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../autograd/variable.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';

export class PReLU extends Layer {
  alpha!: Variable;
  readonly sharedAxes: number[];
  private readonly init: initializers.InitializerIdentifier;

  constructor(args: LayerArgs & { alphaInitializer?: initializers.InitializerIdentifier; sharedAxes?: number[] | null } = {}) {
    super(args);
    this.init = args.alphaInitializer ?? 'zeros';
    this.sharedAxes = args.sharedAxes ?? [];
  }

  override build(inputShape: SymbolicShape): void {
    // One alpha per feature, shared (size 1) along `sharedAxes` (1-based, batch excluded).
    const shape = inputShape.slice(1).map((d, i) => (this.sharedAxes.includes(i + 1) ? 1 : (d as number)));
    this.alpha = this.addWeight('alpha', { shape, initializer: this.init });
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    const x = inputs as Tensor;
    return tidy(() => add(maximum(x, scalar(0)), mul(this.alpha, minimum(x, scalar(0)))));
  }
}
