// kerasm/compare: the speed-versus-accuracy study tool (Node only). The CLI is `npx kerasm compare`.

export { compare, type CompareOptions } from './compare.js';
export { main } from './cli.js';
export { PRESETS } from './sources.js';
import { OPTIMIZERS } from './grid.js';

/** The optimizer names a grid may use. */
export const OPTIMIZER_NAMES: readonly string[] = Object.keys(OPTIMIZERS);
export type {
  Budget, BuildFn, Cell, DataSet, DataSpec, EpochRecord, Environment, FashionMnistData, Grid, Kerasm, LearningRateSpec, ModelLike, ModelSpec, Results, RunRecord, TensorLike,
} from './types.js';
