// Type-level spellings of registry names, so string identifiers are unions derived from the
// runtime tables (`keyof typeof TABLE`) and cannot drift from what `get` accepts.
// `camelName` is the runtime twin of `SnakeToCamel`; tests check every spelling resolves.

/** 'categorical_crossentropy' → 'categoricalCrossentropy'. */
export type SnakeToCamel<S extends string> = S extends `${infer H}_${infer T}` ? `${H}${Capitalize<SnakeToCamel<T>>}` : S;

/** snake_case and camelCase. */
export type SnakeOrCamel<S extends string> = S | SnakeToCamel<S>;

/** snake_case, camelCase and PascalCase (class-name form). */
export type AnyCase<S extends string> = S | SnakeToCamel<S> | Capitalize<SnakeToCamel<S>>;

/** Runtime twin of `SnakeToCamel`. */
export function camelName(s: string): string {
  return s.replace(/_([^_])/g, (_, c: string) => c.toUpperCase());
}
