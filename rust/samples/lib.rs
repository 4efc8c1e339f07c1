// SPDX-License-Identifier: GPL-2.0

//! Sample system calls written in Rust.
//!
//! Each `rust_sys_<name>` function is the Rust half of the system call
//! `<name>`: `kernel/rsys/syscalls.c` defines the entry point with
//! `SYSCALL_DEFINE` and calls it; `include/uapi/linux/rsys.h` documents the
//! interface for user space.

#![no_std]

mod add;
mod checksum;
mod counter;
mod info;
#[cfg(CONFIG_RUST_SYSCALLS_SELFTEST)]
mod selftest;

use core::ffi::{c_long, c_uint};
use rsys::error::syscall_return;
use rsys::uaccess::UserPtr;

/// `rsys_add(a, b, flags)`: see [`add::add`].
#[no_mangle]
pub extern "C" fn rust_sys_rsys_add(a: u32, b: u32, flags: c_uint) -> c_long {
    syscall_return(add::add(a, b, flags).map(c_long::from))
}

/// `rsys_checksum(buf, len, csum, flags)`: see [`checksum::checksum`].
#[no_mangle]
pub extern "C" fn rust_sys_rsys_checksum(
    buf: UserPtr,
    len: usize,
    csum: UserPtr,
    flags: c_uint,
) -> c_long {
    syscall_return(checksum::checksum(buf, len, csum, flags).map(|()| 0))
}

/// `rsys_counter(op, arg, flags)`: see [`counter::counter`].
#[no_mangle]
pub extern "C" fn rust_sys_rsys_counter(op: c_uint, arg: u64, flags: c_uint) -> c_long {
    syscall_return(counter::counter(op, arg, flags))
}

/// `rsys_info(info, size, flags)`: see [`info::info`].
#[no_mangle]
pub extern "C" fn rust_sys_rsys_info(info: UserPtr, size: usize, flags: c_uint) -> c_long {
    syscall_return(info::info(info, size, flags).map(|()| 0))
}

/// `rsys_selftest(op, flags)`: see [`selftest::selftest`].
#[cfg(CONFIG_RUST_SYSCALLS_SELFTEST)]
#[no_mangle]
pub extern "C" fn rust_sys_rsys_selftest(op: c_uint, flags: c_uint) -> c_long {
    syscall_return(selftest::selftest(op, flags))
}
