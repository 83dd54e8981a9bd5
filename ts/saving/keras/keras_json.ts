// JSON as Python's json module writes it for Keras configs. Keras checks some
// hyper-parameters with isinstance(x, float): SGD refuses `momentum: 0`, and an optimizer's
// `learning_rate: 1` is read as an int. JavaScript has one number type, so these keys are
// written with a decimal point whatever their value.

const FLOAT_KEYS = new Set([
  'learning_rate', 'momentum', 'beta_1', 'beta_2', 'epsilon', 'rho', 'weight_decay', 'clipnorm', 'clipvalue',
  'global_clipnorm', 'ema_momentum', 'initial_accumulator_value', 'decay_rate', 'initial_learning_rate', 'alpha',
]);

function num(v: number, float: boolean): string {
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : v < 0 ? '-Infinity' : 'NaN';
  const s = JSON.stringify(v);
  return float && Number.isInteger(v) && !/e/i.test(s) ? `${s}.0` : s;
}

export function kerasJson(value: unknown, key = ''): string {
  if (typeof value === 'number') return num(value, FLOAT_KEYS.has(key));
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => kerasJson(v, key)).join(', ')}]`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) if (v !== undefined) parts.push(`${JSON.stringify(k)}: ${kerasJson(v, k)}`);
  return `{${parts.join(', ')}}`;
}
