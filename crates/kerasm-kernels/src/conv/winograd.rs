//! Winograd F(2×2, 3×3) for 3×3, stride-1, undilated convolutions with enough channels.
//!
//! Each 2×2 output tile is `Aᵀ·[Σ_ci (G·g·Gᵀ) ⊙ (Bᵀ·d·B)]·A` over a 4×4 input patch `d`: the
//! 16 elementwise products per (tile, ci, co) replace the 36 multiply-adds of the direct
//! window, so the GEMM-like part does 16/36 of the direct work (plus transforms that cost
//! O(c + co) per tile, not O(c·co)). The seed CNN's conv2 (13×13×32 → 11×11×64) pads its
//! 11×11 output to 12×12 tiles and still does ~1.9× fewer multiply-adds.
//!
//! Backward-input is a stride-1 3×3 correlation of `dY` (padded by `2 − pad`) with the filter
//! rotated by 180° and its channel axes swapped, so it runs the same kernel. Backward-filter
//! (`filter_grad.rs`) is the transposed algorithm: 16 GEMMs over all tiles, then Gᵀ·M·G.
//!
//! F(2×2, 3×3) was chosen over F(4×4, 3×3): its transforms have coefficients 0, ±1 and ½ only,
//! and it meets the direct kernels' float64-reference tolerance (at ~0.2 of it). F(4×4)
//! (tried: 36 products per 16 outputs, 1.8× faster than direct on conv2 forward against
//! 1.4×) missed that tolerance by up to 7× (1e-3 relative error where a sum cancels).
//!
//! Every output element is computed from its own tile only, with the products summed over
//! `ci` in order, so any split of tiles across threads gives the same bits.

mod filter_grad;
mod input_grad;
mod run;

use super::Geom;
use crate::par::Par;
use crate::simd::F32x4;
use alloc::vec::Vec;

pub use filter_grad::conv2d_backward_filter_winograd;

/// Channels below which the direct kernel stays faster (the transforms' O(c + co) per tile
/// and the 4×8 register tile's fixed costs are amortised over too few products).
const MIN_C: usize = 8;
const MIN_CO: usize = 16;

/// Whether Winograd computes the forward pass of `g`: a 3×3 stride-1 undilated window,
/// padding of at most 2 (so backward-input's transposed padding is not negative), enough
/// channels on both sides, and at least [`MIN_SAVING`] fewer multiply-adds.
pub fn winograd_forward(g: &Geom) -> bool {
    g.kh == 3 && g.kw == 3 && g.sh == 1 && g.sw == 1 && g.dh == 1 && g.dw == 1 && g.pt <= 2 && g.pl <= 2
        && g.oh >= 2 && g.ow >= 2 && g.c >= MIN_C && g.co >= MIN_CO && saving(g, g.oh, g.ow)
}

/// Whether Winograd computes the backward-input pass of `g`: transposed tiles when
/// [`scatter_input`] allows, else the correlation form, whose tiles cover all of `dX`
/// (including border cells the direct kernel reaches with fewer taps, so it saves less) and
/// which maps `co` channels to `c` (so the channel rule applies the other way round).
pub fn winograd_input(g: &Geom) -> bool {
    let t = transposed(g);
    winograd_forward(g) && (scatter_input(g) || (winograd_forward(&t) && saving(g, g.h, g.w)))
}

/// Whether backward-input adds transposed tiles into `dX` (`input_grad.rs`), which costs the
/// forward pass's products: channels in whole vectors, and at least 2 images (its tasks are
/// images). Otherwise it is the correlation of `dY` with the flipped filter.
fn scatter_input(g: &Geom) -> bool {
    g.co.is_multiple_of(4) && g.c.is_multiple_of(8) && g.n >= 2
}

/// Direct multiply-adds over Winograd ones below which the direct kernel stays (A/B on the
/// threaded wasm build, batch 8–32: 13×13×32 → 64 saves 1.39× in backward-input and ran
/// 1.1–1.3× faster; 8×8×64 → 64 saves 1.27× and ran 0.8–1.3×).
const MIN_SAVING: f64 = 1.3;

/// Whether Winograd tiles over an `oh × ow` output beat the `9·rows` direct products of `g`.
fn saving(g: &Geom, oh: usize, ow: usize) -> bool {
    let direct = 9 * g.oh * g.ow;
    let tiles = 16 * oh.div_ceil(2) * ow.div_ceil(2);
    direct as f64 >= MIN_SAVING * tiles as f64
}

/// Whether Winograd computes the backward-filter pass of `g`: as [`winograd_forward`], with
/// channels in whole vectors (`c % 4 == 0`, `co % 8 == 0`: the register tile reads both in place).
pub fn winograd_filter(g: &Geom) -> bool {
    winograd_forward(g) && g.c.is_multiple_of(4) && g.co.is_multiple_of(8)
}

