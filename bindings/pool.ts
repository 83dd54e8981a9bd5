// The JS half of the thread pool: spawning workers over the shared memory, telling the
// WASM dispatcher how many exist and may be used, noticing deaths, rebuilding, and tearing
// down. Dispatch itself never touches JS (crates/kerasm-wasm/src/pool/threaded.rs).
//
// Deaths. A worker that traps marks itself dead (worker_source.ts). One that disappears
// without running its catch block (terminate(), an isolate abort) is announced only by an
// 'exit' event, which cannot run while the caller is blocked in a kernel, and (Node) by the
// watchdog below. The dispatcher never waits for a worker that has not claimed a job (the
// caller takes the chunks it leaves), so such a death costs no hang; a worker that stays
// more than one job behind for `stallMs` is declared dead (threaded.rs `skip`). Either way
// the kernel reports WORKER_DIED once, later calls run on the caller alone, and
// `setThreadCount` builds a fresh pool.

import type { Exports, Ptr, ThreadExports } from './exports.js';
import type { Heap } from './memory.js';
import { isBrowserMainThread, isNode, nodeModule } from './features.js';
import { BROWSER_WORKER_SOURCE, NODE_WATCHDOG_SOURCE, NODE_WORKER_SOURCE } from './worker_source.js';

/**
 * Threads per kernel call at most (caller included). Each worker costs a JS isolate, a
 * WebAssembly instance and a 512 KiB stack, and no kernel scales that far; the WASM
 * worker-slot table has this size (threaded.rs `MAX_THREADS`).
 */
export const MAX_THREADS = 64;
/** How long a worker may stay more than one job behind before it counts as dead. */
export const STALL_MS = 2000;

const STACK_BYTES = 512 * 1024;
// Most a worker spins before parking, in nominal 1.3 ns iterations (threaded.rs, spin.rs; it
// spins only as long as recent gaps between jobs): the default and the most setSpinLimit
// accepts (~340 µs, the Rust cap). 2^18 covers the gap between a training step's two big
// GEMMs (~100–200 µs); MLP fit 2T, load ~3.6, interleaved: parks/step 0.9–1.4 → 0.02 and
// b128 1157–1195 → 1038–1080 µs/step, b32 318 → 301 µs/step against 2^15.
const SPIN_LIMIT = 1 << 18;
const SPIN_LIMIT_MAX = 1 << 18;
// Control-block offsets (threaded.rs `Ctrl`) and slot-word states.
const PENDING = 64;
const DEAD_COUNT = 196;
const STARTING = 1;
const DEAD = -1;

interface AnyWorker {
  terminate(): unknown;
  unref?(): void;
}

interface Member {
  worker: AnyWorker;
  tid: number;
  /** Heap blocks the worker uses until it is gone: slot word, stack, TLS. */
  slot: Ptr;
  stack: Ptr;
  tls: Ptr;
  retired: boolean;
}

export class ThreadPool {
  private members: Member[] = [];
  private maxThreads = 1;
  private spinLimit = SPIN_LIMIT;
  private stallMs = STALL_MS;
  private readonly ctrl: number;
  private blobUrl: string | undefined;
  private startFailure: string | undefined;
  private watchdog: import('node:worker_threads').Worker | undefined;
  private disposed = false;
  /** Messages from workers that trapped or failed, newest last. */
  readonly errors: string[] = [];

  constructor(
    private readonly module: WebAssembly.Module,
    private readonly ex: Exports & ThreadExports,
    private readonly heap: Heap,
  ) {
    this.ctrl = ex.kx_pool_ctrl() >>> 0;
  }

  /** Threads used per kernel call, the caller included. */
  get threadCount(): number {
    return this.maxThreads;
  }

  get readyWorkers(): number {
    return this.ex.kx_pool_ready();
  }

  /** Spawned workers (alive or not). */
  get size(): number {
    return this.members.length;
  }

  /** True once a worker of the current pool died: calls then run on the caller alone. */
  get dead(): boolean {
    return Atomics.load(this.heap.i32, (this.ctrl + DEAD_COUNT) >>> 2) !== 0;
  }

