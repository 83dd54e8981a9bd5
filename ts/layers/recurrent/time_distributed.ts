// TimeDistributed (Keras `layers.TimeDistributed`): applies a layer to every time step.
// The steps are folded into the batch ([batch·time, …]) for one call, which equals Keras's
// per-step calls for every layer whose samples do not interact.

import { ValueError, fmt } from '../../errors.js';
import { reshape } from '../../ops/reshape.js';
import { tidy } from '../../autograd/gradients.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { fmtShape } from '../input_spec.js';
import { argsFromConfig, layerArgs, layerConfig } from '../config.js';
import { deserializeLayer, serializeLayer, type LayerDeserializeOptions } from '../serialization.js';
import { buildNested } from './nested_build.js';

/** Options of {@link TimeDistributed}. */
export interface TimeDistributedArgs extends LayerArgs {
  /** The layer applied to every time step (one set of weights shared by all steps). */
  layer: Layer;
}

/**
 * Applies a layer to every time step of a `(batch, time, …)` input (Keras `layers.TimeDistributed`), e.g. a Dense per step or a Conv2D per video frame.
 *
 * The steps are folded into the batch for one call, which equals Keras's per-step calls for layers whose samples do not interact.
 * Inputs with fewer than 3 axes are a ValueError.
 * @example layers.timeDistributed({ layer: layers.dense({ units: 8 }) })
 */
export class TimeDistributed extends Layer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = ['layer'];
  /** The wrapped layer. */
  readonly layer: Layer;
  override supportsMasking = true;

  constructor(args: TimeDistributedArgs) {
    super(layerArgs(new.target, args));
    if (!(args?.layer instanceof Layer)) {
      throw new ValueError(`Please initialize \`TimeDistributed\` layer with a \`Layer\` instance. Received: layer=${fmt(args?.layer)}`);
    }
    this.layer = args.layer;
  }

  private childShape(shape: SymbolicShape): SymbolicShape {
    if (!Array.isArray(shape) || shape.length < 3) {
      throw new ValueError(`Layer '${this.name}': \`TimeDistributed\` needs an input with at least 3 dimensions (batch, time, …). ` +
        `Received: input_shape=${Array.isArray(shape) ? fmtShape(shape) : fmt(shape)}`);
    }
    return [shape[0]!, ...shape.slice(2)];
  }

  override build(inputShape: SymbolicShape): void {
    const child = this.childShape(inputShape);
    buildNested(this, this.layer, child);
    this.built = true;
  }

  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    const out = this.layer.computeOutputShape(this.childShape(inputShape)) as SymbolicShape;
    return [out[0]!, inputShape[1]!, ...out.slice(1)];
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const x = inputs as Tensor;
    this.childShape(x.shape);
    const [b, t] = x.shape as [number, number];
    return tidy(() => {
      const y = this.layer.apply(reshape(x, [b * t, ...x.shape.slice(2)]), { training: args.training, mask: null }) as Tensor;
      return reshape(y, [b, t, ...y.shape.slice(1)]);
    });
  }

  override getConfig(): Record<string, unknown> {
    const c = layerConfig(this);
    c.layer = serializeLayer(this.layer);
    return c;
  }

  /** Builds the wrapper from a Keras config, deserializing the wrapped layer (custom ones through `opts.customObjects`). */
  static fromConfig(config: Record<string, unknown>, opts: LayerDeserializeOptions = {}): Layer {
    const { layer, ...rest } = config;
    return new TimeDistributed({ ...argsFromConfig('TimeDistributed config', rest), layer: deserializeLayer(layer as Record<string, unknown>, opts) });
  }
}
