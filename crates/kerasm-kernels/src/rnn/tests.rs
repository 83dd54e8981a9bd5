//! The fused kernels against a float64 reference: forward values, and every gradient
//! against central differences of the reference; results identical for 1 and 3 threads.

use super::{gru, lstm, Dims, Flags};
use crate::par::{Par, Serial, StdThreads};
use crate::test_util::fill;
use std::vec;
use std::vec::Vec;

fn sig(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

struct Case {
    d: Dims,
    fl: Flags,
    masked: bool,
    gru: bool,
}

struct Inputs {
    x: Vec<f32>,
    h0: Vec<f32>,
    c0: Vec<f32>,
    w: Vec<f32>,
    r: Vec<f32>,
    b: Vec<f32>,
    mask: Vec<f32>,
}

fn inputs(c: &Case) -> Inputs {
    let Dims { batch, time, input, units: u } = c.d;
    let g = if c.gru { 3 } else { 4 };
    let mut mask = vec![1.0f32; batch * time];
    if c.masked {
        for (i, m) in mask.iter_mut().enumerate() {
            if i % 3 == 1 || i == 0 {
                *m = 0.0;
            }
        }
    }
    let scale = |v: Vec<f32>, s: f32| v.into_iter().map(|x| x * s).collect::<Vec<_>>();
    Inputs {
        x: fill(batch * time * input, 1),
        h0: scale(fill(batch * u, 2), 0.5),
        c0: scale(fill(batch * u, 3), 0.5),
        w: scale(fill(input * g * u, 4), 0.6),
        r: scale(fill(u * g * u, 5), 0.5),
        b: scale(fill(if c.gru { 2 * g * u } else { g * u }, 6), 0.3),
        mask,
    }
}

/// float64 reference: (seq in processing order, h_T, c_T) for parameters p (x, h0, c0, w, r, b concatenated).
fn reference(c: &Case, inp: &Inputs, p: &[f64]) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let Dims { batch, time, input, units: u } = c.d;
    let g = if c.gru { 3 } else { 4 };
    let mut o = 0;
    let mut take = |n: usize| {
        let s = &p[o..o + n];
        o += n;
        s.to_vec()
    };
    let (x, mut h, mut cs) = (take(batch * time * input), take(batch * u), take(batch * u));
    let (w, r, b) = (take(input * g * u), take(u * g * u), take(inp.b.len()));
    let mut seq = vec![0.0; batch * time * u];
    for s in 0..time {
        let t = c.fl.step_time(s, time);
        let (hp, cp) = (h.clone(), cs.clone());
        for bi in 0..batch {
            let keep = inp.mask[bi * time + t] != 0.0;
            let mut xw = vec![0.0; g * u];
            let mut hr = vec![0.0; g * u];
            for k in 0..g * u {
                xw[k] = (0..input).map(|i| x[(bi * time + t) * input + i] * w[i * g * u + k]).sum::<f64>();
                hr[k] = (0..u).map(|i| hp[bi * u + i] * r[i * g * u + k]).sum::<f64>();
            }
            for j in 0..u {
                let (hn, cn) = if c.gru {
                    let z = sig(xw[j] + b[j] + hr[j] + b[3 * u + j]);
                    let rg = sig(xw[u + j] + b[u + j] + hr[u + j] + b[4 * u + j]);
                    let hh = (xw[2 * u + j] + b[2 * u + j] + rg * (hr[2 * u + j] + b[5 * u + j])).tanh();
                    (z * hp[bi * u + j] + (1.0 - z) * hh, 0.0)
                } else {
                    let zz = |k: usize| xw[k * u + j] + hr[k * u + j] + b[k * u + j];
                    let cn = sig(zz(1)) * cp[bi * u + j] + sig(zz(0)) * zz(2).tanh();
                    (sig(zz(3)) * cn.tanh(), cn)
                };
                let out = &mut seq[(bi * time + s) * u + j];
                if keep {
                    h[bi * u + j] = hn;
                    cs[bi * u + j] = cn;
                    *out = hn;
                } else {
                    *out = if c.fl.zero_output { 0.0 } else { hp[bi * u + j] };
                }
            }
        }
    }
    (seq, h, cs)
}

fn pattern(n: usize, seed: u64) -> Vec<f64> {
    fill(n, seed).into_iter().map(f64::from).collect()
}

fn loss(c: &Case, inp: &Inputs, p: &[f64], ws: &(Vec<f64>, Vec<f64>, Vec<f64>)) -> f64 {
    let (s, h, cc) = reference(c, inp, p);
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    dot(&s, &ws.0) + dot(&h, &ws.1) + if c.gru { 0.0 } else { dot(&cc, &ws.2) }
}

