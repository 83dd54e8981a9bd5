// The convolutional family's WASM exports on every built variant (simd, simd-relaxed,
// threads, threads-relaxed): conv2d forward / backward-input / backward-filter on both the
// direct and the im2col + GEMM paths, depthwise, pooling, batch-norm moments and resize,
// against float64 loops; and, on threaded builds, 1 thread against 2, bit for bit. The op
// layer (tests/ops/conv/) runs only on the default build; this suite covers the others.

import { describe, expect, it } from 'vitest';
import { WasmBuffer, type Backend } from '../../bindings/index.js';
import { isThreaded } from '../../bindings/variants.js';
import { backendFor, builtVariants, randomArray } from '../helpers/backends.js';

interface G { n: number; h: number; w: number; c: number; oh: number; ow: number; kh: number; kw: number; sh: number; sw: number; dh: number; dw: number; pt: number; pl: number; co: number }

/** TF-style geometry: 'same' puts the extra padding cell at the bottom/right. */
function geom(n: number, h: number, w: number, c: number, k: number, s: number, d: number, same: boolean, co: number): G {
  const keff = (k - 1) * d + 1;
  const axis = (size: number) => {
    if (!same) return [Math.floor((size - keff) / s) + 1, 0] as const;
    const out = Math.ceil(size / s);
    return [out, Math.floor(Math.max((out - 1) * s + keff - size, 0) / 2)] as const;
  };
  const [oh, pt] = axis(h);
  const [ow, pl] = axis(w);
  return { n, h, w, c, oh, ow, kh: k, kw: k, sh: s, sw: s, dh: d, dw: d, pt, pl, co };
}

/** Calls f(outPixel, inPixel, tap) for every in-image window tap. */
function taps(g: G, f: (o: number, i: number, t: number) => void): void {
  for (let b = 0; b < g.n; b++) for (let oy = 0; oy < g.oh; oy++) for (let ox = 0; ox < g.ow; ox++) {
    for (let ky = 0; ky < g.kh; ky++) for (let kx = 0; kx < g.kw; kx++) {
      const iy = oy * g.sh + ky * g.dh - g.pt, ix = ox * g.sw + kx * g.dw - g.pl;
      if (iy >= 0 && iy < g.h && ix >= 0 && ix < g.w) f((b * g.oh + oy) * g.ow + ox, (b * g.h + iy) * g.w + ix, ky * g.kw + kx);
    }
  }
}

class Bufs {
  private readonly all: WasmBuffer[] = [];
  constructor(private readonly be: Backend) {}
  f32(data: Float32Array | number): WasmBuffer {
    const b = WasmBuffer.alloc(this.be.heap, typeof data === 'number' ? data : data.length);
    if (typeof data !== 'number') b.f32().set(data);
    else b.f32().fill(NaN);
    this.all.push(b);
    return b;
  }
  geom(g: G): number {
    const b = WasmBuffer.alloc(this.be.heap, 15, 'int32');
    b.view().set([g.n, g.h, g.w, g.c, g.oh, g.ow, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw, g.pt, g.pl, g.co]);
    this.all.push(b);
    return b.ptr;
  }
  dispose(): void {
    this.all.forEach((b) => b.dispose());
  }
}

function close(got: ArrayLike<number>, want: ArrayLike<number>, scale: ArrayLike<number> | number, label: string): void {
  expect(got.length, label).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const tol = 1e-6 + 4e-7 * (typeof scale === 'number' ? scale : scale[i]!);
    if (!(Math.abs(got[i]! - want[i]!) <= tol)) throw new Error(`${label}: element ${i}: got ${got[i]}, want ${want[i]} (tol ${tol})`);
  }
}

