//! 2-D convolution, NHWC, f32: forward, backward-input and backward-filter, plus depthwise.
//!
//! Each of the three conv passes is the GEMM `Y = im2col(X)·W` or one of its two adjoints.
//! Filters of up to 64 Ki weights compute it with the direct kernels of [`direct`], which
//! read windows in place; larger filters gather im2col chunks for the BLIS
//! [`sgemm`](crate::gemm::sgemm) (`forward.rs`, `backward_*.rs`); 1×1 stride-1 convolutions
//! are a plain GEMM on the input. 3×3 stride-1 convolutions with enough channels run all
//! three passes as Winograd F(2×2, 3×3) ([`winograd`]), which needs about half the
//! multiply-adds. Depthwise convolution has its own direct loops.
//!
//! Layouts follow Keras: input `[n, h, w, c]`, kernel `[kh, kw, c, co]` (which, read
//! row-major, is the GEMM matrix `W[K, co]` with `K = kh·kw·c` in (ky, kx, ci) order), output
//! `[n, oh, ow, co]` (the GEMM matrix `Y[n·oh·ow, co]`). Padding is explicit (top/left; the
//! bottom/right amounts are implied by `oh`/`ow`), computed in TypeScript from Keras's rules.
//!
//! Threading never changes results: every output element is summed in an order fixed by
//! the shape alone (row chunks and partial-sum counts depend on the shape, not on the
//! thread count), so 1 thread and N threads agree bit for bit.

use alloc::vec::Vec;
use core::ops::Range;

mod backward_filter;
mod backward_input;
pub mod depthwise;
pub mod direct;
mod forward;
mod im2col;
pub(crate) mod lanes;
pub mod winograd;

pub use backward_filter::conv2d_backward_filter;
pub use backward_input::conv2d_backward_input;
pub use depthwise::{depthwise_conv2d, depthwise_conv2d_backward_filter, depthwise_conv2d_backward_input};
pub use forward::conv2d;

/// The geometry of one 2-D window op (convolution, depthwise convolution or pooling).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct Geom {
    /// Input `[n, h, w, c]`.
    pub n: usize,
    pub h: usize,
    pub w: usize,
    pub c: usize,
    /// Output spatial size.
    pub oh: usize,
    pub ow: usize,
    /// Window (kernel) size, strides, dilations, and top/left padding.
    pub kh: usize,
    pub kw: usize,
    pub sh: usize,
    pub sw: usize,
    pub dh: usize,
    pub dw: usize,
    pub pt: usize,
    pub pl: usize,
    /// Output channels: filters for conv2d, the depth multiplier for depthwise, unused for pooling.
    pub co: usize,
}

/// Number of `u32` words in the geometry block the exports receive.
pub const GEOM_WORDS: usize = 15;

impl Geom {
    /// From the 15 words `[n, h, w, c, oh, ow, kh, kw, sh, sw, dh, dw, pt, pl, co]`; `None`
    /// when a stride or dilation is 0 or a window is empty.
    pub fn from_words(g: &[u32]) -> Option<Self> {
        if g.len() < GEOM_WORDS {
            return None;
        }
        let u = |i: usize| g[i] as usize;
        let geom = Geom {
            n: u(0), h: u(1), w: u(2), c: u(3), oh: u(4), ow: u(5), kh: u(6), kw: u(7),
            sh: u(8), sw: u(9), dh: u(10), dw: u(11), pt: u(12), pl: u(13), co: u(14),
        };
        let ok = geom.sh > 0 && geom.sw > 0 && geom.dh > 0 && geom.dw > 0 && geom.kh > 0 && geom.kw > 0;
        ok.then_some(geom)
    }

    /// GEMM depth: `kh·kw·c`.
    pub fn k(&self) -> usize {
        self.kh * self.kw * self.c
    }

    /// GEMM rows: one per output pixel, `n·oh·ow`.
    pub fn rows(&self) -> usize {
        self.n * self.oh * self.ow
    }

    pub fn in_len(&self) -> usize {
        self.n * self.h * self.w * self.c
    }

    /// A 1×1, stride-1, unpadded convolution: the input already is the im2col matrix.
    pub fn is_pointwise(&self) -> bool {
        self.kh == 1 && self.kw == 1 && self.sh == 1 && self.sw == 1 && self.pt == 0 && self.pl == 0
            && self.oh == self.h && self.ow == self.w
    }

