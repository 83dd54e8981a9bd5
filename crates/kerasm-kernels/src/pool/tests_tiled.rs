//! The tiled max-pool fast path (`max_tiled.rs`) against the general kernels, bit for bit:
//! inputs full of ties, ±0 and NaNs, odd sizes (uncovered edge rows/columns), ragged channel
//! counts, 1 and 3 threads.

use super::max::{max_pool2d_any, max_pool2d_backward_any};
use super::max_tiled::tiled_window;
use super::*;
use crate::conv::reference::{fill, geom};
use crate::par::{Serial, StdThreads};
use std::vec;
use std::vec::Vec;

/// Values from a small set so that windows tie often, with −0, +0 and NaN among them.
fn tie_heavy(len: usize, seed: u64) -> Vec<f32> {
    let pick = [0.0, -0.0, 1.0, -1.0, 0.5, f32::NAN, 1.0, 0.0];
    fill(len, seed).iter().map(|v| {
        let i = ((v + 1.0) * 1000.0) as usize;
        // One cell in 64 NaN at most: NaN windows must stay the exception they are in training.
        let p = pick[i % pick.len()];
        if p.is_nan() && i % 64 != 5 { 2.0 } else { p }
    }).collect()
}

fn bits(v: &[f32]) -> Vec<u32> {
    v.iter().map(|f| if f.is_nan() { u32::MAX } else { f.to_bits() }).collect()
}

#[test]
fn tiled_max_pool_matches_the_general_kernel_bit_for_bit() {
    let mut tested = 0;
    for (h, w, c, k) in [(26, 26, 32, 2), (11, 11, 64, 2), (5, 7, 3, 2), (4, 4, 9, 2), (9, 8, 5, 3), (7, 7, 4, 3), (2, 3, 2, 2), (6, 6, 1, 2)] {
        let g = geom(3, h, w, c, k, k, (k, k), (1, 1), false, 0).unwrap();
        assert!(tiled_window(&g).is_some(), "{g:?}");
        for seed in 0..3 {
            let x = if seed == 0 { fill(g.in_len(), 7) } else { tie_heavy(g.in_len(), seed) };
            let dy: Vec<f32> = fill(g.rows() * c, seed + 11).iter().enumerate().map(|(i, &v)| if i % 13 == 0 { -0.0 } else { v }).collect();
            let mut want_y = vec![f32::NAN; g.rows() * c];
            max_pool2d_any(&Serial, &g, &x, &mut want_y);
            let mut want_dx = vec![f32::NAN; g.in_len()];
            max_pool2d_backward_any(&Serial, &g, &x, &want_y, &dy, &mut want_dx);
            for par in [&Serial as &dyn Par, &StdThreads(3)] {
                let mut y = vec![f32::NAN; g.rows() * c];
                max_pool2d(par, &g, &x, &mut y);
                assert_eq!(bits(&y), bits(&want_y), "forward {g:?} seed {seed}");
                let mut dx = vec![f32::NAN; g.in_len()];
                max_pool2d_backward(par, &g, &x, &y, &dy, &mut dx);
                assert_eq!(bits(&dx), bits(&want_dx), "backward {g:?} seed {seed}");
            }
            tested += 1;
        }
    }
    assert_eq!(tested, 24);
}

#[test]
fn tiled_max_pool_leaves_overlapping_and_padded_windows_to_the_general_kernel() {
    for (k, s, same, h) in [(2, 1, false, 6), (3, 2, false, 7), (2, 2, true, 5)] {
        let g = geom(1, h, h, 4, k, k, (s, s), (1, 1), same, 0).unwrap();
        assert!(tiled_window(&g).is_none(), "{g:?}");
    }
    // 'same' with an even size pads nothing: still a tiling.
    assert!(tiled_window(&geom(1, 6, 6, 4, 2, 2, (2, 2), (1, 1), true, 0).unwrap()).is_some());
}
