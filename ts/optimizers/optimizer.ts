// The optimizer base class (Keras `optimizers/base_optimizer.py`): options shared by every
// optimizer, lazily built slot variables, one fused WASM call per training step, and the
// state (`iteration`, `learning_rate`, EMA, accumulators, slots) in Keras's order for saving.

import { backend } from '../../bindings/index.js';
import { DisposedError, ValueError, fmt } from '../errors.js';
import { Variable } from '../autograd/variable.js';
import { fill } from '../tensor/creation.js';
import { shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOptions } from '../utils/options.js';
import { StepBuffers, writeShared } from './kernel.js';
import {
  BASE_OPTION_KEYS, checkLearningRate, checkNonNegative, checkRange, f32, kerasSnakeCase,
  type LearningRate, type OptimizerConfig, type OptimizerOptions,
} from './options.js';
import { accumulate, averageInto, movingAverage } from './passes.js';
import { LearningRateSchedule, isSchedule } from './schedules/learning_rate_schedule.js';
import { serialize as serializeSchedule } from './schedules/index.js';
import { readStateValue, type OptimizerVariableData, type OptimizerVariableInput, type StateTarget } from './state.js';
import { readTfjsWeights, tfjsWeights, type TfjsSlot } from './tfjs_layout.js';

/** The f32 bits of a number, as an int32 (syncScalars writes them through one view). */
const F32_BITS = new Float32Array(1);
const I32_BITS = new Int32Array(F32_BITS.buffer);

export {
  baseOptionsFromConfig, checkNonNegative, checkRange, f32, kerasSnakeCase, powf,
  type LearningRate, type OptimizerConfig, type OptimizerOptions,
} from './options.js';
export type { OptimizerVariableData, OptimizerVariableInput } from './state.js';
export type { TfjsSlot } from './tfjs_layout.js';

/**
 * The base of every optimizer: Keras `Optimizer` with camelCase names.
 *
 * A step (`applyGradients`) clips the gradients (`clipnorm`, `clipvalue` or
 * `globalClipnorm`), applies decoupled weight decay (`var -= var·wd·lr`), then the
 * optimizer's update rule, for every variable in one WebAssembly call. Slot variables
 * (momentum, velocity, …) are created on the first call and live in WASM memory until
 * `dispose()`. The step counter is `iterations`; schedules are evaluated at it.
 *
 * With `gradientAccumulationSteps: N`, only every N-th call updates the weights, with the
 * mean of the last N gradients; with `useEma`, an exponential moving average of the
 * weights is kept and `finalizeVariableValues` swaps it in (both as in Keras 3).
 *
 * `getVariables()` / `setVariables()` save and restore the whole state in Keras's
 * `optimizer.variables` order; `getWeightsTfjs()` / `setWeightsTfjs()` in tfjs's.
 *
 * Subclasses declare their slots and write their hyper-parameters; see `sgd.ts`.
 *
 * @example
 * const opt = new Adam({ learningRate: 1e-3, globalClipnorm: 1 });
 * const { grads } = variableGrads(() => loss(), vars);
 * opt.applyGradients(vars.map((v) => [grads.get(v)!, v]));
 * opt.dispose(); // frees the slots when training is over
 */
export abstract class Optimizer {
  /** Name of the optimizer, used in its variables' paths (Keras `name`). */
  readonly name: string;
  /** If set, every step first applies `var -= var · weightDecay · lr`. */
  readonly weightDecay: number | null;
  /** Clip each gradient to this L2 norm (per variable). */
  readonly clipnorm: number | null;
  /** Clip each gradient element to [-clipvalue, clipvalue]. */
  readonly clipvalue: number | null;
  /** Clip all gradients together to this global L2 norm. */
  readonly globalClipnorm: number | null;
  /**
   * Keep an exponential moving average of the weights (Keras `use_ema`). Default false.
   * Call `finalizeVariableValues(vars)` (fit does) to swap the average into the weights.
   */
  readonly useEma: boolean;
  /** `average = emaMomentum·average + (1 − emaMomentum)·weight`, in [0, 1]. Default 0.99. */
  readonly emaMomentum: number;
  /** With `useEma`, overwrite the weights with their average every N steps. Default null (never). */
  readonly emaOverwriteFrequency: number | null;
  /**
   * Update the weights every N calls (N ≥ 2) with the mean of the N gradients; the calls
   * in between only accumulate. Schedules see every call; `iterations` counts updates.
   */
  readonly gradientAccumulationSteps: number | null;

