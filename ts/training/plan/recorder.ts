// Records one run of the eager forward/backward at the binding level: every `kx_*` kernel
// call with its arguments, the heap's allocations, and what JS touched in WASM memory in
// between. Frees of buffers allocated while recording are deferred: those buffers become the
// plan's arena, so the pointers the recorded calls hold stay valid and nobody else reuses
// them. The recording is judged later (verify.ts); this file only observes.

import type { Backend } from '../../../bindings/index.js';
import { setStreamHook, type StreamSource } from '../../ops/dropout_stream.js';
import { POINTER_ARGS } from './pointer_args.js';

/** Where a pointer argument points. */
export type Place =
  | { kind: 'arena'; index: number; offset: number }
  | { kind: 'input'; index: number; offset: number }
  | { kind: 'var' }
  | { kind: 'rng' }
  | { kind: 'other'; base: number; size: number; offset: number }
  | { kind: 'none' };

export interface RecordedCall {
  name: string;
  args: number[];
  ret: unknown;
  /** Where each argument points (by value), decided at call time. */
  places: Place[];
  /** Copies of small foreign buffers ('other') the call reads, by base pointer. */
  snapshots: Map<number, Uint8Array>;
  /** Contents of arena buffers JS filled before this, their first kernel use, by arena index. */
  hostFilled: Map<number, Uint8Array>;
}

/** What JS did to WASM memory between kernel calls. */
export interface HostAccess {
  /** Calls recorded before it. */
  at: number;
  place: Place | { kind: 'global' };
  /** For an arena buffer: whether a kernel had used it already (a read-back, not a fill). */
  used: boolean;
}

/**
 * A random draw announced by its layer's op (ops/dropout_stream.ts) just before its kernel call:
 * arguments `arg`..`arg + 3` of call `call` are (seed lo, seed hi, offset lo, offset hi),
 * taken from `source(n)`. A replay calls the same source, as the eager step would.
 */
export interface Draw {
  call: number;
  arg: number;
  source: StreamSource;
  n: number;
}

export interface Recording {
  calls: RecordedCall[];
  draws: Draw[];
  host: HostAccess[];
  /** Buffers allocated while recording, in order: [ptr, bytes held, bytes asked for]. */
  arena: Array<[number, number, number]>;
  /** Arena indices whose free was deferred (the plan frees them); the rest escaped (still owned by a tensor). */
  deferred: Set<number>;
  /** Why the recording cannot be a plan, if something unsupported was seen. */
  refused: string | undefined;
}

const OTHER_MAX_BYTES = 4096;
const FILL_MAX_BYTES = 1 << 20;
/** Kernels whose results depend on state the plan cannot replay (a random kernel is fine when its op announced the draw). */
const REFUSED_KERNELS = /rng|random|dropout|optim|pool_|_now|worker/;
const DRAW_KERNELS = new Set(['kx_dropout', 'kx_rng']);

// Fresh buffers are filled with a NaN pattern JS has no reason to write (0x7fa5a5a5), so a
// buffer that lost it before its first kernel use was written by JS (a constant fill, or data).
const POISON = 0x7fa5a5a5;
const POISON_BYTES = [0xa5, 0xa5, 0xa5, 0x7f];

// Buffers are 16-byte aligned: whole words through an Int32Array (native fill), the tail by byte.
function poison(u8: Uint8Array, p: number, n: number): void {
  const words = n >>> 2;
  new Int32Array(u8.buffer, p, words).fill(POISON);
  for (let i = words << 2; i < n; i++) u8[p + i] = POISON_BYTES[i & 3]!;
}

function poisoned(u8: Uint8Array, p: number, n: number): boolean {
  const words = n >>> 2;
  const w = new Int32Array(u8.buffer, p, words);
  for (let i = 0; i < words; i++) if (w[i] !== POISON) return false;
  for (let i = words << 2; i < n; i++) if (u8[p + i] !== POISON_BYTES[i & 3]) return false;
  return true;
}

