//! Convolution kernels against the float64 loops in `reference.rs`: a sweep of odd shapes
//! (both paddings, strides, dilations), the 1×1 GEMM path, chunk and part boundaries, and
//! bit-for-bit agreement between 1 and several threads.

use super::reference::{self as r, fill, geom, sweep};
use super::*;
use crate::par::{Par, Serial, StdThreads};
use std::format;
use std::vec;
use std::vec::Vec;

fn fwd(par: &dyn Par, g: &Geom, x: &[f32], w: &[f32], b: Option<&[f32]>) -> Vec<f32> {
    let mut y = vec![f32::NAN; g.rows() * g.co];
    conv2d(par, g, x, w, b, &mut y, None);
    y
}
fn bwd_in(par: &dyn Par, g: &Geom, dy: &[f32], w: &[f32]) -> Vec<f32> {
    let mut dx = vec![f32::NAN; g.in_len()];
    conv2d_backward_input(par, g, dy, w, &mut dx);
    dx
}
fn bwd_w(par: &dyn Par, g: &Geom, x: &[f32], dy: &[f32]) -> Vec<f32> {
    let mut dw = vec![f32::NAN; g.k() * g.co];
    conv2d_backward_filter(par, g, x, dy, &mut dw);
    dw
}

/// Checks all three conv kernels on `g` against the references, serially and on 3 threads
/// (which must agree bit for bit); small windows also through the im2col + GEMM path the
/// dispatch would not pick for them, and large ones through the direct kernels.
fn check_conv(g: &Geom, seed: u64) {
    check_paths(g, seed);
    let x = fill(g.in_len(), seed);
    let w = fill(g.k() * g.co, seed + 1);
    let b = fill(g.co, seed + 2);
    let dy = fill(g.rows() * g.co, seed + 3);
    let y = fwd(&Serial, g, &x, &w, Some(&b));
    r::conv(g, &x, &w, Some(&b)).check(&y, &format!("conv2d {g:?}"));
    let dx = bwd_in(&Serial, g, &dy, &w);
    r::conv_backward_input(g, &dy, &w).check(&dx, &format!("conv2d backward input {g:?}"));
    let dw = bwd_w(&Serial, g, &x, &dy);
    r::conv_backward_filter(g, &x, &dy).check(&dw, &format!("conv2d backward filter {g:?}"));
    for t in [2, 3] {
        let p = StdThreads(t);
        assert_eq!(bits(&fwd(&p, g, &x, &w, Some(&b))), bits(&y), "forward {t} threads {g:?}");
        assert_eq!(bits(&bwd_in(&p, g, &dy, &w)), bits(&dx), "backward input {t} threads {g:?}");
        assert_eq!(bits(&bwd_w(&p, g, &x, &dy)), bits(&dw), "backward filter {t} threads {g:?}");
    }
}

/// Both implementations of every kernel (direct and im2col + GEMM), whichever the dispatch
/// would pick for `g`, on 1 and 3 threads.
fn check_paths(g: &Geom, seed: u64) {
    if g.is_pointwise() || g.rows() == 0 {
        return;
    }
    let x = fill(g.in_len(), seed + 10);
    let w = fill(g.k() * g.co, seed + 11);
    let b = fill(g.co, seed + 12);
    let dy = fill(g.rows() * g.co, seed + 13);
    let (ry, rdx, rdw) = (r::conv(g, &x, &w, Some(&b)), r::conv_backward_input(g, &dy, &w), r::conv_backward_filter(g, &x, &dy));
    for par in [&Serial as &dyn Par, &StdThreads(3)] {
        for direct in [false, true] {
            let mut y = vec![f32::NAN; g.rows() * g.co];
            let mut dw = vec![f32::NAN; g.k() * g.co];
            let mut dx = vec![f32::NAN; g.in_len()];
            if direct {
                direct::conv2d_direct(par, g, &x, &w, Some(&b), &mut y, None);
                direct::conv2d_backward_filter_direct(par, g, &x, &dy, &mut dw);
                direct::conv2d_backward_input_direct(par, g, &dy, &w, &mut dx);
            } else {
                forward::conv2d_im2col(par, g, &x, &w, Some(&b), &mut y, None);
                backward_filter::conv2d_backward_filter_gemm(par, g, &x, &dy, &mut dw);
                backward_input::conv2d_backward_input_gemm(par, g, &dy, &w, &mut dx);
            }
            ry.check(&y, &format!("forward direct={direct} {g:?}"));
            rdw.check(&dw, &format!("backward filter direct={direct} {g:?}"));
            rdx.check(&dx, &format!("backward input direct={direct} {g:?}"));
        }
    }
}

