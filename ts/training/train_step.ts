// The default train and test steps (Keras `train_step`/`test_step`): the loss with its
// softmax-cross-entropy fusion, forward and backward on a tape, optimizer and constraints,
// metrics, and what a compiled step (plan/) borrows from them.

import { ValueError, fmt } from '../errors.js';
import { Tape } from '../tensor/engine.js';
import { recordOn, backward } from '../autograd/backprop.js';
import { noGrad, tidy } from '../autograd/gradients.js';
import { Tensor } from '../tensor/tensor.js';
import type { Variable } from '../autograd/variable.js';
import { add } from '../ops/binary.js';
import { mulScalar } from '../ops/unary.js';
import * as losses from '../losses/index.js';
import { takeCallLosses } from '../layers/layer.js';
import { numRows } from './data.js';
import { updateCompiledMetrics } from './compile_outputs.js';
import type { ForwardBackward, StepHost } from './plan/compiled_step.js';
import { labelCheckOf } from './plan/options.js';
import { backend } from '../../bindings/index.js';
import type { StepLogs, StepTensors } from './args.js';
import { TrainerBase } from './trainer_base.js';

export class TrainerSteps extends TrainerBase {

  /** Whether the output layer is a softmax that a cross-entropy loss can absorb. */
  protected configureLogitsFusion(): void {
    if (this.outputs.length !== 1) return;
    const out = this.outputs[0]!;
    // The layer that produces the model's output; subclassed models have no graph to ask.
    const last = this.model.isFunctional ? this.model.outputs[0]!.node?.layer : undefined;
    const act = (last as { activation?: { activationName?: string } } | undefined)?.activation;
    out.logitsLoss = act?.activationName === 'softmax' ? losses.withLogits(out.loss) : null;
  }

  private get fused(): boolean {
    return this.outputs.length === 1 && this.outputs[0]!.logitsLoss !== null;
  }

  protected forward(xs: Tensor[], training: boolean, logits: boolean): Tensor[] {
    return this.model.applyList(xs, { training, logits });
  }

  /** Σ weighted output losses + weight regularisers + added/activity losses. */
  totalLoss(ys: Tensor[], preds: Tensor[], sw: Tensor | undefined, logits: boolean, track = false): Tensor {
    let total: Tensor | undefined;
    if (this.outputs.length > 0 && ys.length !== this.outputs.length) {
      throw new ValueError(`computeLoss: model '${this.model.name}' has ${this.outputs.length} output(s). Received: ${ys.length} target array(s)`);
    }
    // Plain loops: this runs every step, and closures cost a defineProperty each in the package build.
    for (let i = 0; i < this.outputs.length; i++) {
      const o = this.outputs[i]!;
      const lossFn = logits && o.logitsLoss ? o.logitsLoss : o.loss;
      const l = lossFn.apply(ys[i]!, preds[i]!, sw);
      if (track && o.tracker) {
        const v = l.dataSync()[0]!;
        const n = preds[i]!.shape[0] ?? 1;
        o.tracker.total += v * n;
        o.tracker.count += n;
      }
      const t = o.weight === 1 ? l : mulScalar(l, o.weight);
      total = total ? add(total, t) : t;
    }
    for (const w of this.cached.entries) {
      if (w.regularizer && w.variable.trainable) {
        const t = w.regularizer.call(w.variable);
        total = total ? add(total, t) : t;
      }
    }
    for (const a of takeCallLosses()) total = total ? add(total, a) : a;
    if (!total) {
      throw new ValueError(`computeLoss: model '${this.model.name}' has no loss: compile() was called without \`loss\` and the model added none.`);
    }
    return total;
  }

  /** Updates the compiled metrics (not the loss tracker) on one batch. */
  updateMetrics(ys: Tensor[], preds: Tensor[], sw: Tensor | undefined, logits = false): void {
    updateCompiledMetrics(this.outputs, ys, preds, sw, logits);
  }

  private trackLoss(v: number, n: number): void {
    this.lossTracker.total += v * n;
    this.lossTracker.count += n;
  }

  /** The default `Model.trainStep`: one optimisation step; returns the running metric values. */
  defaultTrainStep(xs: Tensor[], ys: Tensor[], sw: Tensor | undefined): Record<string, number> {
    this.requireLoss('fit');
    const fb = this.forwardBackward(xs, ys, sw);
    try {
      return this.finishStep(xs, ys, sw, fb);
    } finally {
      fb.loss.dispose();
      fb.preds.forEach((p) => p.dispose());
      fb.grads.forEach((g) => g.dispose());
    }
  }

