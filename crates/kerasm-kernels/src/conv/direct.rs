//! Direct (implicit-GEMM) convolution: the GEMM `Y = im2col(X)·W` computed with the input
//! read in place, so no column buffer is gathered and no A panel is packed. Each output
//! pixel's window starts at `base(p)` in a frame of the input (zero-padded when windows leave
//! the image), and tap `t = (ky·kw + kx)·c + ci` sits at the fixed offset `off[t]` from it:
//!
//! * [`forward`]: a 4-pixel × 8-filter register tile, `y[p, j] = Σ_t x[base(p) + off[t]]·W[t, j]`;
//! * [`backward_filter`]: a 4-tap × 8-filter tile summed over pixels, `dW[t, j] = Σ_p x[…]·dY[p, j]`;
//! * [`backward_input`]: a 4-pixel × 8-tap tile of `dY·Wᵀ` added into a padded copy of `dX`.
//!
//! The tiles keep 8 accumulators, 2 B vectors and a broadcast in registers, the budget of the
//! 4x8 GEMM microkernel (recipe §5). Against im2col + GEMM this saves the gather, the A
//! packing and GEMM's KC split of the depth: measured on the seed CNN's conv2 (K = 288) the
//! forward goes from ~35 to ~45 GFLOPS on one thread; for small K (a first layer, K = 9) it
//! is 3× faster, because there the gather cost as much as the multiplies.

pub mod backward_filter;
pub mod backward_input;
pub mod forward;

use super::Geom;
use alloc::vec::Vec;
use core::ops::Range;

pub use backward_filter::conv2d_backward_filter_direct;
pub use backward_input::conv2d_backward_input_direct;
pub use forward::conv2d_direct;

/// Filters of up to this many weights (taps × filters, padded to 8) take the direct kernels,
/// which read W unpacked: beyond it W leaves the cache and packed GEMM wins.
pub const DIRECT_MAX_WEIGHTS: usize = 1 << 16;
/// Windows of up to this many taps take the direct backward-input kernel whatever `c` (above
/// it, with scalar scatter-adds, GEMM + col2im is as fast and needs no padded copy of dX).
pub const DIRECT_BACKWARD_INPUT_MAX_K: usize = 64;
/// Windows of up to this many taps take the direct backward-filter kernel even for a single
/// image (which it cannot split across threads).
const DIRECT_SMALL_K: usize = 36;

/// Whether the direct forward kernel handles `g`.
pub fn direct_forward(g: &Geom) -> bool {
    !g.is_pointwise() && g.k() * g.co.next_multiple_of(8) <= DIRECT_MAX_WEIGHTS
}

/// Whether the direct backward-filter kernel handles `g`.
pub fn direct_filter(g: &Geom) -> bool {
    direct_forward(g) && (g.n >= 2 || g.k() <= DIRECT_SMALL_K)
}

/// Whether the direct backward-input kernel handles `g`: small windows, or any window whose
/// channels come in runs of 8 (the tile then adds whole vectors into dX).
pub fn direct_input(g: &Geom) -> bool {
    direct_forward(g) && (g.k() <= DIRECT_BACKWARD_INPUT_MAX_K || g.c % 8 == 0)
}

/// How output rows of one image find their windows: a frame `wp` cells wide, either the image
/// itself or a zero-padded copy of the rows a block of output rows reads.
pub struct Frame {
    /// Width and full height of the padded frame.
    pub wp: usize,
    pub hp: usize,
    /// Whether any window leaves the image (then frames are copies).
    pub padded: bool,
    /// Dilated window height.
    keh: usize,
}

impl Frame {
    pub fn new(g: &Geom) -> Self {
        let keh = (g.kh - 1) * g.dh + 1;
        let kew = (g.kw - 1) * g.dw + 1;
        let need_h = if g.oh == 0 { 0 } else { (g.oh - 1) * g.sh + keh };
        let need_w = if g.ow == 0 { 0 } else { (g.ow - 1) * g.sw + kew };
        let padded = g.pt > 0 || g.pl > 0 || need_h > g.h || need_w > g.w;
        let (hp, wp) = if padded { (need_h.max(g.pt + g.h), need_w.max(g.pl + g.w)) } else { (g.h, g.w) };
        Frame { wp, hp, padded, keh }
    }

    /// The frame rows (padded coordinates) that output rows `oy0..oy1` read.
    pub fn rows(&self, g: &Geom, oy0: usize, oy1: usize) -> Range<usize> {
        if oy1 <= oy0 {
            return oy0 * g.sh..oy0 * g.sh;
        }
        oy0 * g.sh..(oy1 - 1) * g.sh + self.keh
    }

    /// A pointer to frame row `rows.start` of image `b`: into `x` when nothing is padded,
    /// else into `buf`, refilled with those rows (zeros outside the image).
    ///
    /// # Safety
    /// `x` must hold the whole input.
    pub unsafe fn load(&self, g: &Geom, x: *const f32, b: usize, rows: Range<usize>, buf: &mut Vec<f32>) -> *const f32 {
        let c = g.c;
        if !self.padded {
            return x.add((b * g.h + rows.start) * g.w * c);
        }
        buf.clear();
        buf.resize(rows.len() * self.wp * c, 0.0);
        for fy in rows.clone() {
            let Some(iy) = fy.checked_sub(g.pt).filter(|&v| v < g.h) else { continue };
            let src = x.add((b * g.h + iy) * g.w * c);
            let dst = buf.as_mut_ptr().add(((fy - rows.start) * self.wp + g.pl) * c);
            core::ptr::copy_nonoverlapping(src, dst, g.w * c);
        }
        buf.as_ptr()
    }

    /// Offset of every tap from its window's origin, in W's row order `(ky·kw + kx)·c + ci`.
    pub fn offsets(&self, g: &Geom) -> Vec<u32> {
        let mut off = Vec::with_capacity(g.k());
        for ky in 0..g.kh {
            for kx in 0..g.kw {
                for ci in 0..g.c {
                    off.push((((ky * g.dh) * self.wp + kx * g.dw) * g.c + ci) as u32);
                }
            }
        }
        off
    }

    /// Window origins of output rows `oy0..oy1` (every column), relative to frame row `oy0·sh`.
    pub fn bases(&self, g: &Geom, oy0: usize, oy1: usize, out: &mut Vec<u32>) {
        out.clear();
        for oy in oy0..oy1 {
            for ox in 0..g.ow {
                out.push(((((oy - oy0) * g.sh) * self.wp + ox * g.sw) * g.c) as u32);
            }
        }
    }
}

/// `src[rows, cols]` with its columns zero-padded to a multiple of 8 (so every tile loads 8 lanes).
/// `None` (recorded in [`crate::scratch`]) when memory is exhausted.
pub fn pad_columns(src: &[f32], rows: usize, cols: usize) -> Option<(Vec<f32>, usize)> {
    let ld = cols.next_multiple_of(8);
    let mut out = crate::scratch::zeros(rows * ld, 0.0f32)?;
    for r in 0..rows {
        out[r * ld..r * ld + cols].copy_from_slice(&src[r * cols..r * cols + cols]);
    }
    Some((out, ld))
}
