// SPDX-License-Identifier: GPL-2.0

//! `rsys_whoami()`: the caller's ids, in a versioned struct.

use rsys::task;
use rsys::uaccess::{UserPtr, UserSlice};
use rsys::uapi::{rsys_whoami as Whoami, RSYS_WHOAMI_SIZE_VER0};
use rsys::PAGE_SIZE;
use rsys::{check_flags, code, Result};

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
