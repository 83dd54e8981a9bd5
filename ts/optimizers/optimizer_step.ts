// The optimizer base class, part 2 of 3: building the slot variables (lazily, on the first
// step) and the step itself: argument checks, one fused WASM call for every variable, and the
// gradient accumulation and EMA passes around it (Keras `apply`, `_backend_update_step`).

import { backend } from '../../bindings/index.js';
import { DisposedError, ValueError, fmt } from '../errors.js';
import { Variable } from '../autograd/variable.js';
import { fill } from '../tensor/creation.js';
import { shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOptions } from '../utils/options.js';
import { StepBuffers, writeShared } from './kernel.js';
import { f32 } from './options.js';
import { accumulate, averageInto, movingAverage } from './passes.js';
import { OptimizerBase } from './optimizer_base.js';

/** Building and stepping: the second layer of `Optimizer` (extend `Optimizer`, not this). */
export abstract class OptimizerStep extends OptimizerBase {
  // ---- building ------------------------------------------------------------------------

  /** Whether slots exist (after the first step or `build`). */
  get isBuilt(): boolean {
    return this.built;
  }

  /**
   * Keras `exclude_from_weight_decay`: variables in `varList`, or whose name contains any
   * of `varNames`, get no weight decay. Only before the optimizer is built.
   */
  excludeFromWeightDecay(opts: { varList?: Variable[]; varNames?: string[] }): void {
    if (this.built) {
      throw new ValueError(`${this.className}: \`excludeFromWeightDecay()\` can only be configured before the optimizer is built.`);
    }
    checkOptions(`${this.className}.excludeFromWeightDecay`, opts, ['varList', 'varNames']);
    const names = opts.varNames ?? [];
    const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    this.exclude = {
      vars: new Set(opts.varList ?? []),
      pattern: names.length ? new RegExp(names.map(esc).join('|')) : null,
    };
  }

  /**
   * Creates the optimizer's variables for `variables` (normally done by the first step):
   * call it before `setVariables` to restore a saved state into a fresh optimizer.
   */
  build(variables: readonly Variable[]): void {
    this.checkLive();
    if (this.built) return;
    variables.forEach((v, i) => this.checkVariable(v, i));
    const vars = variables.slice();
    vars.forEach((v, i) => {
      if (this.index.has(v)) throw new ValueError(`${this.className}: variable '${v.name}' is listed twice. Received: variables[${i}]`);
      this.index.set(v, i);
    });
    const slot = (v: Variable, name: string, init: number) => {
      const t = fill(v.shape, init);
      const s = new Variable(t, { name: `${v.name.replace(/[/:]/g, '_')}_${name}`, trainable: false });
      t.dispose();
      return s;
    };
    this.tracked = vars;
    // Keras's base `build` creates these before the subclass's slots.
    if (this.useEma) this.averages = vars.map((v) => slot(v, 'average', 0));
    if (this.gradientAccumulationSteps) this.accumulators = vars.map((v) => slot(v, 'gradient_accumulator', 0));
    this.slotsOf = vars.map(() => []);
    this.slotList = [];
    for (const group of this.slotGroups()) {
      vars.forEach((v, i) => {
        for (const name of group) {
          const s = slot(v, name, this.slotInitialValue(name));
          this.slotsOf[i]!.push(s);
          this.slotList.push(s);
        }
      });
    }
    this.slotPtrs = this.slotsOf.map((ss) => ss.map((s) => s.buf.ptr));
    this.decayOf = vars.map((v) => this.usesWeightDecay(v));
    this.seen = new Int32Array(vars.length);
    this.entryVar = new Int32Array(vars.length);
    this.entryGrad = new Int32Array(vars.length);
    this.buffers = new StepBuffers(backend(), vars.length);
    this.ensureScalars();
    this.onBuild();
    this.built = true;
  }

  private usesWeightDecay(v: Variable): boolean {
    if (!this.exclude) return true;
    if (this.exclude.vars.has(v)) return false;
    return !(this.exclude.pattern && this.exclude.pattern.test(v.name));
  }

