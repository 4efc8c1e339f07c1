// SPDX-License-Identifier: GPL-2.0

//! `rsys_info()`: fills a versioned struct in user memory.
//!
//! The struct grows by appending fields, as `sched_getattr()`'s does: user
//! space passes the size it knows, the kernel writes that much of its own
//! struct (zeroing what user space expects beyond it) and reports its own
//! size in the `size` field.

use rsys::bindings::RSYS_NR_SYSCALLS;
use rsys::uaccess::{UserPtr, UserSlice};
use rsys::uapi::{
    rsys_info as Info, RSYS_FEATURE_SELFTEST, RSYS_INFO_SIZE_VER0, RSYS_VERSION_MAJOR,
    RSYS_VERSION_MINOR,
};
use rsys::PAGE_SIZE;
use rsys::{check_flags, code, Result};

/// Writes the first `size` bytes of the kernel's `struct rsys_info` to
/// `uinfo`, zero-filled past the kernel's struct.
///
/// # Errors
///
/// `EINVAL` if `size` is below `RSYS_INFO_SIZE_VER0` or above a page, or for
/// any flag; `EFAULT` if the memory cannot be written.
pub(crate) fn rsys_info(uinfo: UserPtr, size: usize, flags: u32) -> Result {
    check_flags(flags, 0)?;
    if size < RSYS_INFO_SIZE_VER0 as usize || size > PAGE_SIZE {
        return Err(code::EINVAL);
    }
    let features = if cfg!(CONFIG_RUST_SYSCALLS_SELFTEST) {
        RSYS_FEATURE_SELFTEST
    } else {
        0
    };
    let info = Info {
        size: core::mem::size_of::<Info>() as u32,
        version: RSYS_VERSION_MAJOR << 16 | RSYS_VERSION_MINOR,
        nr_syscalls: RSYS_NR_SYSCALLS,
        features,
        counter: crate::rsys_counter::value(),
    };
    UserSlice::new(uinfo, size).writer().write_extensible(&info)
}
