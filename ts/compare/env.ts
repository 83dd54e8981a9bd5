// The environment header of a report: what a reader needs to compare numbers across machines.

import { cpus, availableParallelism, platform, release, arch, totalmem } from 'node:os';
import { backendInfo } from '../../bindings/index.js';
import pkg from '../../package.json';
import type { Environment } from './types.js';

export function environment(): Environment {
  const info = backendInfo();
  return {
    cpu: cpus()[0]?.model?.trim() || 'unknown',
    cores: availableParallelism(),
    platform: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    kerasm: pkg.version,
    variant: info.variant,
    threads: info.threadCount,
    totalMemoryBytes: totalmem(),
    date: new Date().toISOString(),
  };
}
