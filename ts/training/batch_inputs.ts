// Turning fit/evaluate/predict arguments into checked tensors: array arguments, sample
// weights, data-set elements (with class weights), shapes against the model's inputs, and the
// warm check that builds the model and tries the loss before any training.

import { ValueError, fmt } from '../errors.js';
import { noGrad, tidy } from '../autograd/gradients.js';
import type { Tensor } from '../tensor/tensor.js';
import { fromData } from '../tensor/creation.js';
import { takeCallLosses } from '../layers/layer.js';
import { checkFinite, classWeightsFor, numRows, rows, toTensors, type Inputs } from './data.js';
import type { Batch, RawBatch } from './batches.js';
import { checkNonEmpty, checkSampleWeight, checkSampleWeightValues } from './checks.js';
import type { DataArg } from './args.js';
import { TrainerSteps } from './train_step.js';

export class TrainerInputs extends TrainerSteps {

  protected validate(xs: Tensor[], ys: Tensor[], what: string): void {
    if (xs.length !== Math.max(1, this.model.inputs.length) && this.model.isFunctional) {
      throw new ValueError(`${what}: model '${this.model.name}' expects ${this.model.inputs.length} input array(s). Received: ${xs.length}`);
    }
    if (this.outputs.length > 0 && ys.length !== this.outputs.length) {
      throw new ValueError(`${what}: model '${this.model.name}' has ${this.outputs.length} output(s). Received: ${ys.length} target array(s)`);
    }
    const n = numRows(xs);
    checkNonEmpty(what, n);
    if (ys.length > 0 && numRows(ys) !== n) {
      throw new ValueError(`${what}: x and y must have the same number of samples. Received: x has ${n} samples, y has ${numRows(ys)}`);
    }
    checkFinite(xs, `${what}: x`);
    checkFinite(ys, `${what}: y`);
    this.checkInputShapes(xs, what);
  }

  protected checkInputShapes(xs: Tensor[], what: string): void {
    if (!this.model.isFunctional) return;
    this.model.inputs.forEach((s, i) => {
      const t = xs[i]!;
      if (s.shape.length !== t.rank || s.shape.some((d, j) => j > 0 && d !== null && d !== t.shape[j])) {
        throw new ValueError(`${what}: input ${i} of model '${this.model.name}' expects shape (None, ${s.shape.slice(1).join(', ')}). Received: shape=${fmt(t.shape)}`);
      }
    });
  }

  /** Builds the model, validates the loss on one small batch, before any training. */
  protected warmCheck(xs: Tensor[], ys: Tensor[]): void {
    noGrad(() => tidy(() => {
      const b = Math.min(2, numRows(xs));
      const xb = rows(xs, 0, b);
      const yb = rows(ys, 0, b);
      const preds = this.forward(xb, false, false);
      if (this.outputs.length > 0) this.totalLoss(yb, preds, undefined, false);
      else takeCallLosses();
    }));
    // Labels out of range for the whole data set are caught by the loss's own checks per batch.
  }

  protected sampleWeights(what: string, raw: unknown, n: number, owned: Tensor[]): Tensor | undefined {
    if (raw === undefined) return undefined;
    checkSampleWeightValues(what, raw);
    const T = toTensors(raw as Inputs, `${what}: sampleWeight`);
    owned.push(...T.owned);
    checkSampleWeight(what, T.list[0]!, n);
    return T.list[0];
  }

  protected toList(x: DataArg, kind: 'input' | 'output', what: string, owned: Tensor[]): Tensor[] {
    const T = toTensors(this.model.flattenStructure(x, kind, what) as Inputs, what);
    owned.push(...T.owned);
    return T.list;
  }

  /**
   * Turns one element of a data set into a batch: structure as for arrays, the same checks as
   * for arrays, sample weights from `classWeight`. Frees what it created when a check fails.
   */
  protected converter(kind: 'fit' | 'evaluate' | 'predict', classWeight: Record<number, number> | undefined) {
    return (raw: RawBatch, owns: (t: Tensor) => boolean, label: string): Batch => {
      const owned: Tensor[] = [];
      const adopt = (x: unknown, side: 'input' | 'output'): Tensor[] => {
        const T = toTensors(this.model.flattenStructure(x as DataArg, side, label) as Inputs, label);
        owned.push(...T.owned);
        for (const t of T.list) if (!T.owned.includes(t) && owns(t)) owned.push(t);
        return T.list;
      };
      try {
        if (raw.x === undefined || raw.x === null) throw new ValueError(`${label}: the element has no x. Received: ${fmt(raw.x)}`);
        const xs = adopt(raw.x, 'input');
        if (kind === 'predict') {
          checkNonEmpty(label, numRows(xs));
          this.checkInputShapes(xs, label);
          return { xs, ys: [], sw: undefined, owned };
        }
        const ys = raw.y === undefined || raw.y === null ? [] : adopt(raw.y, 'output');
        this.validate(xs, ys, label);
        let sw: Tensor | undefined;
        if (raw.sw !== undefined && raw.sw !== null) {
          if (classWeight) throw new ValueError(`${label}: pass either classWeight or sample weights in the data set, not both.`);
          checkSampleWeightValues(label, raw.sw);
          [sw] = adopt(raw.sw, 'input').slice(0, 1);
          checkSampleWeight(label, sw!, numRows(xs));
        } else if (classWeight && ys.length > 0) {
          sw = fromData('classWeight', classWeightsFor(ys[0]!, classWeight), [numRows(ys)], 'float32');
          owned.push(sw);
        }
        return { xs, ys, sw, owned };
      } catch (e) {
        owned.forEach((t) => t.dispose());
        throw e;
      }
    };
  }
}
