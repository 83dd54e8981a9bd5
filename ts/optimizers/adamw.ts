// AdamW (Keras `optimizers/adamw.py`; Loshchilov & Hutter 2019, https://arxiv.org/abs/1711.05101).

import { ValueError } from '../errors.js';
import { Adam, type AdamOptions } from './adam.js';
import type { OptimizerConfig } from './optimizer.js';

/**
 * Adam with decoupled weight decay: each step first shrinks the weights,
 * `w -= w · weightDecay · lr`, then applies the Adam update. (Every kerasm optimizer
 * decays this way when given `weightDecay`; AdamW only makes it the default.)
 *
 * @param weightDecay Default 0.004; must be a number.
 * @param learningRate, beta1, beta2, epsilon, amsgrad As `Adam`.
 * @example
 * const opt = new AdamW({ learningRate: 1e-3, weightDecay: 0.01 });
 */
export class AdamW extends Adam {
  constructor(opts: AdamOptions = {}) {
    if (opts.weightDecay === null) {
      throw new ValueError('AdamW: Argument `weightDecay` must be a float. Received: weightDecay=null');
    }
    super({ ...opts, weightDecay: opts.weightDecay ?? 0.004 }, 'AdamW');
  }

  /** Builds the optimizer from its Keras `get_config()` (snake_case keys), as `optimizers.deserialize` does. */
  static override fromConfig(c: OptimizerConfig): AdamW {
    return new AdamW(Adam.adamOptions(c));
  }
}
