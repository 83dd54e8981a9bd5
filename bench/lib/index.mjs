// Shared helpers for kerasm benchmarks (style.md §3.6). Import from here:
//   import { sample, table, envHeader, writeResults } from './lib/index.mjs';
export * from './measure.mjs';
export * from './format.mjs';
export * from './env.mjs';
export * from './results.mjs';
export * from './start.mjs';
