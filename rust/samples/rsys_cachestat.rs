// SPDX-License-Identifier: GPL-2.0

//! `rsys_cachestat()`: upstream's `cachestat(2)` (`mm/filemap.c`, 6.5 and
//! later), written again in Rust, with the same ABI and the same results:
//! how many pages of a range of a file are in the page cache, dirty, under
//! writeback, evicted, and evicted recently.
//!
//! It is built with `CONFIG_CACHESTAT_SYSCALL`, the option of the C call,
//! which kernels before 6.5 do not have: there it is `ENOSYS`, as
//! `cachestat()` is.

use core::mem::size_of;
use rsys::file::{File, MAY_WRITE};
use rsys::pagecache::Entry;
use rsys::uaccess::{UserPtr, UserSlice};
use rsys::uapi::{cachestat, cachestat_range};
use rsys::{code, Result, PAGE_SHIFT};

/// `can_do_cachestat()`: as `mincore()` does, tell about the page cache of
/// a file only to a caller who opened it for writing, owns it, or could open
/// it for writing.
fn can_do_cachestat(file: &File) -> bool {
    file.opened_for_write() || file.owner_or_capable() || file.permission(MAY_WRITE).is_ok()
}

/// The page statistics of the bytes `[off, off + len)` of the file `fd`
/// (to its end if `len` is 0), written to `cstat`: pages cached, dirty,
/// under writeback, evicted, and evicted recently. A page is counted when
/// the range touches it.
///
/// # Errors
///
/// In this order, as `cachestat()`: `EBADF` if `fd` is not open; `EFAULT` if
/// `cstat_range` cannot be read; `EOPNOTSUPP` for a hugetlbfs file; `EPERM`
/// if the caller may not write to the file (see [`can_do_cachestat`]);
/// `EINVAL` for any flag; `EFAULT` if `cstat` cannot be written.
pub(crate) fn rsys_cachestat(fd: u32, cstat_range: UserPtr, cstat: UserPtr, flags: u32) -> Result {
    let file = File::fdget(fd)?;
    let range: cachestat_range = UserSlice::new(cstat_range, size_of::<cachestat_range>())
        .reader()
        .read()?;
    if file.is_hugepages() {
        return Err(code::EOPNOTSUPP);
    }
    if !can_do_cachestat(&file) {
        return Err(code::EPERM);
    }
    if flags != 0 {
        return Err(code::EINVAL);
    }

    // As C computes them: off + len wraps for a range past 2^64.
    let first = range.off >> PAGE_SHIFT;
    let last = if range.len == 0 {
        u64::MAX
    } else {
        range.off.wrapping_add(range.len).wrapping_sub(1) >> PAGE_SHIFT
    };

    let mut cs = cachestat::default();
    file.mapping().for_each(first, last, |found| {
        let nr_pages = 1u64 << found.order;
        let folio_first = found.index & !(nr_pages - 1);
        let folio_last = folio_first + (nr_pages - 1);
        // A folio may straddle the range: count only the pages it covers.
        let mut covered = nr_pages;
        if folio_first < first {
            covered -= first - folio_first;
        }
        if folio_last > last {
            covered -= folio_last - last;
        }
        match &found.entry {
            Entry::Shadow(shadow) => {
                cs.nr_evicted += covered;
                if shadow.is_recent() {
                    cs.nr_recently_evicted += covered;
                }
            }
            Entry::Folio { dirty, writeback } => {
                cs.nr_cache += covered;
                if *dirty {
                    cs.nr_dirty += covered;
                }
                if *writeback {
                    cs.nr_writeback += covered;
                }
            }
        }
    });
    drop(file);

    UserSlice::new(cstat, size_of::<cachestat>())
        .writer()
        .write(&cs)
}
