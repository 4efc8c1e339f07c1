// SPDX-License-Identifier: GPL-2.0

//! The page cache of a file: `struct address_space` of `<linux/fs.h>`, and
//! the walk of its xarray (`i_pages`) that `cachestat()` makes in
//! `mm/filemap.c`.
//!
//! [`Mapping::for_each`] visits what the cache holds in a range of page
//! indices without pinning anything: under `rcu_read_lock()`, with
//! `xas_for_each()`, as `filemap_cachestat()` does. It hands each entry to
//! the caller as a [`Found`]: a folio with its dirty and writeback marks, or
//! the [`Shadow`] that an evicted folio left behind. What it hands out
//! borrows the RCU section, so nothing of it outlives the walk, and the
//! walk gives the CPU up (`cond_resched_rcu()`) between entries when the
//! scheduler asks. The caller's closure runs inside the section: it must
//! not sleep.
//!
//! The walk needs 6.5's helpers (`cachestat()` came with them) and is built
//! with `CONFIG_CACHESTAT_SYSCALL`.

use crate::bindings;
use core::cell::UnsafeCell;

/// The page cache of a file (`struct address_space`), borrowed from the
/// file that holds it ([`crate::file::File::mapping`]).
#[repr(transparent)]
pub struct Mapping(UnsafeCell<bindings::address_space>);

impl Mapping {
    /// The mapping at `ptr`.
    ///
    /// # Safety
    ///
    /// `ptr` is a valid `struct address_space` for as long as `'a`.
    #[inline]
    pub(crate) unsafe fn from_raw<'a>(ptr: *mut bindings::address_space) -> &'a Self {
        // SAFETY: `Mapping` is a transparent wrapper of the C struct, valid
        // for `'a` by the caller's contract.
        unsafe { &*ptr.cast::<Self>() }
    }

    #[inline]
    fn as_ptr(&self) -> *mut bindings::address_space {
        self.0.get()
    }

    /// `shmem_mapping()`: whether this is the page cache of a shmem (tmpfs)
    /// file, whose evicted pages are in swap.
    #[inline]
    pub fn is_shmem(&self) -> bool {
        // SAFETY: the mapping is valid while borrowed.
        unsafe { bindings::rsys_shmem_mapping(self.as_ptr()) }
    }
}

#[cfg(CONFIG_CACHESTAT_SYSCALL)]
pub use walk::{Entry, Found, Shadow};

#[cfg(CONFIG_CACHESTAT_SYSCALL)]
mod walk {
    use super::Mapping;
    use crate::bindings;
    use crate::rcu;
    use core::ffi::c_void;
    use core::marker::PhantomData;

    /// An entry of the page cache, as [`Mapping::for_each`] finds it.
    pub struct Found<'g> {
        /// The page index the walk found it at.
        pub index: u64,
        /// The entry covers `1 << order` pages, aligned on as many.
        pub order: u32,
        /// What the entry is.
        pub entry: Entry<'g>,
    }

    /// What the page cache holds at an index.
    pub enum Entry<'g> {
        /// A folio, cached.
        Folio {
            /// `PAGECACHE_TAG_DIRTY`: it was written and not written back.
            dirty: bool,
            /// `PAGECACHE_TAG_WRITEBACK`: it is being written back.
            writeback: bool,
        },
        /// A folio that was evicted, by the shadow it left.
        Shadow(Shadow<'g>),
    }

    /// The shadow entry that an evicted folio left in the page cache, valid
    /// in the RCU section of the walk that found it.
    pub struct Shadow<'g> {
        entry: *mut c_void,
        mapping: &'g Mapping,
        _rcu: PhantomData<&'g rcu::Guard>,
    }

    impl Shadow<'_> {
        /// `workingset_test_recent()`: whether the folio was evicted recently
        /// enough that faulting it in again shows the working set does not
        /// fit in memory. For shmem, the shadow is the one the swap cache
        /// keeps for the swap entry the page cache holds; with no such
        /// shadow (not yet, or a poisoned entry), no.
        pub fn is_recent(&self) -> bool {
            #[allow(unused_mut)]
            let mut shadow = self.entry;
            #[cfg(CONFIG_SWAP)]
            if self.mapping.is_shmem() {
                // SAFETY: `shadow` is a value entry of a shmem mapping, and
                // the walk's RCU section holds off swapoff.
                shadow = unsafe { bindings::rsys_shmem_swap_shadow(shadow) };
                if shadow.is_null() {
                    return false;
                }
            }
            #[cfg(not(CONFIG_SWAP))]
            let _ = self.mapping;
            let mut workingset = false;
            // SAFETY: `shadow` is a shadow entry of the page cache or the
            // swap cache, tested in the RCU section that found it, as
            // workingset_test_recent() allows; `flush` is false because the
            // walk flushed the statistics before entering the section.
            unsafe { bindings::workingset_test_recent(shadow, true, &mut workingset, false) }
        }
    }

    impl Mapping {
        /// Calls `f` with each entry of the page cache from page index
        /// `first` to `last` (inclusive), in order, as `xas_for_each()`
        /// finds them under `rcu_read_lock()`. A large folio that straddles
        /// `first` or `last` is found once, with its whole extent in
        /// [`Found::order`].
        ///
        /// The memory cgroup statistics that the shadows are tested against
        /// are flushed first (this may sleep). `f` runs in the RCU section:
        /// it must not sleep.
        pub fn for_each(&self, first: u64, last: u64, mut f: impl FnMut(&Found<'_>)) {
            // SAFETY: no precondition; may sleep, and no lock is held.
            unsafe { bindings::rsys_mem_cgroup_flush_stats_ratelimited() };
            let rcu = rcu::read_lock();
            let mut xas = bindings::xa_state::default();
            // SAFETY: the mapping, and so its xarray, is valid while
            // borrowed, and `xas` is used only in this function.
            unsafe {
                bindings::rsys_xas_init(&mut xas, &raw mut (*self.as_ptr()).i_pages, first);
            }
            loop {
                // SAFETY: `xas` walks a valid xarray under `rcu`, which this
                // leaves and enters again if it reschedules: nothing found
                // before is kept then (`f` cannot keep a `Found`).
                let entry = unsafe { bindings::rsys_xas_next_unpinned(&mut xas, last) };
                if entry.is_null() {
                    break;
                }
                // SAFETY: as above, `entry` is what the walk just found.
                let order = unsafe { bindings::rsys_xas_get_order(&mut xas) };
                // SAFETY: as above.
                let found = if unsafe { bindings::rsys_xa_is_value(entry) } {
                    Entry::Shadow(Shadow {
                        entry,
                        mapping: self,
                        _rcu: PhantomData,
                    })
                } else {
                    Entry::Folio {
                        // SAFETY: as above.
                        dirty: unsafe {
                            bindings::xas_get_mark(&xas, bindings::PAGECACHE_TAG_DIRTY)
                        },
                        // SAFETY: as above.
                        writeback: unsafe {
                            bindings::xas_get_mark(&xas, bindings::PAGECACHE_TAG_WRITEBACK)
                        },
                    }
                };
                f(&Found {
                    index: xas.xa_index,
                    order: order as u32,
                    entry: found,
                });
            }
            drop(rcu);
        }
    }
}