/** Runs every conv export on `g` and returns the outputs (for the thread comparison). */
function convAll(be: Backend, g: G, check: boolean): Float32Array[] {
  const u = new Bufs(be);
  try {
    const K = g.kh * g.kw * g.c;
    const x = randomArray(g.n * g.h * g.w * g.c, 1), w = randomArray(K * g.co, 2), bias = randomArray(g.co, 3);
    const rows = g.n * g.oh * g.ow;
    const dy = randomArray(rows * g.co, 4);
    const gp = u.geom(g);
    const [xb, wb, bb, dyb] = [u.f32(x), u.f32(w), u.f32(bias), u.f32(dy)];
    const [yb, dxb, dwb] = [u.f32(rows * g.co), u.f32(x.length), u.f32(w.length)];
    expect(be.ex.kx_conv2d(gp, xb.ptr, wb.ptr, bb.ptr, yb.ptr, 0, 0)).toBe(0);
    expect(be.ex.kx_conv2d_backward_input(gp, dyb.ptr, wb.ptr, dxb.ptr)).toBe(0);
    expect(be.ex.kx_conv2d_backward_filter(gp, xb.ptr, dyb.ptr, dwb.ptr)).toBe(0);
    const out = [yb.f32().slice(), dxb.f32().slice(), dwb.f32().slice()];
    if (check) {
      const y = new Float64Array(rows * g.co).map((_, i) => bias[i % g.co]!), ya = new Float64Array(y.length).fill(1);
      const dx = new Float64Array(x.length), dxa = new Float64Array(x.length);
      const dw = new Float64Array(w.length), dwa = new Float64Array(w.length);
      taps(g, (o, i, t) => {
        for (let ci = 0; ci < g.c; ci++) for (let f = 0; f < g.co; f++) {
          const wi = (t * g.c + ci) * g.co + f, xi = i * g.c + ci, oi = o * g.co + f;
          y[oi] += x[xi]! * w[wi]!; ya[oi] += Math.abs(x[xi]! * w[wi]!);
          dx[xi] += dy[oi]! * w[wi]!; dxa[xi] += Math.abs(dy[oi]! * w[wi]!);
          dw[wi] += x[xi]! * dy[oi]!; dwa[wi] += Math.abs(x[xi]! * dy[oi]!);
        }
      });
      close(out[0]!, y, ya, `${be.variant} conv2d`);
      close(out[1]!, dx, dxa, `${be.variant} conv2d backward input`);
      close(out[2]!, dw, dwa, `${be.variant} conv2d backward filter`);
    }
    return out;
  } finally {
    u.dispose();
  }
}

const CONV: [string, G][] = [
  ['K = 9, valid (direct kernels)', geom(3, 9, 8, 1, 3, 1, 1, false, 5)],
  ["K = 18, 'same', stride 2 (direct, padded frames)", geom(2, 7, 6, 2, 3, 2, 1, true, 9)],
  ['dilation 2', geom(2, 8, 7, 3, 3, 1, 2, false, 4)],
  ["K = 576, 130 filters, 'same' (im2col + GEMM)", geom(2, 5, 6, 64, 3, 1, 1, true, 130)],
  ['1×1 pointwise (GEMM)', geom(2, 4, 5, 7, 1, 1, 1, false, 6)],
];

