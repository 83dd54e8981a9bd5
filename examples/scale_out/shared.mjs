// What the two Node steps of the scale-out example share: string options, the data slice and
// the evaluation line both print.

import { slice } from '../../dist/index.js';

/** `--name value` from the command line, or `dflt` (numbers when `dflt` is a number). */
export function opt(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const v = process.argv[i + 1];
  return typeof dflt === 'number' ? Number(v) : v;
}

/** Rows [start, start + n) of a tensor, along the first axis. */
export function rows(t, start, n) {
  const count = Math.min(n, t.shape[0] - start);
  return slice(t, [start, ...t.shape.slice(1).map(() => 0)], [count, ...t.shape.slice(1).map(() => -1)]);
}

/** Loss and accuracy on the first `n` test samples, printed and returned. */
export async function evaluateOn(model, data, n, label) {
  const x = rows(data.xTest, 0, n), y = rows(data.yTest, 0, n);
  const [loss, accuracy] = await model.evaluate(x, y, { batchSize: 250 });
  x.dispose();
  y.dispose();
  console.log(`${label}: test accuracy ${(accuracy * 100).toFixed(2)}% (loss ${loss.toFixed(4)}) on ${Math.min(n, data.xTest.shape[0])} samples`);
  return { loss, accuracy };
}
