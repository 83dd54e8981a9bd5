//! Permutations against an index-by-index reference, across ranks, tiles and threads.

use super::*;
use crate::par::{Serial, StdThreads};
use std::vec::Vec;

/// `y` by definition: walk every output index and fetch its source.
fn reference(x: &[u32], shape: &[usize], perm: &[usize]) -> Vec<u32> {
    let r = shape.len();
    let out: Vec<usize> = perm.iter().map(|&p| shape[p]).collect();
    let total: usize = shape.iter().product();
    let mut y = std::vec![0u32; total];
    for (flat, v) in y.iter_mut().enumerate() {
        let mut rem = flat;
        let mut src = std::vec![0usize; r];
        for a in (0..r).rev() {
            src[perm[a]] = rem % out[a];
            rem /= out[a];
        }
        let i = src.iter().zip(shape).fold(0, |acc, (&d, &s)| acc * s + d);
        *v = x[i];
    }
    y
}

fn check(par: &dyn Par, shape: &[usize], perm: &[usize]) {
    let total: usize = shape.iter().product();
    let x: Vec<u32> = (0..total as u32).map(|i| i.wrapping_mul(2654435761)).collect();
    let mut y = std::vec![u32::MAX; total];
    permute(par, &x, &mut y, shape, perm);
    let want = reference(&x, shape, perm);
    if let Some(i) = (0..total).find(|&i| y[i] != want[i]) {
        panic!("shape {shape:?} perm {perm:?}: element {i} is {}, want {}", y[i], want[i]);
    }
}

/// Permutation number `n` of `0..r` (factorial number system).
fn nth_perm(r: usize, mut n: usize) -> Vec<usize> {
    let mut pool: Vec<usize> = (0..r).collect();
    let mut p = Vec::new();
    for k in (1..=r).rev() {
        p.push(pool.remove(n % k));
        n /= k;
    }
    p
}

#[test]
fn two_d_transposes_across_tile_edges() {
    for &m in &[1, 3, 4, 5, 17, 31, 32, 33, 65] {
        for &n in &[1, 3, 4, 5, 17, 32, 33, 100] {
            check(&Serial, &[m, n], &[1, 0]);
            check(&Serial, &[m, n], &[0, 1]);
            check(&Serial, &[3, m, n], &[0, 2, 1]);
            check(&Serial, &[m, 2, n], &[2, 1, 0]);
        }
    }
}

#[test]
fn every_permutation_up_to_rank_5() {
    let dims = [3, 1, 4, 5, 2];
    for r in 0..=5 {
        let shape = &dims[..r];
        let fact: usize = (1..=r).product();
        for n in 0..fact {
            check(&Serial, shape, &nth_perm(r, n));
        }
    }
}

#[test]
fn rank_8_and_empty() {
    let shape = [2, 3, 1, 2, 3, 2, 1, 2];
    for n in [0, 1, 7, 100, 5039, 40319, 12345] {
        check(&Serial, &shape, &nth_perm(8, n));
    }
    check(&Serial, &[4, 0, 3], &[2, 0, 1]);
    check(&Serial, &[], &[]);
}

#[test]
fn threads_and_long_runs() {
    for t in [2, 3, 4] {
        let p = StdThreads(t);
        check(&p, &[300, 257], &[1, 0]);
        check(&p, &[8, 130, 70], &[0, 2, 1]);
        check(&p, &[40000, 2], &[0, 1]);
        check(&p, &[3, 20000], &[1, 0]);
        check(&p, &[7, 5, 3000], &[1, 0, 2]);
        check(&p, &[2, 40000], &[0, 1]);
    }
}

#[test]
fn perm_validation() {
    assert!(valid_perm(&[]));
    assert!(valid_perm(&[2, 0, 1]));
    assert!(!valid_perm(&[0, 0, 1]));
    assert!(!valid_perm(&[0, 3, 1]));
    assert!(valid_perm(&[7, 6, 5, 4, 3, 2, 1, 0]));
    assert!(!valid_perm(&[0, 1, 2, 3, 4, 5, 6, 7, 8]));
}
