// Status codes returned by every kernel export; mirrors crates/kerasm-wasm/src/status.rs.
export const OK = 0;
export const BAD_ARG = 1;
export const OUT_OF_MEMORY = 2;
export const WORKER_DIED = 3;

/** Turns a non-OK status into an Error that names the kernel. */
export function check(kernel: string, status: number): void {
  if (status === OK) return;
  switch (status) {
    case BAD_ARG:
      throw new Error(`${kernel}: the WebAssembly kernel rejected its arguments (a kerasm binding bug; please report it).`);
    case OUT_OF_MEMORY:
      throw new RangeError(`${kernel}: out of WebAssembly memory.`);
    case WORKER_DIED:
      throw new Error(`${kernel}: a worker thread died while running this kernel; its output is invalid. ` +
        'kerasm continues on one thread.');
    default:
      throw new Error(`${kernel}: unknown status ${status}.`);
  }
}
