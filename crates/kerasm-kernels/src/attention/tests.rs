use super::*;
use crate::par::{Serial, StdThreads};
use crate::test_util::fill;
use std::vec;
use std::vec::Vec;

/// (dims, layout, mask (f32 0/1, per batch?), causal)
struct Case {
    d: Dims,
    layout: Layout,
    mask: Option<(Vec<f32>, bool)>,
    causal: bool,
}

fn idx(layout: Layout, b: usize, t: usize, h: usize, c: usize, tn: usize, hn: usize, dn: usize) -> usize {
    let s = layout.strides(tn, hn, dn);
    b * s.b + h * s.h + t * s.t + c
}

fn keep(c: &Case, b: usize, i: usize, j: usize) -> bool {
    let d = c.d;
    let m = c.mask.as_ref().is_none_or(|(m, per)| m[(if *per { b * d.tq } else { 0 } + i) * d.tk + j] != 0.0);
    m && (!c.causal || j <= i)
}

/// Naive f64 attention: the whole score matrix per (batch, head).
fn reference(c: &Case, q: &[f64], k: &[f64], v: &[f64], scale: f64) -> Vec<f64> {
    let d = c.d;
    let group = d.heads / d.kv_heads;
    let mut o = vec![0.0; d.batch * d.tq * d.heads * d.dv];
    for b in 0..d.batch {
        for h in 0..d.heads {
            let kh = h / group;
            for i in 0..d.tq {
                let mut s = vec![f64::NEG_INFINITY; d.tk];
                for (j, sj) in s.iter_mut().enumerate() {
                    if keep(c, b, i, j) {
                        *sj = (0..d.dk)
                            .map(|x| q[idx(c.layout, b, i, h, x, d.tq, d.heads, d.dk)] * k[idx(c.layout, b, j, kh, x, d.tk, d.kv_heads, d.dk)])
                            .sum::<f64>()
                            * scale;
                    }
                }
                let m = s.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                let p: Vec<f64> = if m == f64::NEG_INFINITY {
                    vec![1.0 / d.tk as f64; d.tk]
                } else {
                    let e: Vec<f64> = s.iter().map(|&x| (x - m).exp()).collect();
                    let z: f64 = e.iter().sum();
                    e.iter().map(|x| x / z).collect()
                };
                for x in 0..d.dv {
                    o[idx(c.layout, b, i, h, x, d.tq, d.heads, d.dv)] =
                        (0..d.tk).map(|j| p[j] * v[idx(c.layout, b, j, kh, x, d.tk, d.kv_heads, d.dv)]).sum();
                }
            }
        }
    }
    o
}

fn to64(x: &[f32]) -> Vec<f64> {
    x.iter().map(|&v| v as f64).collect()
}

fn close(got: &[f32], want: &[f64], tol: f64, what: &str) {
    assert_eq!(got.len(), want.len(), "{what}");
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        assert!((g as f64 - w).abs() <= tol * (1.0 + w.abs()), "{what}[{i}]: got {g}, want {w}");
    }
}

/// Forward and backward; `keep` passes the probabilities from one to the other.
fn run(c: &Case, par: &dyn crate::par::Par, seed: u64, keep: bool) -> [Vec<f32>; 5] {
    let d = c.d;
    let q = fill(d.batch * d.tq * d.heads * d.dk, seed);
    let k = fill(d.batch * d.tk * d.kv_heads * d.dk, seed + 1);
    let v = fill(d.batch * d.tk * d.kv_heads * d.dv, seed + 2);
    let g = fill(d.batch * d.tq * d.heads * d.dv, seed + 3);
    let masking = Masking { mask: c.mask.as_ref().map(|(m, _)| m.as_slice()), mask_per_batch: c.mask.as_ref().is_some_and(|m| m.1), causal: c.causal };
    let scale = 1.0 / (d.dk as f32).sqrt();
    let mut o = vec![0.0; g.len()];
    let mut lse = vec![0.0; d.batch * d.heads * d.tq];
    let mut probs = vec![f32::NAN; if keep { d.batch * d.heads * d.tq * d.tk } else { 0 }];
    let kept = if keep { Some(probs.as_mut_slice()) } else { None };
    attention_forward(par, d, c.layout, &q, &k, &v, &mut o, &mut lse, kept, masking, scale);
    let (mut dq, mut dk, mut dv) = (vec![0.0; q.len()], vec![0.0; k.len()], vec![0.0; v.len()]);
    let kept = if keep { Some(probs.as_slice()) } else { None };
    attention_backward(par, d, c.layout, &q, &k, &v, &g, &lse, kept, &mut dq, &mut dk, &mut dv, masking, scale);
    [o, dq, dk, dv, lse]
}

