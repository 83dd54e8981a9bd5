// Global average / max pooling over the spatial axes, 1-D and 2-D (Keras
// `GlobalAveragePooling1D/2D`, `GlobalMaxPooling1D/2D`).

import { globalAvgPool, globalMaxPool } from '../../ops/conv/global_pool.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';

abstract class GlobalPooling extends Layer {
  readonly keepdims: boolean;

  constructor(readonly rank: 1 | 2, readonly kind: 'avg' | 'max', args: LayerArgs & { keepdims?: boolean } = {}) {
    super(args);
    this.keepdims = args.keepdims ?? false;
    this.inputSpec = { ndim: rank + 2 };
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    return (this.kind === 'avg' ? globalAvgPool : globalMaxPool)(inputs as Tensor, this.keepdims);
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return this.keepdims ? [s[0] ?? null, ...new Array(this.rank).fill(1), s.at(-1) ?? null] : [s[0] ?? null, s.at(-1) ?? null];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), keepdims: this.keepdims, data_format: 'channels_last' };
  }
}

type GArgs = LayerArgs & { keepdims?: boolean };
export class GlobalAveragePooling1D extends GlobalPooling {
  constructor(args: GArgs = {}) {
    super(1, 'avg', args);
  }
}
export class GlobalAveragePooling2D extends GlobalPooling {
  constructor(args: GArgs = {}) {
    super(2, 'avg', args);
  }
}
export class GlobalMaxPooling1D extends GlobalPooling {
  constructor(args: GArgs = {}) {
    super(1, 'max', args);
  }
}
export class GlobalMaxPooling2D extends GlobalPooling {
  constructor(args: GArgs = {}) {
    super(2, 'max', args);
  }
}
