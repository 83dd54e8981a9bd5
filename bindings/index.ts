// The bindings' public face: one process-wide backend, created on first use in Node or by
// `ready()` anywhere, plus the kernel families.

import { Backend, createBackend, createBackendSync, type BackendInfo, type InitOptions } from './backend.js';
import { isRelaxed } from './variants.js';
import type { MemoryInfo } from './memory.js';

export { Backend, createBackend, createBackendSync };
export type { BackendInfo, InitOptions, MemoryInfo };
export { WasmBuffer, type DType } from './memory.js';
export type { Variant } from './variants.js';
export { VARIANTS } from './variants.js';
export { MAX_THREADS } from './pool.js';

let current: Backend | undefined;
let loading: Promise<Backend> | undefined;
/** The options the current backend was loaded with ({} when the first op loaded it). */
let loadedWith: InitOptions = {};

// Two copies of kerasm in one process (typically the ESM and the CommonJS build, the
// "dual-package hazard") each have their own memory: their tensors cannot meet. Each copy
// registers here so the second one can say so once.
const COPIES = Symbol.for('kerasm.copies');
const thisCopy = {};
((globalThis as Record<symbol, Set<object>>)[COPIES] ??= new Set()).add(thisCopy);
const WARNED = Symbol.for('kerasm.copies.warned');
function warnIfSeveralCopies(): void {
  const g = globalThis as Record<symbol, unknown>;
  if (g[WARNED] || (g[COPIES] as Set<object>).size < 2) return;
  g[WARNED] = true; // once per process, whichever copy notices
  console.warn('kerasm: two copies of kerasm are loaded in this process (for example the ES module and the CommonJS ' +
    'build); their tensors cannot be mixed. Load kerasm one way (import or require) throughout.');
}

/**
 * Loads kerasm's WebAssembly core (idempotent). Required once in browsers before any op;
 * optional in Node, where the first op loads it synchronously. Called again once loaded,
 * `threads` is applied; any other option that differs from the loaded backend's throws
 * (call `disposeBackend()` first to reload with other options).
 */
export async function ready(opts?: InitOptions): Promise<Backend> {
  if (!current && !loading) {
    const o = { ...opts };
    loading = createBackend(o)
      .then((be) => { loadedWith = o; warnIfSeveralCopies(); return (current = be); })
      .finally(() => (loading = undefined));
    return loading;
  }
  const be = current ?? (await loading!);
  if (opts) applyAgain(be, opts);
  return be;
}

function applyAgain(be: Backend, opts: InitOptions): void {
  const differs: string[] = [];
  const same = (k: keyof InitOptions, have: unknown) => {
    if (opts[k] !== undefined && String(opts[k]) !== String(have)) differs.push(`${k}: ${JSON.stringify(String(opts[k]))} (loaded: ${JSON.stringify(String(have))})`);
  };
  same('variant', be.variant);
  same('relaxedSimd', isRelaxed(be.variant));
  same('wasmBaseUrl', loadedWith.wasmBaseUrl);
  same('maxMemoryBytes', loadedWith.maxMemoryBytes);
  if (differs.length) {
    throw new Error(`ready: kerasm is already loaded with other options; call disposeBackend() first to reload. Received: ${differs.join(', ')}`);
  }
  if (opts.threads !== undefined) be.setThreadCount(opts.threads);
}

/** The loaded backend; in Node, loads it on first call. */
export function backend(): Backend {
  if (!current) {
    current = createBackendSync();
    loadedWith = {};
    warnIfSeveralCopies();
  }
  return current;
}

/**
 * What the loaded backend is: WASM variant (relaxed SIMD or not, threaded or not), thread count, ready workers.
 * In Node it loads the backend synchronously if `ready()` has not run; browsers need `await ready()` first.
 */
export function backendInfo(): BackendInfo {
  return backend().info();
}

/** WASM heap usage: bytes and count of live buffers, bytes in the free-buffer cache, allocator calls, linear memory size. */
export function memoryInfo(): MemoryInfo {
  return backend().memoryInfo();
}

/**
 * Sets how many threads kernels use (1 … `MAX_THREADS`; needs a threaded variant). Default: the number of cores, or `ready({ threads })`.
 */
export function setThreadCount(n: number): void {
  backend().setThreadCount(n);
}

/** Number of threads kernels use now (1 without threads). */
export function getThreadCount(): number {
  return backend().getThreadCount();
}

/**
 * Returns the heap's cached free buffers to the WebAssembly allocator (after a large job,
 * so later allocations of other sizes reuse the space). WebAssembly memory never shrinks.
 */
export function releaseCache(): void {
  current?.releaseCache();
}

/**
 * Stops the worker pool and forgets the backend; the next use loads a fresh one. Tensors
 * created before refuse any later use (DisposedError): their memory is gone.
 */
export function disposeBackend(): void {
  current?.dispose();
  current = undefined;
  loadedWith = {};
}