fn check(c: &Case) {
    check_path(c, false);
    check_path(c, true);
}

fn check_path(c: &Case, keep: bool) {
    let d = c.d;
    let seed = 7;
    let [o, dq, dk, dv, _] = run(c, &Serial, seed, keep);
    let q = to64(&fill(d.batch * d.tq * d.heads * d.dk, seed));
    let k = to64(&fill(d.batch * d.tk * d.kv_heads * d.dk, seed + 1));
    let v = to64(&fill(d.batch * d.tk * d.kv_heads * d.dv, seed + 2));
    let g = to64(&fill(d.batch * d.tq * d.heads * d.dv, seed + 3));
    let scale = 1.0 / (d.dk as f32).sqrt() as f64;
    close(&o, &reference(c, &q, &k, &v, scale), 2e-5, "o");
    // Gradients of Σ o·g by central differences of the f64 reference.
    let loss = |q: &[f64], k: &[f64], v: &[f64]| reference(c, q, k, v, scale).iter().zip(&g).map(|(a, b)| a * b).sum::<f64>();
    let numeric = |which: usize| {
        let mut xs = [q.clone(), k.clone(), v.clone()];
        let n = xs[which].len();
        (0..n)
            .map(|i| {
                let x0 = xs[which][i];
                xs[which][i] = x0 + 1e-6;
                let up = loss(&xs[0], &xs[1], &xs[2]);
                xs[which][i] = x0 - 1e-6;
                let dn = loss(&xs[0], &xs[1], &xs[2]);
                xs[which][i] = x0;
                (up - dn) / 2e-6
            })
            .collect::<Vec<f64>>()
    };
    close(&dq, &numeric(0), 1e-4, "dq");
    close(&dk, &numeric(1), 1e-4, "dk");
    close(&dv, &numeric(2), 1e-4, "dv");
    // Thread count does not change a bit.
    for t in [2, 3, 5] {
        let r = run(c, &StdThreads(t), seed, keep);
        for (a, b) in r.iter().zip([&o, &dq, &dk, &dv]) {
            assert!(a.iter().zip(b.iter()).all(|(x, y)| x.to_bits() == y.to_bits()), "threads={t}");
        }
    }
}

fn dims(batch: usize, heads: usize, kv_heads: usize, tq: usize, tk: usize, dk: usize, dv: usize) -> Dims {
    Dims { batch, heads, kv_heads, tq, tk, dk, dv }
}

#[test]
fn plain_both_layouts() {
    for layout in [Layout::Btnh, Layout::Bnth] {
        check(&Case { d: dims(2, 3, 3, 5, 7, 4, 6), layout, mask: None, causal: false });
    }
}

#[test]
fn grouped_query_heads_share_key_value_heads() {
    for layout in [Layout::Btnh, Layout::Bnth] {
        check(&Case { d: dims(2, 4, 2, 6, 6, 3, 3), layout, mask: None, causal: true });
        check(&Case { d: dims(3, 3, 1, 4, 9, 5, 2), layout, mask: None, causal: false });
    }
}

#[test]
fn masks_with_fully_masked_rows() {
    let d = dims(2, 4, 2, 5, 6, 4, 3);
    let mut m = fill(d.batch * d.tq * d.tk, 99).iter().map(|&x| if x > -0.3 { 1.0 } else { 0.0 }).collect::<Vec<f32>>();
    for j in 0..d.tk {
        m[2 * d.tk + j] = 0.0; // batch 0, row 2
        m[(d.tq + 4) * d.tk + j] = 0.0; // batch 1, row 4
    }
    check(&Case { d, layout: Layout::Btnh, mask: Some((m.clone(), true)), causal: false });
    check(&Case { d, layout: Layout::Bnth, mask: Some((m, true)), causal: true });
    let shared = fill(d.tq * d.tk, 5).iter().map(|&x| if x > 0.0 { 1.0 } else { 0.0 }).collect::<Vec<f32>>();
    check(&Case { d, layout: Layout::Btnh, mask: Some((shared, false)), causal: true });
}

#[test]
fn long_rows_use_every_lane_path() {
    check(&Case { d: dims(1, 2, 1, 3, 37, 17, 9), layout: Layout::Btnh, mask: None, causal: false });
}