/// The forward geometry whose output is `dX` of `g`.
fn transposed(g: &Geom) -> Geom {
    Geom { n: g.n, h: g.oh, w: g.ow, c: g.co, oh: g.h, ow: g.w, pt: 2 - g.pt.min(2), pl: 2 - g.pl.min(2), co: g.c, ..*g }
}

/// The transformed filter `U[ξ][jb][ci][8] = (G·g·Gᵀ)[ξ]` for filter block `jb` (8 filters,
/// zero-padded), `ci` padded to `cp` (a multiple of 4, zero rows).
pub(crate) struct Filter {
    u: Vec<f32>,
    /// Input channels rounded up to a multiple of 4 (the input transform's vector width).
    cp: usize,
    /// Filter blocks of 8.
    nj: usize,
}

impl Filter {
    /// From `w`, 9 taps of a `[rows][cols]` matrix: `[ci][f]` for the forward filter, or
    /// (`transposed`) `[f][ci]` for the products of backward-input, with the taps reversed
    /// (`flip`) for its correlation form.
    /// Vectorised over the contiguous `cols` (a scalar f64 version cost ~10 % of the seed CNN's
    /// conv2 forward, and more on small images).
    fn new(c: usize, co: usize, w: &[f32], transposed: bool, flip: bool) -> Option<Self> {
        let (cp, nj) = (c.next_multiple_of(4), co.div_ceil(8));
        let mut u = crate::scratch::zeros(16 * nj * cp * 8, 0.0f32)?;
        let (rows, cols) = if transposed { (co, c) } else { (c, co) };
        debug_assert!(w.len() >= 9 * rows * cols);
        for row in 0..rows {
            for col in (0..cols).step_by(4) {
                let n = (cols - col).min(4);
                let g: [F32x4; 9] = core::array::from_fn(|t| {
                    let tap = if flip { 8 - t } else { t };
                    let mut v = [0.0f32; 4];
                    v[..n].copy_from_slice(&w[(tap * rows + row) * cols + col..][..n]);
                    unsafe { F32x4::load(v.as_ptr()) }
                });
                for (xi, v) in transform_filter(&g).into_iter().enumerate() {
                    if transposed {
                        let vals = lanes(v);
                        for (l, &x) in vals.iter().enumerate().take(n) {
                            u[((xi * nj + row / 8) * cp + col + l) * 8 + row % 8] = x;
                        }
                    } else {
                        // Lanes past `co` are zeros, inside the padded block.
                        unsafe { v.store(u.as_mut_ptr().add(((xi * nj + col / 8) * cp + row) * 8 + col % 8)) };
                    }
                }
            }
        }
        Some(Filter { u, cp, nj })
    }
}

fn lanes(v: F32x4) -> [f32; 4] {
    let mut out = [0.0f32; 4];
    unsafe { v.store(out.as_mut_ptr()) };
    out
}

/// `U = G·g·Gᵀ` (taps `g[ky·3 + kx]`), `G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]`; `U[ξ = r·4 + s]`.
#[inline(always)]
fn transform_filter(g: &[F32x4; 9]) -> [F32x4; 16] {
    let half = F32x4::splat(0.5);
    let rows = |a: F32x4, b: F32x4, c: F32x4| [a, a.add(b).add(c).mul(half), a.sub(b).add(c).mul(half), c];
    // t[kx] = column kx of G·g.
    let t: [[F32x4; 4]; 3] = core::array::from_fn(|kx| rows(g[kx], g[3 + kx], g[6 + kx]));
    let mut u = [F32x4::zero(); 16];
    for r in 0..4 {
        let row = rows(t[0][r], t[1][r], t[2][r]);
        u[r * 4..r * 4 + 4].copy_from_slice(&row);
    }
    u
}

/// `y = conv2d(x, w) + bias → epilogue` for a geometry [`winograd_forward`] accepts.
pub fn conv2d_winograd(
    par: &dyn Par, g: &Geom, x: &[f32], w: &[f32], bias: Option<&[f32]>, y: &mut [f32],
    epilogue: Option<&(dyn Fn(*mut f32, usize) + Sync)>,
) {
    let Some(f) = Filter::new(g.c, g.co, w, false, false) else { return };
    run::run(par, g, x, &f, bias, y, epilogue);
}

/// `dx` of `g` for a geometry [`winograd_input`] accepts: the forward kernel on `dy` with the
/// rotated, channel-swapped filter.
pub fn conv2d_backward_input_winograd(par: &dyn Par, g: &Geom, dy: &[f32], w: &[f32], dx: &mut [f32]) {
    if scatter_input(g) {
        let Some(f) = Filter::new(g.co, g.c, w, true, false) else { return };
        return input_grad::run(par, g, dy, &f, dx);
    }
    let Some(f) = Filter::new(g.co, g.c, w, true, true) else { return };
    run::run(par, &transposed(g), dy, &f, None, dx, None);
}

#[cfg(test)]
mod tests;
