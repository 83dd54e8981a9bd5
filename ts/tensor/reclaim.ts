// The garbage-collector safety net for tensors a program never disposes, and what the heap
// does under pressure. `dispose`/`tidy` remain the plan: GC timing is unpredictable.
//
// Every tracked tensor that is not disposed soon is registered (its storage is the held
// value), so forgotten tensors of any size are freed and stop counting in `numTensors` once
// collected. A
// FinalizationRegistry only calls back after the current task, which a synchronous loop
// never yields, so under heap pressure (bindings/memory.ts) Node gets a synchronous path: a
// full GC and `cleanupSome()` on a registry created in a context where V8 provides it.
// Elsewhere the heap warns once that un-disposed tensors are waiting for the collector.

import { setPressureHandler } from '../../bindings/memory.js';
import { isNode, nodeModule } from '../../bindings/features.js';
import { engine } from './engine.js';
import type { Storage } from './storage.js';

type Registry = FinalizationRegistry<Storage> & { cleanupSome?: (cb?: (s: Storage) => void) => void };

function collected(s: Storage): void {
  engine.numTensors--;
  if (s.live) s.release();
}

let registry: Registry = new FinalizationRegistry<Storage>(collected);
/** Registries replaced by the synchronous one; tensors registered there keep their entry. */
let syncPath: { gc: () => void; registry: Registry } | null | undefined;
let warned = false;

/** What the safety net needs from a tensor (Tensor implements it). */
export interface Watched {
  readonly isDisposed: boolean;
  /** Registers with `reg` (held value: its storage) and remembers the registry. */
  registerFinalizer(reg: FinalizationRegistry<Storage>): void;
}

// Registration is deferred and batched: most tensors are disposed (by tidy or by hand) within
// microseconds, and registering then unregistering each one would make small ops several
// times slower. Pending tensors are held strongly, so the batch is bounded in count and bytes.
const PENDING_MAX = 1024;
const PENDING_MAX_BYTES = 16 << 20;
const pending: Watched[] = [];
let pendingBytes = 0;

/** Puts a new tracked tensor under the safety net (soon: see the batching note). */
export function watch(t: Watched, bytes: number): void {
  // A batch also ends when the current job yields (a microtask), so async code that keeps
  // tensors registers them at its next await.
  if (pending.length === 0) queueMicrotask(flush);
  pending.push(t);
  pendingBytes += bytes;
  if (pending.length >= PENDING_MAX || pendingBytes >= PENDING_MAX_BYTES) flush();
}

function flush(): void {
  for (const t of pending) if (!t.isDisposed) t.registerFinalizer(registry);
  pending.length = 0;
  pendingBytes = 0;
}

/** Node only: a full GC plus a registry whose callbacks can be run synchronously. */
function makeSyncPath(): { gc: () => void; registry: Registry } | null {
  if (!isNode) return null;
  try {
    const v8 = nodeModule<typeof import('node:v8')>('v8');
    const vm = nodeModule<typeof import('node:vm')>('vm');
    // Both flags only affect contexts created afterwards: the one made here.
    v8.setFlagsFromString('--expose-gc');
    v8.setFlagsFromString('--harmony-weak-refs-with-cleanup-some');
    const ctx = vm.createContext({});
    const gc = vm.runInContext('typeof gc === "function" ? gc : undefined', ctx) as (() => void) | undefined;
    const FR = vm.runInContext('FinalizationRegistry', ctx) as typeof FinalizationRegistry;
    const reg = new FR<Storage>(collected) as Registry;
    if (!gc || typeof reg.cleanupSome !== 'function') return null;
    return { gc, registry: reg };
  } catch {
    return null;
  }
}

/** The heap's pressure handler: frees what collected tensors held, if it can do so now. */
function relieve(): boolean {
  if (syncPath === undefined) {
    syncPath = makeSyncPath();
    // From now on new tensors go to the registry that can be drained synchronously.
    if (syncPath) registry = syncPath.registry;
  }
  flush();
  if (syncPath) {
    syncPath.gc();
    syncPath.registry.cleanupSome!();
    return true;
  }
  if (!warned) {
    warned = true;
    console.warn(`kerasm: WebAssembly memory is under pressure with ${engine.numTensors} live tensors. Tensors that are ` +
      'not disposed are freed only by the garbage collector, after the current task; dispose them or run the loop inside tidy().');
  }
  return false;
}

setPressureHandler(relieve);
