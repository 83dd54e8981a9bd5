//! sin and cos for f32 through f64 internals.
//!
//! Reduction by π/2 uses fdlibm's 33-bit split, exact for |x| < 2^20·π/2 ≈ 1.6e6; above that
//! the error grows like |x|·2^-53, still far below an f32 ulp up to ~1e9. The f64 Taylor
//! polynomials on [-π/4, π/4] are accurate to ~1e-17, so results are correctly rounded
//! f32 in practice.

use super::pow::round64;

const PIO2_1: f64 = 1.570_796_326_734_125_6;
const PIO2_2: f64 = 6.077_100_506_303_966e-11;
const PIO2_2T: f64 = 2.022_266_248_795_950_6e-21;

/// (r, q) with x = q·π/2 + r, |r| ≤ π/4 (slightly more for huge x), q taken mod 4.
fn reduce(x: f64) -> (f64, u32) {
    let k = round64(x * core::f64::consts::FRAC_2_PI);
    let r = ((x - k * PIO2_1) - k * PIO2_2) - k * PIO2_2T;
    (r, (k as i64 & 3) as u32)
}

fn sin_poly(r: f64) -> f64 {
    let r2 = r * r;
    let mut p = 0.0;
    // sin r = r·Σ (-r²)^k / (2k+1)!, evaluated from the tail.
    for k in (1..=9).rev() {
        p = 1.0 - p * r2 / ((2 * k) * (2 * k + 1)) as f64;
    }
    r * p
}

fn cos_poly(r: f64) -> f64 {
    let r2 = r * r;
    let mut p = 0.0;
    for k in (1..=9).rev() {
        p = 1.0 - p * r2 / ((2 * k - 1) * (2 * k)) as f64;
    }
    p
}

pub fn sinf(x: f32) -> f32 {
    if !x.is_finite() {
        return f32::NAN;
    }
    let (r, q) = reduce(x as f64);
    let v = match q {
        0 => sin_poly(r),
        1 => cos_poly(r),
        2 => -sin_poly(r),
        _ => -cos_poly(r),
    };
    v as f32
}

pub fn cosf(x: f32) -> f32 {
    if !x.is_finite() {
        return f32::NAN;
    }
    let (r, q) = reduce(x as f64);
    let v = match q {
        0 => cos_poly(r),
        1 => -sin_poly(r),
        2 => -cos_poly(r),
        _ => sin_poly(r),
    };
    v as f32
}
