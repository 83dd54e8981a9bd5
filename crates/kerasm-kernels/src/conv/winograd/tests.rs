//! Winograd forward, backward-input and backward-filter against the float64 reference (the
//! direct kernels' tolerance), with bias and a fused relu, odd and even output sizes, both
//! paddings, batch 1–3, and bit-for-bit agreement across 1–3 threads; and the dispatch rule.

use super::*;
use crate::conv::reference::{self as r, fill, geom};
use crate::par::{Serial, StdThreads};
use std::format;
use std::vec;
use std::vec::Vec;

fn bits(v: &[f32]) -> Vec<u32> {
    v.iter().map(|x| x.to_bits()).collect()
}

fn relu(p: *mut f32, n: usize) {
    for v in unsafe { core::slice::from_raw_parts_mut(p, n) } {
        *v = v.max(0.0);
    }
}

fn check(g: &Geom, seed: u64) {
    assert!(winograd_forward(g), "{g:?}");
    let (x, w, b) = (fill(g.in_len(), seed), fill(g.k() * g.co, seed + 1), fill(g.co, seed + 2));
    let dy = fill(g.rows() * g.co, seed + 3);
    let want = r::conv(g, &x, &w, Some(&b));
    let clipped = r::Ref { v: want.v.iter().map(|v| v.max(0.0)).collect(), abs: want.abs.clone() };
    let want_dx = r::conv_backward_input(g, &dy, &w);
    let want_dw = r::conv_backward_filter(g, &x, &dy);
    let mut first: Option<(Vec<u32>, Vec<u32>, Vec<u32>)> = None;
    for t in 1..=3 {
        let par: &dyn Par = if t == 1 { &Serial } else { &StdThreads(t) };
        let mut y = vec![f32::NAN; g.rows() * g.co];
        conv2d_winograd(par, g, &x, &w, Some(&b), &mut y, None);
        want.check(&y, &format!("winograd forward {t} threads {g:?}"));
        let mut yr = vec![f32::NAN; g.rows() * g.co];
        conv2d_winograd(par, g, &x, &w, Some(&b), &mut yr, Some(&relu));
        clipped.check(&yr, &format!("winograd forward + relu {g:?}"));
        let mut dx = vec![f32::NAN; g.in_len()];
        if winograd_input(g) {
            conv2d_backward_input_winograd(par, g, &dy, &w, &mut dx);
            want_dx.check(&dx, &format!("winograd backward input {t} threads {g:?}"));
        }
        let mut dw = vec![f32::NAN; g.k() * g.co];
        if winograd_filter(g) {
            conv2d_backward_filter_winograd(par, g, &x, &dy, &mut dw);
            want_dw.check(&dw, &format!("winograd backward filter {t} threads {g:?}"));
        }
        let got = (bits(&y), bits(&dx), bits(&dw));
        match &first {
            None => first = Some(got),
            Some(f) => assert!(*f == got, "{t} threads differ from 1 {g:?}"),
        }
    }
}

#[test]
fn winograd_matches_reference_on_odd_and_even_sizes() {
    let mut seed = 0;
    for same in [false, true] {
        for (n, h, w) in [(1, 4, 4), (2, 13, 13), (3, 8, 11), (1, 7, 6), (2, 5, 16)] {
            for (c, co) in [(8, 16), (9, 17), (32, 64), (13, 24)] {
                if let Some(g) = geom(n, h, w, c, 3, 3, (1, 1), (1, 1), same, co) {
                    if winograd_forward(&g) {
                        check(&g, seed);
                        seed += 4;
                    }
                }
            }
        }
    }
}

#[test]
fn winograd_seed_cnn_conv2_and_large_values() {
    check(&geom(3, 13, 13, 32, 3, 3, (1, 1), (1, 1), false, 64).unwrap(), 100);
    // One image, many tile rows: the rows split across threads.
    check(&geom(1, 30, 9, 16, 3, 3, (1, 1), (1, 1), true, 16).unwrap(), 101);
    // 6·10·10 = 600 tiles: the filter gradient sums two partial parts.
    check(&geom(6, 20, 20, 8, 3, 3, (1, 1), (1, 1), true, 16).unwrap(), 102);
}

#[test]
fn winograd_dispatch_rule() {
    let g = geom(2, 13, 13, 32, 3, 3, (1, 1), (1, 1), false, 64).unwrap();
    assert!(winograd_forward(&g) && winograd_input(&g));
    // The seed CNN's first layer (one input channel) keeps the direct kernel.
    assert!(!winograd_forward(&geom(2, 28, 28, 1, 3, 3, (1, 1), (1, 1), false, 32).unwrap()));
    assert!(!winograd_forward(&geom(2, 13, 13, 32, 3, 3, (2, 2), (1, 1), false, 64).unwrap()));
    assert!(!winograd_forward(&geom(2, 13, 13, 32, 3, 3, (1, 1), (2, 2), false, 64).unwrap()));
    // Backward input maps co → c: 64 → 8 channels is fine, 64 → 12 filters is not.
    assert!(!winograd_input(&geom(2, 13, 13, 12, 3, 3, (1, 1), (1, 1), false, 64).unwrap()));
    // 8×8 → 6×6 'valid': forward saves 2.25×, and so does backward input on 2 images
    // (transposed tiles); on one image its correlation form (over all 8×8 of dX) saves 1.27×.
    let small = geom(2, 8, 8, 64, 3, 3, (1, 1), (1, 1), false, 64).unwrap();
    assert!(winograd_forward(&small) && winograd_input(&small) && scatter_input(&small));
    assert!(!winograd_input(&Geom { n: 1, ..small }));
}

