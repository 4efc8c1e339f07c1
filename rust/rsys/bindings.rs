// SPDX-License-Identifier: GPL-2.0

//! The C functions and constants the Rust side uses.
//!
//! The functions are the helpers of `kernel/rsys/helpers.c` (declared in
//! `kernel/rsys/rsys.h`); the constants are generated at build time from the
//! kernel's headers by `kernel/rsys/gen-bindings.sh`. Everything here is raw:
//! the other modules wrap it in safe interfaces.

use core::ffi::{c_char, c_int, c_ulong, c_void};

include!(concat!(env!("RSYS_GENERATED_DIR"), "/generated_consts.rs"));

extern "C" {
    /// `copy_from_user()`: returns the number of bytes not copied.
    pub fn rsys_copy_from_user(to: *mut c_void, from: usize, n: c_ulong) -> c_ulong;
    /// `copy_to_user()`: returns the number of bytes not copied.
    pub fn rsys_copy_to_user(to: usize, from: *const c_void, n: c_ulong) -> c_ulong;
    /// `clear_user()`: returns the number of bytes not cleared.
    pub fn rsys_clear_user(to: usize, n: c_ulong) -> c_ulong;
    /// Prints `len` bytes at `msg` at log level `level` (`LOGLEVEL_*`).
    pub fn rsys_print(level: c_int, msg: *const c_char, len: usize);
    /// `BUG()`: oopses the calling task and does not return. Declared as
    /// returning so that the caller can end with an explicit trap, which
    /// objtool needs to see (rustc emits none after a call to a `-> !`
    /// function).
    pub fn rsys_bug();
    /// `capable()`.
    pub fn rsys_capable(cap: c_int) -> bool;
    /// `fatal_signal_pending(current)`.
    pub fn rsys_fatal_signal_pending() -> bool;
    /// `cond_resched()`.
    pub fn rsys_cond_resched();
}
