// The garbage-collector safety net for tensors a program never disposes, and what the heap
// does under pressure. `dispose`/`tidy` remain the plan: GC timing is unpredictable.
//
// Every tracked tensor is registered (its storage is the held value), so forgotten tensors
// of any size are freed and stop counting in `numTensors` once collected. A
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

/** Registers a tracked tensor; returns the registry to unregister it from. */
export function watch(t: object, s: Storage): FinalizationRegistry<Storage> {
  registry.register(t, s, t);
  return registry;
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
