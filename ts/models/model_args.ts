// The option and output types of Model (model.ts).

import type { Tensor } from '../tensor/tensor.js';
import type { LayerArgs } from '../layers/layer.js';
import type { SymbolicTensor } from '../layers/symbolic.js';
import type { StepTensors } from '../training/trainer.js';

/** Inputs or outputs of a functional model: one symbolic tensor, a list, or a dict keyed by name. */
export type Structure = SymbolicTensor | SymbolicTensor[] | Record<string, SymbolicTensor>;

/**
 * What `predict` returns for a model whose outputs are structured like `S`: one output →
 * a Tensor, a list (even of one) → Tensor[], a dict → a record with the same keys. Subclassed
 * models (no `outputs`) keep the default `S` and get the union.
 */
export type PredictOutput<S extends Structure = Structure> =
  S extends SymbolicTensor ? Tensor
  : S extends readonly SymbolicTensor[] ? Tensor[]
  : { [K in keyof S]: Tensor };

/**
 * What `predictOnBatch` returns: one output → a Tensor, a list → Tensor[] (a list of one → its
 * Tensor, as Keras), a dict → a record with the same keys.
 */
export type PredictOnBatchOutput<S extends Structure = Structure> =
  S extends SymbolicTensor ? Tensor
  : S extends readonly SymbolicTensor[] ? Tensor | Tensor[]
  : { [K in keyof S]: Tensor };

export interface ModelArgs<S extends Structure = Structure> extends LayerArgs {
  /** One input, a list, or a dict keyed by name (then fit/predict take dicts too). */
  inputs?: Structure;
  /** The functional model's outputs: one symbolic tensor, a list, or a dict keyed by name (then predict returns a dict). */
  outputs?: S;
}

/** Arguments of `Model.computeLoss` (Keras `compute_loss`). */
export interface ComputeLossArgs {
  /** The batch's inputs (undefined when the step has none to pass). */
  x?: StepTensors;
  /** The batch's targets, shaped like the model's outputs. */
  y: StepTensors;
  /** The model's predictions for the batch. */
  yPred: StepTensors;
  /** Per-sample weights of the loss, one per row, if any. */
  sampleWeight?: Tensor;
}
