// Real Keras 3 / h5py / TensorBoard checks run through a Python venv made from pinned
// requirements (.ci/run creates it; KERASM_PYTHON overrides). Without it those checks are
// skipped with one notice, and only those.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const pythonPath: string = process.env.KERASM_PYTHON ?? join(homedir(), '.cache', 'kerasm', 'venv', 'bin', 'python');

export const hasPython: boolean = existsSync(pythonPath);

let noticed = false;
/** Prints once per test file that the Python checks are skipped. */
export function pythonNotice(what: string): void {
  if (hasPython || noticed) return;
  noticed = true;
  console.warn(`python: ${pythonPath} not found; skipping ${what} (bash .ci/run creates the venv)`);
}

/** Runs a Python script with Keras on JAX; returns stdout. Throws with stderr on failure. */
export function runPython(script: string, args: string[] = [], opts: { timeoutMs?: number; env?: Record<string, string> } = {}): string {
  return execFileSync(pythonPath, [script, ...args], {
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 300_000,
    maxBuffer: 64 << 20,
    env: { ...process.env, KERAS_BACKEND: 'jax', JAX_PLATFORMS: 'cpu', TF_CPP_MIN_LOG_LEVEL: '3', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
