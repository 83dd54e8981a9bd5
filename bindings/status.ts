// Status codes returned by every kernel export; mirrors crates/kerasm-wasm/src/status.rs.
export const OK = 0;
export const BAD_ARG = 1;
export const OUT_OF_MEMORY = 2;
export const WORKER_DIED = 3;

/** What `check` may ask the backend that ran the kernel. */
interface StatusSource {
  ex: { kx_oom_bytes?(): number };
  memoryInfo?(): { bytesInUse: number; memoryBytes: number };
  releaseCache?(): void;
}

/** Turns a non-OK status into an Error that names the kernel. */
export function check(kernel: string, status: number, be?: StatusSource): void {
  if (status === OK) return;
  switch (status) {
    case BAD_ARG:
      throw new Error(`${kernel}: the WebAssembly kernel rejected its arguments (a kerasm binding bug; please report it).`);
    case OUT_OF_MEMORY: {
      // OUT_OF_MEMORY is a RangeError like the heap's own allocation failures.
      const bytes = be?.ex.kx_oom_bytes?.() ?? 0;
      // Buffers cached by the heap for reuse are of no use to the kernel: give them back so
      // a retry can succeed.
      be?.releaseCache?.();
      const mem = be?.memoryInfo?.();
      throw new RangeError(`${kernel}: OUT_OF_MEMORY: the kernel could not allocate ${bytes ? `${bytes} bytes of ` : ''}` +
        'scratch memory; its output is invalid. ' +
        (mem ? `(${mem.bytesInUse} bytes in use; WebAssembly memory is ${mem.memoryBytes} bytes.) ` : '') +
        'Dispose tensors you no longer need (or use tidy()) and retry; the thread pool is unaffected.');
    }
    case WORKER_DIED:
      throw new Error(`${kernel}: a worker thread died while running this kernel; its output is invalid. ` +
        'kerasm continues on one thread (setThreadCount() starts a new pool).');
    default:
      throw new Error(`${kernel}: unknown status ${status}.`);
  }
}
