// SPDX-License-Identifier: GPL-2.0

//! The calling task: its identity, its capabilities, whether it is a 32-bit
//! caller, its pending signals, and yielding the CPU during long work.
//!
//! Ids are those the caller sees from its own namespaces, as `getpid()`,
//! `gettid()` and `getuid()` would return them: the pid namespace for
//! [`pid`] and [`tgid`], the user namespace for [`uid`] and friends (an id
//! the namespace does not map reads as the overflow id, 65534). [`owner`]
//! is the exception: it is what the kernel itself compares, the same from
//! every namespace, for state a call keeps per user.

use crate::bindings;
use crate::error::{code, Result};
use core::ffi::c_long;

/// A capability, as numbered in `include/uapi/linux/capability.h`.
#[derive(Clone, Copy, Debug)]
pub struct Capability(i32);

impl Capability {
    /// `CAP_SYS_ADMIN`.
    pub const SYS_ADMIN: Self = Self(bindings::CAP_SYS_ADMIN as i32);
}

/// Whether the calling task has `cap` in the initial user namespace
/// (`capable()`). As in C, a successful check marks the task as having used
/// its privilege.
#[inline]
pub fn capable(cap: Capability) -> bool {
    // SAFETY: capable() only reads the current task's credentials.
    unsafe { bindings::capable(cap.0) }
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

/// Whether the call comes from a 32-bit task through the i386 table
/// (`in_compat_syscall()`).
#[inline]
pub fn in_compat_syscall() -> bool {
    // SAFETY: in_compat_syscall() reads the current task's syscall state;
    // no precondition.
    unsafe { bindings::rsys_in_compat_syscall() }
}

/// The largest result the caller can receive: `c_long::MAX`, or
/// `i32::MAX` for a 32-bit caller, whose `long` has 32 bits.
///
/// The compat entry point turns a larger result into `EOVERFLOW`. A call
/// that changes state and returns a value that grows with it checks the
/// value against this limit before it acts, so that it fails without
/// effect rather than succeed where the caller only sees the error.
#[inline]
pub fn max_result() -> c_long {
    if in_compat_syscall() {
        c_long::from(i32::MAX)
    } else {
        c_long::MAX
    }
}

/// The calling thread's id (`gettid()`).
#[inline]
pub fn pid() -> i32 {
    // SAFETY: reads the current task's pid; no precondition.
    unsafe { bindings::rsys_current_pid() }
}

/// The calling process's id (`getpid()`).
#[inline]
pub fn tgid() -> i32 {
    // SAFETY: reads the current task's tgid; no precondition.
    unsafe { bindings::rsys_current_tgid() }
}

/// The caller's real uid (`getuid()`).
#[inline]
pub fn uid() -> u32 {
    // SAFETY: reads the current task's credentials; no precondition.
    unsafe { bindings::rsys_current_uid() }
}

/// The caller's real gid (`getgid()`).
#[inline]
pub fn gid() -> u32 {
    // SAFETY: reads the current task's credentials; no precondition.
    unsafe { bindings::rsys_current_gid() }
}

/// The caller's effective uid (`geteuid()`).
#[inline]
pub fn euid() -> u32 {
    // SAFETY: reads the current task's credentials; no precondition.
    unsafe { bindings::rsys_current_euid() }
}

/// The caller's effective gid (`getegid()`).
#[inline]
pub fn egid() -> u32 {
    // SAFETY: reads the current task's credentials; no precondition.
    unsafe { bindings::rsys_current_egid() }
}

/// Who owns what a call keeps for the caller: see [`owner`].
///
/// Opaque: two owners can only be compared. It is the caller's effective uid
/// as the initial user namespace sees it (its `kuid_t`), not as the caller
/// sees it, so that the root of a user namespace, or any id a namespace
/// maps, is the user outside that it stands for, never root or another
/// user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Owner(u32);

/// The caller's [`Owner`]: its effective uid, as a kuid
/// (`__kuid_val(current_euid())`). Ids are compared as the kernel compares
/// them for file ownership, whatever user namespace the caller is in.
#[inline]
pub fn owner() -> Owner {
    // SAFETY: reads the current task's credentials; no precondition.
    Owner(unsafe { bindings::rsys_current_owner() })
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
// rsys-series: none

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::{set_compat, set_kuid};

    #[test]
    fn max_result_is_the_callers_long() {
        set_compat(false);
        assert_eq!(max_result(), c_long::MAX);
        set_compat(true);
        assert!(in_compat_syscall());
        assert_eq!(max_result(), 0x7fff_ffff);
        set_compat(false);
    }

    #[test]
    fn owner_is_the_kuid() {
        set_kuid(1000);
        let user = owner();
        assert_eq!(owner(), user);
        set_kuid(1001);
        assert_ne!(owner(), user);
        set_kuid(0);
        assert_ne!(owner(), user);
        // The ids the caller sees do not enter into it.
        assert_eq!(euid(), 0);
        set_kuid(1000);
        assert_eq!(owner(), user);
        set_kuid(0);
    }
}
