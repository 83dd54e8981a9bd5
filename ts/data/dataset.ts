// data.Dataset: a lazy, re-iterable pipeline of elements (tf.data's design, Keras 3 semantics
// for fit). Build one with a source (sources.ts, csv.ts) and chain transforms; iterating
// (`for await`, or passing it to fit/evaluate/predict/adapt) runs the pipeline.
//
// Tensor ownership:
// - Every element an iteration yields is the consumer's: fresh tensors (or shared, immutable
//   views of cached data) that the consumer disposes. fit/evaluate/predict do.
// - Tensors given to a source (fromTensorSlices, fromTensors, a generator yielding tensors that
//   existed before the iteration began) stay the caller's: the pipeline reads them and never
//   frees them, so keep them alive while the data set is used.
// - Elements a transform drops (filter, skip, the remainder batch(…, { dropRemainder }) drops,
//   a shuffle buffer or prefetch queue left when iteration stops early) are disposed by it.
// - map's function owns its argument for the call: tensors it creates and does not return are
//   freed after it returns (it runs in `tidy`), and so are the input tensors it does not return.
// - cache() keeps its tensors until `dispose()` is called on the data set.

import { ValueError, fmt } from '../errors.js';
import { tidy } from '../autograd/gradients.js';
import { Tensor } from '../tensor/tensor.js';
import { unstackElem } from './batching.js';
import { iterationSeed, mulberry32, randomSeed } from './random.js';
import { checkOptions } from '../utils/options.js';
import { disposeElem, materialize, shareElem, type Elem, type Element } from './structure.js';
import type * as sources from './sources.js';
import type * as csvSource from './csv.js';
import { applyFn, Batcher, ShuffleBuffer } from './element_buffers.js';


type Open = () => AsyncIterableIterator<Elem>;
/**
 * A synchronous opener, offered by pipelines that never wait (array sources, and map, shuffle
 * and batch over them): batch pulls its elements through it without a promise per element.
 */
type OpenSync = () => IterableIterator<Elem>;

/** An async opener over a synchronous one (one await per element, at the consumer only). */
function asyncOf(openSync: OpenSync): Open {
  return async function* () {
    yield* openSync();
  };
}

function count(where: string, name: string, v: unknown, allowNegOne = false): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < (allowNegOne ? -1 : 0)) {
    throw new ValueError(`${where}: ${name} must be a ${allowNegOne ? 'non-negative integer (or -1: all)' : 'non-negative integer'}. Received: ${name}=${fmt(v)}`);
  }
  return v;
}

/** The number of elements of a data set: a count, Infinity, or undefined when unknown. */
export type Cardinality = number | undefined;

/**
 * A lazy, re-iterable pipeline of elements (tf.data's `tf.data.Dataset`, tfjs `tf.data.Dataset`, with Keras 3 semantics in fit):
 * build one with a source (`data.fromTensorSlices`, `data.csv`, …), chain transforms (map, shuffle, batch, prefetch, …), and iterate it
 * with `for await` or pass it to fit/evaluate/predict/adapt. Each yielded element is the consumer's to dispose.
 */
export class Dataset<T extends Element = Element> implements AsyncIterable<T> {
  /** See data.fromTensorSlices (these statics are attached by ts/data/index.ts). */
  declare static fromTensorSlices: typeof sources.fromTensorSlices;
  declare static fromTensors: typeof sources.fromTensors;
  declare static fromGenerator: typeof sources.fromGenerator;
  declare static fromAsyncIterable: typeof sources.fromAsyncIterable;
  declare static csv: typeof csvSource.csv;

  /** True for instances: lets consumers that cannot import this class recognise data sets. */
  readonly isDataset = true;

  /** @internal Synchronous opener, when no stage of the pipeline waits. */
  readonly openSync: OpenSync | undefined;

  /** @internal Use the static sources (`Dataset.fromTensorSlices`, …) and transforms. */
  constructor(
    /** @internal An async opener, or a synchronous one (`{ sync }`) that the async one then wraps. */
    open: Open | { sync: OpenSync },
    /** Number of elements: a count, Infinity (repeat()), or undefined when unknown (filter, generators). */
    readonly cardinality: Cardinality,
    private readonly cleanups: readonly (() => void)[] = [],
  ) {
    this.openSync = typeof open === 'function' ? undefined : open.sync;
    this.open = typeof open === 'function' ? open : asyncOf(open.sync);
  }

