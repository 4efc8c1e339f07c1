// SPDX-License-Identifier: GPL-2.0

//! `rsys_add()`: a system call on scalars.

use rsys::uapi::RSYS_ADD_SATURATE;
use rsys::{check_flags, code, Result};

/// Returns `a + b`. With `RSYS_ADD_SATURATE` a sum that does not fit in 32
/// bits is clamped to `u32::MAX`.
///
/// # Errors
///
/// `EOVERFLOW` if the sum does not fit in 32 bits (without
/// `RSYS_ADD_SATURATE`); `EINVAL` for unknown flags.
pub(crate) fn rsys_add(a: u32, b: u32, flags: u32) -> Result<u32> {
    check_flags(flags, RSYS_ADD_SATURATE)?;
    match a.checked_add(b) {
        Some(sum) => Ok(sum),
        None if flags & RSYS_ADD_SATURATE != 0 => Ok(u32::MAX),
        None => Err(code::EOVERFLOW),
    }
}
