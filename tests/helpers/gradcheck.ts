// Numerical gradient checks for ts/ ops (style.md §3.5): the autograd gradient of the f32
// kernels against central differences of the float64 reference in reference.ts.
//
// For L(x) = Σ op(x)⊙w with a fixed pseudo-random w, `grads` is seeded with dy = w, so the
// gradient it returns is ∇L. Inputs of ≤ 200 elements are checked element by element,
// larger ones along 3 random directions v: ⟨∇L, v⟩ against (L(x+hv) − L(x−hv)) / 2h.
// The step is h = 1e-3·max(1, |x|) per element (directions scale each component the same
// way), and the numeric side is Richardson-extrapolated from steps h and h/2.
//
// Kinks (relu at 0, abs at 0, max ties, clip bounds, …) are kept away from in two ways:
//  1. Inputs come from `rand(shape, { avoid, gap })`, which redraws any value closer than
//     `gap` (default 0.05, i.e. ≥ 10 steps h for |x| ≤ 5) to a listed kink, and from
//     `distinct(…)`, which makes every value across the inputs differ by ≥ gap (no ties for
//     max/min/maximum/minimum).
//  2. As a guard against a test that probes a kink anyway, gradcheck rejects any input within
//     4h of a point listed in `kinks`, and any probe where the h and h/2 differences disagree
//     by more than 10× the tolerance (for a smooth function they differ by O(h²); across a
//     kink by a fraction of the slope jump). Either is reported as a test-authoring error,
//     never silently passed. The kink points themselves are tested with exact values in the
//     op tests (tinygrad's vals=[-1, 0, 1] habit).

import { grads, tidy } from '../../ts/autograd/gradients.js';
import { tensor } from '../../ts/tensor/creation.js';
import type { Tensor } from '../../ts/tensor/tensor.js';
import { assertClose } from './assert_close.js';
import { dot, f32, nd, sizeOf, unravel, type NDArray } from './reference.js';

/** mulberry32: a small seeded uniform generator in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(r: () => number): number {
  const u = Math.max(r(), 1e-300);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

export interface RandOptions {
  seed?: number;
  lo?: number;
  hi?: number;
  /** Kink points every value must stay `gap` away from. */
  avoid?: readonly number[];
  gap?: number;
  /** Minimum |x| (values keep a random sign), e.g. for divisors. */
  absMin?: number;
}

/** Seeded f32 values uniform in [lo, hi), at least `gap` from every point in `avoid`. */
export function rand(shape: readonly number[], o: RandOptions = {}): NDArray {
  const { seed = 1, lo = -2, hi = 2, avoid = [], gap = 0.05, absMin = 0 } = o;
  const r = rng(seed * 7919 + sizeOf(shape));
  return nd(shape, () => {
    for (let tries = 0; tries < 10_000; tries++) {
      let v = Math.fround(lo + (hi - lo) * r());
      if (absMin > 0) v = Math.fround((r() < 0.5 ? -1 : 1) * (absMin + Math.abs(v)));
      if (avoid.every((k) => Math.abs(v - k) >= gap)) return v;
    }
    throw new Error('rand: could not place a value away from the kinks; widen [lo, hi)');
  });
}

