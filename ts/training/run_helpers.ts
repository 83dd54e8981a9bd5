// What fit/evaluate/predict share around their steps: letting the event loop run, the
// "ran out of data" warning, the data-set form of the arguments, and the guards on layers
// and recording tapes.

import { ValueError } from '../errors.js';
import { engine } from '../tensor/engine.js';
import { Tensor } from '../tensor/tensor.js';
import type { Layer } from '../layers/layer.js';
import { isDataSource } from './batches.js';

export function flatten(root: Layer): Layer[] {
  const out: Layer[] = [];
  const seen = new Set<Layer>();
  const visit = (l: Layer) => {
    if (seen.has(l)) return;
    seen.add(l);
    out.push(l);
    l.sublayers.forEach(visit);
  };
  visit(root);
  return out;
}

/**
 * predict/predictOnBatch never record gradients (Keras returns NumPy arrays). Inside an
 * active GradientTape that would silently give zero gradients, so it is an error there.
 */
export function refuseInsideTape(what: string): void {
  if (!engine.recording) return;
  throw new ValueError(`${what}: runs without gradients, so inside a GradientTape the gradients through it would be zero. ` +
    'To differentiate through the model (Keras `model(x)`), call model.apply(x, { training }); to run inference inside a tape on purpose, ' +
    `wrap the call in noGrad(). Received: a ${what}() call while a GradientTape is recording`);
}

/** When a training/evaluation/prediction loop last let the event loop run. */
let lastTurn = 0;

/**
 * Lets the event loop run whenever ~15 ms have passed since it last did, so a browser page
 * stays responsive and Node timers fire, without paying a task per batch. The clock is
 * shared by every loop (a new epoch, its validation pass or a nested evaluate must not
 * restart the budget) and restarts when the turn is over, not before it: the longest block
 * is the budget plus one batch. Callers await the result only when it is a promise. A timer task (not a MessageChannel one, which Chromium may
 * run ahead of due timers) lets the page's own timers run.
 */
export function makeYielder(): () => Promise<void> | undefined {
  // undefined when no turn is due: the loop then does not await at all (an await of a
  // resolved promise is still a microtask turn per batch).
  return () => {
    if (performance.now() - lastTurn < 15) return undefined;
    return new Promise<void>((r) => {
      const done = () => { lastTurn = performance.now(); r(); };
      if (typeof setImmediate === 'function') setImmediate(done);
      else setTimeout(done, 0);
    });
  };
}

export const RAN_OUT = 'Your input ran out of data; interrupting training. Make sure that your dataset or generator can generate ' +
  'at least `stepsPerEpoch * epochs` batches. You may need to use the `.repeat()` function when building your dataset.';

/** `fit(ds, args)` / `evaluate(ds, args)`: with a data set, the second argument may be the options. */
export function argsAfterDataSet<A>(x: unknown, y: unknown, args: A | undefined): [unknown, A | undefined] {
  if (isDataSource(x) && args === undefined && y !== null && typeof y === 'object' && !Array.isArray(y) &&
    !ArrayBuffer.isView(y) && !(y instanceof Tensor)) return [undefined, y as A];
  return [y, args];
}
