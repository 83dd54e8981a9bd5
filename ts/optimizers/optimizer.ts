// The optimizer base class (Keras `optimizers/base_optimizer.py`): options shared by every
// optimizer, lazily built slot variables, one fused WASM call per training step, and the
// state (`iteration`, `learning_rate`, EMA, accumulators, slots) in Keras's order for saving.
// The class is built in three layers, one concept per file: optimizer_base.ts (options,
// learning rate, config), optimizer_step.ts (slots and the step), and here the saved state.

import { ValueError, fmt } from '../errors.js';
import type { Variable } from '../autograd/variable.js';
import type { Tensor } from '../tensor/tensor.js';
import { readStateValue, type OptimizerVariableData, type OptimizerVariableInput, type StateTarget } from './state.js';
import { readTfjsWeights, tfjsWeights } from './tfjs_layout.js';
import { OptimizerStep } from './optimizer_step.js';

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
export abstract class Optimizer extends OptimizerStep {
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
}
