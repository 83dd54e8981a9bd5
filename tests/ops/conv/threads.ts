// Runs a computation on 1 thread and then on 2, after the worker has started (workers come
// up asynchronously, and a pool without a ready worker silently runs everything serially,
// which would make a thread test vacuous).

import { expect } from 'vitest';
import { backend, backendInfo, getThreadCount, setThreadCount } from '../../../bindings/index.js';

export async function onOneAndTwoThreads<T>(run: () => T): Promise<[T, T]> {
  const pool = backend().pool;
  if (!pool) throw new Error(`thread tests need a threaded build; the backend is '${backend().variant}'`);
  await pool.whenReady();
  const before = getThreadCount();
  try {
    setThreadCount(1);
    const one = run();
    setThreadCount(2);
    expect(backendInfo().readyWorkers).toBeGreaterThanOrEqual(1);
    const two = run();
    return [one, two];
  } finally {
    setThreadCount(before);
  }
}
