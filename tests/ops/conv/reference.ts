// Float64 references for the convolutional ops, written from the textbook / framework
// definitions rather than from kerasm's kernels: nested loops over every window tap with
// TF-style 'same' padding, the transposed convolution as JAX defines it (dilate the input by
// the stride, pad, correlate with the flipped kernel), pooling windows, batch-norm formulas
// and the jax.image.resize triangle kernel.

import { nd, type NDArray } from '../../helpers/reference.js';

export type Pad = 'valid' | 'same' | readonly [readonly [number, number], readonly [number, number]];

/** Output size and padding before along one axis (TF 'same': extra cell after). */
export function axisRef(size: number, k: number, s: number, d: number, pad: 'valid' | 'same' | readonly [number, number]): [number, number] {
  const keff = (k - 1) * d + 1;
  if (pad === 'same') {
    const out = Math.ceil(size / s);
    return [out, Math.floor(Math.max((out - 1) * s + keff - size, 0) / 2)];
  }
  const [b, a] = pad === 'valid' ? [0, 0] : pad;
  return [Math.floor((size + b + a - keff) / s) + 1, b];
}

interface Win { kh: number; kw: number; s: [number, number]; d: [number, number]; pad: Pad }

/** Calls f(b, oy, ox, ky, kx, iy, ix) for every in-image tap; returns [oh, ow]. */
function windows(shape: number[], o: Win, f?: (b: number, oy: number, ox: number, ky: number, kx: number, iy: number, ix: number) => void): [number, number] {
  const [n, h, w] = shape as [number, number, number];
  const [oh, pt] = axisRef(h, o.kh, o.s[0], o.d[0], typeof o.pad === 'string' ? o.pad : o.pad[0]);
  const [ow, pl] = axisRef(w, o.kw, o.s[1], o.d[1], typeof o.pad === 'string' ? o.pad : o.pad[1]);
  if (f) {
    for (let b = 0; b < n; b++) for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) {
      for (let ky = 0; ky < o.kh; ky++) for (let kx = 0; kx < o.kw; kx++) {
        const iy = oy * o.s[0] + ky * o.d[0] - pt, ix = ox * o.s[1] + kx * o.d[1] - pl;
        if (iy >= 0 && iy < h && ix >= 0 && ix < w) f(b, oy, ox, ky, kx, iy, ix);
      }
    }
  }
  return [oh, ow];
}

export interface ConvRefOpts { strides?: [number, number]; dilation?: [number, number]; padding?: Pad }

const win = (kh: number, kw: number, o: ConvRefOpts): Win => ({ kh, kw, s: o.strides ?? [1, 1], d: o.dilation ?? [1, 1], pad: o.padding ?? 'valid' });

export function conv2dRef(x: NDArray, w: NDArray, o: ConvRefOpts = {}, bias?: NDArray): NDArray {
  const [n, h, wd, c] = x.shape as [number, number, number, number];
  const [kh, kw, , f] = w.shape as [number, number, number, number];
  const g = win(kh, kw, o);
  const [oh, ow] = windows(x.shape, g);
  const y = nd([n, oh, ow, f], (i) => (bias ? bias.data[i % f]! : 0));
  windows(x.shape, g, (b, oy, ox, ky, kx, iy, ix) => {
    for (let ci = 0; ci < c; ci++) {
      const xv = x.data[((b * h + iy) * wd + ix) * c + ci]!;
      for (let fo = 0; fo < f; fo++) y.data[((b * oh + oy) * ow + ox) * f + fo] += xv * w.data[((ky * kw + kx) * c + ci) * f + fo]!;
    }
  });
  return y;
}

/** Keras/JAX conv_transpose: kernel [kh, kw, filters, in]. */
export function conv2dTransposeRef(x: NDArray, w: NDArray, o: { strides?: [number, number]; dilation?: [number, number]; padding?: 'valid' | 'same' } = {}): NDArray {
  const [n, h, wd, cin] = x.shape as [number, number, number, number];
  const [kh, kw, f] = w.shape as [number, number, number, number];
  const s = o.strides ?? [1, 1], d = o.dilation ?? [1, 1], padding = o.padding ?? 'valid';
  // keras/src/backend/common/backend_utils.py: _convert_conv_transpose_padding_args_from_keras_to_jax
  const lr = (keff: number, st: number): [number, number] => {
    if (padding === 'valid') return [keff - 1, keff - 1 + Math.max(keff, st) - keff];
    const padLen = st + keff - 2;
    const left = Math.min(Math.floor(padLen / 2) + (padLen % 2), keff - 1);
    return [left, padLen - left];
  };
  const keffY = (kh - 1) * d[0] + 1, keffX = (kw - 1) * d[1] + 1;
  const [ly, ry] = lr(keffY, s[0]);
  const [lx, rx] = lr(keffX, s[1]);
  // Dilate x by the stride and pad it: xp[b, py, px, ci].
  const hp = (h - 1) * s[0] + 1 + ly + ry, wp = (wd - 1) * s[1] + 1 + lx + rx;
  const xp = nd([n, hp, wp, cin], () => 0);
  for (let b = 0; b < n; b++) for (let iy = 0; iy < h; iy++) for (let ix = 0; ix < wd; ix++) for (let ci = 0; ci < cin; ci++) {
    xp.data[((b * hp + ly + iy * s[0]) * wp + lx + ix * s[1]) * cin + ci] = x.data[((b * h + iy) * wd + ix) * cin + ci]!;
  }
  // Correlate with the spatially flipped kernel, in/out swapped (transpose_kernel=True).
  const oh = hp - keffY + 1, ow = wp - keffX + 1;
  const y = nd([n, oh, ow, f], () => 0);
  for (let b = 0; b < n; b++) for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) {
    for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) for (let ci = 0; ci < cin; ci++) {
      const xv = xp.data[((b * hp + oy + ky * d[0]) * wp + ox + kx * d[1]) * cin + ci]!;
      if (xv === 0) continue;
      for (let fo = 0; fo < f; fo++) {
        y.data[((b * oh + oy) * ow + ox) * f + fo] += xv * w.data[(((kh - 1 - ky) * kw + (kw - 1 - kx)) * f + fo) * cin + ci]!;
      }
    }
  }
  return y;
}

