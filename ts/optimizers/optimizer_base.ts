// The optimizer base class, part 1 of 3 (Keras `optimizers/base_optimizer.py`): the options
// every optimizer shares, what subclasses provide, the learning rate and step counter, the
// `iteration`/`learning_rate` scalars and the config. optimizer_step.ts builds the slots and
// runs the steps; optimizer.ts (`Optimizer`) adds the saved state.

import { DisposedError, ValueError, fmt } from '../errors.js';
import { Variable } from '../autograd/variable.js';
import { fill } from '../tensor/creation.js';
import { checkOptions } from '../utils/options.js';
import type { StepBuffers } from './kernel.js';
import {
  BASE_OPTION_KEYS, checkLearningRate, checkNonNegative, checkRange, kerasSnakeCase,
  type LearningRate, type OptimizerConfig, type OptimizerOptions,
} from './options.js';
import { LearningRateSchedule, isSchedule } from './schedules/learning_rate_schedule.js';
import { serialize as serializeSchedule } from './schedules/index.js';
import type { TfjsSlot } from './tfjs_layout.js';

/** The f32 bits of a number, as an int32 (syncScalars writes them through one view). */
const F32_BITS = new Float32Array(1);
const I32_BITS = new Int32Array(F32_BITS.buffer);

/**
 * Options, learning rate, step counter and config of an optimizer: the first layer of
 * `Optimizer` (extend `Optimizer`, not this). Its state is protected so that the step and
 * saving layers (optimizer_step.ts, optimizer.ts) can share it.
 */
export abstract class OptimizerBase {
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

  /** @internal */
  protected lr: LearningRate;
  /**
   * Keras `_iterations`: every call to `apply`, accumulation micro-steps included.
   * @internal
   */
  protected iters = 0;
  /** @internal */
  protected built = false;
  /** @internal */
  protected disposed = false;
  /** @internal */
  protected tracked: Variable[] = [];
  /** @internal */
  protected index = new Map<Variable, number>();
  /**
   * Slots per tracked variable, in the kernel's order.
   * @internal
   */
  protected slotsOf: Variable[][] = [];
  /**
   * Every slot in Keras's `optimizer.variables` order.
   * @internal
   */
  protected slotList: Variable[] = [];
  /**
   * EMA of each tracked variable (`useEma`), and gradient accumulators (`gradientAccumulationSteps`).
   * @internal
   */
  protected averages: Variable[] = [];
  /** @internal */
  protected accumulators: Variable[] = [];
  /**
   * Byte offsets of each tracked variable's slots (slot buffers never move).
   * @internal
   */
  protected slotPtrs: number[][] = [];
  /** @internal */
  protected decayOf: boolean[] = [];
  /** @internal */
  protected seen = new Int32Array(0);
  /**
   * Per step: tracked index and gradient pointer of each entry that has a gradient.
   * @internal
   */
  protected entryVar = new Int32Array(0);
  /** @internal */
  protected entryGrad = new Int32Array(0);
  /** @internal */
  protected stamp = 0;
  /** @internal */
  protected buffers: StepBuffers | null = null;
  /** @internal */
  protected iterVar: Variable | null = null;
  /** @internal */
  protected lrVar: Variable | null = null;
  /** @internal */
  protected exclude: { vars: Set<Variable>; pattern: RegExp | null } | null = null;
  /** @internal */
  protected warnedMissing = false;

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

  /** @internal */
  protected ensureScalars(): void {
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

  /** @internal */
  protected syncScalars(): void {
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

  /** @internal */
  protected checkLive(): void {
    if (this.disposed) throw new DisposedError(`${this.className} '${this.name}' has been disposed.`);
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
