// Low-level kernel bindings on WasmBuffers, for benchmarks and advanced users.
export { gemm, type GemmArgs } from './gemm.js';