    /// Input row read by output row `oy` at window tap `ky`, if inside the image.
    #[inline(always)]
    pub fn iy(&self, oy: usize, ky: usize) -> Option<usize> {
        (oy * self.sh + ky * self.dh).checked_sub(self.pt).filter(|&v| v < self.h)
    }

    /// Input column read by output column `ox` at window tap `kx`, if inside the image.
    #[inline(always)]
    pub fn ix(&self, ox: usize, kx: usize) -> Option<usize> {
        (ox * self.sw + kx * self.dw).checked_sub(self.pl).filter(|&v| v < self.w)
    }

    /// The output row whose tap `ky` reads input row `iy`, if any (the inverse of [`Self::iy`]).
    #[inline(always)]
    pub fn oy_for(&self, iy: usize, ky: usize) -> Option<usize> {
        source(iy, ky, self.pt, self.dh, self.sh, self.oh)
    }

    #[inline(always)]
    pub fn ox_for(&self, ix: usize, kx: usize) -> Option<usize> {
        source(ix, kx, self.pl, self.dw, self.sw, self.ow)
    }

    /// The taps `ky` whose input row for `oy` is inside the image (a contiguous range when
    /// the dilation is 1; in general the first and one-past-last valid taps).
    #[inline(always)]
    pub fn taps_y(&self, oy: usize) -> core::ops::Range<usize> {
        taps(oy * self.sh, self.pt, self.dh, self.h, self.kh)
    }

    #[inline(always)]
    pub fn taps_x(&self, ox: usize) -> core::ops::Range<usize> {
        taps(ox * self.sw, self.pl, self.dw, self.w, self.kw)
    }

    /// [`Self::taps_y`] of every output row and [`Self::taps_x`] of every output column,
    /// computed once per call: inner loops must not divide (a wasm division costs about as
    /// much as a 3×3 window of one channel).
    pub fn tap_tables(&self) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
        ((0..self.oh).map(|oy| self.taps_y(oy)).collect(), (0..self.ow).map(|ox| self.taps_x(ox)).collect())
    }

    /// [`Self::oy_for`] for every (input row, tap) as `t[iy·kh + ky]`, and [`Self::ox_for`]
    /// as `t[ix·kw + kx]`; [`NO_SOURCE`] where no output reads that cell through that tap.
    pub fn source_tables(&self) -> (Vec<u32>, Vec<u32>) {
        let f = |o: Option<usize>| o.map_or(NO_SOURCE, |v| v as u32);
        let ys = (0..self.h * self.kh).map(|i| f(self.oy_for(i / self.kh, i % self.kh))).collect();
        let xs = (0..self.w * self.kw).map(|i| f(self.ox_for(i / self.kw, i % self.kw))).collect();
        (ys, xs)
    }
}

/// "No output" in [`Geom::source_tables`].
pub const NO_SOURCE: u32 = u32::MAX;

/// Taps `t` in `0..k` with `0 ≤ base + t·d − pad < size`, as a range (always contiguous).
#[inline(always)]
fn taps(base: usize, pad: usize, d: usize, size: usize, k: usize) -> core::ops::Range<usize> {
    // First tap with base + t·d ≥ pad.
    let lo = if base >= pad { 0 } else { (pad - base).div_ceil(d) };
    // Taps with base + t·d < pad + size.
    let hi = if base >= pad + size { 0 } else { (pad + size - base).div_ceil(d) };
    lo.min(k)..hi.min(k).max(lo.min(k))
}

#[inline(always)]
fn source(i: usize, k: usize, pad: usize, d: usize, s: usize, out: usize) -> Option<usize> {
    let v = (i + pad).checked_sub(k * d)?;
    (v % s == 0 && v / s < out).then_some(v / s)
}

pub use crate::par::SyncPtr;

/// Rows per im2col chunk: about `CHUNK_FLOATS` floats of scratch, a multiple of the GEMM
/// tile height, within `[64, 4096]` rows.
pub(crate) fn chunk_rows(k: usize) -> usize {
    const CHUNK_FLOATS: usize = 1 << 17;
    (CHUNK_FLOATS / k.max(1)).clamp(64, 4096).next_multiple_of(crate::gemm::MR)
}

#[cfg(test)]
pub(crate) mod reference;
#[cfg(test)]
mod tests;
