// SPDX-License-Identifier: GPL-2.0

//! Support crate for system calls written in Rust.
//!
//! It gives a system call what it needs from the kernel without `unsafe` at
//! the call site: errno-carrying errors ([`error`]), access to user memory
//! ([`uaccess`]), fallible heap memory ([`alloc`]), locks and atomics
//! ([`sync`]), printing ([`print`]), the calling task's identity and
//! privileges ([`task`]), and a panic handler that oopses only the calling
//! task.
//!
//! A system call is a function returning an [`error::Result`] of a
//! [`error::SyscallValue`]; its `extern "C"` entry point `rust_sys_<name>`,
//! generated from the kit's `syscalls.tbl` like the `SYSCALL_DEFINE` wrapper
//! that calls it, returns [`error::syscall_return`] of that result.

#![cfg_attr(not(rsys_host), no_std)]

pub mod alloc;
pub mod bindings;
pub mod error;
#[cfg(rsys_host)]
pub mod host;
#[cfg(not(rsys_host))]
mod panic;
pub mod print;
pub mod sync;
pub mod task;
pub mod uaccess;

pub use error::{code, Error, Result};

/// Checks a system call's `flags` argument: any bit outside `known` is an
/// error, so that the bits can be given a meaning later.
///
/// # Errors
///
/// `EINVAL` if `flags` has a bit that is not in `known`.
#[inline]
pub fn check_flags(flags: u32, known: u32) -> Result {
    if flags & !known != 0 {
        return Err(code::EINVAL);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_flags_rejects_unknown_bits() {
        assert_eq!(check_flags(0, 0), Ok(()));
        assert_eq!(check_flags(1, 1), Ok(()));
        assert_eq!(check_flags(3, 1), Err(code::EINVAL));
        assert_eq!(check_flags(1 << 31, !(1 << 31)), Err(code::EINVAL));
        assert_eq!(check_flags(u32::MAX, u32::MAX), Ok(()));
    }
}
