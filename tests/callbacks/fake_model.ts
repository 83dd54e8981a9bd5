// A ModelLike without tensors, for driving callbacks with synthetic logs.

import type { Callback, Logs, ModelLike } from '../../ts/callbacks/index.js';

export class FakeOptimizer {
  private lr: number;
  sets: number[] = [];
  constructor(lr = 0.001) {
    this.lr = Math.fround(lr);
  }
  get learningRate(): number {
    return this.lr;
  }
  set learningRate(v: number) {
    this.sets.push(v);
    // The real optimizers keep the rate in a float32 variable.
    this.lr = Math.fround(v);
  }
}

export class FakeModel implements ModelLike {
  name = 'fake';
  stopTraining = false;
  optimizer: FakeOptimizer | undefined = new FakeOptimizer();
  weights: Float32Array[] = [new Float32Array([0, 0])];
  metrics?: { name: string; direction: 'up' | 'down' | null }[];
  getWeights(): Float32Array[] {
    return this.weights.map((w) => w.slice());
  }
  setWeights(ws: readonly (Float32Array | Int32Array)[]): void {
    this.weights = ws.map((w) => Float32Array.from(w));
  }
}

/**
 * The trainer's epoch loop without training: before epoch e the weights become [e, -e], then
 * onEpochEnd sees `epochLogs[e]`. Returns the number of epochs run.
 */
export async function runEpochs(cb: Callback, model: FakeModel, epochLogs: Logs[]): Promise<number> {
  cb.setModel(model);
  model.stopTraining = false;
  await cb.onTrainBegin({});
  let ran = 0;
  for (let e = 0; e < epochLogs.length && !model.stopTraining; e++) {
    await cb.onEpochBegin(e, {});
    model.weights = [new Float32Array([e, -e])];
    await cb.onEpochEnd(e, { ...epochLogs[e]! });
    ran++;
  }
  await cb.onTrainEnd({});
  return ran;
}

export const seq = (key: string, values: number[]): Logs[] => values.map((v) => ({ [key]: v }));
