//! Fused optimizer step export. Pointers are byte offsets into linear memory.

use crate::{pool, status};
use kerasm_kernels::optim::{step, Kind, VarDesc, HYPER_LEN};

// The table layout TypeScript writes (ts/optimizers/kernel.ts).
const _: () = assert!(core::mem::size_of::<VarDesc>() == 32);

/// One optimizer step of `kind` (see `kerasm_kernels::optim::Kind`) over `n_vars`
/// variables. `table` holds one 32-byte [`VarDesc`] per variable (8 × u32: param, grad,
/// slot0, slot1, slot2, len, flags, 0); `hyper` holds `HYPER_LEN` f32 (layout in
/// `kerasm_kernels::optim::hyper` and each rule's file).
#[no_mangle]
pub unsafe extern "C" fn kx_optim_step(kind: u32, table: *const VarDesc, n_vars: usize, hyper: *const f32) -> i32 {
    let Some(kind) = Kind::from_code(kind) else { return status::BAD_ARG };
    if (n_vars > 0 && table.is_null()) || hyper.is_null() {
        return status::BAD_ARG;
    }
    let vars = if n_vars == 0 { &[][..] } else { core::slice::from_raw_parts(table, n_vars) };
    let h = &*(hyper as *const [f32; HYPER_LEN]);
    match step(pool::par(), kind, vars, h) {
        Ok(()) => pool::take_status(),
        Err(_) => status::BAD_ARG,
    }
}