for (const variant of builtVariants()) {
  describe(`conv kernels on ${variant}`, () => {
    it.each(CONV)('conv2d: %s', async (_l, g) => {
      convAll(await backendFor(variant), g, true);
    });

    it('depthwise (multiplier 2), pooling, batch-norm moments and resize', async () => {
      const be = await backendFor(variant);
      const u = new Bufs(be);
      try {
        const g = geom(2, 7, 6, 5, 3, 2, 1, true, 2);
        const cm = g.c * g.co, opix = g.n * g.oh * g.ow;
        const x = randomArray(g.n * g.h * g.w * g.c, 5), w = randomArray(9 * cm, 6);
        const [gp, xb, wb, yb] = [u.geom(g), u.f32(x), u.f32(w), u.f32(opix * cm)];
        expect(be.ex.kx_depthwise_conv2d(gp, xb.ptr, wb.ptr, 0, yb.ptr)).toBe(0);
        const y = new Float64Array(opix * cm), ya = new Float64Array(opix * cm);
        taps(g, (o, i, t) => {
          for (let j = 0; j < cm; j++) {
            const p = x[i * g.c + Math.floor(j / g.co)]! * w[t * cm + j]!;
            y[o * cm + j] += p;
            ya[o * cm + j] += Math.abs(p);
          }
        });
        close(yb.f32(), y, ya, `${variant} depthwise`);

        const pg = { ...geom(2, 7, 6, 5, 3, 2, 1, true, 0) };
        const [pgp, mb, ab] = [u.geom(pg), u.f32(opix * g.c), u.f32(opix * g.c)];
        expect(be.ex.kx_max_pool2d(pgp, xb.ptr, mb.ptr)).toBe(0);
        expect(be.ex.kx_avg_pool2d(pgp, xb.ptr, ab.ptr)).toBe(0);
        const mx = new Float64Array(opix * g.c).fill(-Infinity), sm = new Float64Array(opix * g.c), cnt = new Float64Array(opix);
        taps(pg, (o, i) => {
          cnt[o]!++;
          for (let ch = 0; ch < g.c; ch++) {
            mx[o * g.c + ch] = Math.max(mx[o * g.c + ch]!, x[i * g.c + ch]!);
            sm[o * g.c + ch] += x[i * g.c + ch]!;
          }
        });
        close(mb.f32(), mx, 0, `${variant} max pool`);
        close(ab.f32(), sm.map((v, i) => v / cnt[Math.floor(i / g.c)]!), 4, `${variant} avg pool`);

        const rows = 300, c = 7;
        const bx = randomArray(rows * c, 7);
        const [bxb, meanb, varb] = [u.f32(bx), u.f32(c), u.f32(c)];
        expect(be.ex.kx_batch_norm_moments(bxb.ptr, rows, c, meanb.ptr, varb.ptr)).toBe(0);
        const mean = Array.from({ length: c }, (_, ch) => bx.filter((_, i) => i % c === ch).reduce((a, v) => a + v, 0) / rows);
        const vr = mean.map((m, ch) => bx.filter((_, i) => i % c === ch).reduce((a, v) => a + (v - m) ** 2, 0) / rows);
        close(meanb.f32(), mean, 10, `${variant} batch-norm mean`);
        close(varb.f32(), vr, 10, `${variant} batch-norm variance`);

        // Bilinear 2×3 → 4×6, half-pixel centres: row 0 reads source row −0.25 → clamped to 0.
        const rx = u.f32(Float32Array.from([0, 6, 12, 18, 24, 30]));
        const ry = u.f32(24);
        expect(be.ex.kx_resize(1, 1, 2, 3, 1, 4, 6, rx.ptr, ry.ptr)).toBe(0);
        close(ry.f32().slice(0, 6), [0, 1.5, 4.5, 7.5, 10.5, 12], 1, `${variant} bilinear resize`);
      } finally {
        u.dispose();
      }
    });

    if (isThreaded(variant)) {
      it('1 thread and 2 threads agree bit for bit', async () => {
        const be = await backendFor(variant, 2);
        await be.pool!.whenReady();
        const g = geom(8, 13, 13, 32, 3, 1, 1, false, 64);
        const g1 = geom(8, 28, 28, 1, 3, 2, 1, true, 32);
        be.setThreadCount(1);
        const one = [...convAll(be, g, false), ...convAll(be, g1, false)];
        be.setThreadCount(2);
        expect(be.info().readyWorkers).toBeGreaterThanOrEqual(1);
        const two = [...convAll(be, g, false), ...convAll(be, g1, false)];
        two.forEach((t, i) => expect(Array.from(t), `output ${i}`).toEqual(Array.from(one[i]!)));
      });
    }
  });
}