  /** The first half of a step: forward and loss on a tape, then the gradients (a compiled step records this). */
  private forwardBackward(xs: Tensor[], ys: Tensor[], sw: Tensor | undefined): ForwardBackward {
    const vars = this.cached.vars;
    const tape = new Tape();
    for (const v of vars) tape.tracked.add(v.id);
    const logits = this.fused;
    const [loss, preds] = recordOn(tape, () => {
      const p = this.forward(xs, true, logits);
      return [this.totalLoss(ys, p, sw, logits, true), p] as const;
    });
    try {
      return { loss, preds, grads: backward(tape, loss, vars) };
    } catch (e) {
      loss.dispose();
      preds.forEach((p) => p.dispose());
      throw e;
    }
  }

  /** The second half: optimizer, constraints, metrics, loss tracker (a compiled step runs it as is). */
  private finishStep(xs: Tensor[], ys: Tensor[], sw: Tensor | undefined, fb: ForwardBackward): Record<string, number> {
    const vars = this.cached.vars;
    this.optimizer!.applyGradients(fb.grads.map((g, i) => [g, vars[i]!] as [Tensor, Variable]));
    this.applyConstraints();
    this.updateMetrics(ys, fb.preds, sw, this.fused);
    // One float read from the heap (dataSync copies through an iterator).
    const lb = fb.loss.buf;
    this.trackLoss(lb.heap.f32Upto(lb.ptr + 4)[lb.ptr >>> 2]!, numRows(xs));
    return this.metricValues();
  }

  /** What a compiled step borrows from this trainer. */
  protected stepHost(): StepHost {
    const out = this.outputs[0]?.logitsLoss ?? this.outputs[0]?.loss;
    return {
      backend: backend(), generation: this.compileCount, currentGeneration: () => this.compileCount,
      // Read once per run, like the trainable variables (model.weights walks every layer's fields).
      variables: () => this.cachedWeights,
      forwardBackward: (xs, ys) => this.forwardBackward(xs, ys, undefined),
      finishStep: (xs, ys, fb) => this.finishStep(xs, ys, undefined, fb),
      labelCheck: labelCheckOf(out),
    };
  }

  private applyConstraints(): void {
    for (const w of this.cached.entries) {
      if (!w.constraint) continue;
      const c = w.constraint.call(w.variable);
      w.variable.assign(c);
      c.dispose();
    }
  }

  /** The default `Model.testStep`. */
  defaultTestStep(xs: Tensor[], ys: Tensor[], sw: Tensor | undefined): Record<string, number> {
    this.requireLoss('evaluate');
    noGrad(() => tidy(() => {
      const logits = this.fused;
      const preds = this.forward(xs, false, logits);
      const loss = this.totalLoss(ys, preds, sw, logits, true);
      this.updateMetrics(ys, preds, sw, logits);
      this.trackLoss(loss.dataSync()[0]!, numRows(xs));
    }));
    return this.metricValues();
  }

  /** Current value of every metric in `model.metrics`, by name. */
  metricValues(): Record<string, number> {
    const out: Record<string, number> = {};
    const list = this.cacheDepth === 0 ? this.model.metrics : (this.cached.metrics ??= this.model.metrics);
    for (const m of list) out[m.name] = m.result();
    return out;
  }

  /** Resets every metric at the start of an epoch or evaluation, and reads the list afresh. */
  protected resetMetrics(): void {
    if (this.runCache) this.runCache.metrics = undefined;
    this.model.resetMetrics();
  }

  /** Runs a step hook in a scope and turns its logs into numbers. */
  protected runStep(what: string, step: () => StepLogs): Record<string, number> {
    return tidy(() => {
      const logs = step();
      if (logs === null || typeof logs !== 'object' || Array.isArray(logs) || logs instanceof Tensor) {
        throw new ValueError(`${what} must return an object of metric values. Received: ${fmt(logs)}`);
      }
      const out: Record<string, number> = {};
      for (const [k, v] of Object.entries(logs)) out[k] = v instanceof Tensor ? v.dataSync()[0]! : Number(v);
      return out;
    });
  }

  /** No targets reach a step as `y = undefined`, as Keras passes None. */
  protected packTargets(ys: Tensor[]): StepTensors | undefined {
    return ys.length === 0 ? undefined : this.pack(ys, 'output');
  }

  /** Shapes batch tensors like the model's inputs/outputs for step hooks. */
  protected pack(ts: Tensor[], kind: 'input' | 'output'): StepTensors {
    return this.model.packStructure(ts, kind);
  }
}
