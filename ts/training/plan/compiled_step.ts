// The compiled training step (Keras `jit_compile`): fit's default train step, replayed from
// a recording of its own kernel calls.
//
// The eager step is forward + loss + backward (tape, tensor objects, one kernel call per op),
// then the optimizer, the metrics and the loss tracker. Once warm, the first part makes the
// same kernel calls on the same buffers every step; only the batch changes. So after one
// eager warm-up step, two real steps are recorded (recorder.ts) on batches at different
// addresses, each keeping its buffers pinned; if every difference between them is explained
// (verify.ts), the first recording's calls become the plan. A planned step then runs those
// calls with the batch pointers patched in — no tape, no tensors, no allocation — and
// finishes exactly as the eager step does (the same `finishStep`: optimizer, constraints,
// metrics, loss tracker), on the plan's pinned loss/prediction/gradient tensors. The first
// replay is also computed eagerly and compared bit for bit before the plan is trusted.
// The calls run as one command buffer in WASM (wasm_plan.ts, kx_plan_run) when the
// interpreter has every kernel of the plan, else one by one from JS.
// Anything unexplained keeps the eager step. A plan lives for one fit() call.

import type { Backend } from '../../../bindings/index.js';
import { check } from '../../../bindings/status.js';
import { ValueError } from '../../errors.js';
import { engine } from '../../tensor/engine.js';
import type { Tensor } from '../../tensor/tensor.js';
import { fromData } from '../../tensor/creation.js';
import { split64 } from '../../tensor/random.js';
import { setStreamHook } from '../../ops/dropout_stream.js';
import type { Variable } from '../../autograd/variable.js';
import type { Batch } from '../batches.js';
import { record, type Recording } from './recorder.js';
import { verify, type VerifiedPlan } from './verify.js';
import { WasmPlan } from './wasm_plan.js';

/** What the eager forward/backward returns; the plan keeps the first recording's. */
export interface ForwardBackward {
  loss: Tensor;
  preds: Tensor[];
  grads: Tensor[];
}

/** What the trainer lends the plan: its own eager step, in two halves. */
export interface StepHost {
  backend: Backend;
  /** Every variable of the model (their buffers are the plan's constants). */
  variables(): Variable[];
  forwardBackward(xs: Tensor[], ys: Tensor[]): ForwardBackward;
  finishStep(xs: Tensor[], ys: Tensor[], fb: ForwardBackward): Record<string, number>;
  /** The loss's own label check, when JS reads the labels mid-step (sparse cross-entropy); else undefined. */
  labelCheck: ((ys: Tensor[], preds: Tensor[]) => void) | undefined;
  /** Which compile() the plan was recorded under; another compile() since makes it stale. */
  generation: number;
  currentGeneration(): number;
}

export type JitMode = boolean | 'auto';

/** The recorded batch's dtypes and shapes: a plan runs only on batches that match them. */
type Sig = ReadonlyArray<{ readonly dtype: string; readonly shape: readonly number[] }>;
const sigOf = (ts: Tensor[]): Sig => ts.map((t) => ({ dtype: t.dtype, shape: [...t.shape] }));

/** Whether `[...xs, ...ys]` matches `sig`, without building the list (this runs every step). */
function matches(sig: Sig, xs: Tensor[], ys: Tensor[]): boolean {
  const nx = xs.length;
  if (sig.length !== nx + ys.length) return false;
  for (let i = 0; i < sig.length; i++) {
    const t = i < nx ? xs[i]! : ys[i - nx]!, s = sig[i]!;
    if (t.dtype !== s.dtype || t.shape.length !== s.shape.length) return false;
    for (let d = 0; d < s.shape.length; d++) if (t.shape[d] !== s.shape[d]) return false;
  }
  return true;
}

interface Recorded {
  rec: Recording;
  fb: ForwardBackward;
  inputs: Tensor[];
}

