// SPDX-License-Identifier: GPL-2.0

//! `rsys_selftest()`: test-only operations on the panic, print and lock
//! paths (`CONFIG_RUST_SYSCALLS_SELFTEST`).

use core::ffi::c_long;
use core::fmt;
use rsys::sync::{Mutex, SpinLock};
use rsys::task::{require, Capability};
use rsys::uapi::{
    RSYS_SELFTEST_LOCKS, RSYS_SELFTEST_OOB, RSYS_SELFTEST_PANIC, RSYS_SELFTEST_PRINT,
};
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

/// Reads the byte just past the end of a stack array, for KASAN to catch:
/// the one unsafe block of the calls, in a test-only call.
#[inline(never)]
#[allow(unsafe_code)]
fn read_past_end() -> u8 {
    let buf = core::hint::black_box([0u8; 16]);
    let past_end = core::hint::black_box(buf.len());
    // SAFETY: none, on purpose: this reads one byte past the end of `buf`
    // to show that KASAN checks the Rust code. The byte is on the stack of
    // this function (a KASAN redzone, or whatever follows `buf` without
    // KASAN), so the read cannot fault, and nothing is written.
    unsafe { core::ptr::read_volatile(buf.as_ptr().wrapping_add(past_end)) }
}

static OUTER_MUTEX: Mutex<u32> = Mutex::new(c"rsys_selftest_outer_mutex", 0);
static INNER_MUTEX: Mutex<u32> = Mutex::new(c"rsys_selftest_inner_mutex", 0);
static OUTER_SPINLOCK: SpinLock<u32> = SpinLock::new(c"rsys_selftest_outer_spinlock", 0);
static INNER_SPINLOCK: SpinLock<u32> = SpinLock::new(c"rsys_selftest_inner_spinlock", 0);

/// Takes two mutexes, one inside the other, then two spinlocks the same
/// way, and returns how many it took. The first call initialises each
/// inner lock with the outer one held, a spinlock among them.
fn nest_locks() -> Result<c_long> {
    let mut taken = 0;
    {
        let mut outer = OUTER_MUTEX.lock_killable()?;
        let mut inner = INNER_MUTEX.lock_killable()?;
        *outer = outer.wrapping_add(1);
        *inner = inner.wrapping_add(1);
        taken += 2;
    }
    let mut outer = OUTER_SPINLOCK.lock();
    let mut inner = INNER_SPINLOCK.lock();
    *outer = outer.wrapping_add(1);
    *inner = inner.wrapping_add(1);
    taken += 2;
    Ok(taken)
}

/// Panics (`RSYS_SELFTEST_PANIC`: the caller is oopsed), prints a message
/// too long for the print buffer and returns the bytes printed
/// (`RSYS_SELFTEST_PRINT`), reads out of bounds (`RSYS_SELFTEST_OOB`), or
/// nests locks (`RSYS_SELFTEST_LOCKS`).
///
/// # Errors
///
/// `EPERM` without `CAP_SYS_ADMIN`; `EINVAL` for an unknown `op` or any
/// flag; `EINTR` if killed while waiting for a mutex.
pub(crate) fn rsys_selftest(op: u32, flags: u32) -> Result<c_long> {
    check_flags(flags, 0)?;
    require(Capability::SYS_ADMIN)?;
    match op {
        RSYS_SELFTEST_PANIC => panic!("rsys_selftest: panic requested"),
        RSYS_SELFTEST_OOB => Ok(c_long::from(read_past_end())),
        RSYS_SELFTEST_LOCKS => nest_locks(),
        RSYS_SELFTEST_PRINT => {
            let printed = pr_info!("rsys_selftest: {}", Long);
            c_long::try_from(printed).map_err(|_| code::EOVERFLOW)
        }
        _ => Err(code::EINVAL),
    }
}
