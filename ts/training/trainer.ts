// compile / fit / evaluate / predict for every Model (Keras `Trainer`).
//
// fit/evaluate/predict call the model's `trainStep`/`testStep`/`predictStep` once per batch,
// so Model subclasses can override them as in Keras. The default steps (train_step.ts) are the fast path:
// record the forward pass and the loss on a tape, differentiate with respect to the
// trainable variables, apply one fused optimizer kernel, apply constraints, update metrics;
// every intermediate is freed before the next step. When the output layer ends in softmax
// and the loss is a cross-entropy on probabilities, the step asks the model for logits and
// uses the fused, stable softmax-cross-entropy (as Keras-TF does).
//
// The Trainer is built in layers, one concept per file: trainer_base.ts (compile, run guards),
// train_step.ts (loss and default steps), batch_inputs.ts (argument checks), fit_loop.ts
// (fit), evaluate_predict.ts (evaluate, predict, *OnBatch). Model uses this class.

import { EvaluatePredict } from './evaluate_predict.js';

export type {
  DataArg, StepTensors, StepData, StepLogs, CompileArgs, FitArgs, EvaluateArgs, PredictArgs,
} from './args.js';
export type { DataSource } from './batches.js';

export class Trainer extends EvaluatePredict {}
