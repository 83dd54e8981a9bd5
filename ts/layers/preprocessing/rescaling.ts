// Rescaling: x·scale + offset, in training and inference (Keras `layers.Rescaling`), e.g.
// scale 1/255 maps [0, 255] pixels to [0, 1]. Integer inputs are cast to float32 first.
// `scale`/`offset` may be per-channel lists, broadcast along the last axis.

import { ValueError, fmt } from '../../errors.js';
import { add, mul } from '../../ops/binary.js';
import { affine } from '../../ops/unary.js';
import { cast } from '../../ops/cast.js';
import { tensor } from '../../tensor/creation.js';
import { tidy } from '../../autograd/gradients.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';

type Factor = number | readonly number[];

/** Options of {@link Rescaling} (Keras `layers.Rescaling` arguments). */
export interface RescalingArgs extends LayerArgs {
  /** Multiplier: a number, or one per channel broadcast along the last axis (e.g. 1 / 255; required). */
  scale: Factor;
  /** Added after scaling: a number or one per channel. Default 0. */
  offset?: Factor;
}

function checkFactor(layer: string, name: string, v: unknown): Factor {
  const ok = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  if (ok(v) || (Array.isArray(v) && v.length > 0 && v.every(ok))) return Array.isArray(v) ? v.slice() : (v as number);
  throw new ValueError(`Layer '${layer}': ${name} must be a finite number or a non-empty list of them. Received: ${name}=${fmt(v)}`);
}

/**
 * Rescales inputs as `x·scale + offset` in training and inference, Keras `layers.Rescaling` (tfjs `layers.rescaling`):
 * e.g. scale 1/255 maps [0, 255] pixels to [0, 1]. Integer inputs are cast to float32. Non-finite factors throw a `ValueError`.
 */
export class Rescaling extends Layer {
  /** Passes the input mask on (Keras `supports_masking`). */
  override supportsMasking = true;

  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = ['scale', 'offset'];

  /** The multiplier (a number or one per channel). */
  readonly scale: Factor;
  /** The offset added after scaling (a number or one per channel; default 0). */
  readonly offset: Factor;

  constructor(args: RescalingArgs) {
    super(layerArgs(new.target, args));
    this.scale = checkFactor(this.name, 'scale', args?.scale);
    this.offset = checkFactor(this.name, 'offset', args.offset ?? 0);
  }

  call(inputs: Tensor | Tensor[], _args: CallArgs): Tensor {
    const x = inputs as Tensor;
    return tidy(() => {
      const xf = x.dtype === 'float32' ? x : cast(x, 'float32');
      const { scale, offset } = this;
      if (typeof scale === 'number' && typeof offset === 'number') return affine(xf, scale, offset);
      const factor = (f: Factor) => (typeof f === 'number' ? f : tensor(Float32Array.from(f), [f.length]));
      return add(mul(xf, factor(scale)), factor(offset));
    });
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s.slice();
  }

  protected override outputDType(): 'float32' {
    return 'float32';
  }
}
