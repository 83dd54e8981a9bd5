//! im2col (gather a window per output pixel into one GEMM row) and its adjoint col2im
//! (scatter-add a GEMM row back onto the window it came from).
//!
//! Row `r` of the column matrix is output pixel `r = (b·oh + oy)·ow + ox`; its `K = kh·kw·c`
//! entries are the window in (ky, kx, ci) order, zero where the window leaves the image.
//! Rows are walked with running (b, oy, ox) counters and per-column tap tables: a wasm
//! integer division costs about as much as gathering a whole 3×3 window of one channel.

use super::lanes::{add_into, copy_short, zero_short};
use super::Geom;

/// Output pixel counters, advanced row by row without divisions.
struct Cursor {
    b: usize,
    oy: usize,
    ox: usize,
}

impl Cursor {
    fn at(g: &Geom, row: usize) -> Self {
        let plane = g.oh * g.ow;
        let (b, rem) = (row / plane, row % plane);
        Cursor { b, oy: rem / g.ow, ox: rem % g.ow }
    }
    #[inline(always)]
    fn next(&mut self, g: &Geom) {
        self.ox += 1;
        if self.ox == g.ow {
            self.ox = 0;
            self.oy += 1;
            if self.oy == g.oh {
                self.oy = 0;
                self.b += 1;
            }
        }
    }
}

/// Fills `col[(r − row0)·K ..]` for rows `row0 .. row0 + rows`.
///
/// # Safety
/// `x` must hold the whole input; `col` must hold `rows·K` floats.
pub unsafe fn im2col(g: &Geom, x: *const f32, row0: usize, rows: usize, col: *mut f32) {
    if rows == 0 {
        return;
    }
    let (k, c, kwc) = (g.k(), g.c, g.kw * g.c);
    let (ty, tx) = g.tap_tables();
    let mut at = Cursor::at(g, row0);
    for r in 0..rows {
        let (oy, ox) = (at.oy, at.ox);
        let dst = col.add(r * k);
        let img = x.add(at.b * g.h * g.w * c);
        let (ty, tx) = (&ty[oy], &tx[ox]);
        zero_short(dst, ty.start * kwc);
        for ky in ty.clone() {
            let d = dst.add(ky * kwc);
            let src_row = img.add((oy * g.sh + ky * g.dh - g.pt) * g.w * c);
            if g.dw == 1 {
                // Dilation 1: the valid taps of a window row are contiguous in the input.
                zero_short(d, tx.start * c);
                if !tx.is_empty() {
                    let ix0 = ox * g.sw + tx.start - g.pl;
                    copy_short(src_row.add(ix0 * c), d.add(tx.start * c), tx.len() * c);
                }
                zero_short(d.add(tx.end * c), (g.kw - tx.end) * c);
            } else {
                for kx in 0..g.kw {
                    let dd = d.add(kx * c);
                    if tx.contains(&kx) {
                        copy_short(src_row.add((ox * g.sw + kx * g.dw - g.pl) * c), dd, c);
                    } else {
                        zero_short(dd, c);
                    }
                }
            }
        }
        zero_short(dst.add(ty.end * kwc), (g.kh - ty.end) * kwc);
        at.next(g);
    }
}

/// `dx[window of row r] += dcol[r − row0]` for rows `row0 .. row0 + rows`, in row order.
///
/// # Safety
/// `dx` must hold the whole input gradient, and no other thread may write the images these
/// rows touch; `dcol` must hold `rows·K` floats.
pub unsafe fn col2im_add(g: &Geom, dcol: *const f32, row0: usize, rows: usize, dx: *mut f32) {
    if rows == 0 {
        return;
    }
    let (k, c, kwc) = (g.k(), g.c, g.kw * g.c);
    let (ty, tx) = g.tap_tables();
    let mut at = Cursor::at(g, row0);
    for r in 0..rows {
        let (oy, ox) = (at.oy, at.ox);
        let src = dcol.add(r * k);
        let img = dx.add(at.b * g.h * g.w * c);
        let tx = &tx[ox];
        for ky in ty[oy].clone() {
            let drow = img.add((oy * g.sh + ky * g.dh - g.pt) * g.w * c);
            let srow = src.add(ky * kwc);
            if g.dw == 1 {
                // Contiguous window row: one long add.
                let ix0 = ox * g.sw + tx.start - g.pl;
                add_into(srow.add(tx.start * c), drow.add(ix0 * c), tx.len() * c);
            } else {
                for kx in tx.clone() {
                    add_into(srow.add(kx * c), drow.add((ox * g.sw + kx * g.dw - g.pl) * c), c);
                }
            }
        }
        at.next(g);
    }
}