/** Inputs whose values, across all of them, are pairwise ≥ gap apart (no ties anywhere). */
export function distinct(shapes: readonly (readonly number[])[], o: { seed?: number; lo?: number; hi?: number; gap?: number } = {}): NDArray[] {
  const { seed = 1, lo = -3, hi = 3, gap = 0.05 } = o;
  const total = shapes.reduce((s, sh) => s + sizeOf(sh), 0);
  const slots = Math.floor((hi - lo) / (2 * gap));
  if (total > slots) throw new Error(`distinct: ${total} values do not fit in [${lo}, ${hi}) with gap ${gap}`);
  const r = rng(seed * 104729 + total);
  const idx = Array.from({ length: slots }, (_, i) => i);
  for (let i = slots - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  let k = 0;
  // Slot centres are 2·gap apart; a jitter below gap/2 keeps every pair ≥ gap apart.
  return shapes.map((sh) => nd(sh, () => Math.fround(lo + (2 * idx[k++]! + 1) * gap + (r() - 0.5) * 0.9 * gap)));
}

export function tensorOf(x: NDArray, dtype: 'float32' | 'int32' = 'float32'): Tensor {
  return tensor(dtype === 'float32' ? Float32Array.from(x.data) : Int32Array.from(x.data), x.shape, dtype);
}

export function fromTensor(t: Tensor): NDArray {
  return nd(t.shape, t.dataSync());
}

export interface GradcheckOptions {
  /** Names the op in failure messages. */
  name?: string;
  op: (...ts: Tensor[]) => Tensor;
  ref: (...xs: NDArray[]) => NDArray;
  /** float64 values; they are rounded to float32 first, as the tensors hold them. */
  inputs: NDArray[];
  /** Which inputs to differentiate (default: all). */
  wrt?: number[];
  rtol?: number;
  atol?: number;
  /** Forward tolerance against the reference. */
  fwdRtol?: number;
  fwdAtol?: number;
  /** Points where the op is not differentiable in each element; probes must stay clear. */
  kinks?: readonly number[];
  seed?: number;
}

/** Largest input size checked element by element; larger inputs use random directions. */
export const FULL_CHECK_MAX = 200;
const DIRECTIONS = 3;

export function gradcheck(o: GradcheckOptions): void {
  const name = o.name ?? 'op';
  const { rtol = 1e-3, atol = 1e-4, fwdRtol = 1e-5, fwdAtol = 1e-6, seed = 17 } = o;
  const xs = o.inputs.map(f32);
  const wrt = o.wrt ?? xs.map((_, i) => i);
  const step = (v: number) => 1e-3 * Math.max(1, Math.abs(v));

  for (const i of wrt) {
    for (const k of o.kinks ?? []) {
      xs[i]!.data.forEach((v, j) => {
        if (Math.abs(v - k) < 4 * step(v)) {
          throw new Error(`gradcheck(${name}): input ${i} element ${j} = ${v} is within 4h of the kink at ${k}; ` +
            'generate inputs with rand(shape, { avoid: kinks })');
        }
      });
    }
  }

  const yRef = o.ref(...xs);
  const r = rng(seed);
  const w = nd(yRef.shape, () => Math.fround(2 * r() - 1));

  const analytic = tidy(() => {
    const ts = xs.map((x) => tensorOf(x));
    const y = o.op(...ts);
    if (y.shape.length !== yRef.shape.length || y.shape.some((d, i) => d !== yRef.shape[i])) {
      throw new Error(`gradcheck(${name}): forward shape [${y.shape}], reference [${yRef.shape}]`);
    }
    assertClose(y.dataSync(), yRef.data, { rtol: fwdRtol, atol: fwdAtol, label: `gradcheck(${name}) forward`, shape: yRef.shape });
    const f = (...src: Tensor[]) => o.op(...ts.map((t, i) => (wrt.includes(i) ? src[wrt.indexOf(i)]! : t)));
    const g = grads(f)(wrt.map((i) => ts[i]!), tensorOf(w));
    return g.map((t, k) => {
      const want = xs[wrt[k]!]!.shape;
      if (t.shape.length !== want.length || t.shape.some((d, q) => d !== want[q])) {
        throw new Error(`gradcheck(${name}): gradient of input ${wrt[k]} has shape [${t.shape}], expected [${want}]`);
      }
      return Float64Array.from(t.dataSync());
    });
  });

  const L = (inputs: NDArray[]) => dot(o.ref(...inputs), w);
  /** Richardson-extrapolated central difference along `dir` (a one-hot or a direction). */
  const numeric = (i: number, perturb: (x: NDArray, s: number) => NDArray, h: number, what: string): number => {
    const at = (s: number) => L(xs.map((x, q) => (q === i ? perturb(x, s) : x)));
    const d1 = (at(h) - at(-h)) / (2 * h);
    const d2 = (at(h / 2) - at(-h / 2)) / h;
    const n = (4 * d2 - d1) / 3;
    // Smooth: d1 − d2 = O(h²), far below the tolerance. Straddling a kink: O(slope jump).
    if (!(Math.abs(d1 - d2) <= 10 * (atol + rtol * Math.abs(n))) && Number.isFinite(n)) {
      throw new Error(`gradcheck(${name}): input ${i}, ${what}: the reference is not smooth at the probe ` +
        `(steps h and h/2 give ${d1} and ${d2}); keep inputs away from kinks`);
    }
    return n;
  };

  wrt.forEach((i, k) => {
    const x = xs[i]!;
    const g = analytic[k]!;
    if (x.data.length <= FULL_CHECK_MAX) {
      for (let j = 0; j < x.data.length; j++) {
        const h = step(x.data[j]!);
        const where = `element ${j}${x.shape.length ? ` [${unravel(j, x.shape).join(', ')}]` : ''}`;
        const n = numeric(i, (v, s) => {
          const d = v.data.slice();
          d[j] = d[j]! + s;
          return { shape: v.shape, data: d };
        }, h, where);
        if (!(Math.abs(g[j]! - n) <= atol + rtol * Math.abs(n))) {
          throw new Error(`gradcheck(${name}): input ${i}, ${where}: analytic ${g[j]}, numeric ${n} (rtol ${rtol}, atol ${atol})`);
        }
      }
    } else {
      for (let d = 0; d < DIRECTIONS; d++) {
        // Each element's component is scaled like its own step, 1e-3·max(1, |x|).
        const v = nd(x.shape, (j) => gaussian(r) * Math.max(1, Math.abs(x.data[j]!)));
        let a = 0, scale = 0;
        for (let j = 0; j < g.length; j++) {
          a += g[j]! * v.data[j]!;
          scale += (g[j]! * v.data[j]!) ** 2;
        }
        const n = numeric(i, (xv, s) => nd(xv.shape, (j) => xv.data[j]! + s * v.data[j]!), 1e-3, `direction ${d}`);
        // Rounding in the f32 gradient accumulates like a random walk: scale by ‖g⊙v‖₂.
        const tol = atol + rtol * (Math.abs(n) + Math.sqrt(scale));
        if (!(Math.abs(a - n) <= tol)) {
          throw new Error(`gradcheck(${name}): input ${i}, direction ${d}: analytic ⟨∇L,v⟩ ${a}, numeric ${n} (tol ${tol})`);
        }
      }
    }
  });
}
