// Where fit/evaluate/predict get their batches: in-memory arrays (sliced or gathered per
// step) or a data set (a data.Dataset, or any sync/async iterable of batches), behind one
// interface so the epoch loop, callbacks, validation and weights work the same for both.
//
// Data sets follow Keras 3 (keras/src/trainers/epoch_iterator.py): without a step count an
// epoch is one pass over the data; with `stepsPerEpoch` the iterator carries on across epochs.
// A one-shot iterable (a generator object) cannot be iterated again: when the next epoch finds
// it empty, training stops with Keras's "ran out of data" warning. Running dry in the middle of
// the steps asked for is an error here (Keras only warns), since it usually means a missing
// `.repeat()`.

import { ValueError, fmt } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { fromData } from '../tensor/creation.js';
import { isStringTensor } from '../tensor/string_tensor.js';
import { empty } from '../ops/op.js';
import { check, ex } from '../ops/raw.js';
import { gatherRows, permutation, rows } from './data.js';

/** One batch: the model's inputs/targets as lists, and the tensors to free after the step. */
export interface Batch {
  xs: Tensor[];
  ys: Tensor[];
  sw: Tensor | undefined;
  owned: Tensor[];
}

export interface BatchSource {
  /** Steps of one epoch when known (the progress bar's target), else null. */
  readonly steps: number | null;
  readonly samples: number | undefined;
  /** Starts an epoch (a pass); false when a one-shot iterable is used up. */
  begin(epoch: number): Promise<boolean>;
  /** The next batch of this epoch, or undefined at its end. */
  next(): Promise<Batch | undefined>;
  close(): Promise<void>;
}

/** Arrays in memory: batchSize rows per step, in a seeded order per epoch when shuffling. */
export class ArrayBatches implements BatchSource {
  readonly steps: number;
  readonly samples: number;
  private order: Int32Array | undefined;
  private step = 0;
  /** xs, ys and the sample weights in one list, sliced or gathered together. */
  private readonly all: Tensor[];
  /**
   * The epoch's order in WASM memory, made by the first shuffled epoch and rewritten in place
   * by the next ones: each batch gathers its rows with a slice of it, rather than uploading
   * its indices as a tensor and going through the gather op. Undefined with string inputs.
   */
  private orderBuf: Tensor | undefined;

  constructor(private readonly xs: Tensor[], private readonly ys: Tensor[], private readonly sw: Tensor | undefined,
    private readonly batchSize: number, stepsLimit: number, private readonly seed: number | undefined) {
    this.samples = xs[0]!.shape[0]!;
    this.steps = Math.min(Math.ceil(this.samples / batchSize), stepsLimit);
    this.all = sw ? [...xs, ...ys, sw] : [...xs, ...ys];
  }

  async begin(epoch: number): Promise<boolean> {
    this.order = this.seed === undefined ? undefined : permutation(this.samples, this.seed + epoch * 7919);
    this.step = 0;
    if (this.order && !this.all.some(isStringTensor)) {
      if (this.orderBuf) this.orderBuf.buf.view().set(this.order);
      else this.orderBuf = fromData('fit: batch order', this.order, [this.samples], 'int32');
    }
    return true;
  }

  async next(): Promise<Batch | undefined> {
    return this.take();
  }

  /** `next()` without the promise: fit's loop takes array batches directly. */
  take(): Batch | undefined {
    if (this.step >= this.steps) return undefined;
    const start = this.step++ * this.batchSize;
    const end = Math.min(start + this.batchSize, this.samples);
    const batch = !this.order ? rows(this.all, start, end)
      : this.orderBuf ? this.gather(this.orderBuf, start, end) : gatherRows(this.all, this.order.subarray(start, end));
    const nx = this.xs.length, ny = this.ys.length;
    return {
      xs: batch.slice(0, nx), ys: batch.slice(nx, nx + ny), sw: this.sw ? batch[nx + ny] : undefined, owned: batch,
    };
  }

