// kerasm/compare: the speed-versus-accuracy study tool (Node only). The CLI is `npx kerasm compare`.
// Only compare.ts, cli.ts and types.ts are re-exported: their declarations name no core class,
// which keeps this entry's type declarations apart from the library's.

export { compare, type CompareOptions } from './compare.js';
export { main, parseArgs, USAGE } from './cli.js';
export type {
  Budget, BuildFn, Cell, DataSet, DataSpec, EpochRecord, Environment, FashionMnistData, Grid, Kerasm, LearningRateSpec, ModelLike, ModelSpec, Results, RunRecord, TensorLike,
} from './types.js';
