// Loading a kerasm binary: pick the best variant the runtime validates, fetch or read
// its bytes, create the (shared) memory, instantiate, and start the worker pool.

import type { Exports, ThreadExports } from './exports.js';
import { Heap, type MemoryInfo } from './memory.js';
import { MAX_THREADS, ThreadPool } from './pool.js';
import {
  defaultThreadCount, enableNodeRelaxedSimd, hasRelaxedSimd, hasSimd, hasThreads, isNode, nodeModule,
} from './features.js';
import { wasmUrl } from './loader.js';
import { importedMemoryMinPages, isRelaxed, isThreaded, pickVariant, type Variant, VARIANTS } from './variants.js';

/**
 * Options of `ready()` (and `createBackend`): which binary, how many threads, where the `.wasm` files are.
 *
 * @example
 * ```ts
 * await ready({ wasmBaseUrl: '/assets/kerasm/', threads: 4 });
 * ```
 */
export interface InitOptions {
  /** Force a binary. Default: the best the runtime supports. */
  variant?: Variant;
  /** Threads per kernel call (caller included). Default: all cores; 1 disables workers. */
  threads?: number;
  /** Allow the relaxed-SIMD (FMA) build; results then differ in the last bits across CPUs. Default true. */
  relaxedSimd?: boolean;
  /** The directory of the .wasm files (browser/bundler override): an absolute URL, or a path
   *  relative to the page (browsers), the worker script (workers) or the working directory
   *  (Node), e.g. '/assets/kerasm/'. Default: `wasm/` next to this module. */
  wasmBaseUrl?: string | URL;
  /** Cap on WebAssembly memory in bytes (rounded up to 64 KiB pages). Default and maximum:
   *  4 GiB, the wasm32 address space; browsers may refuse to grow well before that. */
  maxMemoryBytes?: number;
}

const PAGE = 65536;
const MAX_PAGES = 65536;

/** What `backendInfo()` reports about the loaded WebAssembly backend. */
export interface BackendInfo {
  /** The binary in use. */
  variant: Variant;
  /** Whether the binary was built with 128-bit SIMD (every variant is). */
  simd: boolean;
  /** Whether it is a relaxed-SIMD (FMA) build. */
  relaxedSimd: boolean;
  /** Whether it is a threaded build (shared memory and a worker pool). */
  threads: boolean;
  /** Threads a kernel call uses, the caller included. */
  threadCount: number;
  /** Worker threads started and ready to take work (0 without threads). */
  readyWorkers: number;
}

/**
 * A loaded WebAssembly instance with its heap and worker pool. Most programs use the module
 * functions (`ready`, `backendInfo`, `setThreadCount`, …) instead.
 */
export class Backend {
  /** The WebAssembly heap (buffers, free-buffer cache). */
  readonly heap: Heap;
  /** The worker pool (threaded variants), or undefined. */
  readonly pool: ThreadPool | undefined;

  constructor(
    /** The binary this backend runs. */
    readonly variant: Variant,
    /** The raw WebAssembly exports (`kx_*` kernels); see bindings/kernels for checked wrappers. */
    readonly ex: Exports,
    memory: WebAssembly.Memory, module: WebAssembly.Module, maxBytes = 2 ** 32,
  ) {
    this.heap = new Heap(memory, ex, maxBytes);
    this.pool = isThreaded(variant) ? new ThreadPool(module, ex as Exports & ThreadExports, this.heap) : undefined;
  }

  /** See `backendInfo()`. */
  info(): BackendInfo {
    const f = this.ex.kx_features();
    return {
      variant: this.variant,
      simd: (f & 1) !== 0,
      relaxedSimd: (f & 2) !== 0,
      threads: (f & 4) !== 0,
      threadCount: this.pool && !this.pool.dead ? this.pool.threadCount : 1,
      readyWorkers: this.pool?.readyWorkers ?? 0,
    };
  }

  /** See `memoryInfo()`. */
  memoryInfo(): MemoryInfo {
    return this.heap.info();
  }

  /** See `setThreadCount()`: 1 … `MAX_THREADS`; more than 1 needs a threaded variant. */
  setThreadCount(n: number): void {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`setThreadCount: expected a positive integer. Received: ${n}`);
    if (n > MAX_THREADS) {
      throw new RangeError(`setThreadCount: at most ${MAX_THREADS} threads (the thread cap). Received: ${n}`);
    }
    if (!this.pool) {
      if (n > 1) throw new Error(`setThreadCount: the '${this.variant}' build has no threads. Received: ${n}`);
      return;
    }
    this.pool.setThreadCount(n);
  }

  /** See `getThreadCount()`. */
  getThreadCount(): number {
    return this.pool?.threadCount ?? 1;
  }

  /** Returns the heap's cached free buffers to the allocator (see `Heap.releaseCache`). */
  releaseCache(): void {
    this.heap.releaseCache();
  }

  /** Stops the workers and closes the heap; see `disposeBackend()`. */
  dispose(): void {
    this.pool?.dispose();
    this.heap.close();
  }
}

