// The `jitCompile` compile option, and the one host check a compiled step must repeat itself.

import { ValueError, fmt } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Loss } from '../../losses/loss.js';
import { SparseCategoricalCrossentropy } from '../../losses/sparse_categorical_crossentropy.js';
import type { JitMode } from './compiled_step.js';

export function checkJitCompile(v: unknown): JitMode {
  if (v === undefined) return 'auto';
  if (v === true || v === false || v === 'auto') return v;
  throw new ValueError(`compile: \`jitCompile\` must be true, false or 'auto'. Received: jitCompile=${fmt(v)}`);
}

/**
 * The sparse cross-entropy reads the labels in JS to check their range (a kernel cannot throw
 * a ValueError naming the bad label); a compiled step runs that same check on each batch.
 * Other losses get none, and a plan that sees JS read the batch is then refused.
 * Only the range is checked here: the plan runs only on batches of the recorded shapes, whose
 * shapes the loss itself accepted while recording. The message is the loss's own (losses/validate.ts).
 */
export function labelCheckOf(loss: Loss | null | undefined): ((ys: Tensor[], preds: Tensor[]) => void) | undefined {
  if (!(loss instanceof SparseCategoricalCrossentropy) || loss.ignoreClass !== null) return undefined;
  return (ys, preds) => {
    if (ys[0]!.dtype !== 'int32') throw new ValueError('compiled step: sparse labels must be int32 (a kerasm bug: the plan should have been refused).');
    const y = ys[0]!, classes = preds[0]!.shape.at(-1)!;
    const v = y.buf.i32();
    for (let i = 0, n = y.size; i < n; i++) {
      const l = v[i]!;
      if (l < 0 || l >= classes) {
        throw new ValueError(`sparse_categorical_crossentropy: labels must be integers in [0, ${classes}) for y_pred with ${classes} classes. ` +
          `Received: y_true[${i}]=${l}`);
      }
    }
  };
}
