//! Fused scaled-dot-product attention, forward and backward:
//! `o = softmax(scale·q·kᵀ + mask)·v` per (batch, query head), without the
//! [batch, heads, Tq, Tk] score tensor: each task holds one block of score rows (at most
//! `SCORE_BLOCK` floats) at a time. The products in and out of the block are register-blocked
//! like the GEMM microkernel (`tile`), reading q, k, v in place.
//!
//! Layouts: `q` [batch, Tq, heads, dk] and `k` [batch, Tk, kv_heads, dk], `v` [batch, Tk,
//! kv_heads, dv], `o` like `q` with dv (`Layout::Btnh`, what the attention layers' projections
//! give), or the same tensors head-major ([batch, heads, T, d], `Layout::Bnth`). Query head `h`
//! reads key/value head `h / (heads / kv_heads)` (grouped-query attention: the shared heads
//! are read in place, never copied).
//!
//! Masks: `mask` [1 or batch, Tq, Tk] (nonzero = attend) and/or `causal` (key j ≤ query i).
//! A query row with every key masked averages all values (softmax of equal logits), as
//! `jax.nn.dot_product_attention` does, and passes no gradient to q and k.
//!
//! Forward stores each row's log-sum-exp (`lse` [batch, heads, Tq]; +inf marks a fully
//! masked row); backward recomputes the scores and probabilities from it. Work is split over
//! (batch, key/value head) tasks; every output element is computed by one task in a fixed
//! order, so results do not depend on the thread count.

mod backward;
mod forward;
mod row;
#[cfg(test)]
mod tests;
mod tile;

pub use backward::attention_backward;
pub use forward::attention_forward;

/// Where rows and heads live in memory.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Layout {
    /// [batch, T, heads, d]
    Btnh,
    /// [batch, heads, T, d]
    Bnth,
}

/// Sizes of one attention call.
#[derive(Copy, Clone, Debug)]
pub struct Dims {
    pub batch: usize,
    pub heads: usize,
    pub kv_heads: usize,
    pub tq: usize,
    pub tk: usize,
    /// Query/key head size.
    pub dk: usize,
    /// Value head size.
    pub dv: usize,
}

/// Element strides of one tensor: (batch, head, row).
#[derive(Copy, Clone, Debug)]
pub(crate) struct Strides {
    pub b: usize,
    pub h: usize,
    pub t: usize,
}

impl Layout {
    pub(crate) fn strides(self, t: usize, heads: usize, d: usize) -> Strides {
        match self {
            Layout::Btnh => Strides { b: t * heads * d, h: d, t: heads * d },
            Layout::Bnth => Strides { b: heads * t * d, h: t * d, t: d },
        }
    }
}

/// An optional [1 or batch, Tq, Tk] mask and the causal flag.
#[derive(Copy, Clone)]
pub struct Masking<'a> {
    pub mask: Option<&'a [f32]>,
    /// True when the mask has a batch axis (else it is shared by every batch entry).
    pub mask_per_batch: bool,
    pub causal: bool,
}

impl Masking<'_> {
    /// Columns past which row `i` attends to nothing (causal), else all.
    #[inline(always)]
    pub(crate) fn cols(&self, i: usize, tk: usize) -> usize {
        if self.causal { (i + 1).min(tk) } else { tk }
    }

    /// The mask row of (batch `b`, query `i`), if any.
    #[inline(always)]
    pub(crate) fn row(&self, b: usize, i: usize, tq: usize, tk: usize) -> Option<&[f32]> {
        self.mask.map(|m| {
            let base = (if self.mask_per_batch { b * tq } else { 0 } + i) * tk;
            &m[base..base + tk]
        })
    }
}

/// Floats of the per-task score block (and of the backward's dS block): 64 KiB, so a block
/// stays in L2 next to the key/value rows it is computed from.
const SCORE_BLOCK: usize = if cfg!(test) { 24 } else { 16384 };

/// Query rows per block: as many as fit `SCORE_BLOCK` (a multiple of the tile's rows), ≥ one tile.
pub(crate) fn chunk_rows(tq: usize, tk: usize) -> usize {
    let r = tile::TILE_ROWS;
    let fit = (SCORE_BLOCK / tk.max(1)) / r * r;
    fit.max(r).min(tq.max(1))
}

/// `dst[c·rows + j] = src[j·ld + c]` for j < rows, c < cols: a head's keys or values as
/// [d, T], the B operand of the products over d (scores, dP). 4×4 blocks go through
/// registers (one task packs a head per call, so a scalar loop was a visible share of it).
///
/// # Safety
/// `src` readable over the addressed rows; `dst.len() ≥ rows·cols`.
pub(crate) unsafe fn pack_transposed(dst: &mut [f32], src: *const f32, ld: usize, rows: usize, cols: usize) {
    use crate::simd::F32x4;
    assert!(dst.len() >= rows * cols);
    let (d, c4) = (dst.as_mut_ptr(), cols / 4 * 4);
    let mut j = 0;
    while j + 4 <= rows {
        let r = src.add(j * ld);
        for c in (0..c4).step_by(4) {
            let t = F32x4::transpose4(core::array::from_fn(|x| F32x4::load(r.add(x * ld + c))));
            for (x, v) in t.iter().enumerate() {
                v.store(d.add((c + x) * rows + j));
            }
        }
        for x in 0..4 {
            for c in c4..cols {
                *d.add(c * rows + j + x) = *r.add(x * ld + c);
            }
        }
        j += 4;
    }
    for j in j..rows {
        let r = src.add(j * ld);
        for c in 0..cols {
            *d.add(c * rows + j) = *r.add(c);
        }
    }
}