/// Runs forward and backward on `par`; returns (seq, h_T, c_T, gradients in parameter order).
fn run(par: &dyn Par, c: &Case, inp: &Inputs, wts: &(Vec<f32>, Vec<f32>, Vec<f32>)) -> (Vec<f32>, Vec<f32>, Vec<f32>, Vec<f32>) {
    let Dims { batch, time, input, units: u } = c.d;
    let g = if c.gru { 3 } else { 4 };
    let per = if c.gru { gru::WS_PER_STEP } else { lstm::WS_PER_STEP };
    let mut ws = vec![0.0f32; batch * time * per * u];
    let (mut seq, mut ht, mut ct) = (vec![0.0f32; batch * time * u], vec![0.0f32; batch * u], vec![0.0f32; batch * u]);
    let mask = if c.masked { inp.mask.as_ptr() } else { core::ptr::null() };
    let mut dx = vec![0.0f32; inp.x.len()];
    let (mut dh0, mut dc0) = (vec![0.0f32; batch * u], vec![0.0f32; batch * u]);
    let (mut dw, mut dr, mut db) = (vec![0.0f32; input * g * u], vec![0.0f32; u * g * u], vec![0.0f32; inp.b.len()]);
    unsafe {
        if c.gru {
            gru::forward(par, c.d, c.fl, inp.x.as_ptr(), inp.h0.as_ptr(), inp.w.as_ptr(), inp.r.as_ptr(), inp.b.as_ptr(), inp.b.as_ptr().add(3 * u), mask, seq.as_mut_ptr(), ht.as_mut_ptr(), ws.as_mut_ptr());
            gru::backward(par, c.d, c.fl, inp.x.as_ptr(), inp.w.as_ptr(), inp.r.as_ptr(), mask, ws.as_ptr(), wts.0.as_ptr(), wts.1.as_ptr(), dx.as_mut_ptr(), dh0.as_mut_ptr(), dw.as_mut_ptr(), dr.as_mut_ptr(), db.as_mut_ptr());
        } else {
            lstm::forward(par, c.d, c.fl, inp.x.as_ptr(), inp.h0.as_ptr(), inp.c0.as_ptr(), inp.w.as_ptr(), inp.r.as_ptr(), inp.b.as_ptr(), mask, seq.as_mut_ptr(), ht.as_mut_ptr(), ct.as_mut_ptr(), ws.as_mut_ptr());
            lstm::backward(par, c.d, c.fl, inp.x.as_ptr(), inp.w.as_ptr(), inp.r.as_ptr(), mask, ws.as_ptr(), wts.0.as_ptr(), wts.1.as_ptr(), wts.2.as_ptr(), dx.as_mut_ptr(), dh0.as_mut_ptr(), dc0.as_mut_ptr(), dw.as_mut_ptr(), dr.as_mut_ptr(), db.as_mut_ptr());
        }
    }
    let grads = [dx, dh0, dc0, dw, dr, db].concat();
    (seq, ht, ct, grads)
}

fn check(c: Case) {
    let inp = inputs(&c);
    let Dims { batch, time, units: u, .. } = c.d;
    let wts64 = (pattern(batch * time * u, 7), pattern(batch * u, 8), pattern(batch * u, 9));
    let wts = (wts64.0.iter().map(|&v| v as f32).collect(), wts64.1.iter().map(|&v| v as f32).collect(), wts64.2.iter().map(|&v| v as f32).collect());
    let p: Vec<f64> = [&inp.x, &inp.h0, &inp.c0, &inp.w, &inp.r, &inp.b].iter().flat_map(|v| v.iter().map(|&x| f64::from(x))).collect();
    let (seq, ht, ct, grads) = run(&Serial, &c, &inp, &wts);
    let (rs, rh, rc) = reference(&c, &inp, &p);
    for (k, (a, b)) in seq.iter().chain(&ht).zip(rs.iter().chain(&rh)).enumerate() {
        assert!((f64::from(*a) - b).abs() < 2e-5, "forward {k}: {a} vs {b}");
    }
    if !c.gru {
        for (a, b) in ct.iter().zip(&rc) {
            assert!((f64::from(*a) - b).abs() < 2e-5, "c_T: {a} vs {b}");
        }
    }
    let skip_c0 = c.gru;
    let c0_range = inp.x.len() + inp.h0.len()..inp.x.len() + inp.h0.len() + inp.c0.len();
    for i in 0..p.len() {
        if skip_c0 && c0_range.contains(&i) {
            continue;
        }
        let h = 1e-4;
        let (mut a, mut b) = (p.clone(), p.clone());
        a[i] += h;
        b[i] -= h;
        let num = (loss(&c, &inp, &a, &wts64) - loss(&c, &inp, &b, &wts64)) / (2.0 * h);
        let got = f64::from(grads[i]);
        assert!((got - num).abs() <= 2e-3 * (1.0 + num.abs()), "gradient {i}: {got} vs numeric {num} ({c:?})", c = c.d);
    }
    let (s3, h3, c3, g3) = run(&StdThreads(3), &c, &inp, &wts);
    assert!(s3 == seq && h3 == ht && c3 == ct && g3 == grads, "thread count changed the results");
}

