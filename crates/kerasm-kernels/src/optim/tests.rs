//! Fused steps against straightforward scalar transcriptions of the Keras update rules
//! (written in Keras's operation order, clipping and decay unfused), over odd lengths,
//! several steps, every clip mode, weight decay, and 1 vs 3 threads.

use super::clip::{global_scale, BLOCK};
use super::*;
use crate::par::{Serial, StdThreads};
use alloc::vec;
use alloc::vec::Vec;
use std::format;
use std::string::String;

const LENS: [usize; 8] = [0, 1, 3, 4, 5, 17, 1023, 2 * BLOCK + 5];

/// Deterministic values in [-1, 1).
fn rand(n: usize, seed: u32) -> Vec<f32> {
    let mut s = seed.wrapping_mul(2654435761) | 1;
    (0..n)
        .map(|_| {
            s = s.wrapping_mul(1664525).wrapping_add(1013904223);
            (s as f64 / 2f64.powi(31) - 1.0) as f32
        })
        .collect()
}

#[derive(Clone, Copy, Debug)]
enum Clip {
    None,
    Norm(f32),
    Global(f32),
    Value(f32),
}

#[derive(Clone, Copy, Debug)]
struct Cfg {
    kind: Kind,
    lr: f32,
    wd: f32,
    clip: Clip,
    /// Kind-specific: (momentum|rho|beta1, beta2|nesterov|..., eps, flag)
    a: f32,
    b: f32,
    eps: f32,
    flag: bool,
    mom: f32,
}

fn cfg(kind: Kind) -> Cfg {
    Cfg { kind, lr: 0.05, wd: 0.0, clip: Clip::None, a: 0.9, b: 0.999, eps: 1e-7, flag: false, mom: 0.0 }
}

fn slots_for(c: &Cfg) -> usize {
    match c.kind {
        Kind::Sgd => usize::from(c.mom != 0.0),
        Kind::Rmsprop => 1 + usize::from(c.mom > 0.0) + usize::from(c.flag),
        Kind::Adagrad | Kind::Lion => 1,
        Kind::Adam => 2 + usize::from(c.flag),
        Kind::Adadelta | Kind::Adamax | Kind::Nadam => 2,
    }
}

/// Step-dependent numbers as TypeScript computes them (f32 arithmetic), t = step + 1.
fn hyper_for(c: &Cfg, t: u32, u_prod: &mut f32) -> [f32; HYPER_LEN] {
    let mut h = [0.0f32; HYPER_LEN];
    h[hyper::LR] = c.lr;
    h[hyper::WEIGHT_DECAY] = c.wd;
    let (mode, th) = match c.clip {
        Clip::None => (0.0, 0.0),
        Clip::Norm(x) => (1.0, x),
        Clip::Global(x) => (2.0, x),
        Clip::Value(x) => (3.0, x),
    };
    h[hyper::CLIP_MODE] = mode;
    h[hyper::CLIP] = th;
    let k = hyper::K;
    let tf = t as f32;
    match c.kind {
        Kind::Sgd => {
            h[k] = c.mom;
            h[k + 1] = f32::from(u8::from(c.flag));
        }
        Kind::Rmsprop => {
            h[k] = c.a;
            h[k + 1] = 1.0 - c.a;
            h[k + 2] = c.mom;
            h[k + 3] = c.eps;
            h[k + 4] = f32::from(u8::from(c.flag));
        }
        Kind::Adagrad => h[k] = c.eps,
        Kind::Adadelta => {
            h[k] = c.a;
            h[k + 1] = 1.0 - c.a;
            h[k + 2] = c.eps;
        }
        Kind::Adam => {
            h[k] = 1.0 - c.a;
            h[k + 1] = 1.0 - c.b;
            h[k + 2] = c.eps;
            h[k + 3] = f32::from(u8::from(c.flag));
            let (b1p, b2p) = (c.a.powf(tf), c.b.powf(tf));
            h[k + 4] = c.lr * (1.0 - b2p).sqrt() / (1.0 - b1p);
        }
        Kind::Adamax => {
            h[k] = 1.0 - c.a;
            h[k + 1] = c.b;
            h[k + 2] = c.eps;
            h[k + 3] = 1.0 - c.a.powf(tf);
        }
        Kind::Nadam => {
            let (ut, ut1) = nadam_u(c.a, t);
            *u_prod *= ut;
            let up1 = *u_prod * ut1;
            h[k] = 1.0 - c.a;
            h[k + 1] = 1.0 - c.b;
            h[k + 2] = c.eps;
            h[k + 3] = ut1 / (1.0 - up1);
            h[k + 4] = (1.0 - ut) / (1.0 - *u_prod);
            h[k + 5] = 1.0 / (1.0 - c.b.powf(tf));
        }
        Kind::Lion => {
            h[k] = c.a;
            h[k + 1] = 1.0 - c.a;
            h[k + 2] = c.b;
            h[k + 3] = 1.0 - c.b;
        }
    }
    h
}

