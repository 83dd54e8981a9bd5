//! x^y for f32 through f64 internals.
//!
//! exp(y·ln x) in f32 loses |y·ln x| ulps, so pow works in f64, where the same formula is
//! accurate to well under an f32 ulp. It is scalar: pow is rare enough that speed matters
//! less than matching numpy to the last bit in the common cases.

use core::f64::consts::LN_2;

/// Adding and subtracting 1.5·2^52 rounds to the nearest integer (ties to even) in f64,
/// without needing libm's `round` on `no_std`.
#[inline(always)]
pub(super) fn round64(v: f64) -> f64 {
    const MAGIC: f64 = 6_755_399_441_055_744.0;
    (v + MAGIC) - MAGIC
}

/// ln x for finite x > 0 (reduced to m in [√½, √2), then 2·atanh((m − 1)/(m + 1))).
fn ln64(x: f64) -> f64 {
    let bits = x.to_bits();
    let mut e = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | (1023 << 52));
    if m > core::f64::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    // |s| ≤ 0.172, so 12 odd terms reach 1e-19.
    let mut sum = 0.0;
    for k in (0..12).rev() {
        sum = sum * s2 + 2.0 / (2 * k + 1) as f64;
    }
    e as f64 * LN_2 + s * sum
}

/// e^t for t in [-110, 100] (everything outside is 0 or inf once rounded to f32).
fn exp64(t: f64) -> f64 {
    let t = t.clamp(-110.0, 100.0);
    let n = round64(t / LN_2);
    // fdlibm's split of ln 2: n·LN2_HI is exact for |n| < 2^20.
    let r = (t - n * 6.931_471_803_691_238e-1) - n * 1.908_214_929_270_587_7e-10;
    let mut p = 0.0;
    for k in (0..=13).rev() {
        p = p * r / (k + 1) as f64 + 1.0;
    }
    p * f64::from_bits(((n as i64 + 1023) as u64) << 52)
}

/// x^y with C99/numpy special cases: y = 0 or x = 1 give 1 (even with NaN), a negative
/// finite x with non-integer y gives NaN, and odd integer y keeps the sign of x.
pub fn powf(x: f32, y: f32) -> f32 {
    if y == 0.0 || x == 1.0 {
        return 1.0;
    }
    if x.is_nan() || y.is_nan() {
        return f32::NAN;
    }
    let ax = if x < 0.0 { -x } else { x };
    let y_int = y == (y as i64) as f32 || y.is_infinite() || ax_is_big_int(y);
    if x < 0.0 && x.is_finite() && !y_int {
        return f32::NAN;
    }
    if ax == 1.0 && y.is_infinite() {
        return 1.0; // (-1)^±inf
    }
    let odd = y.is_finite() && (y as i64) as f32 == y && (y as i64) & 1 == 1;
    let lx = if ax == 0.0 {
        f64::NEG_INFINITY
    } else if ax.is_infinite() {
        f64::INFINITY
    } else {
        ln64(ax as f64)
    };
    let t = y as f64 * lx;
    let m = if t == f64::INFINITY { f64::INFINITY } else if t == f64::NEG_INFINITY { 0.0 } else { exp64(t) };
    let m = m as f32;
    if odd && x.is_sign_negative() {
        -m
    } else {
        m
    }
}

/// Every f32 of magnitude ≥ 2^24 is an (even) integer.
#[inline(always)]
fn ax_is_big_int(y: f32) -> bool {
    y >= 16_777_216.0 || y <= -16_777_216.0
}
