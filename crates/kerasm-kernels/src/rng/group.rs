//! Groups of eight Philox blocks (32 consecutive stream positions), one block per SIMD lane.
//!
//! The scalar `philox4x32_10` spends most of its time on two 32×32→64 multiplies per round
//! that WASM has only as i64 ops; here each u32x4 lane carries one block, the products come
//! from u64x2 extended multiplies, and the uniform conversion and dropout/fill writes are
//! vector ops too. Every operation is the scalar one per lane, so the bits are the same.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use super::super::{M0, M1, W0, W1};
    use super::BLOCKS;
    use core::arch::wasm32::*;

    /// Independent four-block states interleaved, so the multiplies of one hide the latency
    /// of the other's (one state alone is a 10-round dependency chain).
    const STATES: usize = BLOCKS / 4;

    /// The words of blocks b0..b0 + BLOCKS, one block per vector, in stream order.
    pub type Words = [v128; BLOCKS];

    /// (high, low) halves of the lane-wise products m·c.
    #[inline(always)]
    fn mulhilo(m: u32, c: v128) -> (v128, v128) {
        let m = u32x4_splat(m);
        let (lo2, hi2) = (u64x2_extmul_low_u32x4(m, c), u64x2_extmul_high_u32x4(m, c));
        (u32x4_shuffle::<1, 3, 5, 7>(lo2, hi2), u32x4_shuffle::<0, 2, 4, 6>(lo2, hi2))
    }

    #[inline(always)]
    pub fn words(seed: u64, b0: u64, attempt: u32) -> Words {
        let mut c0 = [u32x4_splat(0); STATES];
        let mut c1 = c0;
        for s in 0..STATES {
            let b = [0, 1, 2, 3].map(|j| b0 + (4 * s + j) as u64);
            c0[s] = u32x4(b[0] as u32, b[1] as u32, b[2] as u32, b[3] as u32);
            c1[s] = u32x4((b[0] >> 32) as u32, (b[1] >> 32) as u32, (b[2] >> 32) as u32, (b[3] >> 32) as u32);
        }
        let mut c2 = [u32x4_splat(attempt); STATES];
        let mut c3 = [u32x4_splat(0); STATES];
        let (mut k0, mut k1) = (seed as u32, (seed >> 32) as u32);
        for round in 0..10 {
            if round > 0 {
                k0 = k0.wrapping_add(W0);
                k1 = k1.wrapping_add(W1);
            }
            for s in 0..STATES {
                let (h0, l0) = mulhilo(M0, c0[s]);
                let (h1, l1) = mulhilo(M1, c2[s]);
                c0[s] = v128_xor(v128_xor(h1, c1[s]), u32x4_splat(k0));
                c1[s] = l1;
                c2[s] = v128_xor(v128_xor(h0, c3[s]), u32x4_splat(k1));
                c3[s] = l0;
            }
        }
        // Rows are words 0..3 across blocks; transpose so each vector is one block.
        let mut out = [u32x4_splat(0); BLOCKS];
        for s in 0..STATES {
            let t0 = u32x4_shuffle::<0, 4, 1, 5>(c0[s], c1[s]);
            let t1 = u32x4_shuffle::<0, 4, 1, 5>(c2[s], c3[s]);
            let t2 = u32x4_shuffle::<2, 6, 3, 7>(c0[s], c1[s]);
            let t3 = u32x4_shuffle::<2, 6, 3, 7>(c2[s], c3[s]);
            out[4 * s] = u32x4_shuffle::<0, 1, 4, 5>(t0, t1);
            out[4 * s + 1] = u32x4_shuffle::<2, 3, 6, 7>(t0, t1);
            out[4 * s + 2] = u32x4_shuffle::<0, 1, 4, 5>(t2, t3);
            out[4 * s + 3] = u32x4_shuffle::<2, 3, 6, 7>(t2, t3);
        }
        out
    }

    #[inline(always)]
    pub fn block_of(w: &Words, j: usize) -> [u32; 4] {
        let mut o = [0u32; 4];
        unsafe { v128_store(o.as_mut_ptr() as *mut v128, w[j]) };
        o
    }

    /// `unit(w)` per lane: exact, as the top 24 bits convert without rounding. They fit an
    /// i32, so the signed conversion (one x64 instruction; the unsigned one is emulated)
    /// gives the same floats.
    #[inline(always)]
    fn unit(w: v128) -> v128 {
        f32x4_mul(f32x4_convert_i32x4(u32x4_shr(w, 8)), f32x4_splat(1.0 / 16_777_216.0))
    }

    /// Dropout of the group's 4·BLOCKS elements at x, y, mask (may be null).
    #[inline(always)]
    pub unsafe fn dropout_group(w: &Words, x: *const f32, y: *mut f32, mask: *mut f32, rate: f32, scale: f32) {
        for (j, &wj) in w.iter().enumerate() {
            let keep = f32x4_ge(unit(wj), f32x4_splat(rate));
            let v = f32x4_mul(v128_load(x.add(4 * j) as *const v128), f32x4_splat(scale));
            v128_store(y.add(4 * j) as *mut v128, v128_and(v, keep));
            if !mask.is_null() {
                v128_store(mask.add(4 * j) as *mut v128, v128_and(keep, f32x4_splat(1.0)));
            }
        }
    }

    /// `a + (b − a)·unit` per element (`d` = b − a).
    #[inline(always)]
    pub unsafe fn uniform_group(w: &Words, y: *mut f32, a: f32, d: f32) {
        for (j, &wj) in w.iter().enumerate() {
            let v = f32x4_add(f32x4_splat(a), f32x4_mul(f32x4_splat(d), unit(wj)));
            v128_store(y.add(4 * j) as *mut v128, v);
        }
    }

    /// 1.0 where `unit < p`, else 0.0.
    #[inline(always)]
    pub unsafe fn bernoulli_group(w: &Words, y: *mut f32, p: f32) {
        for (j, &wj) in w.iter().enumerate() {
            let v = v128_and(f32x4_lt(unit(wj), f32x4_splat(p)), f32x4_splat(1.0));
            v128_store(y.add(4 * j) as *mut v128, v);
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod imp {
    use super::super::{philox4x32_10, unit};
    use super::BLOCKS;

    pub type Words = [[u32; 4]; BLOCKS];

    #[inline(always)]
    pub fn words(seed: u64, b0: u64, attempt: u32) -> Words {
        let key = [seed as u32, (seed >> 32) as u32];
        core::array::from_fn(|j| {
            let b = b0 + j as u64;
            philox4x32_10([b as u32, (b >> 32) as u32, attempt, 0], key)
        })
    }

    #[inline(always)]
    pub fn block_of(w: &Words, j: usize) -> [u32; 4] {
        w[j]
    }

    #[inline(always)]
    pub unsafe fn dropout_group(w: &Words, x: *const f32, y: *mut f32, mask: *mut f32, rate: f32, scale: f32) {
        for (i, &wi) in w.as_flattened().iter().enumerate() {
            let keep = unit(wi) >= rate;
            let v = *x.add(i) * scale;
            *y.add(i) = if keep { v } else { 0.0 };
            if !mask.is_null() {
                *mask.add(i) = keep as u32 as f32;
            }
        }
    }

    #[inline(always)]
    pub unsafe fn uniform_group(w: &Words, y: *mut f32, a: f32, d: f32) {
        for (i, &wi) in w.as_flattened().iter().enumerate() {
            *y.add(i) = a + d * unit(wi);
        }
    }

    #[inline(always)]
    pub unsafe fn bernoulli_group(w: &Words, y: *mut f32, p: f32) {
        for (i, &wi) in w.as_flattened().iter().enumerate() {
            *y.add(i) = if unit(wi) < p { 1.0 } else { 0.0 };
        }
    }
}

/// Blocks per group: two interleaved four-lane states.
pub const BLOCKS: usize = 8;

pub use imp::*;
