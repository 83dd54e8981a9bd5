// What the text layers' adapt() takes, as Keras's: one batch (arrays) or an iterable of
// batches — a sync or async iterable, such as a generator or a kerasm data set — whose items
// are batches or `[x, y, …]` tuples (x is used). Sync data adapts synchronously; an async
// iterable returns a Promise.

import { ValueError, fmt } from '../../errors.js';

export function isAsyncIterable(v: unknown): v is AsyncIterable<unknown> {
  return v != null && typeof (v as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

function isIterable(v: unknown): v is Iterable<unknown> {
  return v != null && typeof v !== 'string' && typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function';
}

export interface AdaptHooks<B> {
  where: string;
  /** True for one batch of this layer's data. */
  isBatch: (v: unknown) => v is B;
  /** Data given directly (Keras: a rank-1 array is one sample per element). */
  onData: (b: B) => void;
  /** One batch from an iterable (Keras `update_state`). */
  onBatch: (b: B) => void;
  start: () => void;
  finish: () => void;
  expected: string;
}

function pick<B>(h: AdaptHooks<B>, item: unknown): B {
  if (h.isBatch(item)) return item;
  if (Array.isArray(item) && item.length > 0 && h.isBatch(item[0])) return item[0];
  throw new ValueError(`${h.where}.adapt: each batch must be ${h.expected}, or an [x, y] tuple of them. Received: ${fmt(item)}`);
}

export function runAdapt<B>(h: AdaptHooks<B>, data: unknown): void | Promise<void> {
  h.start();
  if (h.isBatch(data)) {
    h.onData(data);
    h.finish();
    return;
  }
  if (isAsyncIterable(data)) {
    return (async () => {
      for await (const item of data) h.onBatch(pick(h, item));
      h.finish();
    })();
  }
  if (isIterable(data)) {
    for (const item of data) h.onBatch(pick(h, item));
    h.finish();
    return;
  }
  throw new ValueError(`${h.where}.adapt: expected ${h.expected}, or a (sync or async) iterable of batches. Received: ${fmt(data)}`);
}
