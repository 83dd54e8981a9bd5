// Options shared by layers with a kernel, a bias and an activation (Dense and the
// convolutions), in Keras's names.

import type * as activations from '../activations/index.js';
import type * as initializers from '../initializers/index.js';
import type * as regularizers from '../regularizers/index.js';
import type * as constraints from '../constraints/index.js';
import type { LayerArgs } from './layer.js';

export interface KernelLayerArgs extends LayerArgs {
  activation?: activations.ActivationIdentifier;
  useBias?: boolean;
  kernelInitializer?: initializers.InitializerIdentifier;
  biasInitializer?: initializers.InitializerIdentifier;
  kernelRegularizer?: regularizers.RegularizerIdentifier;
  biasRegularizer?: regularizers.RegularizerIdentifier;
  activityRegularizer?: regularizers.RegularizerIdentifier;
  kernelConstraint?: constraints.ConstraintIdentifier;
  biasConstraint?: constraints.ConstraintIdentifier;
  /** LoRA fine-tuning (Keras): not supported, accepted so that Keras configs get a clear error. */
  loraRank?: number | null;
  loraAlpha?: number | null;
}
