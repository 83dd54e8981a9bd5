// The optimizer base class (Keras `optimizers/base_optimizer.py`): options shared by every
// optimizer, lazily built slot variables, and one fused WASM call per training step.

import { backend } from '../../bindings/index.js';
import { DisposedError, ValueError, fmt } from '../errors.js';
import { Variable } from '../autograd/variable.js';
import { fill } from '../tensor/creation.js';
import { shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { StepBuffers, writeShared } from './kernel.js';
import { checkLearningRate, checkNonNegative, kerasSnakeCase, type LearningRate, type OptimizerConfig, type OptimizerOptions } from './options.js';
import { LearningRateSchedule, isSchedule } from './schedules/learning_rate_schedule.js';
import { serialize as serializeSchedule } from './schedules/index.js';

export {
  baseOptionsFromConfig, checkNonNegative, checkRange, f32, kerasSnakeCase, powf,
  type LearningRate, type OptimizerConfig, type OptimizerOptions,
} from './options.js';

/**
 * The base of every optimizer: Keras `Optimizer` with camelCase names.
 *
 * A step (`applyGradients`) clips the gradients (`clipnorm`, `clipvalue` or
 * `globalClipnorm`), applies decoupled weight decay (`var -= var·wd·lr`), then the
 * optimizer's update rule, for every variable in one WebAssembly call. Slot variables
 * (momentum, velocity, …) are created on the first call and live in WASM memory until
 * `dispose()`. The step counter is `iterations`; schedules are evaluated at it.
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
  readonly name: string;
  readonly weightDecay: number | null;
  readonly clipnorm: number | null;
  readonly clipvalue: number | null;
  readonly globalClipnorm: number | null;
  /** Keras options kerasm does not implement yet; kept for config round trips. */
  readonly useEma = false;
  readonly emaMomentum = 0.99;

  private lr: LearningRate;
  private iters = 0;
  private built = false;
  private disposed = false;
  private tracked: Variable[] = [];
  private index = new Map<Variable, number>();
  /** Slots per tracked variable, in the kernel's order. */
  private slotsOf: Variable[][] = [];
  /** Every slot in Keras's `optimizer.variables` order. */
  private slotList: Variable[] = [];
  /** Byte offsets of each tracked variable's slots (slot buffers never move). */
  private slotPtrs: number[][] = [];
  private decayOf: boolean[] = [];
  private seen = new Int32Array(0);
  private stamp = 0;
  private buffers: StepBuffers | null = null;
  private scalars: { iteration: Variable; learningRate: Variable | null } | null = null;
  private exclude: { vars: Set<Variable>; pattern: RegExp | null } | null = null;
  private warnedMissing = false;

  /** The rule code (`KIND` in kernel.ts). */
  protected abstract readonly kind: number;

  /**
   * @param className The Keras class name, for messages and configs.
   * @param opts The shared options.
   * @param defaultLearningRate This optimizer's Keras default.
   */
  protected constructor(readonly className: string, opts: OptimizerOptions, defaultLearningRate: number) {
    const who = className;
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

  // ---- learning rate and step counter --------------------------------------------------

  /** Updates applied so far (Keras `optimizer.iterations`). */
  get iterations(): number {
    return this.iters;
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
    this.syncScalars();
  }

  /** The schedule driving the rate, or null when it is a number or a function. */
  get learningRateSchedule(): LearningRateSchedule | null {
    return isSchedule(this.lr) ? this.lr : null;
  }

  /** The rate the next step will use (the schedule at `iterations`). */
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
    const names = opts.varNames ?? [];
    const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    this.exclude = {
      vars: new Set(opts.varList ?? []),
      pattern: names.length ? new RegExp(names.map(esc).join('|')) : null,
    };
  }

  /** Creates the slot variables for `variables` (normally done by the first step). */
  build(variables: readonly Variable[]): void {
    this.checkLive();
    if (this.built) return;
    variables.forEach((v, i) => this.checkVariable(v, i));
    const vars = variables.slice();
    vars.forEach((v, i) => {
      if (this.index.has(v)) throw new ValueError(`${this.className}: variable '${v.name}' is listed twice. Received: variables[${i}]`);
      this.index.set(v, i);
    });
    this.tracked = vars;
    this.slotsOf = vars.map(() => []);
    this.slotList = [];
    for (const group of this.slotGroups()) {
      vars.forEach((v, i) => {
        for (const slot of group) {
          const init = fill(v.shape, this.slotInitialValue(slot));
          const s = new Variable(init, { name: `${v.name.replace(/[/:]/g, '_')}_${slot}`, trainable: false });
          init.dispose();
          this.slotsOf[i]!.push(s);
          this.slotList.push(s);
        }
      });
    }
    this.slotPtrs = this.slotsOf.map((ss) => ss.map((s) => s.buf.ptr));
    this.decayOf = vars.map((v) => this.usesWeightDecay(v));
    this.seen = new Int32Array(vars.length);
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
   * Returns the new `iterations`.
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
    const buf = this.buffers!;
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
      buf.set(count++, v.buf.ptr, g.buf.ptr, this.slotPtrs[k]!, v.size, this.decayOf[k]!);
    }
    if (count === 0) throw new ValueError(`${this.className}: No gradients provided for any variable.`);
    if (count < vars.length && !this.warnedMissing) {
      this.warnedMissing = true;
      const missing = vars.filter((_, i) => grads[i] == null).map((v) => v.name);
      console.warn(`${this.className}: Gradients do not exist for variables ${fmt(missing)} when minimizing the loss.`);
    }
    const lr = this.currentLearningRate;
    const t = this.iters + 1;
    this.beforeStep(t);
    const h = buf.hyperView();
    writeShared(h, lr, this.weightDecay, this);
    this.writeHyper(h, t, lr);
    buf.run(this.kind, count, `${this.className} step`);
    this.iters = t;
    this.syncScalars();
  }

  /** Per-step scalar state, updated before the hyper-parameters are written (Nadam). */
  protected beforeStep(_t: number): void {}

  // ---- state -----------------------------------------------------------------------------

  /**
   * The optimizer's variables in Keras order: `iteration`, `learning_rate` (when
   * constant), every slot, then optimizer-wide extras. For saving; do not dispose them.
   */
  variables(): Variable[] {
    if (this.disposed) return [];
    const s = this.ensureScalars();
    return [s.iteration, ...(s.learningRate ? [s.learningRate] : []), ...this.slotList, ...this.extraVariables()];
  }

  /** Keras `set_weights`: assigns `variables()` in order, including `iteration`. */
  setWeights(values: readonly Tensor[]): void {
    const vars = this.variables();
    if (values.length !== vars.length) {
      throw new ValueError(`${this.className}.setWeights: expected ${vars.length} values (call it after the optimizer is built). ` +
        `Received: ${values.length} values`);
    }
    vars.forEach((v, i) => v.assign(values[i]!));
    const s = this.scalars!;
    this.iters = s.iteration.buf.i32()[0]!;
    if (s.learningRate && typeof this.lr === 'number') this.lr = s.learningRate.buf.f32()[0]!;
    this.afterSetWeights();
  }

  /** Re-reads scalar state that `setWeights` may have changed (Nadam). */
  protected afterSetWeights(): void {}

  private ensureScalars(): NonNullable<Optimizer['scalars']> {
    if (!this.scalars) {
      const it = fill([], 0, 'int32');
      const iteration = new Variable(it, { name: 'iteration', trainable: false });
      it.dispose();
      let learningRate: Variable | null = null;
      if (typeof this.lr === 'number') {
        const lr = fill([], this.lr);
        learningRate = new Variable(lr, { name: 'learning_rate', trainable: false });
        lr.dispose();
      }
      this.scalars = { iteration, learningRate };
    }
    return this.scalars;
  }

  private syncScalars(): void {
    const s = this.scalars;
    if (!s) return;
    s.iteration.buf.i32()[0] = this.iters;
    if (s.learningRate && typeof this.lr === 'number') s.learningRate.buf.f32()[0] = this.lr;
  }

  private checkLive(): void {
    if (this.disposed) throw new DisposedError(`${this.className} '${this.name}' has been disposed.`);
  }

  /** Frees the slots, scalars and step buffers. The optimizer cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const s of this.slotList) s.dispose();
    this.onDispose();
    this.scalars?.iteration.dispose();
    this.scalars?.learningRate?.dispose();
    this.buffers?.dispose();
    this.slotList = [];
    this.slotsOf = [];
    this.scalars = null;
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
      ema_overwrite_frequency: null,
      loss_scale_factor: null,
      gradient_accumulation_steps: null,
      ...this.ownConfig(),
    };
  }
}
