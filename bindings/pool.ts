// The JS half of the thread pool: spawning workers over the shared memory, telling the
// WASM dispatcher how many exist and may be used, and tearing them down. Dispatch itself
// never touches JS (crates/kerasm-wasm/src/pool/threaded.rs).

import type { Exports, ThreadExports } from './exports.js';
import type { Heap } from './memory.js';
import { isBrowserMainThread, isNode, nodeModule } from './features.js';
import { BROWSER_WORKER_SOURCE, NODE_WORKER_SOURCE } from './worker_source.js';

const STACK_BYTES = 512 * 1024;
const SPIN_LIMIT = 1 << 15;
// Control-block offsets (threaded.rs `Ctrl`).
const PENDING = 64;
const READY = 192;
const DEAD = 196;

interface AnyWorker {
  terminate(): unknown;
  unref?(): void;
}

export class ThreadPool {
  private readonly workers: AnyWorker[] = [];
  private maxThreads = 1;
  private spinLimit = SPIN_LIMIT;
  private readonly ctrl: number;
  private blobUrl: string | undefined;
  /** Messages from workers that trapped, newest last. */
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
    return Atomics.load(this.heap.i32, (this.ctrl + READY) >>> 2);
  }

  get dead(): boolean {
    return Atomics.load(this.heap.i32, (this.ctrl + DEAD) >>> 2) !== 0;
  }

  /** Uses `n` threads per call, spawning workers if there are fewer than `n - 1`. */
  setThreadCount(n: number): void {
    if (!Number.isInteger(n) || n < 1) {
      throw new RangeError(`setThreadCount: expected a positive integer. Received: ${n}`);
    }
    while (this.workers.length < n - 1) this.spawn(this.workers.length + 1);
    this.maxThreads = n;
    this.configure();
  }

  /** 0 disables spinning (useful when other processes compete for the cores). */
  setSpinLimit(iterations: number): void {
    this.spinLimit = Math.max(0, Math.min(SPIN_LIMIT, Math.floor(iterations)));
    this.configure();
  }

  private configure(): void {
    this.ex.kx_pool_configure(this.workers.length, this.maxThreads, isBrowserMainThread ? 0 : 1, this.spinLimit);
  }

  /** Resolves once every spawned worker has entered the dispatch loop. */
  async whenReady(timeoutMs = 10_000): Promise<void> {
    const t0 = Date.now();
    while (this.readyWorkers < this.workers.length) {
      if (this.dead) throw new Error(`kerasm: a worker thread failed to start: ${this.errors.at(-1) ?? 'unknown error'}`);
      if (Date.now() - t0 > timeoutMs) {
        throw new Error(`kerasm: only ${this.readyWorkers} of ${this.workers.length} worker threads started within ${timeoutMs} ms.`);
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  private spawn(tid: number): void {
    const stackBase = this.heap.alloc(STACK_BYTES, 'worker stack');
    const tlsSize = Math.max(16, (this.ex.__tls_size.value as number) >>> 0);
    const tlsPtr = this.heap.alloc(tlsSize, 'worker TLS');
    const data = { module: this.module, memory: this.heap.memory, tid, stackTop: stackBase + STACK_BYTES, tlsPtr, ctrl: this.ctrl };
    const onMessage = (m: { error?: string }) => {
      if (m && m.error) this.errors.push(m.error);
    };
    if (isNode) {
      const { Worker } = nodeModule<typeof import('node:worker_threads')>('worker_threads');
      const w = new Worker(NODE_WORKER_SOURCE, { eval: true, workerData: data, name: `kerasm-${tid}` });
      w.on('message', onMessage);
      w.on('error', (e) => { this.markDead(tid); this.errors.push(String(e)); });
      w.on('exit', () => { if (!this.disposed) this.markDead(tid); });
      // Workers must never keep a finished Node program alive.
      w.unref();
      this.workers.push(w);
    } else {
      this.blobUrl ??= URL.createObjectURL(new Blob([BROWSER_WORKER_SOURCE], { type: 'text/javascript' }));
      const w = new Worker(this.blobUrl, { name: `kerasm-${tid}` });
      w.onmessage = (e: MessageEvent) => onMessage(e.data);
      w.onerror = (e) => { this.markDead(tid); this.errors.push(String(e.message)); };
      w.postMessage(data);
      this.workers.push(w);
    }
  }

  private disposed = false;

  /**
   * Records that worker `tid` is gone (exit/error event). Bit `tid` of `dead` is idempotent,
   * so a worker that trapped and marked itself is not counted twice; the next kernel call
   * reports the death once (threaded.rs `take_status`) and later calls run on one thread.
   */
  private markDead(tid: number): void {
    const i32 = this.heap.i32;
    Atomics.or(i32, (this.ctrl + DEAD) >>> 2, 1 << tid);
    Atomics.notify(i32, (this.ctrl + PENDING) >>> 2);
  }

  /**
   * TEST HOOK — not part of the public API. Terminates worker `i` (0-based) the way a
   * crashed or killed thread disappears, and resolves once the pool has noticed (Node:
   * after the runtime's 'exit' event has run the pool's own handler; browsers fire no
   * event for a terminated worker, so the death is recorded directly).
   */
  async terminateWorkerForTest(i: number): Promise<void> {
    const w = this.workers[i];
    if (!w) throw new RangeError(`terminateWorkerForTest: no worker ${i}. Received: ${i} (have ${this.workers.length})`);
    await w.terminate();
    if (!isNode) this.markDead(i + 1);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.ex.kx_pool_shutdown();
    for (const w of this.workers) w.terminate();
    this.workers.length = 0;
    if (this.blobUrl) URL.revokeObjectURL(this.blobUrl);
  }
}
