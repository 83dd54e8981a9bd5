// Number formatting that matches what Keras (Python) prints, so logs and CSV files read
// the same as Keras's.

/** Python `'%.Nf' % x`: round half to even on the exact binary value (JS rounds ties up). */
export function pyFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return pySpecial(x);
  const s = x.toFixed(digits);
  // x lies exactly halfway between two N-digit decimals only if x·2·10^N is an odd
  // integer; scaling by 2^(N+1) is exact, and 5^N | x·2^(N+1)·5^N is then automatic.
  const scaled = x * 2 ** (digits + 1);
  if (!Number.isInteger(scaled) || Math.abs(scaled) > 2 ** 52) return s;
  const twice = Math.abs(x) * 2 * 10 ** digits; // exact: small odd multiple of 0.5·10^-N
  if (!Number.isInteger(twice) || twice % 2 !== 1) return s;
  const lower = (twice - 1) / 2; // the candidate below the tie, in units of 10^-N
  const even = lower % 2 === 0 ? lower : lower + 1;
  const mag = (even / 10 ** digits).toFixed(digits);
  return x < 0 ? `-${mag}` : mag;
}

/** Python `'%.Ne' % x`: like toExponential(N) with a signed, at least two-digit exponent. */
export function pyExp(x: number, digits: number): string {
  if (!Number.isFinite(x)) return pySpecial(x);
  const [mant, exp] = x.toExponential(digits).split('e') as [string, string];
  const sign = exp[0] === '-' ? '-' : '+';
  const e = exp.replace(/^[+-]/, '');
  return `${mant}e${sign}${e.padStart(2, '0')}`;
}

/** Python `repr(float)`: shortest round-trip digits, scientific below 1e-4 and from 1e16. */
export function pyRepr(x: number): string {
  if (!Number.isFinite(x)) return pySpecial(x);
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [m, e] = x.toExponential().split('e') as [string, string];
  const exp = Number(e);
  const neg = m.startsWith('-');
  const digits = m.replace(/^-/, '').replace('.', '');
  let out: string;
  if (exp < -4 || exp >= 16) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    out = `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  } else if (exp < 0) {
    out = `0.${'0'.repeat(-exp - 1)}${digits}`;
  } else if (digits.length <= exp + 1) {
    out = `${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  } else {
    out = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  }
  return neg ? `-${out}` : out;
}

function pySpecial(x: number): string {
  return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
}

/** A metric as Keras's progress bar prints it: 4 decimals, or scientific when |x| ≤ 1e-3. */
export function formatMetric(x: number): string {
  return Math.abs(x) > 1e-3 ? pyFixed(x, 4) : pyExp(x, 4);
}

/** Python `'%.0f' % x` (half to even), for seconds and per-step times. */
export function pyRound(x: number): string {
  return pyFixed(x, 0);
}
