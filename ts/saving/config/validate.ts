// Shape checks for configs read from files: every field is checked for its type before it is
// used, so a wrong or hostile config gives a ValueError naming the field, never a TypeError
// deep inside a layer constructor, a hang or a stack overflow.

import { ValueError, fmt } from '../../errors.js';

/** Deepest nesting accepted in a config (a real model nests ~6 levels per nested model). */
export const MAX_DEPTH = 200;

export type JsonRecord = Record<string, unknown>;

export function isRecord(v: unknown): v is JsonRecord {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Throws when `v` nests deeper than MAX_DEPTH (which also catches reference cycles). */
export function checkDepth(v: unknown, where: string): void {
  const stack: [unknown, number][] = [[v, 0]];
  while (stack.length > 0) {
    const [x, d] = stack.pop()!;
    if (x === null || typeof x !== 'object') continue;
    if (d > MAX_DEPTH) {
      throw new ValueError(`${where}: the config nests deeper than ${MAX_DEPTH} levels (or refers to itself); refusing to read it.`);
    }
    for (const c of Array.isArray(x) ? x : Object.values(x)) if (c !== null && typeof c === 'object') stack.push([c, d + 1]);
  }
}

export function expectRecord(v: unknown, where: string): JsonRecord {
  if (!isRecord(v)) throw new ValueError(`${where} must be an object. Received: ${fmt(v)}`);
  return v;
}

export function expectArray(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw new ValueError(`${where} must be a list. Received: ${fmt(v)}`);
  return v;
}

export function expectString(v: unknown, where: string): string {
  if (typeof v !== 'string' || v.length === 0) throw new ValueError(`${where} must be a non-empty string. Received: ${fmt(v)}`);
  return v;
}

export function expectIndex(v: unknown, where: string): number {
  if (!Number.isInteger(v) || (v as number) < 0) throw new ValueError(`${where} must be a non-negative integer. Received: ${fmt(v)}`);
  return v as number;
}

/** A batch shape: a list of non-negative integers or null. */
export function expectShape(v: unknown, where: string): (number | null)[] {
  const a = expectArray(v, where);
  for (const d of a) {
    if (d !== null && (!Number.isInteger(d) || (d as number) < 0)) {
      throw new ValueError(`${where} must be a list of non-negative integers or null. Received: ${fmt(v)}`);
    }
  }
  return a as (number | null)[];
}
