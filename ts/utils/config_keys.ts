// Keras config dicts (snake_case) → kerasm options objects (camelCase).

import { ValueError, fmt } from '../errors.js';

export const camelCase = (k: string) => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
export const snakeKey = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * `{ max_value: 2, seed: null }` → `{ maxValue: 2 }`: camelCase keys, `null` dropped (null is
 * every Keras option's default). Keys that could reach Object's prototype are refused.
 */
export function camelKeys(where: string, config: Record<string, unknown>): Record<string, unknown> {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ValueError(`${where}: config must be an object. Received: ${fmt(config)}`);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') {
      throw new ValueError(`${where}: invalid config key. Received: ${fmt(k)}`);
    }
    if (v !== null) out[camelCase(k)] = v;
  }
  return out;
}