fn nadam_u(b1: f32, t: u32) -> (f32, f32) {
    (b1 * (1.0 - 0.5 * 0.96f32.powf(t as f32)), b1 * (1.0 - 0.5 * 0.96f32.powf((t + 1) as f32)))
}

/// Keras `update_step` in Keras's own operation order, one element at a time.
fn reference_step(c: &Cfg, t: u32, u_prod: f32, p: &mut [f32], g: &[f32], s: &mut [Vec<f32>]) {
    let lr = c.lr;
    let tf = t as f32;
    for i in 0..p.len() {
        let gi = g[i];
        match c.kind {
            Kind::Sgd => {
                if c.mom != 0.0 {
                    s[0][i] = s[0][i] * c.mom - gi * lr;
                    p[i] += if c.flag { s[0][i] * c.mom - gi * lr } else { s[0][i] };
                } else {
                    p[i] -= gi * lr;
                }
            }
            Kind::Rmsprop => {
                let rho = c.a;
                s[0][i] = rho * s[0][i] + (1.0 - rho) * (gi * gi);
                let d = if c.flag {
                    let ai = if c.mom > 0.0 { 2 } else { 1 };
                    s[ai][i] = rho * s[ai][i] + (1.0 - rho) * gi;
                    s[0][i] - s[ai][i] * s[ai][i] + c.eps
                } else {
                    s[0][i] + c.eps
                };
                let inc = lr * gi / d.sqrt();
                if c.mom > 0.0 {
                    s[1][i] = c.mom * s[1][i] + inc;
                    p[i] -= s[1][i];
                } else {
                    p[i] -= inc;
                }
            }
            Kind::Adagrad => {
                s[0][i] += gi * gi;
                p[i] -= lr * gi / (s[0][i] + c.eps).sqrt();
            }
            Kind::Adadelta => {
                let rho = c.a;
                s[0][i] = rho * s[0][i] + (1.0 - rho) * (gi * gi);
                let dv = -((s[1][i] + c.eps).sqrt() * gi / (s[0][i] + c.eps).sqrt());
                s[1][i] = rho * s[1][i] + (1.0 - rho) * (dv * dv);
                p[i] += lr * dv;
            }
            Kind::Adam => {
                let (b1p, b2p) = (c.a.powf(tf), c.b.powf(tf));
                let alpha = lr * (1.0 - b2p).sqrt() / (1.0 - b1p);
                s[0][i] += (gi - s[0][i]) * (1.0 - c.a);
                s[1][i] += (gi * gi - s[1][i]) * (1.0 - c.b);
                let mut v = s[1][i];
                if c.flag {
                    s[2][i] = s[2][i].max(v);
                    v = s[2][i];
                }
                p[i] -= s[0][i] * alpha / (v.sqrt() + c.eps);
            }
            Kind::Adamax => {
                let b1p = c.a.powf(tf);
                s[0][i] += (gi - s[0][i]) * (1.0 - c.a);
                s[1][i] = (c.b * s[1][i]).max(gi.abs());
                p[i] -= lr * s[0][i] / ((1.0 - b1p) * (s[1][i] + c.eps));
            }
            Kind::Nadam => {
                let (ut, ut1) = nadam_u(c.a, t);
                let up1 = u_prod * ut1;
                s[0][i] += (gi - s[0][i]) * (1.0 - c.a);
                s[1][i] += (gi * gi - s[1][i]) * (1.0 - c.b);
                let m_hat = ut1 * s[0][i] / (1.0 - up1) + (1.0 - ut) * gi / (1.0 - u_prod);
                let v_hat = s[1][i] / (1.0 - c.b.powf(tf));
                p[i] -= m_hat * lr / (v_hat.sqrt() + c.eps);
            }
            Kind::Lion => {
                let x = s[0][i] * c.a + gi * (1.0 - c.a);
                let sg = if x > 0.0 { 1.0 } else if x < 0.0 { -1.0 } else { x };
                p[i] -= lr * sg;
                s[0][i] = s[0][i] * c.b + gi * (1.0 - c.b);
            }
        }
    }
}

