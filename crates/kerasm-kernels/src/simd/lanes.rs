//! Rounding, comparisons, masks and bitwise ops on [`F32x4`], for branch-free math.
//!
//! A comparison returns a mask: an `F32x4` whose lanes are all-ones or all-zero bits (as
//! wasm `f32x4.lt` does), consumed by [`F32x4::select`] or the bitwise ops. NaN compares
//! false except under `ne`, and `round` is round-half-to-even, on every target.
//!
//! `max_nan`/`min_nan` are IEEE maximum/minimum (NaN if either lane is NaN, +0 > −0). Use
//! them wherever NaN must survive: in `+relaxed-simd` builds LLVM lowers `F32x4::max/min`
//! (pmax/pmin) to `relaxed_max/min`, whose NaN and ±0 results vary by CPU.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use super::super::F32x4;
    use core::arch::wasm32::*;

    macro_rules! lanewise {
        ($($(#[$m:meta])* $name:ident => $f:ident;)*) => {$(
            $(#[$m])*
            #[inline(always)]
            pub fn $name(self) -> Self {
                Self($f(self.0))
            }
        )*};
    }
    macro_rules! pairwise {
        ($($name:ident => $f:ident;)*) => {$(
            #[inline(always)]
            pub fn $name(self, o: Self) -> Self {
                Self($f(self.0, o.0))
            }
        )*};
    }

    impl F32x4 {
        lanewise! {
            floor => f32x4_floor;
            ceil => f32x4_ceil;
            trunc => f32x4_trunc;
            /// Round half to even.
            round => f32x4_nearest;
            neg => f32x4_neg;
        }
        pairwise! {
            max_nan => f32x4_max; min_nan => f32x4_min;
            eq => f32x4_eq; ne => f32x4_ne; lt => f32x4_lt; le => f32x4_le; gt => f32x4_gt; ge => f32x4_ge;
            and => v128_and; or => v128_or; xor => v128_xor; andnot => v128_andnot;
        }
        /// Per lane, `a` where the mask `self` is set, else `b`.
        #[inline(always)]
        pub fn select(self, a: Self, b: Self) -> Self {
            Self(v128_bitselect(a.0, b.0, self.0))
        }
        #[inline(always)]
        pub fn any(self) -> bool {
            v128_any_true(self.0)
        }
        #[inline(always)]
        pub fn first(self) -> f32 {
            f32x4_extract_lane::<0>(self.0)
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod imp {
    use super::super::F32x4;

    #[inline(always)]
    fn mask(c: bool) -> f32 {
        f32::from_bits(if c { u32::MAX } else { 0 })
    }
    #[inline(always)]
    fn bits2(a: F32x4, b: F32x4, f: impl Fn(u32, u32) -> u32) -> F32x4 {
        let mut r = [0.0; 4];
        for i in 0..4 {
            r[i] = f32::from_bits(f(a.0[i].to_bits(), b.0[i].to_bits()));
        }
        F32x4(r)
    }
    #[inline(always)]
    fn cmp(a: F32x4, b: F32x4, f: impl Fn(f32, f32) -> bool) -> F32x4 {
        F32x4([mask(f(a.0[0], b.0[0])), mask(f(a.0[1], b.0[1])), mask(f(a.0[2], b.0[2])), mask(f(a.0[3], b.0[3]))])
    }

    impl F32x4 {
        #[inline(always)]
        pub fn floor(self) -> Self {
            Self(self.0.map(f32::floor))
        }
        #[inline(always)]
        pub fn ceil(self) -> Self {
            Self(self.0.map(f32::ceil))
        }
        #[inline(always)]
        pub fn trunc(self) -> Self {
            Self(self.0.map(f32::trunc))
        }
        #[inline(always)]
        pub fn round(self) -> Self {
            Self(self.0.map(f32::round_ties_even))
        }
        #[inline(always)]
        pub fn neg(self) -> Self {
            Self(self.0.map(|a| -a))
        }
        #[inline(always)]
        pub fn max_nan(self, o: Self) -> Self {
            // Equal lanes can only differ in the sign of zero: AND keeps +0 if either is +0.
            bits2(self, o, |a, b| {
                let (x, y) = (f32::from_bits(a), f32::from_bits(b));
                if x.is_nan() || y.is_nan() { f32::NAN.to_bits() } else if x == y { a & b } else { x.max(y).to_bits() }
            })
        }
        #[inline(always)]
        pub fn min_nan(self, o: Self) -> Self {
            bits2(self, o, |a, b| {
                let (x, y) = (f32::from_bits(a), f32::from_bits(b));
                if x.is_nan() || y.is_nan() { f32::NAN.to_bits() } else if x == y { a | b } else { x.min(y).to_bits() }
            })
        }
        #[inline(always)]
        pub fn eq(self, o: Self) -> Self {
            cmp(self, o, |a, b| a == b)
        }
        #[inline(always)]
        pub fn ne(self, o: Self) -> Self {
            cmp(self, o, |a, b| a != b)
        }
        #[inline(always)]
        pub fn lt(self, o: Self) -> Self {
            cmp(self, o, |a, b| a < b)
        }
        #[inline(always)]
        pub fn le(self, o: Self) -> Self {
            cmp(self, o, |a, b| a <= b)
        }
        #[inline(always)]
        pub fn gt(self, o: Self) -> Self {
            cmp(self, o, |a, b| a > b)
        }
        #[inline(always)]
        pub fn ge(self, o: Self) -> Self {
            cmp(self, o, |a, b| a >= b)
        }
        #[inline(always)]
        pub fn and(self, o: Self) -> Self {
            bits2(self, o, |a, b| a & b)
        }
        #[inline(always)]
        pub fn or(self, o: Self) -> Self {
            bits2(self, o, |a, b| a | b)
        }
        #[inline(always)]
        pub fn xor(self, o: Self) -> Self {
            bits2(self, o, |a, b| a ^ b)
        }
        /// `self & !o`, like wasm `v128.andnot`.
        #[inline(always)]
        pub fn andnot(self, o: Self) -> Self {
            bits2(self, o, |a, b| a & !b)
        }
        #[inline(always)]
        pub fn select(self, a: Self, b: Self) -> Self {
            a.and(self).or(b.andnot(self))
        }
        #[inline(always)]
        pub fn any(self) -> bool {
            self.0.iter().any(|v| v.to_bits() != 0)
        }
        #[inline(always)]
        pub fn first(self) -> f32 {
            self.0[0]
        }
    }
}