class Plan {
  private readonly fns: Array<(...a: number[]) => unknown>;
  private readonly owned: number[] = [];
  /** The (seed, offset) of each random draw of the last run, in order. */
  readonly drawn: Array<[number, number]>;

  constructor(private readonly be: Backend, private readonly v: VerifiedPlan, arena: Recording, readonly fb: ForwardBackward,
    readonly sig: Sig, private readonly varBufs: unknown[]) {
    const ex = be.ex as unknown as Record<string, (...a: number[]) => unknown>;
    this.fns = v.names.map((n) => ex[n]!);
    this.drawn = v.draws.map(() => [0, 0]);
    for (const i of arena.deferred) this.owned.push(arena.arena[i]![0]);
    // Foreign inputs (the op metadata scratch is rewritten by every op): a private copy each.
    for (const c of v.constants) {
      const p = be.heap.alloc(c.bytes.length, 'compiled step constants');
      this.owned.push(p);
      be.heap.u8.set(c.bytes, p);
      v.args[c.call]![c.arg] = p + c.offset;
    }
    this.wasm = WasmPlan.build(be, v.names, v.args, v.rets, (p) => this.owned.push(p));
  }

  /** The command buffer run by one WASM call, or undefined for the JS replay of each call. */
  readonly wasm: WasmPlan | undefined;

  /** Whether the plan's buffers and variables are still the ones it recorded. */
  valid(vars: Variable[]): boolean {
    if (vars.length !== this.varBufs.length) return false;
    for (let i = 0; i < vars.length; i++) if (vars[i]!.isDisposed || vars[i]!.buf !== this.varBufs[i]) return false;
    return !this.fb.loss.isDisposed;
  }

  /** One step on the batch `[...xs, ...ys]` (the order in which the recording indexed it). */
  run(xs: Tensor[], ys: Tensor[]): void {
    const { args, patches, names, rets, draws } = this.v;
    const w = this.wasm, nx = xs.length;
    for (const p of patches) {
      const ptr = (p.input < nx ? xs[p.input]! : ys[p.input - nx]!).buf.ptr + p.offset;
      if (w) w.set(p.call, p.arg, ptr);
      else args[p.call]![p.arg] = ptr;
    }
    // Each layer's generator advances here exactly as its eager call would (draws are in call order).
    for (let i = 0; i < draws.length; i++) {
      const d = draws[i]!, a = args[d.call]!, v = this.drawn[i]!;
      [v[0], v[1]] = d.source(d.n);
      [a[d.arg], a[d.arg + 1]] = split64(v[0]);
      [a[d.arg + 2], a[d.arg + 3]] = split64(v[1]);
      if (w) for (let j = 0; j < 4; j++) w.set(d.call, d.arg + j, a[d.arg + j]!);
    }
    if (w) {
      const [c, r] = w.run();
      if (c >= 0) {
        check(names[c]!, r, this.be);
        throw new Error(`${names[c]}: returned ${r} in a compiled step, ${String(rets[c])} when recorded (a kerasm bug; please report it).`);
      }
      return;
    }
    for (let c = 0; c < this.fns.length; c++) {
      const r = this.fns[c]!.apply(null, args[c]!);
      if (r !== rets[c]) {
        check(names[c]!, r as number, this.be);
        throw new Error(`${names[c]}: returned ${String(r)} in a compiled step, ${String(rets[c])} when recorded (a kerasm bug; please report it).`);
      }
    }
  }

  dispose(): void {
    const { loss, preds, grads } = this.fb;
    for (const t of [loss, ...preds, ...grads]) t.dispose();
    for (const p of this.owned) if (this.be.heap.isLive(p)) this.be.heap.free(p, 'compiled step');
    this.owned.length = 0;
  }
}

/**
 * Per fit() call: decides, records, verifies and replays. `run` returns the step's logs, or
 * undefined when this batch takes the eager step.
 */
