// Keras callbacks: hooks into fit/evaluate/predict (Keras `keras/src/callbacks/`).

export { Callback } from './callback.js';
import type * as C from './callback.js';
import type * as M from './model_like.js';
// Local aliases rather than type re-exports: the bundled .d.ts shares callback.ts and
// model_like.ts with kerasm/vis and kerasm/compare, and rollup-plugin-dts turns type-only names
// re-exported from a shared chunk into values inside the `callbacks` namespace (tests/types).
/** Training parameters passed to every callback (Keras `callback.params`). */
export type CallbackParams = C.CallbackParams;
/** What a callback hook returns: nothing, or a promise the caller awaits. */
export type HookResult = C.HookResult;
/** Metric values of a batch or an epoch: `{ loss, accuracy, val_loss, … }`. */
export type Logs = C.Logs;
/** What a callback needs of the model it is attached to (a `Model` satisfies it). */
export type ModelLike = M.ModelLike;
/** What callbacks need of an optimizer: its learning rate, read and set. */
export type OptimizerLike = M.OptimizerLike;
export { CallbackList, type CallbackListOptions, type CallbackLike } from './callback_list.js';
export { History } from './history.js';
export { ProgbarLogger, type ProgbarLoggerArgs } from './progbar_logger.js';
export { Progbar, type ProgbarOptions } from './progbar.js';
export { MonitorCallback, type MonitorMode } from './monitor_callback.js';
export { EarlyStopping, type EarlyStoppingArgs } from './early_stopping.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauArgs } from './reduce_lr_on_plateau.js';
export { LearningRateScheduler, type Schedule } from './learning_rate_scheduler.js';
export { CSVLogger, type CSVLoggerArgs } from './csv_logger.js';
export { TerminateOnNaN, type TerminateOnNaNArgs } from './terminate_on_nan.js';
export { LambdaCallback, type LambdaCallbackArgs } from './lambda_callback.js';
export type { Writer } from './io.js';
export { ModelCheckpoint, type ModelCheckpointArgs } from './model_checkpoint.js';
export { BackupAndRestore, type BackupAndRestoreArgs } from './backup_and_restore.js';
export { TensorBoard, type TensorBoardArgs } from './tensorboard/tensorboard.js';
export { LogStore } from './tensorboard/summary_writer.js';