fn bits(v: &[f32]) -> Vec<u32> {
    v.iter().map(|x| x.to_bits()).collect()
}

#[test]
fn conv_sweep_of_odd_shapes() {
    for (i, g) in sweep(400, 7, 9).iter().enumerate() {
        check_conv(g, i as u64);
    }
}

#[test]
fn conv_every_stride_dilation_padding_combination() {
    for same in [false, true] {
        for s in [(1, 1), (2, 2), (1, 2), (2, 1)] {
            for d in [(1, 1), (2, 2), (2, 1)] {
                for (k, (h, w)) in [((3, 3), (7, 9)), ((2, 3), (5, 4)), ((1, 1), (4, 3)), ((3, 1), (1, 6))] {
                    if let Some(g) = geom(2, h, w, 3, k.0, k.1, s, d, same, 5) {
                        check_conv(&g, 99);
                    }
                }
            }
        }
    }
}

#[test]
fn conv_pointwise_is_a_plain_gemm() {
    for (n, h, w, c, co) in [(1, 1, 1, 1, 1), (2, 3, 5, 7, 9), (3, 9, 9, 16, 33), (4, 16, 16, 8, 4)] {
        let g = geom(n, h, w, c, 1, 1, (1, 1), (1, 1), false, co).unwrap();
        assert!(g.is_pointwise());
        check_conv(&g, 5);
    }
}

#[test]
fn conv_chunk_and_part_boundaries() {
    // K = 9: 4096-row im2col chunks, so rows 4608 span two; rows ≥ 1024 use partial dW sums.
    check_conv(&geom(2, 50, 50, 1, 3, 3, (1, 1), (1, 1), false, 8).unwrap(), 1);
    // K = 288 (455-row chunks), many images, 'same' padding: the seed CNN's second layer, smaller.
    check_conv(&geom(5, 13, 13, 32, 3, 3, (1, 1), (1, 1), true, 12).unwrap(), 2);
    // 18 images: more than the 16 image-aligned parts of the direct filter gradient.
    check_conv(&geom(18, 5, 6, 2, 3, 3, (1, 1), (1, 1), true, 9).unwrap(), 4);
    // A filter too large for the direct kernels (K·co > 64 Ki): im2col + GEMM everywhere.
    let big = geom(2, 6, 6, 64, 3, 3, (1, 1), (1, 1), true, 130).unwrap();
    assert!(!direct::direct_forward(&big));
    check_conv(&big, 5);
    // One image with many rows: backward input runs its GEMMs threaded instead of its images.
    check_conv(&geom(1, 40, 40, 3, 3, 3, (2, 2), (1, 1), true, 17).unwrap(), 3);
}

#[test]
fn conv_relu_epilogue_and_no_bias() {
    // The second shape has 676 output pixels per image: epilogue runs span several rows.
    for g in [geom(2, 6, 6, 3, 3, 3, (1, 1), (1, 1), true, 4).unwrap(), geom(2, 28, 28, 1, 3, 3, (1, 1), (1, 1), false, 32).unwrap()] {
        let (x, w) = (fill(g.in_len(), 1), fill(g.k() * g.co, 2));
        let relu = |p: *mut f32, n: usize| unsafe {
            for v in core::slice::from_raw_parts_mut(p, n) {
                *v = v.max(0.0);
            }
        };
        let want = r::conv(&g, &x, &w, None);
        let clipped = r::Ref { v: want.v.iter().map(|v| v.max(0.0)).collect(), abs: want.abs };
        for par in [&Serial as &dyn Par, &StdThreads(3)] {
            let mut y = vec![f32::NAN; g.rows() * g.co];
            conv2d(par, &g, &x, &w, None, &mut y, Some(&relu));
            clipped.check(&y, "conv2d + relu");
        }
    }
}

