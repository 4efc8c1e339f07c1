// SPDX-License-Identifier: GPL-2.0

//! Files: a `struct file` from a file descriptor of the calling task, as
//! `fdget()` and `fdput()` of `<linux/file.h>` give it.
//!
//! [`File::fdget`] looks the descriptor up and [`File`]'s `Drop` puts it back
//! (`fdput()`), so a file can neither leak nor be used after it was put.
//! `fdget()` takes no reference when the task's file table is not shared,
//! which is why a [`File`] cannot leave the task (it is neither `Send` nor
//! `Sync`) and must not outlive the system call: it borrows the caller's
//! descriptor. What a call needs of the file is here: its page cache
//! ([`File::mapping`]) and the checks of who may look at it.
//!
//! The fields of `struct file` are read through bindgen's layout of it, which
//! is why `CONFIG_RUST_SYSCALLS` depends on `!RANDSTRUCT`, as `CONFIG_RUST`
//! does.

use crate::bindings;
use crate::error::{code, Error, Result};
use crate::pagecache::Mapping;
use core::marker::PhantomData;
use core::ptr::NonNull;

/// A file of the calling task, from one of its file descriptors.
///
/// # Invariants
///
/// `file` is `fd_file(fd)`, not null, and stays valid until `fd` is given
/// back to `fdput()` when the [`File`] is dropped, on the task that got it.
pub struct File {
    fd: bindings::fd,
    file: NonNull<bindings::file>,
    /// `fdget()`'s reference belongs to this task.
    _not_send: PhantomData<*mut ()>,
}

/// `MAY_WRITE` of `<linux/fs.h>`, for [`File::permission`].
pub const MAY_WRITE: i32 = bindings::MAY_WRITE as i32;

impl File {
    /// `fdget(fd)`: the file that `fd` names in the calling task.
    ///
    /// # Errors
    ///
    /// `EBADF` if `fd` is not an open file descriptor of the task.
    #[inline]
    pub fn fdget(fd: u32) -> Result<Self> {
        // SAFETY: no precondition; the struct fd goes back to fdput() in
        // `drop` (or is empty and needs none).
        let fd = unsafe { bindings::rsys_fdget(fd) };
        // SAFETY: `fd` comes from fdget() and was not put.
        let file = unsafe { bindings::rsys_fd_file(fd) };
        let file = NonNull::new(file).ok_or(code::EBADF)?;
        // INVARIANT: `file` is fd_file(fd), not null.
        Ok(Self {
            fd,
            file,
            _not_send: PhantomData,
        })
    }

    #[inline]
    fn as_ptr(&self) -> *mut bindings::file {
        self.file.as_ptr()
    }

    /// Whether the file was opened for writing (`FMODE_WRITE`).
    #[inline]
    pub fn opened_for_write(&self) -> bool {
        // SAFETY: the file is valid (type invariant); f_mode does not change
        // after open for the flags that matter here.
        let mode = unsafe { (*self.as_ptr()).f_mode };
        mode & bindings::FMODE_WRITE != 0
    }

    /// `file_owner_or_capable()`: whether the caller owns the file's inode
    /// (through the mount's id mapping), or has `CAP_FOWNER` over it.
    #[inline]
    pub fn owner_or_capable(&self) -> bool {
        // SAFETY: the file is valid (type invariant).
        unsafe { bindings::rsys_file_owner_or_capable(self.as_ptr()) }
    }

    /// `file_permission(file, mask)`: whether the caller may access the
    /// file's inode as `mask` (e.g. [`MAY_WRITE`]) says, as `open()` would
    /// check it.
    ///
    /// # Errors
    ///
    /// The errno of the check (`EACCES`, `EPERM`, `EROFS`, ...).
    #[inline]
    pub fn permission(&self, mask: i32) -> Result {
        // SAFETY: the file is valid (type invariant).
        let ret = unsafe { bindings::rsys_file_permission(self.as_ptr(), mask) };
        match ret {
            0 => Ok(()),
            err => Err(Error::from_errno(err)),
        }
    }

    /// `is_file_hugepages()`: whether the file is on hugetlbfs (or is a
    /// `SHM_HUGETLB` segment).
    #[inline]
    pub fn is_hugepages(&self) -> bool {
        // SAFETY: the file is valid (type invariant).
        unsafe { bindings::rsys_is_file_hugepages(self.as_ptr()) }
    }

    /// The page cache of the file (`file->f_mapping`), as long as the file is
    /// held.
    #[inline]
    pub fn mapping(&self) -> &Mapping {
        // SAFETY: the file is valid (type invariant), and f_mapping is set at
        // open and stays valid while the file is.
        let mapping = unsafe { (*self.as_ptr()).f_mapping };
        // SAFETY: `mapping` is valid for as long as `self` is borrowed.
        unsafe { Mapping::from_raw(mapping) }
    }
}

impl Drop for File {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: `fd` came from fdget() on this task and is put once.
        unsafe { bindings::rsys_fdput(self.fd) };
    }
}
// rsys-series: none

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::{fds_got, set_open_file};

    #[test]
    fn closed_descriptor_is_ebadf_and_puts_nothing() {
        set_open_file(Some(3), 0, false, 0);
        assert_eq!(File::fdget(4).err(), Some(code::EBADF));
        assert_eq!(fds_got(), 0);
        set_open_file(None, 0, false, 0);
        assert_eq!(File::fdget(3).err(), Some(code::EBADF));
        assert_eq!(fds_got(), 0);
    }

    #[test]
    fn file_is_put_once_when_dropped() {
        set_open_file(Some(3), 0, false, 0);
        let file = File::fdget(3).unwrap();
        assert_eq!(fds_got(), 1);
        drop(file);
        assert_eq!(fds_got(), 0);
    }

    #[test]
    fn checks_read_the_file() {
        set_open_file(Some(5), bindings::FMODE_WRITE, false, -13);
        let file = File::fdget(5).unwrap();
        assert!(file.opened_for_write());
        assert!(!file.owner_or_capable());
        assert_eq!(file.permission(MAY_WRITE), Err(code::EACCES));
        assert!(!file.is_hugepages());
        drop(file);

        set_open_file(Some(5), 0, true, 0);
        let file = File::fdget(5).unwrap();
        assert!(!file.opened_for_write());
        assert!(file.owner_or_capable());
        assert_eq!(file.permission(MAY_WRITE), Ok(()));
    }
}
