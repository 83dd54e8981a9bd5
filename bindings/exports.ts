// The typed surface of the WebAssembly module. Pointers are byte offsets into linear
// memory (`Ptr`); every kernel returns a status code (see status.ts).
// Kernel families add their signatures here (see KernelExports) next to their Rust exports.

export type Ptr = number;
export type Status = number;

export interface CoreExports {
  kx_features(): number;
  kx_alloc(size: number, align: number): Ptr;
  kx_free(ptr: Ptr, size: number, align: number): void;
  /** Bytes of the scratch buffer that failed in the last OUT_OF_MEMORY status. */
  kx_oom_bytes(): number;
  kx_gemm(
    batch: number, m: number, n: number, k: number,
    a: Ptr, lda: number, transA: number, strideA: number,
    b: Ptr, ldb: number, transB: number, strideB: number,
    c: Ptr, ldc: number, strideC: number,
    alpha: number, beta: number, bias: Ptr, act: number, actAlpha: number,
  ): Status;
}

/** Present only in the threaded builds. */
export interface ThreadExports {
  kx_pool_ctrl(): Ptr;
  kx_pool_configure(spawned: number, maxThreads: number, canBlock: number, spinLimit: number, stallMs: number): void;
  kx_pool_set_slot(tid: number, slot: Ptr): void;
  kx_pool_ready(): number;
  kx_pool_max_threads(): number;
  kx_pool_shutdown(): void;
  /** Tuning counters since the last call (jobs, chunks run by the caller, by workers, worker parks, skipped workers), 5 × u32 at `out`; clears them. */
  kx_pool_stats(out: Ptr): void;
  kx_worker_loop(tid: number, slot: Ptr): void;
  __stack_pointer: WebAssembly.Global;
  __wasm_init_tls(ptr: Ptr): void;
  __tls_size: WebAssembly.Global;
  __tls_align: WebAssembly.Global;
}

// Each kernel family declares its exports as a plain interface in its own binding file and
// adds ONE line here. (Not `declare module` augmentation: the bundled public .d.ts cannot
// carry augmentations of relative modules, which broke consumers' type checks.)
import type { AttentionExports } from './kernels/attention.js';
import type { LayerNormExports } from './kernels/batch_norm.js';
import type { BinaryExports } from './kernels/binary.js';
import type { CopyExports } from './kernels/copy.js';
import type { FiniteExports } from './kernels/finite.js';
import type { GatherExports } from './kernels/gather.js';
import type { ImageExports } from './kernels/image.js';
import type { PermuteExports } from './kernels/permute.js';
import type { ReduceExports } from './kernels/reduce.js';
import type { RngExports } from './kernels/rng.js';
import type { RnnExports } from './kernels/rnn.js';
import type { SoftmaxExports } from './kernels/softmax.js';
import type { SpatialExports } from './kernels/spatial.js';
import type { UnaryExports } from './kernels/unary.js';
import type { WhereExports } from './kernels/where_.js';

export interface KernelExports extends
  AttentionExports, BinaryExports, CopyExports, FiniteExports, GatherExports, ImageExports, LayerNormExports, PermuteExports, ReduceExports,
  RngExports, RnnExports, SoftmaxExports, SpatialExports, UnaryExports, WhereExports {}

export type Exports = CoreExports & KernelExports & Partial<ThreadExports>;
