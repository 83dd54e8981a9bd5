//! Casts at their edge values, and strided copies as slice, pad, concat, transpose,
//! broadcast and reversal, against index arithmetic done by hand.

use super::*;
use crate::binary::tests::{each_index, offset};
use crate::par::{Serial, StdThreads};
use crate::strided::dense_strides;
use std::vec::Vec;

#[test]
fn casts() {
    let xs = [0.0, -0.0, 1.9, -1.9, 2.5, -2.5, f32::NAN, f32::INFINITY, f32::NEG_INFINITY, 3e9, -3e9, 2147483520.0, -2147483648.0];
    let want = [0, 0, 1, -1, 2, -2, 0, i32::MAX, i32::MIN, i32::MAX, i32::MIN, 2147483520, i32::MIN];
    for n in [0, 1, 3, 4, 5, xs.len()] {
        let mut y = std::vec![7i32; n];
        unsafe { cast_f32_to_i32(xs.as_ptr(), y.as_mut_ptr(), n) };
        assert_eq!(y, want[..n]);
    }
    let is = [0, 1, -1, 16_777_217, i32::MAX, i32::MIN, 123];
    let mut f = std::vec![0.0f32; is.len()];
    unsafe { cast_i32_to_f32(is.as_ptr(), f.as_mut_ptr(), is.len()) };
    assert_eq!(f, [0.0, 1.0, -1.0, 16_777_216.0, 2147483648.0, -2147483648.0, 123.0]);
    // In place: the same buffer reinterpreted.
    let mut buf: Vec<f32> = std::vec![1.5, -7.9, 3.0, 8.2, -0.5];
    let p = buf.as_mut_ptr();
    unsafe { cast_f32_to_i32(p, p as *mut i32, 5) };
    let ints: Vec<i32> = buf.iter().map(|v| v.to_bits() as i32).collect();
    assert_eq!(ints, [1, -7, 3, 8, 0]);
}

#[test]
fn fills() {
    for n in [0, 1, 3, 4, 5, 17, 1023] {
        let mut y = std::vec![0.0f32; n];
        fill_f32(&mut y, -2.5);
        assert!(y.iter().all(|&v| v == -2.5));
        let mut z = std::vec![0i32; n];
        fill_i32(&mut z, -9);
        assert!(z.iter().all(|&v| v == -9));
    }
}

/// Copies with `copy_strided` and with a plain loop over `shape`; returns both buffers.
fn both(par: &dyn Par, src: &[u32], dst_len: usize, shape: &[usize], ss: &[isize], ds: &[isize], base: (isize, isize)) -> (Vec<u32>, Vec<u32>) {
    let mut got = std::vec![u32::MAX; dst_len];
    let mut want = got.clone();
    unsafe { copy_strided(par, src.as_ptr().offset(base.0), got.as_mut_ptr().offset(base.1), shape, ss, ds) };
    each_index(shape, |i| want[(base.1 + offset(i, ds)) as usize] = src[(base.0 + offset(i, ss)) as usize]);
    (got, want)
}

#[test]
fn view_ops() {
    let src: Vec<u32> = (0..6 * 7 * 5).collect();
    let d = |s: &[usize]| dense_strides(s)[..s.len()].to_vec();
    let s675 = d(&[6, 7, 5]);
    // (shape, src strides, dst strides, dst len, (src base, dst base))
    let cases: Vec<(Vec<usize>, Vec<isize>, Vec<isize>, usize, (isize, isize))> = std::vec![
        (std::vec![6, 7, 5], s675.clone(), s675.clone(), 210, (0, 0)),
        // slice [1:5, 2:6, 1:4]
        (std::vec![4, 4, 3], s675.clone(), d(&[4, 4, 3]), 48, (35 + 10 + 1, 0)),
        // pad by 1 on every side: write into the interior of [8, 9, 7]
        (std::vec![6, 7, 5], s675.clone(), d(&[8, 9, 7]), 504, (0, 63 + 7 + 1)),
        // the second part of a concat along axis 1 ([6, 3, 5] then this) into [6, 10, 5]
        (std::vec![6, 7, 5], s675.clone(), d(&[6, 10, 5]), 300, (0, 15)),
        // transpose (2, 0, 1)
        (std::vec![5, 6, 7], std::vec![1, 35, 5], d(&[5, 6, 7]), 210, (0, 0)),
        // broadcast a row, and reverse the last axis
        (std::vec![4, 5], std::vec![0, 1], d(&[4, 5]), 20, (0, 0)),
        (std::vec![6, 35], std::vec![35, -1], d(&[6, 35]), 210, (34, 0)),
        (std::vec![0, 3], std::vec![3, 1], std::vec![3, 1], 0, (0, 0)),
        (std::vec![], std::vec![], std::vec![], 1, (9, 0)),
    ];
    for (shape, ss, ds, len, base) in &cases {
        let (got, want) = both(&Serial, &src, *len, shape, ss, ds, *base);
        assert_eq!(got, want, "shape {shape:?} src {ss:?} dst {ds:?}");
    }
}

#[test]
fn threads_do_not_change_results() {
    let src: Vec<u32> = (0..300 * 500).collect();
    for (shape, ss) in [([300usize, 500], [500isize, 1]), ([500, 300], [1, 500])] {
        let ds = dense_strides(&shape);
        let (serial, _) = both(&Serial, &src, 150_000, &shape, &ss, &ds[..2], (0, 0));
        let (threaded, want) = both(&StdThreads(3), &src, 150_000, &shape, &ss, &ds[..2], (0, 0));
        assert_eq!(serial, want);
        assert_eq!(threaded, want);
    }
}
