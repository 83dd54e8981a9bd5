// What the running engine supports, probed with tiny modules rather than guessed from
// user agents (the same approach as tfjs-backend-wasm and wasm-feature-detect).

const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

// (func (result v128) v128.const 0 v128.const 0 v128.const 0 f32x4.relaxed_madd): recipe §6.
const RELAXED_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 61, 1, 59, 0,
  253, 12, ...new Array(16).fill(0), 253, 12, ...new Array(16).fill(0), 253, 12, ...new Array(16).fill(0),
  253, 133, 2, 11,
]);

export const isNode: boolean =
  typeof process !== 'undefined' && process.versions != null && process.versions.node != null;

/** True on a browser page's main thread, where `Atomics.wait` throws. */
export const isBrowserMainThread: boolean = !isNode && typeof document !== 'undefined';

let relaxedFlagSet = false;

/**
 * Node 20's V8 ships relaxed SIMD behind a flag; it must be set before compiling. Node 22+
 * has it on by default and no longer knows the flag (V8 would print "unrecognized flag"),
 * so the flag is set only when the probe fails without it.
 */
export function enableNodeRelaxedSimd(): void {
  if (!isNode || relaxedFlagSet) return;
  relaxedFlagSet = true;
  if (hasRelaxedSimd()) return;
  try {
    const v8 = nodeModule<typeof import('node:v8')>('v8');
    v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    // Older or locked-down runtimes: the probe below simply reports false.
  }
}

export function hasSimd(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
}

export function hasRelaxedSimd(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(RELAXED_PROBE);
}

/** Shared memory plus the ability to start workers that can receive it. */
export function hasThreads(): boolean {
  if (typeof SharedArrayBuffer === 'undefined') return false;
  if (isNode) return true;
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true &&
    typeof Worker !== 'undefined';
}

/** All cores (at most `cap`, the pool's thread cap). */
export function defaultThreadCount(cap: number): number {
  if (isNode) {
    const os = nodeModule<typeof import('node:os')>('os');
    return Math.max(1, Math.min(cap, os.availableParallelism ? os.availableParallelism() : os.cpus().length));
  }
  const hc = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return Math.max(1, Math.min(hc ?? 4, 16, cap));
}

// Node built-ins handed over by the Node entry points (bindings/node.ts), which import them
// statically: Node < 20.16 has no `process.getBuiltinModule`, and an ES module has no
// `require`.
const provided = new Map<string, unknown>();

/** Called by the Node entry points with the built-ins they imported. */
export function provideNodeModules(mods: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(mods)) provided.set(k, v);
}

/** Node built-ins without a static import, so browser bundles never see `node:` specifiers. */
export function nodeModule<T>(name: string): T {
  const p = process as unknown as { getBuiltinModule?: (n: string) => unknown };
  if (p.getBuiltinModule) return p.getBuiltinModule(`node:${name}`) as T;
  const m = provided.get(name);
  if (m !== undefined) return m as T;
  throw new Error(`kerasm: cannot load the Node built-in 'node:${name}' on Node ${process.version}: ` +
    "import kerasm through its package name ('kerasm'), whose Node entry provides it.");
}