  private checkVariable(v: unknown, i: number): void {
    if (!(v instanceof Variable)) {
      throw new ValueError(`${this.className}: expected a Variable at position ${i}. Received: ${fmt(v)}`);
    }
    if (v.dtype !== 'float32') {
      throw new ValueError(`${this.className}: can only optimize float32 variables. Received: variable '${v.name}' with dtype=${v.dtype}`);
    }
    if (v.isDisposed) throw new DisposedError(`${this.className}: variable '${v.name}' has been disposed.`);
  }

  // ---- the step ------------------------------------------------------------------------

  /**
   * Applies one update to each variable from its gradient; `null` gradients are skipped.
   * Returns the number of calls so far (Keras returns `_iterations`).
   */
  applyGradients(gradsAndVars: ReadonlyArray<readonly [Tensor | null | undefined, Variable]>): number {
    const n = gradsAndVars.length;
    const grads: (Tensor | null | undefined)[] = new Array(n);
    const vars: Variable[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const pair = gradsAndVars[i];
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw new ValueError(`${this.className}.applyGradients: expected [gradient, variable] pairs. Received: ${fmt(pair)} at position ${i}`);
      }
      grads[i] = pair[0];
      vars[i] = pair[1];
    }
    this.apply(grads, vars);
    return this.iters;
  }

  /**
   * Keras `apply`: `grads[i]` updates `variables[i]`; without `variables`, the grads
   * must match the variables the optimizer was built with, one to one.
   */
  apply(grads: ReadonlyArray<Tensor | null | undefined>, variables?: readonly Variable[]): void {
    this.checkLive();
    if (grads.length === 0) return;
    let vars: readonly Variable[];
    if (variables === undefined) {
      if (!this.built) {
        throw new ValueError(`${this.className}: When passing \`grads\` without \`variables\`, the optimizer must already be built ` +
          'on a list of variables. Call `optimizer.build(variables)` first.');
      }
      if (grads.length !== this.tracked.length) {
        throw new ValueError(`${this.className}: the gradients must match the optimizer's variables one to one. ` +
          `Received: ${grads.length} gradients for ${this.tracked.length} variables`);
      }
      vars = this.tracked;
    } else {
      if (variables.length !== grads.length) {
        throw new ValueError(`${this.className}: expected one gradient per variable. Received: ${grads.length} gradients and ${variables.length} variables`);
      }
      if (!this.built) this.build(variables);
      vars = variables;
    }
    // Check everything before touching any state.
    const stamp = ++this.stamp;
    let count = 0;
    for (let i = 0; i < vars.length; i++) {
      const v = vars[i]!;
      const k = this.index.get(v);
      if (k === undefined) {
        throw new ValueError(`${this.className}: Unknown variable: '${(v as Variable)?.name ?? fmt(v)}'. This optimizer can only be called ` +
          'for the variables it was originally built with. When working with a new set of variables, you should recreate a new optimizer instance.');
      }
      const g = grads[i];
      if (g == null) continue;
      if (this.seen[k] === stamp) throw new ValueError(`${this.className}: variable '${v.name}' appears twice in one step. Received: position ${i}`);
      this.seen[k] = stamp;
      if (g.dtype !== 'float32' || !shapesEqual(g.shape, v.shape)) {
        throw new ValueError(`${this.className}: the gradient of variable '${v.name}' must be float32 with shape ${fmt(v.shape)}. ` +
          `Received: gradient shape=${fmt(g.shape)} dtype=${g.dtype}`);
      }
      this.entryVar[count] = k;
      this.entryGrad[count] = g.buf.ptr;
      count++;
    }
    if (count === 0) throw new ValueError(`${this.className}: No gradients provided for any variable.`);
    if (count < vars.length && !this.warnedMissing) {
      this.warnedMissing = true;
      const missing = vars.filter((_, i) => grads[i] == null).map((v) => v.name);
      console.warn(`${this.className}: Gradients do not exist for variables ${fmt(missing)} when minimizing the loss.`);
    }
    const steps = this.gradientAccumulationSteps;
    if (!steps || (this.iters + 1) % steps === 0) this.update(count, steps);
    else this.accumulateOnly(count);
    if (this.useEma) this.updateAverages();
    this.iters++;
    this.syncScalars();
  }

  /** The update rule over the first `count` entries, from the accumulated mean when `steps` is set. */
  private update(count: number, steps: number | null): void {
    const buf = this.buffers!;
    const heap = steps ? backend().heap.f32 : null;
    for (let e = 0; e < count; e++) {
      const k = this.entryVar[e]!;
      const v = this.tracked[k]!;
      let g = this.entryGrad[e]!;
      if (heap) {
        const acc = this.accumulators[k]!.buf.ptr;
        averageInto(heap, acc >>> 2, g >>> 2, v.size, steps!);
        g = acc;
      }
      buf.set(e, v.buf.ptr, g, this.slotPtrs[k]!, v.size, this.decayOf[k]!);
    }
    const lr = this.currentLearningRate;
    const t = this.iterations + 1;
    this.beforeStep(t);
    const h = buf.hyperView();
    writeShared(h, lr, this.weightDecay, this);
    this.writeHyper(h, t, lr);
    buf.run(this.kind, count, `${this.className} step`);
    if (steps) {
      const heapAfter = backend().heap.f32;
      for (let e = 0; e < count; e++) {
        const acc = this.accumulators[this.entryVar[e]!]!;
        heapAfter.fill(0, acc.buf.ptr >>> 2, (acc.buf.ptr >>> 2) + acc.size);
      }
    }
  }

  /** A micro-step of gradient accumulation: the weights and slots stay as they are. */
  private accumulateOnly(count: number): void {
    const heap = backend().heap.f32;
    for (let e = 0; e < count; e++) {
      const k = this.entryVar[e]!;
      accumulate(heap, this.accumulators[k]!.buf.ptr >>> 2, this.entryGrad[e]! >>> 2, this.tracked[k]!.size);
    }
  }

  /**
   * Keras `_update_model_variables_moving_average`: every tracked variable, after the
   * update; the first update copies the weights (momentum 0 while `iterations` is 0).
   * Then the periodic overwrite of the weights with their average.
   */
  private updateAverages(): void {
    const it = this.iterations;
    const m = it !== 0 ? f32(this.emaMomentum) : 0;
    const om = f32(1 - m);
    const heap = backend().heap.f32;
    this.tracked.forEach((v, k) => movingAverage(heap, this.averages[k]!.buf.ptr >>> 2, v.buf.ptr >>> 2, v.size, m, om));
    const freq = this.emaOverwriteFrequency;
    if (freq !== null && (it + 1) % freq === 0) this.tracked.forEach((v, k) => v.assign(this.averages[k]!));
  }

  /**
   * Keras `finalize_variable_values`: with `useEma`, overwrites each variable with its
   * moving average (fit calls this after the last epoch). Otherwise does nothing.
   */
  finalizeVariableValues(varList: readonly Variable[]): void {
    this.checkLive();
    if (!this.useEma || !this.built) return;
    if (varList.length !== this.tracked.length) {
      throw new ValueError(`${this.className}: The length of model variables (${varList.length}) to override does not match the length ` +
        `of model variables stored in the optimizer (${this.tracked.length}). Please check if the optimizer was called on your model.`);
    }
    for (const v of varList) {
      const k = this.index.get(v);
      if (k === undefined) throw new ValueError(`${this.className}.finalizeVariableValues: unknown variable. Received: '${v?.name ?? fmt(v)}'`);
      v.assign(this.averages[k]!);
    }
  }

  /** Per-step scalar state, updated before the hyper-parameters are written (Nadam). */
  protected beforeStep(_t: number): void {}
}
