// data.PyDataset: Keras 3's `PyDataset` in TypeScript — a class that serves batches by index
// (`getItem(i)`, `numBatches`, `onEpochEnd()`), for data produced on demand (files, augmentation
// in JS). fit/evaluate/predict and every Dataset consumer iterate it like a data set.

import { fromGenerator } from './sources.js';
import type { Element } from './structure.js';

/**
 * Keras 3's `keras.utils.PyDataset` in TypeScript: subclass it to serve batches by index (`getItem(i)`, `numBatches`, `onEpochEnd()`),
 * for data produced on demand; fit/evaluate/predict and every Dataset consumer iterate it like a data set.
 */
export abstract class PyDataset<T extends Element = Element> implements AsyncIterable<T> {
  /** Marks a data set: fit frees the batches it receives (tensors that existed before are shared, not taken). */
  readonly isDataset = true;

  /** Batch `index` (Keras `__getitem__`): `[x, y]`, `[x, y, sampleWeight]`, `{ x, y }` or x. May be async. */
  abstract getItem(index: number): T | Promise<T>;

  /** Batches per epoch (Keras `num_batches` / `__len__`); undefined: infinite (then pass stepsPerEpoch). */
  get numBatches(): number | undefined {
    return undefined;
  }

  /** Called after each complete pass (Keras `on_epoch_end`), e.g. to reshuffle. */
  onEpochEnd(): void {}

  /** Batches per pass: `numBatches`, or Infinity when it is undefined. */
  get cardinality(): number | undefined {
    return this.numBatches ?? Infinity;
  }

  /** Yields batches 0…numBatches−1 in order, then calls `onEpochEnd()` (for `for await` and fit). */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    const self = this;
    const ds = fromGenerator<T>(async function* () {
      const n = self.numBatches ?? Infinity;
      for (let i = 0; i < n; i++) yield await self.getItem(i);
      self.onEpochEnd();
    });
    yield* ds;
  }
}
