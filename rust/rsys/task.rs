// SPDX-License-Identifier: GPL-2.0

//! The calling task: its capabilities, its pending signals, and yielding the
//! CPU during long work.

use crate::bindings;
use crate::error::{code, Result};

/// A capability, as numbered in `include/uapi/linux/capability.h`.
#[derive(Clone, Copy, Debug)]
pub struct Capability(i32);

impl Capability {
    /// `CAP_SYS_ADMIN`.
    pub const SYS_ADMIN: Self = Self(bindings::CAP_SYS_ADMIN);
}

/// Whether the calling task has `cap` in the initial user namespace
/// (`capable()`). As in C, a successful check marks the task as having used
/// its privilege.
#[inline]
pub fn capable(cap: Capability) -> bool {
    // SAFETY: capable() only reads the current task's credentials.
    unsafe { bindings::rsys_capable(cap.0) }
}

/// Returns `EPERM` unless the calling task has `cap`.
///
/// # Errors
///
/// `EPERM` if [`capable`] is false.
#[inline]
pub fn require(cap: Capability) -> Result {
    if capable(cap) {
        Ok(())
    } else {
        Err(code::EPERM)
    }
}

/// Gives other tasks a chance to run, and stops if the caller is being
/// killed. Call it between chunks of long work.
///
/// # Errors
///
/// `EINTR` if a fatal signal is pending: the task is exiting and the result
/// would never be seen.
#[inline]
pub fn yield_point() -> Result {
    // SAFETY: both helpers only look at the current task; neither is called
    // from atomic context since a system call runs in process context.
    unsafe {
        if bindings::rsys_fatal_signal_pending() {
            return Err(code::EINTR);
        }
        bindings::rsys_cond_resched();
    }
    Ok(())
}
