// kerasm/compare: the speed-versus-accuracy study tool (Node only). The CLI is `npx kerasm compare`.

export { compare, type CompareOptions } from './compare.js';
export { main } from './cli.js';
export { PRESETS } from './sources.js';
export { OPTIMIZERS } from './grid.js';
export type {
  Budget, BuildFn, Cell, DataSet, DataSpec, EpochRecord, Environment, FashionMnistData, Grid, Kerasm, LearningRateSpec, ModelSpec, Results, RunRecord,
} from './types.js';
