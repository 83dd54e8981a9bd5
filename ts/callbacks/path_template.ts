// Python `str.format` placeholders in checkpoint paths (`ckpt/{epoch:02d}-{val_loss:.2f}.keras`),
// as Keras's ModelCheckpoint fills them from the epoch number and the logs.

import { ValueError, fmt } from '../errors.js';

const SPEC = /^(0)?(\d+)?(?:\.(\d+))?([dfeEgG%s])?$/;

function formatOne(v: number | string, spec: string, template: string): string {
  const m = SPEC.exec(spec);
  if (!m) throw new ValueError(`Checkpoint path '${template}': unsupported format spec ':${spec}'. Supported: [0][width][.precision][d|f|e|g|%].`);
  const [, zero, width, precision, type] = m;
  let s: string;
  if (typeof v === 'string') s = v;
  else if (type === 'd') {
    if (!Number.isInteger(v)) throw new ValueError(`Checkpoint path '${template}': ':${spec}' needs an integer. Received: ${v}`);
    s = String(Math.abs(v));
  } else if (type === 'e' || type === 'E') s = Math.abs(v).toExponential(precision ? +precision : 6).replace(/e([+-])(\d)$/, 'e$10$2');
  else if (type === '%') s = `${percent(Math.abs(v), precision ? +precision : 6)}%`;
  else if (type === 'g' || type === 'G') s = String(Number(Math.abs(v).toPrecision(precision ? +precision || 1 : 6)));
  else s = precision !== undefined || type === 'f' ? Math.abs(v).toFixed(precision ? +precision : 6) : String(Math.abs(v));
  if (type === 'E') s = s.toUpperCase();
  const sign = typeof v === 'number' && (v < 0 || Object.is(v, -0)) ? '-' : '';
  const w = width ? +width : 0;
  if (zero) return sign + s.padStart(Math.max(0, w - sign.length), '0');
  return (sign + s).padStart(w, ' ');
}

/** Python's '%': the exact binary value times 100, rounded once (so 0.8765 → '87.6'). */
function percent(v: number, p: number): string {
  const [int, frac = ''] = v.toFixed(p + 2).split('.');
  const digits = (int! + frac).replace(/^0+(?=\d)/, '');
  const whole = digits.slice(0, digits.length - p) || '0';
  return p > 0 ? `${whole}.${digits.slice(digits.length - p)}` : whole;
}

/** Fills `{name}` and `{name:spec}`; `{{`/`}}` are literal braces. A missing name is an error. */
export function fillPathTemplate(template: string, values: Record<string, number | string>): string {
  return template.replace(/\{\{|\}\}|\{([A-Za-z_][\w]*)(?::([^}]*))?\}/g, (all, name: string | undefined, spec: string | undefined) => {
    if (all === '{{') return '{';
    if (all === '}}') return '}';
    if (!Object.hasOwn(values, name!)) {
      throw new ValueError(`Failed to format this callback filepath: "${template}". Reason: no value for '${name}'. Available: ${fmt(Object.keys(values))}`);
    }
    return spec ? formatOne(values[name!]!, spec, template) : String(values[name!]);
  });
}