export class CompiledTrainStep {
  private state: 'warm' | 'first' | 'second' | 'ready' | 'off' = 'warm';
  private first: Recorded | undefined;
  private plan: Plan | undefined;
  private checkLabels = false;
  /** Whether the first replay was compared with the eager forward/backward on the same batch. */
  private checked = false;
  /** Why the plan was refused (for `jitCompile: true` errors and tests). */
  reason: string | undefined;
  /** Steps run from the plan so far. */
  replayed = 0;

  constructor(private readonly host: StepHost, private readonly mode: JitMode, staticReason: string | undefined) {
    if (staticReason) this.refuse(staticReason);
  }

  private refuse(why: string): void {
    this.reason = why;
    this.state = 'off';
    this.dropFirst();
    this.plan?.dispose();
    this.plan = undefined;
    if (this.mode === true) {
      throw new ValueError(`fit: jitCompile=true, but this training step cannot be compiled: ${why}. ` +
        "Use jitCompile: 'auto' (falls back to the eager step) or false. Received: jitCompile=true");
    }
  }

  run(b: Batch): Record<string, number> | undefined {
    if (this.state === 'off') return undefined;
    if (b.sw) {
      // Sample weights differ per batch in ways the plan does not patch; the eager step takes them.
      if (this.state !== 'ready') this.refuse('sample or class weights are used');
      return undefined;
    }
    if (this.state === 'ready') return this.runPlan(b);
    const inputs = [...b.xs, ...b.ys];
    switch (this.state) {
      case 'warm':
        this.state = 'first';
        return undefined;
      case 'first': {
        const r = this.recordStep(inputs, b);
        if (typeof r === 'string') return this.refuse(r), undefined;
        this.first = r.recorded;
        this.state = 'second';
        return r.logs;
      }
      case 'second': {
        if (!matches(sigOf(this.first!.inputs), b.xs, b.ys)) return undefined;
        const r = this.recordStep(inputs, b);
        if (typeof r === 'string') return this.refuse(r), undefined;
        const first = this.first!;
        const keptOf = (fb: ForwardBackward) => new Set([fb.loss, ...fb.preds, ...fb.grads].map((t) => t.buf.ptr));
        const v = verify(first.rec, r.recorded.rec, keptOf(first.fb), keptOf(r.recorded.fb));
        this.dropRecorded(r.recorded);
        if (typeof v === 'string') return this.refuse(v), r.logs;
        if (v.readsInputs && (!this.host.labelCheck || b.ys.some((y) => y.dtype !== 'int32'))) return this.refuse('JS reads the batch during the step'), r.logs;
        this.checkLabels = v.readsInputs;
        first.inputs.forEach((t) => t.dispose());
        first.inputs.length = 0;
        const vars = this.host.variables();
        this.plan = new Plan(this.host.backend, v, first.rec, first.fb, sigOf(inputs), vars.map((x) => x.buf));
        this.first = undefined;
        this.state = 'ready';
        return r.logs;
      }
    }
  }

  private runPlan(b: Batch): Record<string, number> | undefined {
    const plan = this.plan!;
    if (!matches(plan.sig, b.xs, b.ys)) return undefined;
    if (!plan.valid(this.host.variables()) || this.host.currentGeneration() !== this.host.generation) {
      // Invalidated, not refused: the rest of this fit runs eagerly, even with jitCompile=true.
      this.reason = 'the model was recompiled or its variables replaced during fit';
      this.dispose();
      return undefined;
    }
    if (this.checkLabels) this.host.labelCheck!(b.ys, plan.fb.preds);
    plan.run(b.xs, b.ys);
    if (!this.checked) {
      const mismatch = this.compareWithEager(b, plan.fb);
      if (mismatch) return mismatch;
      this.checked = true;
    }
    this.replayed++;
    return this.host.finishStep(b.xs, b.ys, plan.fb);
  }