  /** Rows order[start..end) of every tensor: the gather op's kernel call (axis 0), on a slice of the order. */
  private gather(order: Tensor, start: number, end: number): Tensor[] {
    const n = end - start, idx = order.buf.ptr + start * 4;
    const out: Tensor[] = [];
    try {
      for (const t of this.all) {
        const shape = t.shape.slice();
        const len = shape[0]!;
        shape[0] = n;
        let inner = 1;
        for (let a = 1; a < shape.length; a++) inner *= shape[a]!;
        const y = empty(shape, t.dtype, 'gather');
        out.push(y);
        check('gather', ex().kx_gather(t.buf.ptr, idx, y.buf.ptr, 1, n, len, inner));
      }
    } catch (e) {
      for (const y of out) y.dispose();
      throw e;
    }
    return out;
  }

  async close(): Promise<void> {
    this.orderBuf?.dispose();
    this.orderBuf = undefined;
  }
}

/** A raw element split into x, y and sample weights (Keras `unpack_x_y_sample_weight`). */
export interface RawBatch {
  x: unknown;
  y: unknown;
  sw: unknown;
}

export type DataSource = AsyncIterable<unknown> | Iterable<unknown>;

/** A data set, an iterable or an async iterable of batches; arrays and tensors are data, not data sets. */
export function isDataSource(x: unknown): x is DataSource {
  if (x === null || typeof x !== 'object' || Array.isArray(x) || ArrayBuffer.isView(x) || x instanceof Tensor) return false;
  return typeof (x as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function' || typeof (x as Iterable<unknown>)[Symbol.iterator] === 'function';
}

function unpack(e: unknown, where: string): RawBatch {
  // A batch of strings (a data set of texts alone) is x, not an [x, y] tuple.
  if (Array.isArray(e) && typeof e[0] === 'string') return { x: e, y: undefined, sw: undefined };
  if (Array.isArray(e)) {
    if (e.length < 1 || e.length > 3) {
      throw new ValueError(`${where} must be [x], [x, y] or [x, y, sampleWeight]. Received: an array of ${e.length} item(s)`);
    }
    return { x: e[0], y: e[1], sw: e[2] };
  }
  if (e !== null && typeof e === 'object' && !(e instanceof Tensor) && !ArrayBuffer.isView(e) && 'x' in e) {
    const o = e as Record<string, unknown>;
    const extra = Object.keys(o).filter((k) => k !== 'x' && k !== 'y' && k !== 'sampleWeight');
    if (extra.length > 0) {
      throw new ValueError(`${where} must be { x, y?, sampleWeight? }. Received: unknown key(s) ${extra.join(', ')}`);
    }
    return { x: o.x, y: o.y, sw: o.sampleWeight };
  }
  // A tensor, or a dict keyed by input name: inputs only.
  return { x: e, y: undefined, sw: undefined };
}

type Spec = { n: number; parts: string[] };

function specOf(b: Batch): Spec {
  const desc = (name: string, ts: Tensor[]) => ts.map((t, i) => `${name}${ts.length > 1 ? `[${i}]` : ''} shape (None, ${t.shape.slice(1).join(', ')}) ${t.dtype}`);
  return { n: b.xs.length + b.ys.length + (b.sw ? 1 : 0), parts: [...desc('x', b.xs), ...desc('y', b.ys), ...(b.sw ? [`sampleWeight ${b.sw.dtype}`] : [])] };
}

/**
 * Batches from a data set. `convert` turns a raw element into tensors and validates it
 * (throwing after freeing what it uploaded); this class checks that every batch matches the
 * first one and frees the tensors of each element it hands out once the step is done.
 */
export class StreamBatches implements BatchSource {
  readonly steps: number | null;
  readonly samples = undefined;
  private it: Iterator<unknown> | AsyncIterator<unknown> | undefined;
  private exhausted = true;
  private reiterable = true;
  private peeked: IteratorResult<unknown> | undefined;
  private passes = 0;
  private epoch = 0;
  private step = 0;
  private spec: Spec | undefined;
  /** Tensors created before this id existed before the run: the caller's, never freed here. */
  private readonly firstId: number;

  constructor(private readonly where: string, private readonly src: DataSource, private readonly stepsLimit: number | undefined,
    private readonly convert: (raw: RawBatch, owns: (t: Tensor) => boolean, label: string) => Batch, firstId: number) {
    const card = (src as { cardinality?: number }).cardinality;
    this.steps = stepsLimit ?? (typeof card === 'number' && Number.isFinite(card) ? card : null);
    this.firstId = firstId;
  }

  private get ownsAll(): boolean {
    return (this.src as { isDataset?: boolean }).isDataset === true;
  }

  private open(): void {
    const s = this.src as Partial<AsyncIterable<unknown> & Iterable<unknown>>;
    const it = typeof s[Symbol.asyncIterator] === 'function' ? s[Symbol.asyncIterator]!() : s[Symbol.iterator]!();
    this.reiterable = (it as unknown) !== this.src;
    this.it = it;
    this.exhausted = false;
    this.passes++;
  }

  private async pull(): Promise<IteratorResult<unknown>> {
    if (this.peeked) {
      const r = this.peeked;
      this.peeked = undefined;
      return r;
    }
    const r = await this.it!.next();
    if (r.done) this.exhausted = true;
    return r;
  }

  async begin(epoch: number): Promise<boolean> {
    this.epoch = epoch;
    this.step = 0;
    const first = this.passes === 0;
    if (this.stepsLimit === undefined || this.exhausted) this.open();
    let r = await this.pull();
    if (r.done && this.stepsLimit !== undefined && !first && this.reiterable && this.passes > 0) {
      // The persistent iterator ended exactly at an epoch boundary: start the next pass.
      this.open();
      r = await this.pull();
    }
    if (r.done) {
      if (first) throw new ValueError(`${this.where}: the data set yielded no batches. Received: an empty data set`);
      if (this.stepsLimit !== undefined) throw this.ranDry();
      return false;
    }
    this.peeked = r;
    return true;
  }

  private ranDry(): ValueError {
    return new ValueError(`${this.where}: the data set ran out of batches at step ${this.step} of epoch ${this.epoch + 1}, ` +
      `before the ${this.stepsLimit} steps asked for. Make sure it can produce at least steps × epochs batches ` +
      '(use `.repeat()` on a data.Dataset, or a generator that loops). Received: an exhausted data set');
  }

  async next(): Promise<Batch | undefined> {
    if (this.stepsLimit !== undefined && this.step >= this.stepsLimit) return undefined;
    const r = await this.pull();
    if (r.done) {
      if (this.stepsLimit !== undefined) throw this.ranDry();
      return undefined;
    }
    const index = this.step++;
    const label = `${this.where}: batch ${index}${this.epoch > 0 ? ` of epoch ${this.epoch + 1}` : ''}`;
    const ownsAll = this.ownsAll;
    const owns = (t: Tensor) => ownsAll || t.id >= this.firstId;
    const b = this.convert(unpack(r.value, label), owns, label);
    const spec = specOf(b);
    if (!this.spec) this.spec = spec;
    else if (spec.n !== this.spec.n || spec.parts.some((p, i) => p !== this.spec!.parts[i])) {
      b.owned.forEach((t) => t.dispose());
      throw new ValueError(`${label} does not match the first batch: expected ${this.spec.parts.join('; ')}. Received: ${spec.parts.join('; ')}`);
    }
    return b;
  }

  async close(): Promise<void> {
    if (this.peeked && !this.peeked.done) freeRaw(this.peeked.value, this.ownsAll, this.firstId);
    this.peeked = undefined;
    if (this.it && !this.exhausted) {
      this.exhausted = true;
      await this.it.return?.(undefined);
    }
  }
}

/** Frees the tensors of an element never handed to a step. */
function freeRaw(e: unknown, all: boolean, firstId: number): void {
  if (e instanceof Tensor) {
    if (all || e.id >= firstId) e.dispose();
  } else if (Array.isArray(e)) e.forEach((c) => freeRaw(c, all, firstId));
  else if (e !== null && typeof e === 'object' && !ArrayBuffer.isView(e)) Object.values(e).forEach((c) => freeRaw(c, all, firstId));
}

/** A Keras-style complaint about an argument that data sets carry themselves. */
export function refuseWithDataSet(where: string, name: string, v: unknown, what: string): void {
  if (v === undefined) return;
  throw new ValueError(`${where}: when x is a data set, \`${name}\` should not be passed. Instead, ${what} should be included in ` +
    `the data set's elements. Received: ${name}=${fmt(v)}`);
}