interface HeapInternals {
  live: Map<number, number>;
  alloc(bytes: number, what?: string): number;
  free(ptr: number, what?: string): void;
  f32At(ptr: number, len: number): Float32Array;
  i32At(ptr: number, len: number): Int32Array;
  u8: Uint8Array;
}

/**
 * Runs `fn` with `be.ex` and the heap instrumented. `inputs` are the batch buffers
 * ([ptr, bytes]) and `vars` the variables' pointers (constant for the plan).
 */
export function record<T>(be: Backend, inputs: ReadonlyArray<readonly [number, number]>, vars: ReadonlySet<number>, fn: () => T): { rec: Recording; result: T } {
  const heap = be.heap as unknown as HeapInternals;
  const rec: Recording = { calls: [], draws: [], host: [], arena: [], deferred: new Set(), refused: undefined };
  const arenaIndex = new Map<number, number>();
  const used = new Set<number>();
  const refuse = (why: string) => (rec.refused ??= why);

  // Buffers live before the recording, sorted, for a binary search.
  const before = [...heap.live].sort((a, b) => a[0] - b[0]);
  const findBefore = (v: number): [number, number] | undefined => {
    let lo = 0, hi = before.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [p, n] = before[mid]!;
      if (v < p) hi = mid - 1;
      else if (v >= p + n) lo = mid + 1;
      else return heap.live.get(p) === n ? before[mid] : undefined;
    }
    return undefined;
  };
  const locate = (v: number): Place => {
    if (!Number.isInteger(v) || v <= 0) return { kind: 'none' };
    const a = arenaIndexOf(v);
    if (a !== undefined) return { kind: 'arena', index: a, offset: v - rec.arena[a]![0] };
    for (let i = 0; i < inputs.length; i++) {
      const [p, n] = inputs[i]!;
      if (v >= p && v < p + Math.max(n, 1)) return { kind: 'input', index: i, offset: v - p };
    }
    if (vars.has(v)) return { kind: 'var' };
    const o = findBefore(v);
    if (o) return { kind: 'other', base: o[0], size: o[1], offset: v - o[0] };
    return { kind: 'none' };
  };
  const arenaIndexOf = (v: number): number | undefined => {
    for (let i = 0; i < rec.arena.length; i++) {
      const [p, n] = rec.arena[i]!;
      if (v >= p && v < p + n) return i;
    }
    return undefined;
  };
  const isVarInterior = (v: number): boolean => {
    // Variables are matched by base pointer above; an interior pointer into one is also constant.
    for (const p of vars) {
      const n = heap.live.get(p);
      if (n !== undefined && v > p && v < p + n) return true;
    }
    return false;
  };

  const u8Desc = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(heap), 'u8')!;
  // The unobserved view, for the recorder's own copies.
  const rawU8 = (): Uint8Array => u8Desc.get!.call(heap) as Uint8Array;
  const ex = be.ex as unknown as Record<string, unknown>;
  const wrapped: Record<string, unknown> = {};
  for (const k of Object.keys(ex)) {
    const f = ex[k];
    if (typeof f !== 'function' || !k.startsWith('kx_')) {
      wrapped[k] = f;
      continue;
    }
    wrapped[k] = (...args: number[]) => {
      const draw = pending;
      pending = undefined;
      if (draw && !DRAW_KERNELS.has(k)) refuse(`a random draw was announced for ${k}`);
      if (REFUSED_KERNELS.test(k) && !(draw && DRAW_KERNELS.has(k))) refuse(`the step calls ${k}, whose result depends on state a plan cannot replay`);
      const ptrs = POINTER_ARGS[k];
      const places: Place[] = [];
      const snapshots = new Map<number, Uint8Array>();
      const hostFilled = new Map<number, Uint8Array>();
      for (let j = 0; j < args.length; j++) {
        const a = args[j]!;
        if (draw && j >= draw.arg && j < draw.arg + 4) {
          places.push({ kind: 'rng' });
          continue;
        }
        if (ptrs && !ptrs.includes(j)) {
          places.push({ kind: 'none' });
          continue;
        }
        let pl = locate(a);
        if (pl.kind === 'other' && isVarInterior(a)) pl = { kind: 'var' };
        places.push(pl);
        if (pl.kind === 'other' && !snapshots.has(pl.base)) {
          if (pl.size > OTHER_MAX_BYTES) refuse(`${k} reads a ${pl.size}-byte buffer that is neither a variable, the batch nor the step's own`);
          else snapshots.set(pl.base, rawU8().slice(pl.base, pl.base + pl.size));
        }
        if (pl.kind === 'arena' && !used.has(pl.index)) {
          used.add(pl.index);
          // Still poisoned: an output. Anything else was written by JS since its allocation.
          // (Only the bytes asked for: the rest of the 16-byte rounding is never read.)
          const [p, , n] = rec.arena[pl.index]!;
          if (!poisoned(rawU8(), p, n)) {
            if (n > FILL_MAX_BYTES) refuse(`JS filled a ${n}-byte buffer during the step`);
            else hostFilled.set(pl.index, rawU8().slice(p, p + n));
          }
        }
      }
      const ret = (f as (...a: number[]) => unknown)(...args);
      rec.calls.push({ name: k, args, ret, places, snapshots, hostFilled });
      return ret;
    };
  }

  const orig = { alloc: heap.alloc, free: heap.free, f32At: heap.f32At, i32At: heap.i32At };
  const views = ['f32', 'i32', 'u8'] as const;
  const protoDescs = views.map((g) => Object.getOwnPropertyDescriptor(Object.getPrototypeOf(heap), g)!);
  let inAt = 0;
  const noteAt = (ptr: number) => {
    const pl = locate(ptr);
    const isUsed = pl.kind === 'arena' && used.has(pl.index);
    rec.host.push({ at: rec.calls.length, place: pl, used: isUsed });
  };
  const h = heap as unknown as Record<string, unknown>;
  h.alloc = function (bytes: number, what?: string): number {
    const p = orig.alloc.call(heap, bytes, what);
    poison(rawU8(), p, bytes);
    arenaIndex.set(p, rec.arena.length);
    rec.arena.push([p, heap.live.get(p)!, bytes]);
    return p;
  };
  h.free = function (ptr: number, what?: string): void {
    const i = arenaIndex.get(ptr);
    if (i !== undefined && !rec.deferred.has(i)) {
      rec.deferred.add(i);
      return;
    }
    orig.free.call(heap, ptr, what);
  };
  h.f32At = function (ptr: number, len: number): Float32Array {
    noteAt(ptr);
    inAt++;
    try { return orig.f32At.call(heap, ptr, len); } finally { inAt--; }
  };
  h.i32At = function (ptr: number, len: number): Int32Array {
    noteAt(ptr);
    inAt++;
    try { return orig.i32At.call(heap, ptr, len); } finally { inAt--; }
  };
  views.forEach((g, i) => {
    Object.defineProperty(heap, g, {
      configurable: true,
      get() {
        if (inAt === 0) {
          // Somewhere in memory: writes into fresh step buffers show as lost poison; the op
          // metadata scratch is copied per call ('other').
          rec.host.push({ at: rec.calls.length, place: { kind: 'global' }, used: false });
        }
        return protoDescs[i]!.get!.call(heap);
      },
    });
  });
  // Random draws: the op announces one right before its kernel call.
  let pending: Draw | undefined;
  const prevHook = setStreamHook((source, n, arg) => {
    if (pending) refuse('two random draws for one kernel call');
    pending = { call: rec.calls.length, arg, source, n };
    rec.draws.push(pending);
    return source(n);
  });
  const beMut = be as unknown as { ex: unknown };
  const realEx = beMut.ex;
  beMut.ex = wrapped;
  let result: T;
  try {
    result = fn();
    if (pending) refuse('a random draw was not followed by its kernel call');
  } finally {
    setStreamHook(prevHook);
    beMut.ex = realEx;
    delete h.alloc;
    delete h.free;
    delete h.f32At;
    delete h.i32At;
    for (const g of views) delete (heap as unknown as Record<string, unknown>)[g];
  }
  return { rec, result };
}