  /** Uses `n` threads per call, spawning workers if there are fewer than `n - 1`; a pool
   *  that lost a worker is replaced by a fresh one. */
  setThreadCount(n: number): void {
    if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS) {
      throw new RangeError(`setThreadCount: expected an integer from 1 to ${MAX_THREADS} (the thread cap). Received: ${n}`);
    }
    if (this.dead || this.startFailure !== undefined) this.retireAll();
    try {
      while (this.members.length < n - 1) this.spawn(this.members.length + 1);
    } catch (e) {
      // Worker creation refused outright (e.g. a CSP without blob: in worker-src).
      this.fallBack(String((e as Error)?.message ?? e));
      return;
    }
    this.maxThreads = n;
    this.configure();
  }

  /**
   * Most a worker spins between jobs (nominal 1.3 ns iterations; it spins about as long as
   * recent gaps between jobs, up to this). 0 disables spinning (useful when other processes
   * compete for the cores); at most (and by default) 2^18, ~340 µs.
   */
  setSpinLimit(iterations: number): void {
    this.spinLimit = Math.max(0, Math.min(SPIN_LIMIT_MAX, Math.floor(iterations)));
    this.configure();
  }

  /** How long (ms) a worker may stay more than one job behind before it counts as dead. */
  setStallTimeout(ms: number): void {
    if (!Number.isInteger(ms) || ms < 1) throw new RangeError(`setStallTimeout: expected a positive integer of ms. Received: ${ms}`);
    this.stallMs = ms;
    this.configure();
  }

  private configure(): void {
    this.ex.kx_pool_configure(this.members.length, this.maxThreads, isBrowserMainThread ? 0 : 1, this.spinLimit, this.stallMs);
  }

  /**
   * Resolves once every spawned worker has entered the dispatch loop. Workers that cannot
   * start (a Content-Security-Policy that blocks blob: workers, a runtime without worker
   * support) make the pool fall back to one thread with a one-line notice, as on a page
   * that is not cross-origin isolated.
   */
  async whenReady(timeoutMs = 10_000): Promise<void> {
    const t0 = Date.now();
    while (this.readyWorkers < this.members.length) {
      if (this.startFailure !== undefined) return this.fallBack(this.startFailure);
      if (this.dead) throw new Error(`kerasm: a worker thread died while starting: ${this.errors.at(-1) ?? 'unknown error'}`);
      if (Date.now() - t0 > timeoutMs) {
        return this.fallBack(`only ${this.readyWorkers} of ${this.members.length} started within ${timeoutMs} ms`);
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  private fallBack(reason: string): void {
    this.retireAll();
    this.startFailure = undefined;
    this.maxThreads = 1;
    this.configure();
    console.warn(`kerasm: worker threads could not start (${reason}); running on one thread.`);
  }

  private spawn(tid: number): void {
    const slot = this.heap.alloc(16, 'worker slot');
    Atomics.store(this.heap.i32, slot >>> 2, STARTING);
    const stack = this.heap.alloc(STACK_BYTES, 'worker stack');
    const tlsSize = Math.max(16, (this.ex.__tls_size.value as number) >>> 0);
    const tls = this.heap.alloc(tlsSize, 'worker TLS');
    const data = { module: this.module, memory: this.heap.memory, tid, stackTop: stack + STACK_BYTES, tlsPtr: tls, ctrl: this.ctrl, slot };
    const m: Member = { worker: undefined as unknown as AnyWorker, tid, slot, stack, tls, retired: false };
    const onMessage = (msg: { error?: string }) => {
      if (msg && msg.error) this.noteError(m, msg.error);
    };
    this.ex.kx_pool_set_slot(tid, slot);
    if (isNode) {
      const { Worker, MessageChannel } = nodeModule<typeof import('node:worker_threads')>('worker_threads');
      const watchdog = this.nodeWatchdog(Worker);
      const { port1, port2 } = new MessageChannel();
      watchdog.postMessage({ port: port2, slot }, [port2]);
      const w = new Worker(NODE_WORKER_SOURCE, {
        // No inherited flags: `--input-type=module` would make the eval'd (CommonJS) source
        // an ES module without `require`, and the source needs none of the parent's options.
        eval: true, workerData: { ...data, port: port1 }, transferList: [port1], name: `kerasm-${tid}`, execArgv: [],
      });
      m.worker = w;
      w.on('message', onMessage);
      w.on('error', (e) => this.noteError(m, String(e)));
      w.on('exit', () => {
        if (m.retired) this.release(m);
        else if (!this.disposed) this.markDead(m);
      });
      // Workers must never keep a finished Node program alive.
      w.unref();
    } else {
      this.blobUrl ??= URL.createObjectURL(new Blob([BROWSER_WORKER_SOURCE], { type: 'text/javascript' }));
      const w = new Worker(this.blobUrl, { name: `kerasm-${tid}` });
      m.worker = w;
      w.onmessage = (e: MessageEvent) => onMessage(e.data);
      w.onerror = (e) => this.noteError(m, String(e.message ?? 'the worker script was refused'));
      w.postMessage(data);
    }
    this.members.push(m);
  }

  private nodeWatchdog(Worker: typeof import('node:worker_threads').Worker): import('node:worker_threads').Worker {
    if (!this.watchdog) {
      this.watchdog = new Worker(NODE_WATCHDOG_SOURCE, { eval: true, name: 'kerasm-watchdog', execArgv: [] });
      this.watchdog.postMessage({ memory: this.heap.memory, ctrl: this.ctrl });
      // Without it deaths are still found by the dispatcher's stall bound, only later.
      this.watchdog.on('error', (e) => this.errors.push(`watchdog: ${String(e)}`));
      this.watchdog.unref();
    }
    return this.watchdog;
  }

  private noteError(m: Member, message: string): void {
    if (m.retired) return;
    this.errors.push(message);
    this.markDead(m);
  }

  /**
   * Records that a worker is gone. The slot word says whether it ever started: a worker
   * that never registered is a start failure (no kernel saw it), one that had is a death
   * the next kernel call reports (threaded.rs `take_status`). Idempotent with the worker's
   * own catch block and with the dispatcher's eviction.
   */
  private markDead(m: Member): void {
    const i32 = this.heap.i32;
    const old = Atomics.exchange(i32, m.slot >>> 2, DEAD);
    if (old === STARTING) {
      this.startFailure ??= this.errors.at(-1) ?? 'a worker exited before it started';
    } else if (old !== DEAD) {
      Atomics.add(i32, (this.ctrl + DEAD_COUNT) >>> 2, 1);
    }
    Atomics.notify(i32, (this.ctrl + PENDING) >>> 2);
  }

  /** Retires every worker (the dispatcher marks their slots dead and forgets them). */
  private retireAll(): void {
    this.ex.kx_pool_shutdown();
    for (const m of this.members) {
      m.retired = true;
      m.worker.terminate();
      // Browsers announce no exit; a terminated worker may still be unwinding, so its
      // blocks stay allocated (a few hundred KiB per rebuild).
    }
    this.members = [];
    this.configure();
  }

  /** Frees a retired worker's stack and TLS once its thread has exited. Its 16-byte slot word
   *  stays allocated: the watchdog may still write it when the worker's channel closes. */
  private release(m: Member): void {
    for (const p of [m.stack, m.tls]) if (this.heap.isLive(p)) this.heap.free(p);
  }

  /**
   * TEST HOOK — not part of the public API. Terminates worker `i` (0-based) the way a
   * crashed or killed thread disappears. With `wait` (default) it resolves once the pool has
   * noticed (Node: after the 'exit' event ran the pool's own handler; browsers fire no event
   * for a terminated worker, so the death is recorded directly). Without, it returns at once,
   * as `worker.terminate()` without `await` does, and the next kernel call has to notice.
   */
  async terminateWorkerForTest(i: number, opts: { wait?: boolean } = {}): Promise<void> {
    const m = this.members[i];
    if (!m) throw new RangeError(`terminateWorkerForTest: no worker ${i}. Received: ${i} (have ${this.members.length})`);
    const done = m.worker.terminate();
    if (opts.wait === false) return;
    await done;
    if (!isNode) this.markDead(m);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.retireAll();
    void this.watchdog?.terminate();
    if (this.blobUrl) URL.revokeObjectURL(this.blobUrl);
  }
}
