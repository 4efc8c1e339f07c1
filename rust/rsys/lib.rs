// SPDX-License-Identifier: GPL-2.0

//! Support crate for system calls written in Rust.
//!
//! It gives a system call what it needs from the kernel without `unsafe` at
//! the call site: errno-carrying errors ([`error`]), access to user memory
//! ([`uaccess`]), printing ([`print`]), facts about the calling task
//! ([`task`]), and a panic handler that oopses only the calling task.
//!
//! A system call is an `extern "C"` function named `rust_sys_<name>`, called
//! by a `SYSCALL_DEFINE` wrapper in `kernel/rsys/syscalls.c`; it returns
//! [`error::syscall_return`] of its [`error::Result`].

#![no_std]

pub mod bindings;
pub mod error;
#[cfg(not(test))]
mod panic;
pub mod print;
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