  private lr: LearningRate;
  /** Keras `_iterations`: every call to `apply`, accumulation micro-steps included. */
  private iters = 0;
  private built = false;
  private disposed = false;
  private tracked: Variable[] = [];
  private index = new Map<Variable, number>();
  /** Slots per tracked variable, in the kernel's order. */
  private slotsOf: Variable[][] = [];
  /** Every slot in Keras's `optimizer.variables` order. */
  private slotList: Variable[] = [];
  /** EMA of each tracked variable (`useEma`), and gradient accumulators (`gradientAccumulationSteps`). */
  private averages: Variable[] = [];
  private accumulators: Variable[] = [];
  /** Byte offsets of each tracked variable's slots (slot buffers never move). */
  private slotPtrs: number[][] = [];
  private decayOf: boolean[] = [];
  private seen = new Int32Array(0);
  /** Per step: tracked index and gradient pointer of each entry that has a gradient. */
  private entryVar = new Int32Array(0);
  private entryGrad = new Int32Array(0);
  private stamp = 0;
  private buffers: StepBuffers | null = null;
  private iterVar: Variable | null = null;
  private lrVar: Variable | null = null;
  private exclude: { vars: Set<Variable>; pattern: RegExp | null } | null = null;
  private warnedMissing = false;

  /** The rule code (`KIND` in kernel.ts). */
  protected abstract readonly kind: number;