  /**
   * The last line of defence: the plan's first step is also computed eagerly (forward and
   * backward only; the allow-listed layers keep no state but their random generators, and
   * those are handed the replay's draws rather than advanced again) and every bit of the
   * loss, predictions and gradients must agree. On a mismatch the eager result is
   * used for this step and the plan is refused. Returns that step's logs on a mismatch.
   */
  private compareWithEager(b: Batch, planned: ForwardBackward): Record<string, number> | undefined {
    const heap = this.host.backend.heap;
    const drawn = this.plan!.drawn;
    let i = 0;
    const prev = setStreamHook((source, n) => {
      if (i >= drawn.length) return source(n);
      const [sd, off] = drawn[i++]!;
      return [sd, off];
    });
    let fb: ForwardBackward;
    try {
      fb = engine.tidy(() => this.host.forwardBackward(b.xs, b.ys));
    } finally {
      setStreamHook(prev);
    }
    const a = [planned.loss, ...planned.preds, ...planned.grads], e = [fb.loss, ...fb.preds, ...fb.grads];
    let same = a.length === e.length;
    for (let i = 0; same && i < a.length; i++) {
      const x = a[i]!, y = e[i]!;
      if (x.size !== y.size) same = false;
      else {
        const vx = heap.i32At(x.buf.ptr, x.size), vy = heap.i32At(y.buf.ptr, y.size);
        for (let j = 0; j < x.size; j++) if (vx[j] !== vy[j]) { same = false; break; }
      }
    }
    if (same) {
      for (const t of e) t.dispose();
      return undefined;
    }
    let logs: Record<string, number>;
    try {
      logs = this.host.finishStep(b.xs, b.ys, fb);
    } finally {
      for (const t of e) t.dispose();
    }
    this.refuse('its first replay differed from the eager step (a kerasm bug; please report it)');
    return logs;
  }

  /**
   * One real training step, recorded. The batch is copied first so that the two recorded
   * steps see it at different addresses (that is how batch pointers are told from constants).
   */
  private recordStep(inputs: Tensor[], b: Batch): { recorded: Recorded; logs: Record<string, number> } | string {
    const be = this.host.backend;
    const vars = this.host.variables();
    const varPtrs = new Set(vars.map((v) => v.buf.ptr));
    const copies = inputs.map((t) => engine.keep(fromData('compiled step', t.dataSync(), t.shape, t.dtype)));
    const xs = copies.slice(0, b.xs.length), ys = copies.slice(b.xs.length);
    const ranges = copies.map((t) => [t.buf.ptr, t.size * 4] as const);
    let fb: ForwardBackward;
    let rec: Recording;
    try {
      ({ rec, result: fb } = record(be, ranges, varPtrs, () => engine.tidy(() => this.host.forwardBackward(xs, ys))));
    } catch (e) {
      copies.forEach((t) => t.dispose());
      throw e;
    }
    for (const t of [fb.loss, ...fb.preds, ...fb.grads]) engine.keep(t);
    const recorded: Recorded = { rec, fb, inputs: copies };
    try {
      const logs = this.host.finishStep(xs, ys, fb);
      return { recorded, logs };
    } catch (e) {
      this.dropRecorded(recorded);
      throw e;
    }
  }

  private dropRecorded(r: Recorded): void {
    const heap = this.host.backend.heap;
    for (const t of [r.fb.loss, ...r.fb.preds, ...r.fb.grads]) t.dispose();
    for (const i of r.rec.deferred) {
      const p = r.rec.arena[i]![0];
      if (heap.isLive(p)) heap.free(p, 'compiled step recording');
    }
    r.rec.deferred.clear();
    r.inputs.forEach((t) => t.dispose());
  }

  private dropFirst(): void {
    if (this.first) this.dropRecorded(this.first);
    this.first = undefined;
  }

  dispose(): void {
    this.dropFirst();
    this.plan?.dispose();
    this.plan = undefined;
    if (this.state === 'ready') this.state = 'off';
  }
}
