// Activation: applies an activation function (Keras `layers.Activation`).

import * as activations from '../../activations/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import { reshape } from '../../ops/reshape.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';

export class Activation extends Layer {
  readonly activation: ReturnType<typeof activations.get>;

  constructor(args: LayerArgs & { activation: activations.ActivationIdentifier }) {
    super(args);
    this.activation = activations.get(args.activation);
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const x = inputs as Tensor;
    return activations.activateOutput(this.activation, reshape(x, x.shape), args);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), activation: this.activation.activationName };
  }
}
