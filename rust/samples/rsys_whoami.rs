// SPDX-License-Identifier: GPL-2.0

//! `rsys_whoami()`: the caller's ids, in a versioned struct.

use rsys::bindings::{PAGE_SIZE, RSYS_WHOAMI_SIZE_VER0};
use rsys::task;
use rsys::uaccess::{AsBytes, UserPtr, UserSlice};
use rsys::{check_flags, code, Result};

/// `struct rsys_whoami` of `include/uapi/linux/rsys.h`.
#[repr(C)]
struct Whoami {
    pid: i32,
    tgid: i32,
    uid: u32,
    gid: u32,
    euid: u32,
    egid: u32,
}

// The layout must be the one user space knows.
const _: () = assert!(core::mem::size_of::<Whoami>() == RSYS_WHOAMI_SIZE_VER0 as usize);

// SAFETY: `Whoami` is `repr(C)` with six 4-byte integer fields, so it has no
// padding and no pointers.
unsafe impl AsBytes for Whoami {}

/// Writes the first `size` bytes of the caller's `struct rsys_whoami` to
/// `who`, zero-filled past the kernel's struct.
///
/// # Errors
///
/// `EINVAL` if `size` is below `RSYS_WHOAMI_SIZE_VER0` or above a page, or
/// for any flag; `EFAULT` if the memory cannot be written.
pub(crate) fn rsys_whoami(who: UserPtr, size: usize, flags: u32) -> Result {
    check_flags(flags, 0)?;
    if size < RSYS_WHOAMI_SIZE_VER0 as usize || size > PAGE_SIZE {
        return Err(code::EINVAL);
    }
    let ids = Whoami {
        pid: task::pid(),
        tgid: task::tgid(),
        uid: task::uid(),
        gid: task::gid(),
        euid: task::euid(),
        egid: task::egid(),
    };
    UserSlice::new(who, size).writer().write_extensible(&ids)
}
