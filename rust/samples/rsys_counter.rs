// SPDX-License-Identifier: GPL-2.0

//! `rsys_counter()`: state shared by all callers, kept with atomics.
//!
//! Every caller may read the counter; only an administrator
//! (`CAP_SYS_ADMIN`) may change it, since a change is seen by all: one add
//! of a huge value would otherwise saturate it, and every later add would
//! fail with `EOVERFLOW` until a reset.

use core::ffi::c_long;
use core::sync::atomic::{AtomicU64, Ordering};
use rsys::task::{max_result, require, Capability};
use rsys::uapi::{RSYS_COUNTER_ADD, RSYS_COUNTER_GET, RSYS_COUNTER_RESET};
use rsys::{check_flags, code, Result};

/// The counter. It never exceeds `c_long::MAX`, so its value is always a
/// valid (non-error) system call return value.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Reads, adds to or resets the counter; returns its value afterwards.
///
/// # Errors
///
/// `EOVERFLOW` (counter unchanged) if an add would take it past what the
/// caller can receive: `c_long::MAX`, or `i32::MAX` for a 32-bit caller
/// ([`max_result`]); `EPERM` (counter unchanged) for an add or a reset
/// without `CAP_SYS_ADMIN`; `EINVAL` for an unknown `op`, any flag, or an
/// `arg` other than 0 where `op` takes none (checked before privileges,
/// as flags are: an invalid call fails the same for every caller).
pub(crate) fn rsys_counter(op: u32, arg: u64, flags: u32) -> Result<c_long> {
    check_flags(flags, 0)?;
    // 0 until it means something: a caller passing more fails today
    // rather than getting another meaning tomorrow.
    if op != RSYS_COUNTER_ADD && arg != 0 {
        return Err(code::EINVAL);
    }
    let value = match op {
        RSYS_COUNTER_GET => COUNTER.load(Ordering::Relaxed),
        RSYS_COUNTER_ADD => {
            require(Capability::SYS_ADMIN)?;
            // max_result() is positive: this is its value.
            let limit = max_result().unsigned_abs();
            let old = COUNTER
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| {
                    v.checked_add(arg).filter(|&sum| sum <= limit)
                })
                .map_err(|_| code::EOVERFLOW)?;
            // Cannot overflow: fetch_update() only stored old + arg <= limit.
            old + arg
        }
        RSYS_COUNTER_RESET => {
            require(Capability::SYS_ADMIN)?;
            COUNTER.store(0, Ordering::Relaxed);
            0
        }
        _ => return Err(code::EINVAL),
    };
    c_long::try_from(value).map_err(|_| code::EOVERFLOW)
}

/// The counter's current value, for `rsys_info()`.
pub(crate) fn value() -> u64 {
    COUNTER.load(Ordering::Relaxed)
}
