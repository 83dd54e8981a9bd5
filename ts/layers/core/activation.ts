// Activation: applies an activation function (Keras `layers.Activation`).

import * as activations from '../../activations/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import { reshape } from '../../ops/reshape.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs } from '../config.js';

/**
 * Applies an activation function to its input (Keras `layers.Activation`); output shape = input shape.
 * @example layers.activation({ activation: 'relu' })
 */
export class Activation extends Layer {
  /** Passes the input mask on (Keras `supports_masking`). */
  override supportsMasking = true;

  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = ['activation'];

  /** The activation function, from a name such as `'relu'`, `'gelu'`, `'softmax'` or a function. */
  readonly activation: ReturnType<typeof activations.get>;

  constructor(args: LayerArgs & { activation: activations.ActivationIdentifier }) {
    super(layerArgs(new.target, args));
    this.activation = activations.get(args?.activation);
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const x = inputs as Tensor;
    return activations.activateOutput(this.activation, reshape(x, x.shape), args);
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s.slice();
  }
}
