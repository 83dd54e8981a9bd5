// Keras callbacks: hooks into fit/evaluate/predict (Keras `keras/src/callbacks/`).

export { Callback, type CallbackParams, type HookResult, type Logs } from './callback.js';
export { CallbackList, type CallbackListOptions } from './callback_list.js';
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
export type { ModelLike, OptimizerLike } from './model_like.js';
export type { Writer } from './io.js';
export { ModelCheckpoint, type ModelCheckpointArgs } from './model_checkpoint.js';
export { BackupAndRestore, type BackupAndRestoreArgs } from './backup_and_restore.js';
export { TensorBoard, type TensorBoardArgs } from './tensorboard/tensorboard.js';
export { LogStore } from './tensorboard/summary_writer.js';