fn dims(batch: usize, time: usize, input: usize, units: usize) -> Dims {
    Dims { batch, time, input, units }
}

#[test]
fn lstm_forward_and_gradients() {
    check(Case { d: dims(3, 4, 3, 5), fl: Flags::default(), masked: false, gru: false });
}

#[test]
fn lstm_backwards_masked() {
    check(Case { d: dims(2, 5, 2, 4), fl: Flags { go_backwards: true, zero_output: false, ..Flags::default() }, masked: true, gru: false });
    check(Case { d: dims(2, 4, 3, 6), fl: Flags { go_backwards: false, zero_output: true, ..Flags::default() }, masked: true, gru: false });
}

#[test]
fn gru_forward_and_gradients() {
    check(Case { d: dims(3, 4, 3, 5), fl: Flags::default(), masked: false, gru: true });
}

#[test]
fn gru_backwards_masked() {
    check(Case { d: dims(2, 5, 2, 4), fl: Flags { go_backwards: true, zero_output: true, ..Flags::default() }, masked: true, gru: true });
    check(Case { d: dims(2, 4, 3, 7), fl: Flags { go_backwards: false, zero_output: false, ..Flags::default() }, masked: true, gru: true });
}

#[test]
fn large_batch_uses_threads_and_stays_identical() {
    let c = Case { d: dims(64, 3, 8, 40), fl: Flags::default(), masked: true, gru: false };
    let inp = inputs(&c);
    let n = 64 * 3 * 40;
    let wts = (fill(n, 1), fill(64 * 40, 2), fill(64 * 40, 3));
    let a = run(&Serial, &c, &inp, &wts);
    let b = run(&StdThreads(2), &c, &inp, &wts);
    assert!(a == b);
}

/// Uneven row blocks and a batch that is no multiple of the microkernel's rows; a per-step
/// product deeper than the packing buffer on the stack (units 70, 150); a threaded bias column
/// sum over a ragged column count (40 × 30 rows); one block whose per-step products split their
/// columns over threads (4 rows, 150 units): every thread count gives the serial results bit
/// for bit, in both directions, masked, for LSTM and GRU.
#[test]
fn row_blocks_match_serial_bit_for_bit() {
    for (batch, time, input, units) in [(30, 9, 5, 20), (10, 4, 3, 70), (7, 5, 4, 33), (40, 30, 3, 31), (4, 3, 3, 150)] {
        for gru in [false, true] {
            for (go_backwards, zero_output) in [(false, false), (true, true)] {
                let c = Case { d: dims(batch, time, input, units), fl: Flags { go_backwards, zero_output, ..Flags::default() }, masked: true, gru };
                let inp = inputs(&c);
                let wts = (fill(batch * time * units, 11), fill(batch * units, 12), fill(batch * units, 13));
                let serial = run(&Serial, &c, &inp, &wts);
                for n in [2, 3, 4] {
                    assert!(run(&StdThreads(n), &c, &inp, &wts) == serial, "{n} threads changed the results ({:?}, gru={gru})", c.d);
                }
            }
        }
    }
}

/// A Bidirectional layer's two directions through `pair` (one per thread with two or more
/// threads): each gives the bits of running it alone, on any thread count.
#[test]
fn pair_matches_each_direction_alone() {
    use std::sync::Mutex;
    type Out = (Vec<f32>, Vec<f32>, Vec<f32>, Vec<f32>);
    for gru in [false, true] {
        let cases = [(false, false), (true, true)].map(|(go_backwards, zero_output)| {
            Case { d: dims(37, 9, 5, 24), fl: Flags { go_backwards, zero_output, ..Flags::default() }, masked: true, gru }
        });
        let inp = inputs(&cases[0]);
        let wts = (fill(37 * 9 * 24, 21), fill(37 * 24, 22), fill(37 * 24, 23));
        let alone: Vec<Out> = cases.iter().map(|c| run(&Serial, c, &inp, &wts)).collect();
        for n in [1, 2, 3] {
            let got: [Mutex<Option<Out>>; 2] = [Mutex::new(None), Mutex::new(None)];
            let (got_r, cases_r, inp_r, wts_r) = (&got, &cases, &inp, &wts);
            let one = |i: usize| move |p: &dyn Par| *got_r[i].lock().unwrap() = Some(run(p, &cases_r[i], inp_r, wts_r));
            super::pair(&StdThreads(n), &one(0), &one(1));
            for (i, g) in got.iter().enumerate() {
                assert!(g.lock().unwrap().as_ref() == Some(&alone[i]), "direction {i} on {n} threads (gru={gru})");
            }
        }
    }
}
