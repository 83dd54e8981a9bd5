//! A four-lane f32 vector, written once for every target (candle `cpu/simd128.rs` pattern).
//!
//! On wasm32 with `simd128` it is a `v128`; elsewhere a plain `[f32; 4]`, so host
//! `cargo test` runs exactly the same kernel code paths. `fma` is a fused multiply-add only
//! when the `relaxed-simd` target feature is on; otherwise it is mul + add.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::*;

    #[derive(Copy, Clone)]
    #[repr(transparent)]
    pub struct F32x4(pub v128);

    impl F32x4 {
        #[inline(always)]
        pub fn splat(x: f32) -> Self {
            Self(f32x4_splat(x))
        }
        #[inline(always)]
        pub fn zero() -> Self {
            Self(f32x4_splat(0.0))
        }
        /// # Safety
        /// `p` must point to 4 readable f32 (no alignment needed).
        #[inline(always)]
        pub unsafe fn load(p: *const f32) -> Self {
            Self(v128_load(p as *const v128))
        }
        /// # Safety
        /// `p` must point to 4 writable f32.
        #[inline(always)]
        pub unsafe fn store(self, p: *mut f32) {
            v128_store(p as *mut v128, self.0)
        }
        /// # Safety
        /// `p` must point to one readable f32.
        #[inline(always)]
        pub unsafe fn load_splat(p: *const f32) -> Self {
            Self(v128_load32_splat(p as *const u32))
        }
        #[inline(always)]
        pub fn add(self, o: Self) -> Self {
            Self(f32x4_add(self.0, o.0))
        }
        #[inline(always)]
        pub fn sub(self, o: Self) -> Self {
            Self(f32x4_sub(self.0, o.0))
        }
        #[inline(always)]
        pub fn mul(self, o: Self) -> Self {
            Self(f32x4_mul(self.0, o.0))
        }
        #[inline(always)]
        pub fn div(self, o: Self) -> Self {
            Self(f32x4_div(self.0, o.0))
        }
        #[inline(always)]
        pub fn max(self, o: Self) -> Self {
            Self(f32x4_pmax(self.0, o.0))
        }
        #[inline(always)]
        pub fn min(self, o: Self) -> Self {
            Self(f32x4_pmin(self.0, o.0))
        }
        /// IEEE 754-2019 `maximum`: NaN if either lane is NaN (reductions must not drop NaN).
        #[inline(always)]
        pub fn maximum(self, o: Self) -> Self {
            Self(f32x4_max(self.0, o.0))
        }
        /// IEEE 754-2019 `minimum`: NaN if either lane is NaN.
        #[inline(always)]
        pub fn minimum(self, o: Self) -> Self {
            Self(f32x4_min(self.0, o.0))
        }
        /// The 4×4 transpose of the rows `r`. Shuffles move bits, so any 4-byte data (i32,
        /// NaN payloads) passes through unchanged.
        #[inline(always)]
        pub fn transpose4(r: [Self; 4]) -> [Self; 4] {
            let t0 = i32x4_shuffle::<0, 4, 1, 5>(r[0].0, r[1].0);
            let t1 = i32x4_shuffle::<2, 6, 3, 7>(r[0].0, r[1].0);
            let t2 = i32x4_shuffle::<0, 4, 1, 5>(r[2].0, r[3].0);
            let t3 = i32x4_shuffle::<2, 6, 3, 7>(r[2].0, r[3].0);
            [
                Self(i32x4_shuffle::<0, 1, 4, 5>(t0, t2)),
                Self(i32x4_shuffle::<2, 3, 6, 7>(t0, t2)),
                Self(i32x4_shuffle::<0, 1, 4, 5>(t1, t3)),
                Self(i32x4_shuffle::<2, 3, 6, 7>(t1, t3)),
            ]
        }
        #[inline(always)]
        pub fn sqrt(self) -> Self {
            Self(f32x4_sqrt(self.0))
        }
        #[inline(always)]
        pub fn abs(self) -> Self {
            Self(f32x4_abs(self.0))
        }
        /// `self * b + c`.
        #[inline(always)]
        pub fn fma(self, b: Self, c: Self) -> Self {
            #[cfg(target_feature = "relaxed-simd")]
            {
                Self(f32x4_relaxed_madd(self.0, b.0, c.0))
            }
            #[cfg(not(target_feature = "relaxed-simd"))]
            {
                Self(f32x4_add(f32x4_mul(self.0, b.0), c.0))
            }
        }
        /// Lane-wise `self > o ? a : b`.
        #[inline(always)]
        pub fn select_gt(self, o: Self, a: Self, b: Self) -> Self {
            Self(v128_bitselect(a.0, b.0, f32x4_gt(self.0, o.0)))
        }
        #[inline(always)]
        pub fn hsum(self) -> f32 {
            f32x4_extract_lane::<0>(self.0)
                + f32x4_extract_lane::<1>(self.0)
                + f32x4_extract_lane::<2>(self.0)
                + f32x4_extract_lane::<3>(self.0)
        }
        #[inline(always)]
        pub fn hmax(self) -> f32 {
            let a = f32x4_extract_lane::<0>(self.0).max(f32x4_extract_lane::<1>(self.0));
            let b = f32x4_extract_lane::<2>(self.0).max(f32x4_extract_lane::<3>(self.0));
            a.max(b)
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod imp {
    #[derive(Copy, Clone)]
    pub struct F32x4(pub [f32; 4]);

    #[inline(always)]
    fn map2(a: F32x4, b: F32x4, f: impl Fn(f32, f32) -> f32) -> F32x4 {
        F32x4([f(a.0[0], b.0[0]), f(a.0[1], b.0[1]), f(a.0[2], b.0[2]), f(a.0[3], b.0[3])])
    }

    impl F32x4 {
        #[inline(always)]
        pub fn splat(x: f32) -> Self {
            Self([x; 4])
        }
        #[inline(always)]
        pub fn zero() -> Self {
            Self([0.0; 4])
        }
        /// # Safety
        /// `p` must point to 4 readable f32.
        #[inline(always)]
        pub unsafe fn load(p: *const f32) -> Self {
            Self(core::ptr::read_unaligned(p as *const [f32; 4]))
        }
        /// # Safety
        /// `p` must point to 4 writable f32.
        #[inline(always)]
        pub unsafe fn store(self, p: *mut f32) {
            core::ptr::write_unaligned(p as *mut [f32; 4], self.0)
        }
        /// # Safety
        /// `p` must point to one readable f32.
        #[inline(always)]
        pub unsafe fn load_splat(p: *const f32) -> Self {
            Self([*p; 4])
        }
        #[inline(always)]
        pub fn add(self, o: Self) -> Self {
            map2(self, o, |a, b| a + b)
        }
        #[inline(always)]
        pub fn sub(self, o: Self) -> Self {
            map2(self, o, |a, b| a - b)
        }
        #[inline(always)]
        pub fn mul(self, o: Self) -> Self {
            map2(self, o, |a, b| a * b)
        }
        #[inline(always)]
        pub fn div(self, o: Self) -> Self {
            map2(self, o, |a, b| a / b)
        }
        /// Pseudo-max like wasm `f32x4.pmax`: `self < o ? o : self`.
        #[inline(always)]
        pub fn max(self, o: Self) -> Self {
            map2(self, o, |a, b| if a < b { b } else { a })
        }
        /// Pseudo-min like wasm `f32x4.pmin`: `o < self ? o : self`.
        #[inline(always)]
        pub fn min(self, o: Self) -> Self {
            map2(self, o, |a, b| if b < a { b } else { a })
        }
        /// Like wasm `f32x4.max`: NaN if either lane is NaN, and +0 above -0.
        #[inline(always)]
        pub fn maximum(self, o: Self) -> Self {
            map2(self, o, |a, b| match () {
                _ if a.is_nan() || b.is_nan() => f32::NAN,
                _ if a == b && a.is_sign_negative() => b,
                _ => a.max(b),
            })
        }
        /// Like wasm `f32x4.min`: NaN if either lane is NaN, and -0 below +0.
        #[inline(always)]
        pub fn minimum(self, o: Self) -> Self {
            map2(self, o, |a, b| match () {
                _ if a.is_nan() || b.is_nan() => f32::NAN,
                _ if a == b && a.is_sign_negative() => a,
                _ => a.min(b),
            })
        }
        /// The 4×4 transpose of the rows `r`; copies, so bits pass through unchanged.
        #[inline(always)]
        pub fn transpose4(r: [Self; 4]) -> [Self; 4] {
            core::array::from_fn(|i| Self(core::array::from_fn(|j| r[j].0[i])))
        }
        #[inline(always)]
        pub fn sqrt(self) -> Self {
            Self(self.0.map(crate::math::sqrtf))
        }
        #[inline(always)]
        pub fn abs(self) -> Self {
            Self(self.0.map(|x| if x < 0.0 { -x } else { x }))
        }
        #[inline(always)]
        pub fn fma(self, b: Self, c: Self) -> Self {
            self.mul(b).add(c)
        }
        #[inline(always)]
        pub fn select_gt(self, o: Self, a: Self, b: Self) -> Self {
            let mut r = [0.0; 4];
            for i in 0..4 {
                r[i] = if self.0[i] > o.0[i] { a.0[i] } else { b.0[i] };
            }
            Self(r)
        }
        #[inline(always)]
        pub fn hsum(self) -> f32 {
            self.0[0] + self.0[1] + self.0[2] + self.0[3]
        }
        #[inline(always)]
        pub fn hmax(self) -> f32 {
            self.0[0].max(self.0[1]).max(self.0[2].max(self.0[3]))
        }
    }
}

pub use imp::F32x4;

mod i32x4;
mod lanes;
pub use i32x4::I32x4;
