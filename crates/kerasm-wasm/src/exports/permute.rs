//! Permute export. Pointers are byte offsets into linear memory; `y` must not overlap `x`.

use super::slices::{len, slice, slice_mut};
use crate::{pool, status};
use kerasm_kernels::permute::{permute, valid_perm, MAX_RANK};

/// `y = transpose(x, perm)` for 4-byte elements (f32 or i32); `shape` and `perm` hold
/// `rank` i32 each. Returns `BAD_ARG` for rank > 8, a negative size or an invalid `perm`.
#[no_mangle]
pub unsafe extern "C" fn kx_permute(x: *const u32, y: *mut u32, rank: usize, shape: *const i32, perm: *const i32) -> i32 {
    if rank > MAX_RANK {
        return status::BAD_ARG;
    }
    let (mut s, mut p) = ([0usize; MAX_RANK], [0usize; MAX_RANK]);
    for (a, (&sa, &pa)) in slice(shape, rank).iter().zip(slice(perm, rank)).enumerate() {
        if sa < 0 || pa < 0 {
            return status::BAD_ARG;
        }
        (s[a], p[a]) = (sa as usize, pa as usize);
    }
    let (s, p) = (&s[..rank], &p[..rank]);
    let Some(n) = len(s).filter(|_| valid_perm(p)) else { return status::BAD_ARG };
    permute(pool::par(), slice(x, n), slice_mut(y, n), s, p);
    pool::take_status()
}
