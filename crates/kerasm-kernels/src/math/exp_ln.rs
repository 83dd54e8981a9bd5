//! exp, ln, expm1 and log1p on four lanes (Cephes `expf`/`logf` polynomials).
//!
//! Everything is branch-free so the same code is the wasm SIMD path and the host path.
//! Special values are patched in with selects at the end rather than tested up front.

use crate::simd::{F32x4, I32x4};

const LOG2E: f32 = core::f32::consts::LOG2_E;
// ln 2 split so that n·LN2_HI is exact for |n| ≤ 2^15 (LN2_HI = 355/512, 9 significant bits).
#[allow(clippy::excessive_precision)]
const LN2_HI: f32 = 0.693_359_375;
const LN2_LO: f32 = -2.121_944_4e-4;
const SQRT_HALF: f32 = core::f32::consts::FRAC_1_SQRT_2;

#[inline(always)]
fn s(x: f32) -> F32x4 {
    F32x4::splat(x)
}

/// Horner evaluation, fused where the target has FMA.
#[inline(always)]
pub(super) fn poly(x: F32x4, coefs: &[f32]) -> F32x4 {
    let mut p = s(coefs[0]);
    for &c in &coefs[1..] {
        p = p.fma(x, s(c));
    }
    p
}

/// 2^k for integer k in [-252, 254], as a product of two normal powers so that results in
/// the subnormal range are rounded once, at the final multiply.
#[inline(always)]
fn scale_pow2(y: F32x4, k: I32x4) -> F32x4 {
    let k1 = k.shr(1);
    let k2 = k.sub(k1);
    let bias = I32x4::splat(127);
    y.mul(k1.add(bias).shl(23).cast_f32()).mul(k2.add(bias).shl(23).cast_f32())
}

/// e^x, relative error ≲ 1.5 ulp; +inf above ~88.72, subnormal results down to ~-103.3.
#[inline(always)]
pub fn exp4(x: F32x4) -> F32x4 {
    // Clamping keeps 2^n inside scale_pow2's range. A NaN lane may come out of the clamp as
    // a number (relaxed min/max), so NaN is patched back in at the end.
    let xin = x;
    let x = x.max(s(-104.0)).min(s(89.0));
    let n = x.mul(s(LOG2E)).round();
    let r = n.fma(s(-LN2_HI), x);
    let r = n.fma(s(-LN2_LO), r);
    let p = poly(r, &[1.987_569_2e-4, 1.398_2e-3, 8.333_452e-3, 4.166_579_6e-2, 1.666_666_5e-1, 5e-1]);
    let y = p.fma(r.mul(r), r).add(s(1.0));
    let r = scale_pow2(y, n.to_i32_sat());
    xin.ne(xin).select(xin, r)
}

/// ln x, relative error ≲ 1.5 ulp; -inf at ±0, NaN below 0, +inf at +inf.
#[inline(always)]
pub fn ln4(x: F32x4) -> F32x4 {
    // Subnormals have no implicit bit: scale them up by 2^23 and correct the exponent.
    let tiny = x.lt(s(f32::MIN_POSITIVE));
    let xs = tiny.select(x.mul(s(8_388_608.0)), x);
    let bits = xs.cast_i32();
    let mut e = bits.shr(23).and(I32x4::splat(0xff)).sub(I32x4::splat(126)).to_f32();
    e = e.sub(tiny.and(s(23.0)));
    let m = bits.and(I32x4::splat(0x007f_ffff)).or(I32x4::splat(0x3f00_0000)).cast_f32();
    // Keep the mantissa in [√½, √2) so the polynomial argument stays small.
    let low = m.lt(s(SQRT_HALF));
    e = e.sub(low.and(s(1.0)));
    let m = m.add(low.and(m)).sub(s(1.0));
    let z = m.mul(m);
    let p = poly(m, &[
        7.037_683_6e-2, -1.151_461e-1, 1.167_699_9e-1, -1.242_014_1e-1, 1.424_932_3e-1,
        -1.666_805_8e-1, 2.000_071_4e-1, -2.499_999_4e-1, 3.333_333e-1,
    ]);
    let y = p.mul(m).mul(z);
    let y = e.fma(s(LN2_LO), y);
    let y = z.fma(s(-0.5), y);
    let r = e.fma(s(LN2_HI), m.add(y));
    let r = x.eq(s(f32::INFINITY)).select(x, r);
    let r = x.eq(s(0.0)).select(s(f32::NEG_INFINITY), r);
    x.ge(s(0.0)).select(r, s(f32::NAN))
}

/// e^x − 1 without cancellation near 0 (Kahan: the rounding error of e^x cancels in
/// (u − 1)·x / ln u).
#[inline(always)]
pub fn expm1_4(x: F32x4) -> F32x4 {
    let u = exp4(x);
    let d = u.sub(s(1.0));
    // x / ln u ≈ 1, so dividing first keeps d·x from overflowing near 88.
    let r = d.mul(x.div(ln4(u)));
    let r = u.eq(s(1.0)).select(x, r);
    let r = d.eq(s(-1.0)).select(d, r);
    u.eq(s(f32::INFINITY)).select(u, r)
}

/// ln(1 + x) without cancellation near 0 (Goldberg: ln u · x / (u − 1) with u = 1 + x).
#[inline(always)]
pub fn log1p4(x: F32x4) -> F32x4 {
    let u = x.add(s(1.0));
    let d = u.sub(s(1.0));
    let r = ln4(u).mul(x.div(d));
    let r = d.eq(s(0.0)).select(x, r);
    x.eq(s(f32::INFINITY)).select(x, r)
}
