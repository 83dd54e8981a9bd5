// The body of every pool worker, as source text: shipping it as a string (Node `eval`
// workers, browser Blob URLs) keeps the package free of extra entry files that bundlers
// would have to know about. It instantiates the shared module, gives itself a private
// shadow stack and TLS block, and enters the dispatch loop inside WebAssembly. If the
// instance traps, it marks its slot word dead (and, if it had started, counts itself in the
// pool's dead counter at control-block offset 196) and wakes the caller waiting on
// `pending` (offset 64), so a dead worker becomes an error, never a hang (pool.ts).
// Plain script syntax only: it must parse as CommonJS in Node and as a classic worker.

const BODY = `
function start(d, post) {
  // The watchdog's channel (Node): it closes when this thread dies, however it dies.
  const keepAlive = d.port;
  try {
    const ex = new WebAssembly.Instance(d.module, { env: { memory: d.memory, kx_now_ms: () => Date.now() } }).exports;
    ex.__stack_pointer.value = d.stackTop;
    ex.__wasm_init_tls(d.tlsPtr);
    post({ started: d.tid });
    ex.kx_worker_loop(d.tid, d.slot);
    post({ exited: d.tid, keepAlive: keepAlive === undefined });
  } catch (e) {
    const i32 = new Int32Array(d.memory.buffer);
    const old = Atomics.exchange(i32, d.slot >>> 2, -1);
    if (old !== 1 && old !== -1) Atomics.add(i32, (d.ctrl + 196) >>> 2, 1);
    Atomics.notify(i32, (d.ctrl + 64) >>> 2);
    post({ error: String((e && e.stack) || e), tid: d.tid });
  }
}`;

export const NODE_WORKER_SOURCE = `${BODY}
const { workerData, parentPort } = require('node:worker_threads');
start(workerData, (m) => parentPort.postMessage(m));`;

export const BROWSER_WORKER_SOURCE = `${BODY}
self.onmessage = (e) => start(e.data, (m) => self.postMessage(m));`;

/**
 * Node only: a thread that watches the pool workers from an event loop that is never
 * blocked. Each worker holds one end of a MessageChannel; when a worker dies (even by
 * terminate() or an isolate abort, which skip its catch block) its end closes and the
 * watchdog marks its slot dead and wakes the caller, who may be blocked in a kernel the
 * worker had already claimed. Slots still STARTING (1) are left to the owner's handlers.
 */
export const NODE_WATCHDOG_SOURCE = `
const { parentPort } = require('node:worker_threads');
let memory, ctrl;
parentPort.on('message', (m) => {
  if (m.memory) { memory = m.memory; ctrl = m.ctrl; return; }
  const { port, slot } = m;
  port.on('message', () => {});
  port.on('close', () => {
    const i32 = new Int32Array(memory.buffer);
    for (;;) {
      const v = Atomics.load(i32, slot >>> 2);
      if (v === 1 || v === -1) break;
      if (Atomics.compareExchange(i32, slot >>> 2, v, -1) === v) { Atomics.add(i32, (ctrl + 196) >>> 2, 1); break; }
    }
    Atomics.notify(i32, (ctrl + 64) >>> 2);
  });
  port.unref();
});
parentPort.unref();`;
