// Custom objects (Keras `register_keras_serializable` / `custom_objects=`) and the safe
// lookups every name read from a file goes through: Maps and own properties only, so a class
// or key named `__proto__`, `constructor` or `toString` never reaches Object.prototype.

import { ValueError, fmt } from '../../errors.js';

/** User objects for loading, by Keras registered name (`package>Name`) or class name. */
export type CustomObjects = Record<string, unknown>;

const byName = new Map<string, unknown>();
const nameOf = new Map<unknown, string>();

/**
 * Keras `register_keras_serializable`: makes `obj` (a layer class, or an initializer,
 * regularizer, constraint, loss, metric or activation function) loadable by name, and
 * makes saved configs carry that name. `name` is `package>Name` as Keras writes it; a bare
 * `Name` is registered as `Custom>Name` (Keras's default package) and also answers to `Name`.
 */
export function registerKerasSerializable(name: string, obj: unknown): void {
  if (typeof name !== 'string' || name.length === 0) {
    throw new ValueError(`registerKerasSerializable: the name must be a non-empty string. Received: ${fmt(name)}`);
  }
  if (typeof obj !== 'function' && (typeof obj !== 'object' || obj === null)) {
    throw new ValueError(`registerKerasSerializable('${name}'): expected a class or function. Received: ${fmt(obj)}`);
  }
  const full = name.includes('>') ? name : `Custom>${name}`;
  byName.set(full, obj);
  byName.set(full.slice(full.indexOf('>') + 1), obj);
  nameOf.set(obj, full);
}

/** The registered name (`package>Name`) of a registered object, if any. */
export function registeredNameOf(obj: unknown): string | undefined {
  return nameOf.get(obj);
}

/** Own property of a plain record, or undefined: never an inherited member. */
export function own(obj: unknown, key: string): unknown {
  if (obj === null || typeof obj !== 'object') return undefined;
  return Object.prototype.hasOwnProperty.call(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

/**
 * A user object for a serialized entry: `customObjects` first, then registered ones, each
 * by registered name and then class name (Keras's order).
 */
export function lookupCustom(className: string, registeredName: unknown, customObjects: CustomObjects | undefined): unknown {
  const keys = typeof registeredName === 'string' && registeredName !== className ? [registeredName, className] : [className];
  for (const k of keys) {
    const v = own(customObjects, k);
    if (v !== undefined) return v;
  }
  for (const k of keys) {
    if (byName.has(k)) return byName.get(k);
  }
  return undefined;
}

/** Names a user can load by (for error messages). */
export function customNames(customObjects: CustomObjects | undefined): string[] {
  const names = new Set<string>([...byName.keys()].filter((k) => k.includes('>')));
  if (customObjects && typeof customObjects === 'object') for (const k of Object.keys(customObjects)) names.add(k);
  return [...names];
}
