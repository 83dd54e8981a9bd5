// The bindings' public face: one process-wide backend, created on first use in Node or by
// `ready()` anywhere, plus the kernel families.

import { Backend, createBackend, createBackendSync, type BackendInfo, type InitOptions } from './backend.js';
import type { MemoryInfo } from './memory.js';

export { Backend, createBackend, createBackendSync };
export type { BackendInfo, InitOptions, MemoryInfo };
export { WasmBuffer, type DType } from './memory.js';
export type { Variant } from './variants.js';
export { VARIANTS } from './variants.js';

let current: Backend | undefined;
let loading: Promise<Backend> | undefined;

/**
 * Loads kerasm's WebAssembly core (idempotent). Required once in browsers before any op;
 * optional in Node, where the first op loads it synchronously.
 */
export async function ready(opts?: InitOptions): Promise<Backend> {
  if (current) return current;
  loading ??= createBackend(opts).then((be) => (current = be)).finally(() => (loading = undefined));
  return loading;
}

/** The loaded backend; in Node, loads it on first call. */
export function backend(): Backend {
  current ??= createBackendSync();
  return current;
}

export function backendInfo(): BackendInfo {
  return backend().info();
}

export function memoryInfo(): MemoryInfo {
  return backend().memoryInfo();
}

export function setThreadCount(n: number): void {
  backend().setThreadCount(n);
}

export function getThreadCount(): number {
  return backend().getThreadCount();
}

/** Stops the worker pool and forgets the backend; the next use loads a fresh one. */
export function disposeBackend(): void {
  current?.dispose();
  current = undefined;
}