  /** @internal */
  readonly open: Open;

  private derive<U extends Element = T>(open: Open | { sync: OpenSync }, card: Cardinality, cleanup?: () => void): Dataset<U> {
    return new Dataset<U>(open, card, cleanup ? [...this.cleanups, cleanup] : this.cleanups);
  }

  /** Runs the pipeline; each element is the caller's to dispose (see the ownership notes above). */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const e of this.open()) yield materialize(e) as T;
  }

  /** Every element, in order (for small data sets; the tensors are the caller's). */
  async toArray(): Promise<T[]> {
    const out: T[] = [];
    try {
      for await (const e of this) out.push(e);
    } catch (err) {
      out.forEach(disposeElem);
      throw err;
    }
    return out;
  }

  /** Calls `f` on every element and then disposes it. */
  async forEachAsync(f: (e: T) => void | Promise<void>): Promise<void> {
    for await (const e of this) {
      try {
        await f(e);
      } finally {
        disposeElem(e);
      }
    }
  }

  /**
   * `f(element)` for every element (tf.data `map`; Keras maps augmentation layers this way:
   * `ds.map(([x, y]) => [augment.apply(x, { training: true }), y])`). `f` is synchronous and
   * runs in `tidy`: its intermediates are freed, and so are input tensors it does not return.
   * Mapping after `batch` runs `f` once per batch, which is much cheaper than per sample.
   */
  map<U extends Element>(f: (e: T) => U): Dataset<U> {
    if (typeof f !== 'function') throw new ValueError(`Dataset.map: expected a function. Received: ${fmt(f)}`);
    const fn = f as unknown as (e: Element) => Elem;
    const up = this.open, upSync = this.openSync;
    if (upSync) {
      return this.derive<U>({
        sync: function* () {
          let i = 0;
          for (const e of upSync()) yield applyFn('Dataset.map', fn, e, i++);
        },
      }, this.cardinality);
    }
    return this.derive<U>(async function* () {
      let i = 0;
      for await (const e of up()) yield applyFn('Dataset.map', fn, e, i++);
    }, this.cardinality);
  }

  /** Keeps the elements for which `predicate` is true (a boolean, or a scalar tensor); drops and frees the others. */
  filter(predicate: (e: T) => boolean | Tensor): Dataset<T> {
    if (typeof predicate !== 'function') throw new ValueError(`Dataset.filter: expected a function. Received: ${fmt(predicate)}`);
    const up = this.open;
    return this.derive(async function* () {
      for await (const e of up()) {
        const m = materialize(e);
        let keepIt: boolean;
        try {
          keepIt = tidy(() => {
            const r = predicate(m as T);
            return r instanceof Tensor ? r.dataSync()[0] !== 0 : Boolean(r);
          });
        } catch (err) {
          disposeElem(m);
          throw err;
        }
        if (keepIt) yield m as Elem;
        else disposeElem(m);
      }
    }, undefined);
  }

  /**
   * Groups `batchSize` consecutive elements into one, stacking tensors along a new first axis
   * (numbers become a float32 vector, strings a string list). The last batch may be smaller
   * unless `dropRemainder` (then those elements are freed).
   */
  batch(batchSize: number, opts: { dropRemainder?: boolean } = {}): Dataset<T> {
    checkOptions('Dataset.batch', opts, ['dropRemainder']);
    if (count('Dataset.batch', 'batchSize', batchSize) === 0) throw new ValueError('Dataset.batch: batchSize must be positive. Received: batchSize=0');
    const drop = opts.dropRemainder ?? false;
    const up = this.open, upSync = this.openSync;
    const c = this.cardinality;
    const card = c === undefined || c === Infinity ? c : drop ? Math.floor(c / batchSize) : Math.ceil(c / batchSize);
    if (upSync) {
      return this.derive({
        sync: function* () {
          const b = new Batcher(batchSize, drop);
          try {
            for (const e of upSync()) {
              const out = b.add(e);
              if (out !== undefined) yield out;
            }
            const last = b.finish();
            if (last !== undefined) yield last;
          } finally {
            b.dispose();
          }
        },
      }, card);
    }
    return this.derive(async function* () {
      const b = new Batcher(batchSize, drop);
      try {
        for await (const e of up()) {
          const out = b.add(e);
          if (out !== undefined) yield out;
        }
        const last = b.finish();
        if (last !== undefined) yield last;
      } finally {
        b.dispose();
      }
    }, card);
  }

  /** Splits each element along its first axis into separate elements (tf.data `unbatch`). */
  unbatch(): Dataset<T> {
    const up = this.open;
    return this.derive(async function* () {
      let pending: Elem[] = [];
      try {
        for await (const e of up()) {
          pending = unstackElem(e);
          while (pending.length > 0) yield pending.shift()!;
        }
      } finally {
        pending.forEach(disposeElem);
      }
    }, this.cardinality === Infinity ? Infinity : undefined);
  }

  /**
   * Randomly shuffles with a buffer of `bufferSize` elements (tf.data's algorithm: a full
   * shuffle needs a buffer as large as the data set). Each iteration reshuffles, differently
   * but reproducibly for a given `seed`.
   */
  shuffle(bufferSize: number, opts: { seed?: number; reshuffleEachIteration?: boolean } = {}): Dataset<T> {
    checkOptions('Dataset.shuffle', opts, ['seed', 'reshuffleEachIteration']);
    if (count('Dataset.shuffle', 'bufferSize', bufferSize) === 0) throw new ValueError('Dataset.shuffle: bufferSize must be positive. Received: bufferSize=0');
    if (opts.seed !== undefined && (typeof opts.seed !== 'number' || !Number.isFinite(opts.seed))) {
      throw new ValueError(`Dataset.shuffle: seed must be a number. Received: seed=${fmt(opts.seed)}`);
    }
    const seed = opts.seed ?? randomSeed();
    const reshuffle = opts.reshuffleEachIteration ?? true;
    let iteration = 0;
    const up = this.open, upSync = this.openSync;
    const buffer = () => new ShuffleBuffer(bufferSize, mulberry32(iterationSeed(seed, reshuffle ? iteration++ : 0)));
    if (upSync) {
      return this.derive({
        sync: function* () {
          const b = buffer();
          try {
            for (const e of upSync()) {
              const out = b.offer(e);
              if (out !== undefined) yield out;
            }
            yield* b.drain();
          } finally {
            b.dispose();
          }
        },
      }, this.cardinality);
    }
    return this.derive(async function* () {
      const b = buffer();
      try {
        for await (const e of up()) {
          const out = b.offer(e);
          if (out !== undefined) yield out;
        }
        yield* b.drain();
      } finally {
        b.dispose();
      }
    }, this.cardinality);
  }

  /** Repeats the data set `count` times (default: forever). An empty data set stays empty. */
  repeat(times?: number): Dataset<T> {
    const n = times === undefined || times === -1 ? Infinity : count('Dataset.repeat', 'count', times, true);
    const up = this.open;
    const c = this.cardinality;
    return this.derive(async function* () {
      for (let k = 0; k < n; k++) {
        let any = false;
        for await (const e of up()) {
          any = true;
          yield e;
        }
        if (!any) return;
      }
    }, c === 0 || n === 0 ? 0 : c === undefined ? (n === Infinity ? Infinity : undefined) : c * n);
  }

  /** The first `n` elements (-1: all). */
  take(n: number): Dataset<T> {
    const k = count('Dataset.take', 'count', n, true);
    if (k === -1) return this;
    const up = this.open;
    const c = this.cardinality;
    return this.derive(async function* () {
      if (k === 0) return;
      let i = 0;
      for await (const e of up()) {
        yield e;
        if (++i >= k) return;
      }
    }, c === undefined ? (k === 0 ? 0 : undefined) : Math.min(c, k));
  }

  /** Skips (and frees) the first `n` elements (-1: all). */
  skip(n: number): Dataset<T> {
    const k = count('Dataset.skip', 'count', n, true);
    const up = this.open;
    const c = this.cardinality;
    return this.derive(async function* () {
      let i = 0;
      for await (const e of up()) {
        if (k === -1 || i++ < k) disposeElem(e);
        else yield e;
      }
    }, k === -1 ? 0 : c === undefined || c === Infinity ? c : Math.max(0, c - k));
  }

  /**
   * Keeps the elements of the first complete iteration in memory and replays them afterwards
   * (tf.data `cache()` without a file). Later iterations hand out shared views of the cached
   * tensors (no copy). An iteration stopped early caches nothing. `dispose()` frees the cache.
   */
  cache(): Dataset<T> {
    let store: Elem[] | null = null;
    const up = this.open;
    return this.derive(async function* () {
      if (store) {
        for (const e of store) yield shareElem(e);
        return;
      }
      const pending: Elem[] = [];
      let complete = false;
      try {
        for await (const e of up()) {
          pending.push(shareElem(e));
          yield e;
        }
        complete = true;
        if (store) pending.forEach(disposeElem);
        else store = pending;
      } finally {
        if (!complete) pending.forEach(disposeElem);
      }
    }, this.cardinality, () => {
      store?.forEach(disposeElem);
      store = null;
    });
  }

  /**
   * Produces up to `bufferSize` elements ahead of the consumer. Asynchronous work upstream
   * (reading files, fetching, decoding) then proceeds while fit runs a training step; the
   * synchronous parts of the pipeline run between steps, on the same thread.
   */
  prefetch(bufferSize = 1): Dataset<T> {
    if (count('Dataset.prefetch', 'bufferSize', bufferSize) === 0) throw new ValueError('Dataset.prefetch: bufferSize must be positive. Received: bufferSize=0');
    const up = this.open;
    return this.derive(async function* () {
      const it = up();
      const queue: Promise<IteratorResult<Elem>>[] = [];
      let ended = false;
      const fill = () => {
        while (!ended && queue.length < bufferSize) {
          const p = it.next();
          p.then((r) => { if (r.done) ended = true; }, () => { ended = true; });
          queue.push(p);
        }
      };
      try {
        fill();
        while (queue.length > 0) {
          const r = await queue.shift()!;
          if (r.done) return;
          fill();
          yield r.value;
        }
      } finally {
        for (const p of queue.splice(0)) {
          try {
            const r = await p;
            if (!r.done) disposeElem(r.value);
          } catch {
            // The error was reported to whoever stopped the iteration, or will not matter.
          }
        }
        await it.return?.(undefined);
      }
    }, this.cardinality);
  }

  /** The elements of this data set, then those of `other` (tf.data `concatenate`). */
  concatenate(other: Dataset<T>): Dataset<T> {
    if (!(other instanceof Dataset)) throw new ValueError(`Dataset.concatenate: expected a Dataset. Received: ${fmt(other)}`);
    const a = this.open, b = other.open;
    const ca = this.cardinality, cb = other.cardinality;
    return new Dataset<T>(async function* () {
      yield* a();
      yield* b();
    }, ca === undefined || cb === undefined ? undefined : ca + cb, [...this.cleanups, ...other.cleanups]);
  }

  /**
   * Elements of several data sets side by side, as an array or a dict (tf.data `zip`, e.g.
   * `Dataset.zip({ xs, ys })`); it ends with the shortest, freeing what the others yielded last.
   */
  static zip<U extends Element = Element>(sets: Dataset[] | Record<string, Dataset>): Dataset<U> {
    const entries = Array.isArray(sets) ? sets.map((d, i) => [String(i), d] as const) : Object.entries(sets);
    if (entries.length === 0 || !entries.every(([, d]) => d instanceof Dataset)) {
      throw new ValueError(`Dataset.zip: expected an array or a dict of Datasets. Received: ${fmt(sets)}`);
    }
    const cards = entries.map(([, d]) => d.cardinality);
    const card = cards.some((c) => c === undefined) ? undefined : Math.min(...(cards as number[]));
    return new Dataset<U>(async function* () {
      const its = entries.map(([, d]) => d.open());
      try {
        for (;;) {
          const settled = await Promise.allSettled(its.map((it) => it.next()));
          const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
          const rs = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
          if (failed) {
            rs.forEach((r) => { if (!r.done) disposeElem(r.value); });
            throw failed.reason;
          }
          if (rs.some((r) => r.done)) {
            rs.forEach((r) => { if (!r.done) disposeElem(r.value); });
            return;
          }
          const vals = rs.map((r) => r.value as Elem);
          yield Array.isArray(sets) ? vals : Object.fromEntries(entries.map(([k], i) => [k, vals[i]!]));
        }
      } finally {
        await Promise.all(its.map((it) => it.return?.(undefined)));
      }
    }, card, entries.flatMap(([, d]) => d.cleanups));
  }

  /** Frees what the pipeline holds (cache() contents). The data set can be iterated again afterwards. */
  dispose(): void {
    for (const c of this.cleanups) c();
  }
}