  /**
   * @param className The Keras class name, for messages and configs.
   * @param opts The shared options plus the subclass's own.
   * @param defaultLearningRate This optimizer's Keras default.
   * @param ownKeys The subclass's own option keys (any other key is refused as a typo).
   */
  protected constructor(readonly className: string, opts: OptimizerOptions, defaultLearningRate: number, ownKeys: readonly string[]) {
    const who = className;
    checkOptions(who, opts, [...BASE_OPTION_KEYS, ...ownKeys]);
    this.name = opts.name ?? kerasSnakeCase(className);
    this.lr = checkLearningRate(who, opts.learningRate ?? defaultLearningRate);
    this.weightDecay = opts.weightDecay == null ? null : checkNonNegative(who, 'weightDecay', opts.weightDecay);
    const clip = (k: 'clipnorm' | 'clipvalue' | 'globalClipnorm') => {
      const v = opts[k];
      if (v == null) return null;
      if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) {
        throw new ValueError(`${who}: Argument \`${k}\` must be a float > 0. Received: ${k}=${fmt(v)}`);
      }
      return v;
    };
    this.clipnorm = clip('clipnorm');
    this.clipvalue = clip('clipvalue');
    this.globalClipnorm = clip('globalClipnorm');
    if ([this.clipnorm, this.clipvalue, this.globalClipnorm].filter((x) => x !== null).length > 1) {
      throw new ValueError(`${who}: Only one of \`clipnorm\`, \`clipvalue\` and \`globalClipnorm\` can be set. ` +
        `Received: clipnorm=${fmt(this.clipnorm)}, clipvalue=${fmt(this.clipvalue)}, globalClipnorm=${fmt(this.globalClipnorm)}`);
    }
    if (opts.lossScaleFactor != null) {
      throw new ValueError(`${who}: \`lossScaleFactor\` is not supported by kerasm (no mixed precision). ` +
        `Received: lossScaleFactor=${fmt(opts.lossScaleFactor)}`);
    }
    const useEma = opts.useEma ?? false;
    if (typeof useEma !== 'boolean') throw new ValueError(`${who}: Argument \`useEma\` must be a boolean. Received: useEma=${fmt(useEma)}`);
    this.useEma = useEma;
    this.emaMomentum = checkRange(who, 'emaMomentum', opts.emaMomentum ?? 0.99, 0, 1, true);
    const freq = opts.emaOverwriteFrequency ?? null;
    if (freq !== null && !(Number.isInteger(freq) && freq >= 1)) {
      throw new ValueError(`${who}: \`emaOverwriteFrequency\` must be an integer >= 1 or null. Received: emaOverwriteFrequency=${fmt(freq)}`);
    }
    this.emaOverwriteFrequency = freq;
    const acc = opts.gradientAccumulationSteps ?? null;
    if (acc !== null && !(Number.isInteger(acc) && acc >= 2)) {
      throw new ValueError(`${who}: \`gradientAccumulationSteps\` must be an integer >= 2. Received: gradientAccumulationSteps=${fmt(acc)}`);
    }
    this.gradientAccumulationSteps = acc;
  }

  // ---- what subclasses provide -------------------------------------------------------

  /**
   * Slot names per variable, grouped as Keras creates them: each group is one
   * `add_optimizer_variables` call (interleaved per variable). Flattened per variable,
   * this is the kernel's slot order.
   */
  protected abstract slotGroups(): string[][];

  /** Initial value of a slot (Adagrad's accumulator starts at 0.1). */
  protected slotInitialValue(_slot: string): number {
    return 0;
  }

  /** Writes the kind-specific hyper-parameters at `H.K…`; `t` is `iterations + 1`. */
  protected abstract writeHyper(h: Float32Array, t: number, lr: number): void;

  /** Optimizer-wide variables after the slots (Nadam's momentum product). */
  protected extraVariables(): Variable[] {
    return [];
  }

  /** Called once when the slots are built. */
  protected onBuild(): void {}

  /** Frees what `onBuild` created. */
  protected onDispose(): void {}

  /** Kind-specific entries of `getConfig()`. */
  protected abstract ownConfig(): OptimizerConfig;

  /**
   * tfjs's `getWeights()` layout after `iter`: one group per entry, each listing every
   * variable; or why this optimizer has none (tfjs lacks the class).
   */
  protected tfjsLayout(): TfjsSlot[] | string {
    return `tfjs has no ${this.className} optimizer, so its state has no tfjs layout; save in the .keras format to keep it`;
  }

  // ---- learning rate and step counter --------------------------------------------------

  /**
   * Updates applied so far (Keras `optimizer.iterations`). With gradient accumulation
   * this counts weight updates, i.e. calls ÷ `gradientAccumulationSteps`, rounded down.
   */
  get iterations(): number {
    const n = this.gradientAccumulationSteps;
    return n ? Math.floor(this.iters / n) : this.iters;
  }

  /**
   * The rate the next step will use, as a number (Keras `optimizer.learning_rate`: a
   * schedule is evaluated at `iterations`). Same as `currentLearningRate`.
   */
  get learningRate(): number {
    return this.currentLearningRate;
  }

  /**
   * Replaces the rate. A number can replace a number (e.g. ReduceLROnPlateau); a
   * schedule or function can replace anything; a number cannot replace a schedule.
   */
  set learningRate(v: LearningRate) {
    if (typeof v === 'number' && isSchedule(this.lr)) {
      throw new TypeError(`${this.className}: This optimizer was created with a \`LearningRateSchedule\` object as its ` +
        '`learningRate` constructor argument, hence its learning rate is not settable. If you need the learning rate ' +
        `to be settable, you should instantiate the optimizer with a float \`learningRate\` argument. Received: learningRate=${fmt(v)}`);
    }
    this.lr = checkLearningRate(this.className, v);
    if (typeof this.lr !== 'number' && this.lrVar) {
      // Keras untracks the variable: a schedule has no `learning_rate` state to save.
      this.lrVar.dispose();
      this.lrVar = null;
    }
    this.syncScalars();
  }

  /** The schedule driving the rate, or null when it is a number or a function. */
  get learningRateSchedule(): LearningRateSchedule | null {
    return isSchedule(this.lr) ? this.lr : null;
  }

  /** The rate the next step will use (the schedule at every call so far, as in Keras). */
  get currentLearningRate(): number {
    const lr = this.lr;
    if (typeof lr === 'number') return lr;
    if (isSchedule(lr)) return lr.call(this.iters);
    return lr();
  }

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

  // ---- state -----------------------------------------------------------------------------

  /**
   * The optimizer's variables in Keras order: `iteration`, `learning_rate` (when a
   * number), the EMA averages (`useEma`), the gradient accumulators
   * (`gradientAccumulationSteps`), every slot, then optimizer-wide extras (Nadam). For
   * saving; do not dispose them.
   */
  variables(): Variable[] {
    if (this.disposed) return [];
    this.ensureScalars();
    return [
      this.iterVar!, ...(this.lrVar ? [this.lrVar] : []), ...this.averages, ...this.accumulators, ...this.slotList,
      ...this.extraVariables(),
    ];
  }

  /**
   * Copies of `variables()`, each with Keras's name and path, shape, dtype and values:
   * what a .keras file stores under `optimizer/vars/<i>`.
   */
  getVariables(): OptimizerVariableData[] {
    this.checkLive();
    return this.variables().map((v) => ({
      name: v.name,
      path: `${this.name}/${v.name}`,
      shape: v.shape.slice(),
      dtype: v.dtype as 'float32' | 'int32',
      values: v.dtype === 'int32' ? v.buf.i32().slice() : v.buf.f32().slice(),
    }));
  }

  /**
   * Restores a state saved by `getVariables()` (or Keras's `optimizer.variables`), in that
   * order; `iteration` included, so training continues exactly where it stopped. Slots
   * exist only once built: call `build(model.trainableWeights)` first. Every value is
   * checked before any is assigned.
   */
  setVariables(values: readonly OptimizerVariableInput[]): void {
    this.checkLive();
    const who = `${this.className} '${this.name}'.setVariables`;
    const vars = this.variables();
    if (!Array.isArray(values) || values.length !== vars.length) {
      const hint = this.built ? '' : ' The optimizer is not built yet: call `optimizer.build(variables)` first so its slots exist.';
      throw new ValueError(`${who}: expected ${vars.length} values (${vars.map((v) => v.name).join(', ')}).${hint} ` +
        `Received: ${Array.isArray(values) ? `${values.length} values` : fmt(values)}`);
    }
    const read = vars.map((v, i) => readStateValue(who, v as StateTarget, values[i]!, i));
    vars.forEach((v, i) => (v.dtype === 'int32' ? v.buf.i32() : v.buf.f32()).set(read[i]!));
    this.iters = this.iterVar!.buf.i32()[0]!;
    if (this.lrVar && typeof this.lr === 'number') this.lr = this.lrVar.buf.f32()[0]!;
    this.afterSetWeights();
  }

  /** Keras `set_weights`: assigns `variables()` in order, including `iteration`. */
  setWeights(values: readonly Tensor[]): void {
    this.setVariables(values.map((t) => ({ shape: t.shape, dtype: t.dtype, values: t.dataSync() as Float32Array | Int32Array })));
  }

  /**
   * The state in tfjs's `optimizer.getWeights()` layout, as tfjs-layers writes it with
   * `includeOptimizer`: `iter` (int32), then per slot kind every variable's value named
   * `<variable name>/<suffix>` (Adam `m` then `v`). Throws for optimizers or options
   * tfjs does not have.
   */
  getWeightsTfjs(): OptimizerVariableData[] {
    this.checkLive();
    return tfjsWeights(this.tfjsView());
  }

  /** Restores `getWeightsTfjs()` values (or a tfjs-layers file's optimizer weights), by position. */
  setWeightsTfjs(values: readonly OptimizerVariableInput[]): void {
    this.checkLive();
    const view = this.tfjsView();
    this.iters = readTfjsWeights(`${this.className} '${this.name}'.setWeightsTfjs`, view, values, this.built);
    this.syncScalars();
    this.afterSetWeights();
  }

  private tfjsView() {
    const layout = this.tfjsLayout();
    if (typeof layout === 'string') throw new ValueError(`${this.className}: ${layout}.`);
    if (this.useEma || this.gradientAccumulationSteps) {
      throw new ValueError(`${this.className}: tfjs optimizers have no EMA or gradient accumulation state; save in the .keras format to keep it. ` +
        `Received: useEma=${this.useEma}, gradientAccumulationSteps=${fmt(this.gradientAccumulationSteps)}`);
    }
    const kernelOrder = this.slotGroups().flat();
    return {
      layout, iterations: this.iters, learningRate: this.currentLearningRate,
      vars: this.tracked.map((v, k) => ({ variable: v, slot: (name: string) => this.slotsOf[k]![kernelOrder.indexOf(name)] ?? null })),
    };
  }

  /** Re-reads scalar state that `setVariables` may have changed (Nadam). */
  protected afterSetWeights(): void {}

  private ensureScalars(): void {
    if (!this.iterVar) {
      const it = fill([], this.iters, 'int32');
      this.iterVar = new Variable(it, { name: 'iteration', trainable: false });
      it.dispose();
    }
    if (!this.lrVar && typeof this.lr === 'number') {
      const lr = fill([], this.lr);
      this.lrVar = new Variable(lr, { name: 'learning_rate', trainable: false });
      lr.dispose();
    }
  }

  private syncScalars(): void {
    if (!this.iterVar) return;
    if (typeof this.lr === 'number') this.ensureScalars();
    // One heap view for both scalars (the rate goes in as its f32 bits), over the range they
    // need: on shared memory that spares asking the memory for its buffer every step.
    const it = this.iterVar.buf.ptr, lr = typeof this.lr === 'number' ? this.lrVar!.buf.ptr : -1;
    const i32 = this.iterVar.buf.heap.i32Upto(Math.max(it, lr) + 4);
    i32[it >>> 2] = this.iters;
    if (lr >= 0) {
      F32_BITS[0] = this.lr as number;
      i32[lr >>> 2] = I32_BITS[0]!;
    }
  }

  private checkLive(): void {
    if (this.disposed) throw new DisposedError(`${this.className} '${this.name}' has been disposed.`);
  }

  /** Frees the slots, scalars and step buffers. The optimizer cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const s of [...this.slotList, ...this.averages, ...this.accumulators]) s.dispose();
    this.onDispose();
    this.iterVar?.dispose();
    this.lrVar?.dispose();
    this.buffers?.dispose();
    this.slotList = [];
    this.slotsOf = [];
    this.averages = [];
    this.accumulators = [];
    this.iterVar = null;
    this.lrVar = null;
    this.buffers = null;
  }

  // ---- config ---------------------------------------------------------------------------

  /** Keras `get_config()`: snake_case keys, serialisable to a .keras file. */
  getConfig(): OptimizerConfig {
    const lr = this.lr;
    let learningRate: unknown;
    if (typeof lr === 'number') learningRate = lr;
    else if (isSchedule(lr)) learningRate = serializeSchedule(lr);
    else learningRate = this.currentLearningRate;
    return {
      name: this.name,
      learning_rate: learningRate,
      weight_decay: this.weightDecay,
      clipnorm: this.clipnorm,
      global_clipnorm: this.globalClipnorm,
      clipvalue: this.clipvalue,
      use_ema: this.useEma,
      ema_momentum: this.emaMomentum,
      ema_overwrite_frequency: this.emaOverwriteFrequency,
      loss_scale_factor: null,
      gradient_accumulation_steps: this.gradientAccumulationSteps,
      ...this.ownConfig(),
    };
  }
}
