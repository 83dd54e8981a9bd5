// Error types in the Keras mould: say where, what was expected, and what was received.

/** An argument has the wrong value (Keras `ValueError`). */
export class ValueError extends Error {
  /** Always `'ValueError'` (survives bundling, unlike the constructor name). */
  override name = 'ValueError';
}

/** Used a tensor or object after `dispose()`. */
export class DisposedError extends Error {
  /** Always `'DisposedError'`. */
  override name = 'DisposedError';
}

/** Formats a value for a `Received: …` clause without dumping huge arrays. */
export function fmt(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(fmt).join(',')}]`;
  if (typeof v === 'string') return `'${v}'`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as unknown as ArrayLike<number>).length})`;
  if (v !== null && typeof v === 'object' && 'shape' in v) return `Tensor(shape=${fmt((v as { shape: unknown }).shape)})`;
  return String(v);
}
