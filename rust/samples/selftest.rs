// SPDX-License-Identifier: GPL-2.0

//! `rsys_selftest()`: test-only operations on the panic and print paths
//! (`CONFIG_RUST_SYSCALLS_SELFTEST`).

use core::ffi::c_long;
use core::fmt;
use rsys::bindings::{RSYS_SELFTEST_PANIC, RSYS_SELFTEST_PRINT};
use rsys::task::{require, Capability};
use rsys::{check_flags, code, pr_info, Result};

/// A message longer than the print buffer: `0123456789` repeated.
struct Long;

impl fmt::Display for Long {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for _ in 0..100 {
            f.write_str("0123456789")?;
        }
        Ok(())
    }
}

/// Panics (`RSYS_SELFTEST_PANIC`: the caller is oopsed), or prints a
/// message too long for the print buffer and returns the bytes printed
/// (`RSYS_SELFTEST_PRINT`).
///
/// # Errors
///
/// `EPERM` without `CAP_SYS_ADMIN`; `EINVAL` for an unknown `op` or any
/// flag.
pub(crate) fn selftest(op: u32, flags: u32) -> Result<c_long> {
    check_flags(flags, 0)?;
    require(Capability::SYS_ADMIN)?;
    match op {
        RSYS_SELFTEST_PANIC => panic!("rsys_selftest: panic requested"),
        RSYS_SELFTEST_PRINT => {
            let printed = pr_info!("rsys_selftest: {}", Long);
            c_long::try_from(printed).map_err(|_| code::EOVERFLOW)
        }
        _ => Err(code::EINVAL),
    }
}
