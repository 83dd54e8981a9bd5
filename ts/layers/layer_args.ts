// The option and record types of Layer (layer.ts), in a file of their own so that layers and
// models can name them without the class.

import type { Tensor, DType } from '../tensor/tensor.js';
import type { Variable } from '../autograd/variable.js';
import type * as initializers from '../initializers/index.js';
import type { Regularizer } from '../regularizers/index.js';
import type { Constraint } from '../constraints/index.js';
import type { SymbolicTensor } from './symbolic.js';

/** Options every layer accepts (Keras `Layer.__init__` keyword arguments). */
export interface LayerArgs {
  /** Layer name, unique in a model. Default: the snake_case class name made unique (`dense`, `dense_1`, …). */
  name?: string;
  /** Whether `fit` updates the layer's weights (Keras `trainable`). Default: true. */
  trainable?: boolean;
  /** Shape of one sample (no batch axis); lets a Sequential model build up front. */
  inputShape?: readonly number[];
  /** Fixed batch size, used with `inputShape` to give the first layer of a Sequential model a full input shape. Default: any (null). */
  batchSize?: number;
  /** dtype of the weights and outputs (Keras `dtype`, a plain dtype name, no mixed-precision policy). Default: `'float32'`. */
  dtype?: DType;
}


/** Options of one layer call (`layer.apply(x, args)`); custom layers may read extra keys. */
export interface CallArgs {
  /** Training mode (Keras `training`): Dropout drops and BatchNormalization uses batch statistics only when true. Default: inherited from the enclosing call, else false (inference). */
  training?: boolean;
  /** Set by the trainer on the output layer: return softmax's input (logits), so the softmax fuses into the cross-entropy. */
  logits?: boolean;
  /**
   * Keras mask of the input: float32 0/1 of shape [batch, time] (1 = keep). Unless given,
   * `apply` sets it from the mask attached to the input tensor (see masking/keras_mask.ts).
   */
  mask?: Tensor | null;
  /** Masks of a list input, one per input (null: none); set like `mask`. */
  masks?: (Tensor | null)[];
  [k: string]: unknown;
}

export interface LayerWeight {
  variable: Variable;
  trainable: boolean;
  regularizer?: Regularizer;
  constraint?: Constraint;
}

/** Options of {@link Layer.addWeight} (Keras `Layer.add_weight`). */
export interface AddWeightArgs {
  /** Shape of the weight. */
  shape: readonly number[];
  /** Initializer name, config or instance. Default: `'glorot_uniform'`. */
  initializer?: initializers.InitializerIdentifier;
  /** Whether gradients update the weight (false for statistics such as BatchNormalization's moving mean). Default: true. */
  trainable?: boolean;
  /** Regularizer whose penalty is added to the loss during `fit`. Default: none. */
  regularizer?: Regularizer;
  /** Constraint applied to the weight after each optimizer step. Default: none. */
  constraint?: Constraint;
  /** dtype of the weight. Default: `'float32'`. */
  dtype?: DType;
}

/** What a layer can be called on: concrete Tensors (eager call) or SymbolicTensors (functional API), one or a list. */
export type LayerInput = Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[];
