// A readable, numpy-like rendering of a tensor, abbreviated for large ones.

const EDGE = 3;
const MAX_FULL = 1000;

export function formatTensor(shape: readonly number[], dtype: string, data: ArrayLike<number> | null, verbose: boolean): string {
  const head = `Tensor(shape=[${shape.join(', ')}], dtype=${dtype})`;
  if (data === null) return `${head} <disposed>`;
  const size = data.length;
  const abbreviate = size > MAX_FULL;
  const fmtNum = (x: number) => (dtype === 'int32' ? String(x) : Number.isInteger(x) ? `${x}.` : x.toPrecision(4).replace(/\.?0+$/, (m) => (m.startsWith('.') ? '.' : '')));
  const strides: number[] = [];
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= shape[i]!;
  }
  const render = (axis: number, offset: number, indent: string): string => {
    if (axis === shape.length) return fmtNum(data[offset]!);
    const n = shape[axis]!;
    const idx = abbreviate && n > 2 * EDGE ? [...range(0, EDGE), -1, ...range(n - EDGE, n)] : range(0, n);
    const parts = idx.map((i) => (i < 0 ? '...' : render(axis + 1, offset + i * strides[axis]!, indent + ' ')));
    const sep = axis === shape.length - 1 ? ', ' : `,\n${indent} `;
    return `[${parts.join(sep)}]`;
  };
  const body = shape.length === 0 ? fmtNum(data[0]!) : render(0, 0, '');
  return verbose ? `${head}\n${body}` : `Tensor\n${body}`;
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, i) => a + i);
}
