// Shared by the model-config tests: fixtures, and the normalisation for comparing a config
// kerasm writes with the one Keras wrote.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(__dirname, 'fixtures');

export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
}

/**
 * Drops `shared_object_id`: Keras marks the second and later uses of one Python object (the
 * dtype policy) with its id() so a reload can share it; the number is a memory address, and
 * kerasm has no shared objects to mark.
 */
export function comparable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(comparable);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'shared_object_id').map(([k, x]) => [k, comparable(x)]));
  }
  return v;
}

/** JSON round trip: what a file holds (no undefined, no typed arrays). */
export const asJson = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