#[test]
fn conv_seed_cnn_shapes() {
    // The seed CNN's two layers ('valid'): dY read in place by the filter gradient (co a
    // multiple of 8), vector adds in the direct backward input (c a multiple of 8, K = 288).
    check_conv(&geom(3, 28, 28, 1, 3, 3, (1, 1), (1, 1), false, 32).unwrap(), 6);
    check_conv(&geom(3, 13, 13, 32, 3, 3, (1, 1), (1, 1), false, 64).unwrap(), 7);
    // c = 16 with stride 2 and padding, co not a multiple of 8.
    check_conv(&geom(2, 9, 7, 16, 3, 3, (2, 2), (1, 1), true, 12).unwrap(), 8);
}

#[test]
fn conv_degenerate_sizes() {
    // No output rows: dx and dw are zeros. No input channels: y = bias.
    let g = Geom { n: 0, h: 3, w: 3, c: 2, oh: 1, ow: 1, kh: 3, kw: 3, sh: 1, sw: 1, dh: 1, dw: 1, pt: 0, pl: 0, co: 2 };
    assert!(bwd_w(&Serial, &g, &[], &[]).iter().all(|&v| v == 0.0));
    let g = Geom { n: 1, c: 0, ..g };
    assert_eq!(fwd(&Serial, &g, &[], &[], Some(&[1.5, -2.0])), vec![1.5, -2.0]);
}

fn check_depthwise(g: &Geom, seed: u64) {
    let cm = g.c * g.co;
    let x = fill(g.in_len(), seed);
    let w = fill(g.kh * g.kw * cm, seed + 1);
    let b = fill(cm, seed + 2);
    let dy = fill(g.rows() * cm, seed + 3);
    let run = |par: &dyn Par| {
        let mut y = vec![f32::NAN; g.rows() * cm];
        depthwise_conv2d(par, g, &x, &w, Some(&b), &mut y);
        let mut dx = vec![f32::NAN; g.in_len()];
        depthwise_conv2d_backward_input(par, g, &dy, &w, &mut dx);
        let mut dw = vec![f32::NAN; g.kh * g.kw * cm];
        depthwise_conv2d_backward_filter(par, g, &x, &dy, &mut dw);
        (y, dx, dw)
    };
    let (y, dx, dw) = run(&Serial);
    r::depthwise(g, &x, &w, Some(&b)).check(&y, &format!("depthwise {g:?}"));
    r::depthwise_backward_input(g, &dy, &w).check(&dx, &format!("depthwise backward input {g:?}"));
    r::depthwise_backward_filter(g, &x, &dy).check(&dw, &format!("depthwise backward filter {g:?}"));
    let (y3, dx3, dw3) = run(&StdThreads(3));
    assert_eq!((bits(&y3), bits(&dx3), bits(&dw3)), (bits(&y), bits(&dx), bits(&dw)), "depthwise threads {g:?}");
}

#[test]
fn depthwise_sweep_with_multipliers() {
    for (i, g) in sweep(300, 11, 3).iter().enumerate() {
        check_depthwise(g, i as u64);
    }
}

#[test]
fn depthwise_wide_channels_and_many_rows() {
    // 37 channels: two full 16-lane blocks and a ragged one; 2·30·30 rows: several parts.
    check_depthwise(&geom(2, 30, 30, 37, 3, 3, (1, 1), (1, 1), true, 1).unwrap(), 4);
    check_depthwise(&geom(3, 17, 12, 9, 3, 2, (2, 1), (1, 2), true, 2).unwrap(), 5);
}
