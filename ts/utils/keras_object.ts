// The Keras 3 serialized-object shape (`serialize_keras_object`) shared by initializers,
// regularizers, constraints and layers, and name lookups that only see own entries (so
// 'constructor' or '__proto__' are unknown names, not Object members).

import { ValueError, fmt } from '../errors.js';

/** `{ module, class_name, config, registered_name }` as Keras 3 writes it. */
export interface KerasObject {
  module: string;
  class_name: string;
  config: Record<string, unknown>;
  registered_name: string | null;
}

export function kerasObject(module: string, className: string, config: Record<string, unknown>): KerasObject {
  return { module, class_name: className, config, registered_name: null };
}

/** A `{ class_name, config? }` dict (Keras 2 and tfjs omit `module`). */
export function isKerasObject(v: unknown): v is { class_name: string; config?: Record<string, unknown>; module?: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { class_name?: unknown }).class_name === 'string';
}

/** `map.get(name)` or a ValueError listing the known names (`what` names the family). */
export function lookup<T>(map: ReadonlyMap<string, T>, name: unknown, what: string): T {
  const hit = typeof name === 'string' ? map.get(name) : undefined;
  if (hit === undefined) {
    throw new ValueError(`Unknown ${what}. Expected one of ${[...map.keys()].join(', ')}. Received: ${fmt(name)}`);
  }
  return hit;
}