/// Keras `_clip_gradients` then `_apply_weight_decay`, unfused, in f64 norms.
fn reference_pre(c: &Cfg, ps: &mut [Vec<f32>], gs: &mut [Vec<f32>], decay: &[bool]) {
    match c.clip {
        Clip::None => {}
        Clip::Norm(cn) => {
            for g in gs.iter_mut() {
                let n = (g.iter().map(|&x| (x as f64) * (x as f64)).sum::<f64>() as f32).sqrt();
                for x in g.iter_mut() {
                    *x = *x * cn / n.max(cn);
                }
            }
        }
        Clip::Global(cn) => {
            let tot: f64 = gs.iter().flatten().map(|&x| (x as f64) * (x as f64)).sum();
            let s = global_scale((tot as f32).sqrt(), cn);
            gs.iter_mut().flatten().for_each(|x| *x *= s);
        }
        Clip::Value(v) => gs.iter_mut().flatten().for_each(|x| *x = x.clamp(-v, v)),
    }
    if c.wd != 0.0 {
        for (p, &d) in ps.iter_mut().zip(decay) {
            if d {
                p.iter_mut().for_each(|x| *x = *x - *x * c.wd * c.lr);
            }
        }
    }
}

fn close(a: f32, b: f32) -> bool {
    a == b || (a - b).abs() <= 2e-6 * a.abs().max(b.abs()) + 1e-7
}

/// Runs `steps` fused steps and the reference side by side on variables of `lens`.
fn check(c: Cfg, lens: &[usize], steps: u32, par: &dyn Par) -> Vec<Vec<f32>> {
    let ns = slots_for(&c);
    let init_slot = if c.kind == Kind::Adagrad { 0.1 } else { 0.0 };
    let mut p: Vec<Vec<f32>> = lens.iter().enumerate().map(|(i, &n)| rand(n, 7 + i as u32)).collect();
    let mut s: Vec<Vec<Vec<f32>>> = lens.iter().map(|&n| vec![vec![init_slot; n]; ns]).collect();
    let (mut rp, mut rs) = (p.clone(), s.clone());
    let decay: Vec<bool> = (0..lens.len()).map(|i| i % 2 == 0).collect();
    let (mut up, mut rup) = (1.0f32, 1.0f32);
    let mut kernel_out = Vec::new();
    for t in 1..=steps {
        let mut g: Vec<Vec<f32>> =
            lens.iter().enumerate().map(|(i, &n)| rand(n, 100 * t + i as u32).iter().map(|x| x * 2.0).collect()).collect();
        let mut rg = g.clone();
        let descs: Vec<VarDesc> = (0..lens.len())
            .map(|i| {
                let mut slots = [core::ptr::null_mut(); 3];
                for (k, sl) in s[i].iter_mut().enumerate() {
                    slots[k] = sl.as_mut_ptr();
                }
                VarDesc {
                    param: p[i].as_mut_ptr(),
                    grad: g[i].as_mut_ptr(),
                    slots,
                    len: lens[i],
                    flags: if decay[i] { FLAG_DECAY } else { 0 },
                    _reserved: 0,
                }
            })
            .collect();
        let h = hyper_for(&c, t, &mut up);
        unsafe { step(par, c.kind, &descs, &h).unwrap() };
        if c.kind == Kind::Nadam {
            rup *= nadam_u(c.a, t).0;
        }
        reference_pre(&c, &mut rp, &mut rg, &decay);
        for i in 0..lens.len() {
            reference_step(&c, t, rup, &mut rp[i], &rg[i], &mut rs[i]);
        }
        for i in 0..lens.len() {
            let what = |j: usize, k: &str, a: f32, b: f32| -> String {
                format!("{c:?} step {t} var {i} (len {}) {k}[{j}]: kernel {a} vs reference {b}", lens[i])
            };
            for j in 0..lens[i] {
                assert!(close(p[i][j], rp[i][j]), "{}", what(j, "param", p[i][j], rp[i][j]));
                for k in 0..ns {
                    assert!(close(s[i][k][j], rs[i][k][j]), "{}", what(j, &format!("slot{k}"), s[i][k][j], rs[i][k][j]));
                }
            }
        }
        kernel_out.extend(p.iter().cloned());
        kernel_out.extend(s.iter().flatten().cloned());
        // Keep the two trajectories identical so errors cannot compound.
        p.clone_from(&rp);
        s.clone_from(&rs);
    }
    kernel_out
}

fn all_configs() -> Vec<Cfg> {
    let mut v = Vec::new();
    let mut c = cfg(Kind::Sgd);
    v.push(c);
    c.mom = 0.9;
    v.push(c);
    c.flag = true;
    v.push(c);
    for (mom, cen) in [(0.0, false), (0.9, false), (0.0, true), (0.5, true)] {
        let mut c = cfg(Kind::Rmsprop);
        c.a = 0.9;
        c.mom = mom;
        c.flag = cen;
        v.push(c);
    }
    v.push(cfg(Kind::Adagrad));
    let mut c = cfg(Kind::Adadelta);
    c.a = 0.95;
    v.push(c);
    for ams in [false, true] {
        let mut c = cfg(Kind::Adam);
        c.flag = ams;
        c.b = 0.5;
        v.push(c);
    }
    v.push(cfg(Kind::Adamax));
    v.push(cfg(Kind::Nadam));
    let mut c = cfg(Kind::Lion);
    c.b = 0.99;
    v.push(c);
    v
}