#[test]
fn softmax_exp_has_exp4s_bits_in_the_normal_range() {
    use crate::simd::F32x4;
    let mut d = -87.0f32;
    while d <= 0.0 {
        let v = [d, d * 0.5, d * 0.25, -d * 1e-3 - 1e-30];
        let v = [v[0], v[1], v[2], -v[3].abs()];
        let mut a = [0.0f32; 4];
        let mut b = [0.0f32; 4];
        unsafe {
            super::row::exp_le0(F32x4::load(v.as_ptr())).store(a.as_mut_ptr());
            crate::math::exp4(F32x4::load(v.as_ptr())).store(b.as_mut_ptr());
        }
        assert_eq!(a.map(f32::to_bits), b.map(f32::to_bits), "d = {v:?}");
        d += 0.0173;
    }
    let mut out = [0.0f32; 4];
    let special = [f32::NEG_INFINITY, -90.0, f32::NAN, -0.0];
    unsafe { super::row::exp_le0(F32x4::load(special.as_ptr())).store(out.as_mut_ptr()) };
    assert_eq!(out[0], 0.0);
    assert_eq!(out[1], 0.0);
    assert!(out[2].is_nan());
    assert_eq!(out[3], 1.0);
}

#[test]
fn pack_transposed_matches_the_scalar_transpose() {
    for (rows, cols, ld) in [(7, 5, 9), (8, 8, 8), (100, 32, 64), (3, 2, 2), (13, 17, 21)] {
        let src = fill(rows * ld, 3);
        let mut dst = vec![f32::NAN; rows * cols];
        unsafe { pack_transposed(&mut dst, src.as_ptr(), ld, rows, cols) };
        for j in 0..rows {
            for c in 0..cols {
                assert_eq!(dst[c * rows + j].to_bits(), src[j * ld + c].to_bits(), "rows {rows} cols {cols}: ({j}, {c})");
            }
        }
    }
}

#[test]
fn long_masked_rows_use_the_unrolled_max() {
    let d = dims(2, 2, 1, 5, 21, 4, 3);
    let mut m = fill(d.batch * d.tq * d.tk, 41).iter().map(|&x| if x > -0.4 { 1.0 } else { 0.0 }).collect::<Vec<f32>>();
    for j in 0..d.tk {
        m[3 * d.tk + j] = 0.0; // batch 0, row 3: every key masked
    }
    check(&Case { d, layout: Layout::Btnh, mask: Some((m.clone(), true)), causal: false });
    check(&Case { d, layout: Layout::Bnth, mask: Some((m, true)), causal: true });
}

#[test]
fn tile_products_match_a_naive_product_on_every_edge() {
    use super::tile::{mm_tiled, Rows, Strided};
    for (m, n, k) in [(1, 1, 1), (2, 12, 3), (3, 13, 5), (4, 24, 32), (5, 28, 7), (7, 100, 32), (8, 36, 100), (11, 9, 2)] {
        let a = fill(m * k, 11);
        let b = fill(k * n, 12);
        let c0 = fill(m * n, 13);
        let want = |acc: bool, i: usize, j: usize| {
            let s: f64 = (0..k).map(|p| a[i * k + p] as f64 * b[p * n + j] as f64).sum();
            0.5 * s + if acc { c0[i * n + j] as f64 } else { 0.0 }
        };
        for acc in [false, true] {
            // A read transposed (column stride 1 over a [k, m] copy) gives the same bits.
            let at: Vec<f32> = (0..k * m).map(|x| a[(x % m) * k + x / m]).collect();
            let (sa, sat) = (Strided { ptr: a.as_ptr(), rs: k, cs: 1 }, Strided { ptr: at.as_ptr(), rs: 1, cs: m });
            let mut c = c0.clone();
            let [mut ct, mut c48] = [c0.clone(), c0.clone()];
            unsafe {
                // Both tile shapes (3×12 with FMA, 4×8 without) on the host.
                mm_tiled::<3, 3>(m, n, k, sa, Rows { ptr: b.as_ptr(), ld: n }, Rows { ptr: c.as_mut_ptr(), ld: n }, 0.5, acc);
                mm_tiled::<3, 3>(m, n, k, sat, Rows { ptr: b.as_ptr(), ld: n }, Rows { ptr: ct.as_mut_ptr(), ld: n }, 0.5, acc);
                mm_tiled::<4, 2>(m, n, k, sa, Rows { ptr: b.as_ptr(), ld: n }, Rows { ptr: c48.as_mut_ptr(), ld: n }, 0.5, acc);
            }
            for i in 0..m {
                for j in 0..n {
                    let w = want(acc, i, j);
                    assert!((c[i * n + j] as f64 - w).abs() <= 1e-5 * (1.0 + w.abs()), "({m}, {n}, {k}) acc {acc}: [{i}, {j}]");
                    assert_eq!(c[i * n + j].to_bits(), ct[i * n + j].to_bits(), "({m}, {n}, {k}) acc {acc}: transposed A [{i}, {j}]");
                    assert_eq!(c[i * n + j].to_bits(), c48[i * n + j].to_bits(), "({m}, {n}, {k}) acc {acc}: 4x8 tile [{i}, {j}]");
                }
            }
        }
    }
}
