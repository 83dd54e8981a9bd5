// Options shared by layers with a kernel, a bias and an activation (Dense and the
// convolutions), in Keras's names.

import type * as activations from '../activations/index.js';
import type * as initializers from '../initializers/index.js';
import type * as regularizers from '../regularizers/index.js';
import type * as constraints from '../constraints/index.js';
import type { LayerArgs } from './layer.js';

/** Options shared by layers with a kernel, a bias and an activation (Dense and the convolutions), under Keras's names in camelCase. */
export interface KernelLayerArgs extends LayerArgs {
  /** Activation applied to the output (name such as `'relu'`, or a function). Default: none (linear). */
  activation?: activations.ActivationIdentifier;
  /** Whether to add a bias vector (Keras `use_bias`). Default: true. */
  useBias?: boolean;
  /** Initializer of the kernel (Keras `kernel_initializer`). Default: `'glorot_uniform'`. */
  kernelInitializer?: initializers.InitializerIdentifier;
  /** Initializer of the bias (Keras `bias_initializer`). Default: `'zeros'`. */
  biasInitializer?: initializers.InitializerIdentifier;
  /** Penalty on the kernel added to the loss (Keras `kernel_regularizer`), e.g. `'l2'` or `regularizers.l2({ l2: 1e-4 })`. Default: none. */
  kernelRegularizer?: regularizers.RegularizerIdentifier;
  /** Penalty on the bias added to the loss (Keras `bias_regularizer`). Default: none. */
  biasRegularizer?: regularizers.RegularizerIdentifier;
  /** Penalty on the layer's output added to the loss (Keras `activity_regularizer`). Default: none. */
  activityRegularizer?: regularizers.RegularizerIdentifier;
  /** Constraint applied to the kernel after each update (Keras `kernel_constraint`), e.g. `'maxNorm'`. Default: none. */
  kernelConstraint?: constraints.ConstraintIdentifier;
  /** Constraint applied to the bias after each update (Keras `bias_constraint`). Default: none. */
  biasConstraint?: constraints.ConstraintIdentifier;
  /** LoRA fine-tuning (Keras): not supported, accepted so that Keras configs get a clear error. */
  loraRank?: number | null;
  /** LoRA scaling (Keras `lora_alpha`): not supported; only null or absent is accepted. */
  loraAlpha?: number | null;
}