#[test]
fn every_kind_matches_reference() {
    for c in all_configs() {
        check(c, &LENS, 4, &Serial);
    }
}

#[test]
fn clipping_and_decay_match_reference() {
    for base in all_configs() {
        for clip in [Clip::Norm(0.5), Clip::Global(1.0), Clip::Value(0.1), Clip::Norm(1e9)] {
            for wd in [0.0, 0.1] {
                let mut c = base;
                c.clip = clip;
                c.wd = wd;
                check(c, &LENS, 2, &Serial);
            }
        }
    }
}

#[test]
fn results_independent_of_thread_count() {
    // Large enough (> 2 × 32k) that the step and the norms split across threads.
    let lens = [70_001, 3, 40_000, 17];
    for base in all_configs() {
        let mut c = base;
        c.clip = Clip::Global(3.0);
        c.wd = 0.01;
        let one = check(c, &lens, 2, &Serial);
        let three = check(c, &lens, 2, &StdThreads(3));
        assert!(one.iter().flatten().zip(three.iter().flatten()).all(|(a, b)| a.to_bits() == b.to_bits()), "{c:?}");
    }
}

#[test]
fn norms_are_blocked_and_deterministic() {
    let g = rand(3 * BLOCK + 11, 5);
    let mut g2 = g.clone();
    let d = |g: &mut Vec<f32>| VarDesc {
        param: core::ptr::null_mut(),
        grad: g.as_mut_ptr(),
        slots: [core::ptr::null_mut(); 3],
        len: g.len(),
        flags: 0,
        _reserved: 0,
    };
    let exact: f64 = g.iter().map(|&x| (x as f64) * (x as f64)).sum();
    let a = unsafe { clip::sum_squares(&Serial, &[d(&mut g2)]) };
    let b = unsafe { clip::sum_squares(&StdThreads(4), &[d(&mut g2)]) };
    assert_eq!(a[0].to_bits(), b[0].to_bits());
    assert!((a[0] - exact).abs() <= 1e-6 * exact);
}

#[test]
fn scales_follow_keras_special_cases() {
    assert_eq!(clip::clip_scale(0.3, 0.5), 1.0);
    assert_eq!(clip::clip_scale(2.0, 0.5), 0.25);
    assert!(clip::clip_scale(f32::NAN, 0.5).is_nan());
    assert_eq!(global_scale(0.25, 0.5), 1.0);
    assert_eq!(global_scale(2.0, 0.5), 0.25);
    assert!(global_scale(f32::INFINITY, 0.5).is_nan());
    assert!(global_scale(f32::NAN, 0.5).is_nan());
}

#[test]
fn missing_slot_is_rejected() {
    let (mut p, mut g) = (vec![0.0f32; 4], vec![0.0f32; 4]);
    let d = VarDesc {
        param: p.as_mut_ptr(),
        grad: g.as_mut_ptr(),
        slots: [core::ptr::null_mut(); 3],
        len: 4,
        flags: 0,
        _reserved: 0,
    };
    let h = hyper_for(&cfg(Kind::Adam), 1, &mut 1.0);
    assert_eq!(unsafe { step(&Serial, Kind::Adam, &[d], &h) }, Err(StepError::MissingSlot));
    let mut h = h;
    h[hyper::CLIP_MODE] = 9.0;
    h[hyper::K] = 0.0; // SGD without momentum needs no slot
    assert_eq!(unsafe { step(&Serial, Kind::Sgd, &[d], &h) }, Err(StepError::UnknownClipMode));
}

#[test]
fn lion_sign_passes_zero_through() {
    let mut c = cfg(Kind::Lion);
    c.b = 0.99;
    let (mut p, mut g, mut m) = (vec![1.0f32, 1.0, 1.0, 1.0, 1.0], vec![0.0f32, 1.0, -1.0, 0.0, 2.0], vec![0.0f32; 5]);
    let d = VarDesc {
        param: p.as_mut_ptr(),
        grad: g.as_mut_ptr(),
        slots: [m.as_mut_ptr(), core::ptr::null_mut(), core::ptr::null_mut()],
        len: 5,
        flags: 0,
        _reserved: 0,
    };
    let h = hyper_for(&c, 1, &mut 1.0);
    unsafe { step(&Serial, Kind::Lion, &[d], &h).unwrap() };
    assert_eq!(p, vec![1.0, 0.95, 1.05, 1.0, 0.95]);
}