/** The variant this runtime should use, given the options. */
export function chooseVariant(opts: InitOptions = {}): Variant {
  checkThreads(opts.threads);
  if (opts.variant) {
    if (!VARIANTS.includes(opts.variant)) {
      throw new Error(`kerasm: unknown variant. Expected one of ${VARIANTS.join(', ')}. Received: '${opts.variant}'`);
    }
    if (isRelaxed(opts.variant)) {
      enableNodeRelaxedSimd();
      if (!hasRelaxedSimd()) throw new Error(`kerasm: the '${opts.variant}' build needs relaxed SIMD, which this runtime does not validate.`);
    }
    return opts.variant;
  }
  if (!hasSimd()) {
    throw new Error('kerasm needs WebAssembly SIMD (Node ≥ 16.4, Chrome ≥ 91, Firefox ≥ 89, Safari ≥ 16.4); this runtime does not validate it.');
  }
  const wantRelaxed = opts.relaxedSimd ?? envFlag('KERASM_RELAXED_SIMD', true);
  if (wantRelaxed) enableNodeRelaxedSimd();
  const threads = (opts.threads ?? envThreads() ?? 2) > 1 && hasThreads();
  return pickVariant({ threads, relaxed: wantRelaxed && hasRelaxedSimd() });
}

function envFlag(name: string, dflt: boolean): boolean {
  if (!isNode) return dflt;
  const v = process.env[name];
  return v === undefined ? dflt : !['0', 'false', 'no', 'off'].includes(v.toLowerCase());
}

/** KERASM_THREADS, validated: a typo must not silently mean "all cores", nor 100000 threads. */
export function envThreads(): number | undefined {
  if (!isNode || process.env.KERASM_THREADS === undefined || process.env.KERASM_THREADS === '') return undefined;
  const raw = process.env.KERASM_THREADS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS) {
    throw new RangeError(`kerasm: KERASM_THREADS must be an integer from 1 to ${MAX_THREADS} (the thread cap). Received: '${raw}'`);
  }
  return n;
}

function checkThreads(n: number | undefined): void {
  if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > MAX_THREADS)) {
    throw new RangeError(`kerasm: threads must be an integer from 1 to ${MAX_THREADS} (the thread cap). Received: ${n}`);
  }
}

function readBytesSync(url: URL): Uint8Array {
  const fs = nodeModule<typeof import('node:fs')>('fs');
  const { fileURLToPath } = nodeModule<typeof import('node:url')>('url');
  const path = fileURLToPath(url);
  try {
    return fs.readFileSync(path);
  } catch (e) {
    throw new Error(`kerasm: cannot read ${path} (${(e as Error).message}). Run \`npm run build\` in a source checkout.`);
  }
}

function instantiate(variant: Variant, bytes: Uint8Array, module: WebAssembly.Module, opts: InitOptions): Backend {
  const shared = isThreaded(variant);
  const initial = importedMemoryMinPages(bytes);
  const maximum = maxPages(opts.maxMemoryBytes, initial);
  const memory = new WebAssembly.Memory({ initial, maximum, shared } as WebAssembly.MemoryDescriptor);
  // kx_now_ms: the threaded builds' dispatcher bounds its wait for a dead worker in wall time.
  const now = typeof performance !== 'undefined' ? () => performance.now() : () => Date.now();
  const instance = new WebAssembly.Instance(module, { env: { memory, kx_now_ms: now } });
  const be = new Backend(variant, instance.exports as unknown as Exports, memory, module, maximum * PAGE);
  if (be.pool) be.setThreadCount(opts.threads ?? envThreads() ?? defaultThreadCount(MAX_THREADS));
  return be;
}

function maxPages(bytes: number | undefined, initial: number): number {
  if (bytes === undefined) return MAX_PAGES;
  const pages = Math.ceil(bytes / PAGE);
  if (typeof bytes !== 'number' || !Number.isFinite(bytes) || pages < initial || pages > MAX_PAGES) {
    throw new RangeError(`kerasm: maxMemoryBytes must be from ${initial * PAGE} to ${MAX_PAGES * PAGE} bytes. Received: ${bytes}`);
  }
  return pages;
}

/** Synchronous load (Node only): reads and compiles the binary on the spot. */
export function createBackendSync(opts: InitOptions = {}): Backend {
  if (!isNode) throw new Error('kerasm: synchronous initialisation is only available in Node; call `await ready()` first.');
  const variant = chooseVariant(opts);
  const bytes = readBytesSync(wasmUrl(variant, opts.wasmBaseUrl));
  return instantiate(variant, bytes, new WebAssembly.Module(bytes as BufferSource), opts);
}

/** Asynchronous load for every runtime; resolves once every worker is running. */
export async function createBackend(opts: InitOptions = {}): Promise<Backend> {
  const variant = chooseVariant(opts);
  const url = wasmUrl(variant, opts.wasmBaseUrl);
  let bytes: Uint8Array;
  if (isNode && url.protocol === 'file:') {
    bytes = readBytesSync(url);
  } else {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`kerasm: fetching ${url} failed with HTTP ${res.status}.`);
    bytes = new Uint8Array(await res.arrayBuffer());
  }
  const module = await WebAssembly.compile(bytes as BufferSource);
  const be = instantiate(variant, bytes, module, opts);
  await be.pool?.whenReady();
  return be;
}
