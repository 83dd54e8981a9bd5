//! A four-lane i32 vector beside [`F32x4`], for exponent tricks and integer casts.
//!
//! Like `F32x4`, it is a `v128` on wasm32 and a plain array elsewhere, with identical lane
//! semantics: arithmetic wraps, `shr` is arithmetic, and float→int conversion truncates
//! toward zero, saturates at the i32 range and maps NaN to 0 (wasm `trunc_sat`, Rust `as`).

use super::F32x4;

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use super::F32x4;
    use core::arch::wasm32::*;

    #[derive(Copy, Clone)]
    #[repr(transparent)]
    pub struct I32x4(pub v128);

    impl I32x4 {
        #[inline(always)]
        pub fn splat(x: i32) -> Self {
            Self(i32x4_splat(x))
        }
        /// # Safety
        /// `p` must point to 4 readable i32 (no alignment needed).
        #[inline(always)]
        pub unsafe fn load(p: *const i32) -> Self {
            Self(v128_load(p as *const v128))
        }
        /// # Safety
        /// `p` must point to 4 writable i32.
        #[inline(always)]
        pub unsafe fn store(self, p: *mut i32) {
            v128_store(p as *mut v128, self.0)
        }
        #[inline(always)]
        pub fn add(self, o: Self) -> Self {
            Self(i32x4_add(self.0, o.0))
        }
        #[inline(always)]
        pub fn sub(self, o: Self) -> Self {
            Self(i32x4_sub(self.0, o.0))
        }
        #[inline(always)]
        pub fn and(self, o: Self) -> Self {
            Self(v128_and(self.0, o.0))
        }
        #[inline(always)]
        pub fn or(self, o: Self) -> Self {
            Self(v128_or(self.0, o.0))
        }
        #[inline(always)]
        pub fn shl(self, n: u32) -> Self {
            Self(i32x4_shl(self.0, n))
        }
        /// Arithmetic (sign-extending) right shift.
        #[inline(always)]
        pub fn shr(self, n: u32) -> Self {
            Self(i32x4_shr(self.0, n))
        }
        /// Numeric conversion (round to nearest even for |x| > 2^24).
        #[inline(always)]
        pub fn to_f32(self) -> F32x4 {
            F32x4(f32x4_convert_i32x4(self.0))
        }
        /// The same 128 bits seen as four f32.
        #[inline(always)]
        pub fn cast_f32(self) -> F32x4 {
            F32x4(self.0)
        }
    }

    impl F32x4 {
        /// Truncates toward zero, saturating; NaN becomes 0.
        #[inline(always)]
        pub fn to_i32_sat(self) -> I32x4 {
            I32x4(i32x4_trunc_sat_f32x4(self.0))
        }
        /// The same 128 bits seen as four i32.
        #[inline(always)]
        pub fn cast_i32(self) -> I32x4 {
            I32x4(self.0)
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod imp {
    use super::F32x4;

    #[derive(Copy, Clone)]
    pub struct I32x4(pub [i32; 4]);

    #[inline(always)]
    fn map2(a: I32x4, b: I32x4, f: impl Fn(i32, i32) -> i32) -> I32x4 {
        I32x4([f(a.0[0], b.0[0]), f(a.0[1], b.0[1]), f(a.0[2], b.0[2]), f(a.0[3], b.0[3])])
    }

    impl I32x4 {
        #[inline(always)]
        pub fn splat(x: i32) -> Self {
            Self([x; 4])
        }
        /// # Safety
        /// `p` must point to 4 readable i32.
        #[inline(always)]
        pub unsafe fn load(p: *const i32) -> Self {
            Self(core::ptr::read_unaligned(p as *const [i32; 4]))
        }
        /// # Safety
        /// `p` must point to 4 writable i32.
        #[inline(always)]
        pub unsafe fn store(self, p: *mut i32) {
            core::ptr::write_unaligned(p as *mut [i32; 4], self.0)
        }
        #[inline(always)]
        pub fn add(self, o: Self) -> Self {
            map2(self, o, i32::wrapping_add)
        }
        #[inline(always)]
        pub fn sub(self, o: Self) -> Self {
            map2(self, o, i32::wrapping_sub)
        }
        #[inline(always)]
        pub fn and(self, o: Self) -> Self {
            map2(self, o, |a, b| a & b)
        }
        #[inline(always)]
        pub fn or(self, o: Self) -> Self {
            map2(self, o, |a, b| a | b)
        }
        #[inline(always)]
        pub fn shl(self, n: u32) -> Self {
            Self(self.0.map(|a| a.wrapping_shl(n)))
        }
        #[inline(always)]
        pub fn shr(self, n: u32) -> Self {
            Self(self.0.map(|a| a.wrapping_shr(n)))
        }
        #[inline(always)]
        pub fn to_f32(self) -> F32x4 {
            F32x4(self.0.map(|a| a as f32))
        }
        #[inline(always)]
        pub fn cast_f32(self) -> F32x4 {
            F32x4(self.0.map(|a| f32::from_bits(a as u32)))
        }
    }

    impl F32x4 {
        #[inline(always)]
        pub fn to_i32_sat(self) -> I32x4 {
            I32x4(self.0.map(|a| a as i32))
        }
        #[inline(always)]
        pub fn cast_i32(self) -> I32x4 {
            I32x4(self.0.map(|a| a.to_bits() as i32))
        }
    }
}

pub use imp::I32x4;