export function depthwiseRef(x: NDArray, w: NDArray, o: ConvRefOpts = {}, bias?: NDArray): NDArray {
  const [n, h, wd, c] = x.shape as [number, number, number, number];
  const [kh, kw, , m] = w.shape as [number, number, number, number];
  const g = win(kh, kw, o);
  const [oh, ow] = windows(x.shape, g);
  const cm = c * m;
  const y = nd([n, oh, ow, cm], (i) => (bias ? bias.data[i % cm]! : 0));
  windows(x.shape, g, (b, oy, ox, ky, kx, iy, ix) => {
    for (let j = 0; j < cm; j++) {
      y.data[((b * oh + oy) * ow + ox) * cm + j] += x.data[((b * h + iy) * wd + ix) * c + Math.floor(j / m)]! * w.data[(ky * kw + kx) * cm + j]!;
    }
  });
  return y;
}

export function poolRef(kind: 'max' | 'avg', x: NDArray, pool: [number, number], strides: [number, number], padding: 'valid' | 'same'): NDArray {
  const [n, h, wd, c] = x.shape as [number, number, number, number];
  const g: Win = { kh: pool[0], kw: pool[1], s: strides, d: [1, 1], pad: padding };
  const [oh, ow] = windows(x.shape, g);
  const acc = nd([n, oh, ow, c], () => (kind === 'max' ? -Infinity : 0));
  const cnt = new Float64Array(n * oh * ow);
  windows(x.shape, g, (b, oy, ox, _ky, _kx, iy, ix) => {
    const o = (b * oh + oy) * ow + ox;
    cnt[o]!++;
    for (let ch = 0; ch < c; ch++) {
      const v = x.data[((b * h + iy) * wd + ix) * c + ch]!;
      acc.data[o * c + ch] = kind === 'max' ? Math.max(acc.data[o * c + ch]!, v) : acc.data[o * c + ch]! + v;
    }
  });
  if (kind === 'avg') acc.data.forEach((v, i) => (acc.data[i] = v / cnt[Math.floor(i / c)]!));
  return acc;
}

/** Training batch norm over all axes but the last: y, biased mean and variance. */
export function batchNormRef(x: NDArray, gamma: NDArray | null, beta: NDArray | null, eps: number): { y: NDArray; mean: NDArray; variance: NDArray } {
  const c = x.shape.at(-1)!, rows = x.data.length / c;
  const mean = nd([c], () => 0), variance = nd([c], () => 0);
  x.data.forEach((v, i) => (mean.data[i % c] += v / rows));
  x.data.forEach((v, i) => (variance.data[i % c] += (v - mean.data[i % c]!) ** 2 / rows));
  const y = nd(x.shape, (i) => {
    const ch = i % c;
    return (x.data[i]! - mean.data[ch]!) / Math.sqrt(variance.data[ch]! + eps) * (gamma ? gamma.data[ch]! : 1) + (beta ? beta.data[ch]! : 0);
  });
  return { y, mean, variance };
}

export function batchNormInferenceRef(x: NDArray, mean: NDArray, variance: NDArray, gamma: NDArray, beta: NDArray, eps: number): NDArray {
  const c = x.shape.at(-1)!;
  return nd(x.shape, (i) => {
    const ch = i % c;
    return (x.data[i]! - mean.data[ch]!) * gamma.data[ch]! / Math.sqrt(variance.data[ch]! + eps) + beta.data[ch]!;
  });
}

/** jax.image.resize weights along one axis: triangle kernel at (o + ½)·in/out − ½, renormalised. */
function resizeWeights(inp: number, out: number, mode: 'nearest' | 'bilinear'): number[][] {
  return Array.from({ length: out }, (_, o) => {
    if (mode === 'nearest') return Array.from({ length: inp }, (_, i) => (Math.floor((o * inp) / out) === i ? 1 : 0));
    const s = (o + 0.5) * (inp / out) - 0.5;
    const w = Array.from({ length: inp }, (_, i) => Math.max(0, 1 - Math.abs(s - i)));
    const t = w.reduce((a, b) => a + b, 0);
    return w.map((v) => v / t);
  });
}

export function resizeRef(x: NDArray, oh: number, ow: number, mode: 'nearest' | 'bilinear'): NDArray {
  const [n, h, wd, c] = x.shape as [number, number, number, number];
  const wy = resizeWeights(h, oh, mode), wx = resizeWeights(wd, ow, mode);
  const y = nd([n, oh, ow, c], () => 0);
  for (let b = 0; b < n; b++) for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) {
    for (let iy = 0; iy < h; iy++) for (let ix = 0; ix < wd; ix++) {
      const wgt = wy[oy]![iy]! * wx[ox]![ix]!;
      if (wgt === 0) continue;
      for (let ch = 0; ch < c; ch++) y.data[((b * oh + oy) * ow + ox) * c + ch] += wgt * x.data[((b * h + iy) * wd + ix) * c + ch]!;
    }
  }
  return y;
}
