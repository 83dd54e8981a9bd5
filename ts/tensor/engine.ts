// Process-wide bookkeeping: live tensors, `tidy` scopes, and the gradient tapes that are
// recording. Kept apart from Tensor so autograd and scopes stay one concept each.

import type { Tensor } from './tensor.js';

/** One recorded op: how to map output gradients to input gradients. */
export interface TapeNode {
  name: string;
  inputIds: number[];
  outputIds: number[];
  /** Gradient of each input (null: none) given the gradient of each output (null: zero);
   *  `needs[i]` says whether input i wants one, so constant inputs cost nothing; `saved`
   *  are the snapshots of the tensors the op asked to keep. */
  backward(dys: (Tensor | null)[], needs: boolean[], saved: Tensor[]): (Tensor | null)[];
  /** Snapshots the backward pass reads; released when the tape is done. */
  saved: Tensor[];
}

export class Tape {
  readonly nodes: TapeNode[] = [];
  /** Ids of tensors whose gradient flows: watched sources and outputs of recorded ops. */
  readonly tracked = new Set<number>();

  /** `watchVariables`: trainable variables count as watched (TF's GradientTape default). */
  constructor(readonly watchVariables = false) {}

  flows(t: Tensor): boolean {
    return this.tracked.has(t.id) || (this.watchVariables && t.isTrainableVariable);
  }

  dispose(): void {
    for (const n of this.nodes) for (const t of n.saved) t.dispose();
    this.nodes.length = 0;
    this.tracked.clear();
  }
}

class Engine {
  private readonly scopes: Set<Tensor>[] = [];
  readonly tapes: Tape[] = [];
  private noGrad = 0;
  numTensors = 0;
  private nextId = 1;

  newId(): number {
    return this.nextId++;
  }

  /** Called by every new tensor: count it and put it in the innermost scope. */
  track(t: Tensor): void {
    this.numTensors++;
    this.scopes.at(-1)?.add(t);
  }

  untrack(t: Tensor): void {
    this.numTensors--;
    this.scopes.at(-1)?.delete(t);
  }

  /** Removes `t` from every open scope so it outlives them (Keras/tfjs `keep`). */
  keep<T extends Tensor>(t: T): T {
    for (const s of this.scopes) s.delete(t);
    return t;
  }

  tidy<T>(fn: () => T): T {
    const scope = new Set<Tensor>();
    this.scopes.push(scope);
    let result: T;
    try {
      result = fn();
    } catch (e) {
      // Nothing survives a throw: free the scope's tensors so a failed step cannot leak.
      this.scopes.pop();
      for (const t of scope) t.dispose();
      throw e;
    }
    this.scopes.pop();
    const survivors = new Set<Tensor>();
    collectTensors(result, survivors);
    const parent = this.scopes.at(-1);
    for (const t of scope) {
      if (survivors.has(t)) parent?.add(t);
      else t.dispose();
    }
    return result;
  }

  get recording(): boolean {
    return this.tapes.length > 0 && this.noGrad === 0;
  }

  /** True when a gradient should flow through an op with these inputs. */
  needsGrad(inputs: readonly Tensor[]): boolean {
    if (!this.recording) return false;
    const tape = this.tapes.at(-1)!;
    for (const t of inputs) if (tape.flows(t)) return true;
    return false;
  }

  record(node: Omit<TapeNode, 'saved'> & { saved?: Tensor[] }): void {
    const tape = this.tapes.at(-1)!;
    // Snapshots share storage, so a user `dispose()` or an inner `tidy` cannot pull data
    // out from under the backward pass.
    const saved = (node.saved ?? []).map((t) => t.snapshot());
    tape.nodes.push({ ...node, saved });
    for (const id of node.outputIds) tape.tracked.add(id);
  }

  /** Records even inside `withNoGrad`: a tape opened there (a nested `grad`) asked for it. */
  withGrad<T>(fn: () => T): T {
    const saved = this.noGrad;
    this.noGrad = 0;
    try {
      return fn();
    } finally {
      this.noGrad = saved;
    }
  }

  withNoGrad<T>(fn: () => T): T {
    this.noGrad++;
    try {
      return fn();
    } finally {
      this.noGrad--;
    }
  }
}

function collectTensors(v: unknown, out: Set<Tensor>, depth = 0): void {
  if (v == null || depth > 4) return;
  if (typeof v === 'object' && (v as { isTensor?: boolean }).isTensor === true) {
    out.add(v as Tensor);
  } else if (Array.isArray(v)) {
    for (const x of v) collectTensors(x, out, depth + 1);
  } else if (v instanceof Map) {
    for (const x of v.values()) collectTensors(x, out, depth + 1);
  } else if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    for (const x of Object.values(v)) collectTensors(x, out, depth + 1);
  }
}

export const engine = new Engine();
