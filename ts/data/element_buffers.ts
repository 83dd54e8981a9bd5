// The element buffers behind Dataset's batch() and shuffle(), and map()'s per-element call.

import { ValueError } from '../errors.js';
import { tidy } from '../autograd/gradients.js';
import { Tensor } from '../tensor/tensor.js';
import { stackElems } from './batching.js';
import { disposeElem, leaves, materialize, type Elem, type Element } from './structure.js';

/** batch()'s state: collects elements and stacks every `size` of them. */
export class Batcher {
  private buf: Elem[] = [];
  private seen = 0;

  constructor(private readonly size: number, private readonly drop: boolean) {}

  /** Takes an element; returns a batch when one is complete. */
  add(e: Elem): Elem | undefined {
    this.buf.push(e);
    return this.buf.length === this.size ? this.flush() : undefined;
  }

  /** The last, smaller batch (unless dropRemainder). */
  finish(): Elem | undefined {
    return this.buf.length > 0 && !this.drop ? this.flush() : undefined;
  }

  private flush(): Elem {
    const b = this.buf;
    this.buf = [];
    this.seen += b.length;
    return stackElems(b, this.seen - b.length);
  }

  /** Frees what was never batched (dropped remainder, early stop). */
  dispose(): void {
    this.buf.forEach(disposeElem);
    this.buf = [];
  }
}

/** shuffle()'s buffer (tf.data's algorithm): once full, each new element evicts a random one. */
export class ShuffleBuffer {
  private readonly buf: Elem[] = [];

  constructor(private readonly size: number, private readonly rand: () => number) {}

  /** Takes an element; returns the one it evicts once the buffer is full. */
  offer(e: Elem): Elem | undefined {
    if (this.buf.length < this.size) {
      this.buf.push(e);
      return undefined;
    }
    const i = Math.floor(this.rand() * this.size);
    const out = this.buf[i]!;
    this.buf[i] = e;
    return out;
  }

  /** The rest, in random order, at the end of the input. */
  *drain(): Generator<Elem> {
    while (this.buf.length > 0) {
      const i = Math.floor(this.rand() * this.buf.length);
      const out = this.buf[i]!;
      this.buf[i] = this.buf[this.buf.length - 1]!;
      this.buf.pop();
      yield out;
    }
  }

  dispose(): void {
    this.buf.forEach(disposeElem);
    this.buf.length = 0;
  }
}

/** Runs a user function on one element in `tidy`, freeing the input tensors it does not return. */
export function applyFn(where: string, f: (e: Element) => Elem, e: Elem, index: number): Elem {
  const input = materialize(e);
  let out: Elem;
  try {
    out = tidy(() => {
      const r = f(input) as unknown;
      if (r !== null && typeof r === 'object' && typeof (r as { then?: unknown }).then === 'function') {
        throw new ValueError(`${where}: the function must be synchronous. Received: a Promise (element ${index})`);
      }
      if (r === undefined) throw new ValueError(`${where}: the function returned undefined for element ${index}. Return the new element.`);
      return r as Elem;
    });
  } catch (err) {
    disposeElem(input);
    throw err;
  }
  const kept = new Set(leaves(out).filter((l): l is Tensor => l instanceof Tensor));
  for (const l of leaves(input as Elem)) if (l instanceof Tensor && !kept.has(l)) l.dispose();
  return out;
}
