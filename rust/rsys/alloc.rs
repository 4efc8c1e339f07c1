// SPDX-License-Identifier: GPL-2.0

//! Fallible heap memory: [`KBox`] and [`KVec`].
//!
//! Both take their memory from `kmalloc()` (through the helpers in
//! `kernel/rsys/helpers.c`) with the [`Flags`] each allocating call is given,
//! as Rust-for-Linux's `KBox::new(value, GFP_KERNEL)` is: [`GFP_KERNEL`], or
//! [`GFP_KERNEL_ACCOUNT`] for memory that outlives the system call that
//! allocates it, which is then charged to the caller's memory cgroup (a user
//! limited to so much memory cannot make the kernel hold more on its
//! behalf). Both may sleep: do not allocate while holding a
//! [`crate::sync::SpinLock`]. Every allocation can fail,
//! and a failure is [`code::ENOMEM`], never a panic: there is no infallible
//! constructor. As with Rust-for-Linux's `KBox`/`KVec`, `core`'s `alloc`
//! crate is not used, since its collections abort when memory runs out.
//!
//! `kmalloc()` aligns every block to `ARCH_KMALLOC_MINALIGN` (8 on x86-64)
//! and a power-of-two sized block to its size, so a type that needs more
//! than 8 gets a power-of-two size of at least its alignment.

use crate::bindings;
use crate::error::{code, Result};
use core::ffi::c_void;
use core::marker::PhantomData;
use core::mem::{align_of, size_of, ManuallyDrop};
use core::ops::{Deref, DerefMut};
use core::ptr::{self, NonNull};

/// How to allocate: `kmalloc()`'s `gfp_t` flags (Rust-for-Linux's
/// `kernel::alloc::Flags`). Only the two sleeping ones can be made, so no
/// caller can ask for an atomic allocation that this module's "may sleep"
/// contract does not describe.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Flags(bindings::gfp_t);

impl Flags {
    /// The `gfp_t` value.
    pub fn as_raw(self) -> bindings::gfp_t {
        self.0
    }
}

/// Memory for the system call's own use: freed before it returns, or held
/// by the kernel rather than for one user.
pub const GFP_KERNEL: Flags = Flags(bindings::GFP_KERNEL);

/// Memory kept for the caller after the system call returns (a record it
/// stored, say): charged to its memory cgroup, as `GFP_KERNEL_ACCOUNT` is.
pub const GFP_KERNEL_ACCOUNT: Flags = Flags(bindings::GFP_KERNEL_ACCOUNT);

/// The alignment every `kmalloc()` block has (`ARCH_KMALLOC_MINALIGN`).
const KMALLOC_MIN_ALIGN: usize = 8;

/// The size to ask `kmalloc()` for, for `size` bytes aligned to `align`.
///
/// # Errors
///
/// `ENOMEM` if the size overflows.
fn kmalloc_size(size: usize, align: usize) -> Result<usize> {
    if align <= KMALLOC_MIN_ALIGN {
        return Ok(size);
    }
    size.max(align)
        .checked_next_power_of_two()
        .ok_or(code::ENOMEM)
}

/// Allocates room for `n` values of `T`, or reallocates `old` (room for
/// some number of them) to it. Does not handle zero-sized requests.
///
/// # Errors
///
/// `ENOMEM` if the size overflows or `kmalloc()` fails; `old` is then
/// still allocated.
///
/// # Safety
///
/// `old` must be null or a block that this module allocated for `T`s.
unsafe fn realloc_array<T>(old: *mut T, n: usize, flags: Flags) -> Result<NonNull<T>> {
    let bytes = n.checked_mul(size_of::<T>()).ok_or(code::ENOMEM)?;
    let bytes = kmalloc_size(bytes, align_of::<T>())?;
    // SAFETY: `old` is null or a kmalloc() block (the caller's contract);
    // krealloc(NULL, ...) allocates.
    let new = unsafe { bindings::rsys_krealloc(old.cast::<c_void>(), bytes, flags.0) };
    NonNull::new(new.cast::<T>()).ok_or(code::ENOMEM)
}

/// A `T` on the heap, freed when the box is dropped.
pub struct KBox<T> {
    ptr: NonNull<T>,
    _owns: PhantomData<T>,
}

// SAFETY: a `KBox<T>` owns its `T` as a `T` value would.
unsafe impl<T: Send> Send for KBox<T> {}
// SAFETY: as above: `&KBox<T>` only gives `&T`.
unsafe impl<T: Sync> Sync for KBox<T> {}

impl<T> KBox<T> {
    /// Moves `value` to the heap, in memory allocated with `flags`.
    ///
    /// # Errors
    ///
    /// `ENOMEM` if there is no memory; `value` is dropped.
    pub fn try_new(value: T, flags: Flags) -> Result<Self> {
        let ptr = if size_of::<T>() == 0 {
            NonNull::dangling()
        } else {
            // SAFETY: a null `old` allocates.
            unsafe { realloc_array::<T>(ptr::null_mut(), 1, flags)? }
        };
        // SAFETY: `ptr` is valid for writes of a `T` and aligned for it (a
        // fresh block, or dangling for a zero-sized `T`).
        unsafe { ptr.as_ptr().write(value) };
        Ok(Self {
            ptr,
            _owns: PhantomData,
        })
    }

    /// Moves the value out of the box, freeing the memory.
    pub fn into_inner(this: Self) -> T {
        let this = ManuallyDrop::new(this);
        // SAFETY: `ptr` holds a valid `T`, read exactly once: `this` is not
        // dropped.
        let value = unsafe { this.ptr.as_ptr().read() };
        if size_of::<T>() != 0 {
            // SAFETY: a block of this module; its `T` was moved out.
            unsafe { bindings::kfree(this.ptr.as_ptr().cast()) };
        }
        value
    }
}

impl<T> Deref for KBox<T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: `ptr` holds a valid `T` for as long as the box lives.
        unsafe { self.ptr.as_ref() }
    }
}

impl<T> DerefMut for KBox<T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as in `deref`; `&mut self` makes the access unique.
        unsafe { self.ptr.as_mut() }
    }
}

impl<T> Drop for KBox<T> {
    fn drop(&mut self) {
        // SAFETY: `ptr` holds a valid `T`, dropped once here.
        unsafe { ptr::drop_in_place(self.ptr.as_ptr()) };
        if size_of::<T>() != 0 {
            // SAFETY: a block of this module, no longer used.
            unsafe { bindings::kfree(self.ptr.as_ptr().cast()) };
        }
    }
}

/// A growable array on the heap. Growing can fail, so there is no `push`,
/// only [`KVec::try_push`].
///
/// # Invariants
///
/// `ptr` is dangling while `cap == 0` (or for a zero-sized `T`), otherwise a
/// block of this module with room for `cap` values; the first `len` are
/// initialised.
pub struct KVec<T> {
    ptr: NonNull<T>,
    cap: usize,
    len: usize,
    _owns: PhantomData<T>,
}

// SAFETY: a `KVec<T>` owns its `T`s as an array would.
unsafe impl<T: Send> Send for KVec<T> {}
// SAFETY: as above: `&KVec<T>` only gives `&[T]`.
unsafe impl<T: Sync> Sync for KVec<T> {}

impl<T> KVec<T> {
    /// An empty vector; nothing is allocated until a value is pushed.
    pub const fn new() -> Self {
        Self {
            ptr: NonNull::dangling(),
            cap: 0,
            len: 0,
            _owns: PhantomData,
        }
    }

    /// An empty vector with room for `cap` values, allocated with `flags`.
    ///
    /// # Errors
    ///
    /// `ENOMEM` if there is no memory.
    pub fn try_with_capacity(cap: usize, flags: Flags) -> Result<Self> {
        let mut v = Self::new();
        v.try_reserve(cap, flags)?;
        Ok(v)
    }

    /// Makes room for at least `additional` more values; a new block is
    /// allocated with `flags`.
    ///
    /// # Errors
    ///
    /// `ENOMEM` if there is no memory; the vector is unchanged.
    pub fn try_reserve(&mut self, additional: usize, flags: Flags) -> Result {
        let needed = self.len.checked_add(additional).ok_or(code::ENOMEM)?;
        if size_of::<T>() == 0 || needed <= self.cap {
            return Ok(());
        }
        // Double, as `Vec` does, so that pushes cost amortised O(1).
        let cap = needed.max(self.cap.saturating_mul(2)).max(4);
        let old = if self.cap == 0 {
            ptr::null_mut()
        } else {
            self.ptr.as_ptr()
        };
        // SAFETY: `old` is null or this vector's block (type invariant).
        self.ptr = unsafe { realloc_array(old, cap, flags)? };
        // INVARIANT: the new block has room for `cap` values and krealloc()
        // kept the first `len`.
        self.cap = cap;
        Ok(())
    }

    /// Appends `value`; more memory, if needed, is allocated with `flags`.
    ///
    /// # Errors
    ///
    /// `ENOMEM` if there is no memory; `value` is dropped and the vector is
    /// unchanged.
    pub fn try_push(&mut self, value: T, flags: Flags) -> Result {
        self.try_reserve(1, flags)?;
        // SAFETY: `try_reserve` made room for a value at `len`.
        unsafe { self.ptr.as_ptr().add(self.len).write(value) };
        // INVARIANT: the value at the old `len` was just written.
        self.len += 1;
        Ok(())
    }

    /// Appends a copy of each value of `values`; more memory, if needed, is
    /// allocated with `flags`.
    ///
    /// # Errors
    ///
    /// `ENOMEM` if there is no memory; the vector is unchanged.
    pub fn try_extend_from_slice(&mut self, values: &[T], flags: Flags) -> Result
    where
        T: Clone,
    {
        self.try_reserve(values.len(), flags)?;
        for v in values {
            // SAFETY: room for `values.len()` values was reserved above.
            unsafe { self.ptr.as_ptr().add(self.len).write(v.clone()) };
            // INVARIANT: the value at the old `len` was just written.
            self.len += 1;
        }
        Ok(())
    }

    /// Moves the values into `spare`'s memory and gives `spare` this
    /// vector's: afterwards the vector holds its values, in order, in the
    /// block `spare` had, and `spare` is empty with the block the vector had.
    /// Nothing is allocated or freed, so a vector can grow while a lock is
    /// held, into a `spare` allocated before taking it (with
    /// [`KVec::try_with_capacity`]); its old block is freed with `spare`,
    /// once the lock is released.
    ///
    /// # Errors
    ///
    /// `ENOMEM` if `spare` is not empty or has no room for the values; both
    /// vectors are unchanged.
    pub fn try_grow_with(&mut self, spare: &mut Self) -> Result {
        if !spare.is_empty() || spare.capacity() < self.len {
            return Err(code::ENOMEM);
        }
        // SAFETY: the first `len` values at `self.ptr` are initialised (type
        // invariant); `spare`'s block has room for them (checked above) and
        // is not `self`'s, as the two `&mut` are distinct vectors (two
        // dangling pointers only meet when `len` is 0: nothing is copied).
        unsafe { ptr::copy_nonoverlapping(self.ptr.as_ptr(), spare.ptr.as_ptr(), self.len) };
        // INVARIANT: the values were moved to `spare`'s block, so `spare`
        // owns them and `self` none.
        spare.len = self.len;
        self.len = 0;
        core::mem::swap(self, spare);
        Ok(())
    }

    /// Removes and returns the last value, if any.
    pub fn pop(&mut self) -> Option<T> {
        if self.len == 0 {
            return None;
        }
        // INVARIANT: the value at the new `len` is moved out just below.
        self.len -= 1;
        // SAFETY: the value at `len` was initialised and is read once.
        Some(unsafe { self.ptr.as_ptr().add(self.len).read() })
    }

    /// Removes and returns the value at `index`, putting the last value in
    /// its place; `None` if `index` is out of bounds.
    pub fn swap_remove(&mut self, index: usize) -> Option<T> {
        if index >= self.len {
            return None;
        }
        let last = self.len - 1;
        self.as_mut_slice().swap(index, last);
        self.pop()
    }

    /// Drops every value, keeping the memory.
    pub fn clear(&mut self) {
        let values: *mut [T] = self.as_mut_slice();
        // INVARIANT: the values are dropped just below.
        self.len = 0;
        // SAFETY: the values were initialised and are dropped once; `len`
        // is already 0, so a panicking drop cannot drop them again.
        unsafe { ptr::drop_in_place(values) };
    }

    /// The number of values.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no values.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// How many values fit before the next allocation.
    pub fn capacity(&self) -> usize {
        if size_of::<T>() == 0 {
            usize::MAX
        } else {
            self.cap
        }
    }

    /// The values.
    pub fn as_slice(&self) -> &[T] {
        // SAFETY: the first `len` values at `ptr` are initialised (type
        // invariant), and `ptr` is aligned and non-null even when dangling.
        unsafe { core::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }

    /// The values, mutably.
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        // SAFETY: as in `as_slice`; `&mut self` makes the access unique.
        unsafe { core::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

impl<T> Default for KVec<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Deref for KVec<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T> DerefMut for KVec<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        self.as_mut_slice()
    }
}

impl<T> Drop for KVec<T> {
    fn drop(&mut self) {
        self.clear();
        if self.cap != 0 && size_of::<T>() != 0 {
            // SAFETY: this vector's block (type invariant), no longer used.
            unsafe { bindings::kfree(self.ptr.as_ptr().cast()) };
        }
    }
}
// rsys-series: none

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::{block_flags, fail_allocs_after, live_blocks};
    use core::cell::Cell;

    /// Counts its drops.
    struct Dropper<'a>(&'a Cell<usize>);

    impl Drop for Dropper<'_> {
        fn drop(&mut self) {
            self.0.set(self.0.get() + 1);
        }
    }

    #[repr(align(64))]
    struct Aligned64(#[allow(dead_code)] u8);

    #[test]
    fn kbox_holds_and_frees() {
        let before = live_blocks();
        let drops = Cell::new(0);
        let b = KBox::try_new(Dropper(&drops), GFP_KERNEL).unwrap();
        assert_eq!(live_blocks(), before + 1);
        drop(b);
        assert_eq!(drops.get(), 1);
        assert_eq!(live_blocks(), before);
    }

    #[test]
    fn kbox_into_inner_moves_out_once() {
        let drops = Cell::new(0);
        let b = KBox::try_new(Dropper(&drops), GFP_KERNEL).unwrap();
        let d = KBox::into_inner(b);
        assert_eq!(drops.get(), 0);
        drop(d);
        assert_eq!(drops.get(), 1);
    }

    #[test]
    fn kbox_respects_alignment() {
        for _ in 0..8 {
            let b = KBox::try_new(Aligned64(1), GFP_KERNEL).unwrap();
            assert_eq!((&*b as *const Aligned64 as usize) % 64, 0);
        }
    }

    #[test]
    fn kbox_of_zero_sized_type_allocates_nothing() {
        let before = live_blocks();
        let b = KBox::try_new((), GFP_KERNEL).unwrap();
        assert_eq!(live_blocks(), before);
        drop(b);
    }

    #[test]
    fn allocation_failure_is_enomem() {
        let drops = Cell::new(0);
        fail_allocs_after(Some(0));
        let r = KBox::try_new(Dropper(&drops), GFP_KERNEL);
        fail_allocs_after(None);
        assert!(matches!(r, Err(e) if e == code::ENOMEM));
        // The value was dropped, not leaked.
        assert_eq!(drops.get(), 1);
    }

    #[test]
    fn allocations_take_the_flags_given() {
        let account = bindings::__GFP_ACCOUNT;
        assert_eq!(GFP_KERNEL_ACCOUNT.as_raw(), GFP_KERNEL.as_raw() | account);
        let b = KBox::try_new(7u64, GFP_KERNEL_ACCOUNT).unwrap();
        assert_eq!(block_flags(&*b), Some(GFP_KERNEL_ACCOUNT.as_raw()));
        let b = KBox::try_new(7u64, GFP_KERNEL).unwrap();
        assert_eq!(block_flags(&*b), Some(GFP_KERNEL.as_raw()));

        // A vector's block is allocated, and reallocated, with the flags of
        // the call that needed it.
        let mut v = KVec::try_with_capacity(4, GFP_KERNEL_ACCOUNT).unwrap();
        assert_eq!(block_flags(v.as_ptr()), Some(GFP_KERNEL_ACCOUNT.as_raw()));
        v.try_extend_from_slice(&[1u8, 2, 3, 4], GFP_KERNEL)
            .unwrap();
        assert_eq!(block_flags(v.as_ptr()), Some(GFP_KERNEL_ACCOUNT.as_raw()));
        v.try_push(5, GFP_KERNEL).unwrap();
        assert_eq!(block_flags(v.as_ptr()), Some(GFP_KERNEL.as_raw()));
        v.try_reserve(100, GFP_KERNEL_ACCOUNT).unwrap();
        assert_eq!(block_flags(v.as_ptr()), Some(GFP_KERNEL_ACCOUNT.as_raw()));
    }

    #[test]
    fn kvec_push_pop_and_grow() {
        let before = live_blocks();
        let mut v = KVec::new();
        assert!(v.is_empty());
        for i in 0..1000u32 {
            v.try_push(i, GFP_KERNEL).unwrap();
        }
        assert_eq!(v.len(), 1000);
        assert!(v.capacity() >= 1000);
        assert!(v.iter().copied().eq(0..1000));
        assert_eq!(v.pop(), Some(999));
        assert_eq!(v.swap_remove(0), Some(0));
        assert_eq!(v[0], 998);
        assert_eq!(v.swap_remove(5000), None);
        drop(v);
        assert_eq!(live_blocks(), before);
    }

    #[test]
    fn kvec_failed_push_leaves_it_unchanged() {
        let mut v = KVec::new();
        v.try_extend_from_slice(&[1u8, 2, 3, 4], GFP_KERNEL)
            .unwrap();
        let cap = v.capacity();
        fail_allocs_after(Some(0));
        let r = v.try_extend_from_slice(&[0; 100], GFP_KERNEL);
        fail_allocs_after(None);
        assert_eq!(r, Err(code::ENOMEM));
        assert_eq!(&v[..], &[1, 2, 3, 4]);
        assert_eq!(v.capacity(), cap);
    }

    #[test]
    fn kvec_huge_reserve_is_enomem() {
        let mut v = KVec::<u64>::new();
        assert_eq!(v.try_reserve(usize::MAX, GFP_KERNEL), Err(code::ENOMEM));
        assert_eq!(
            v.try_reserve(usize::MAX / 8 + 1, GFP_KERNEL),
            Err(code::ENOMEM)
        );
        assert!(v.is_empty());
    }

    #[test]
    fn kvec_clear_and_drop_drop_every_value() {
        let drops = Cell::new(0);
        let mut v = KVec::new();
        for _ in 0..10 {
            v.try_push(Dropper(&drops), GFP_KERNEL).unwrap();
        }
        v.clear();
        assert_eq!(drops.get(), 10);
        for _ in 0..5 {
            v.try_push(Dropper(&drops), GFP_KERNEL).unwrap();
        }
        drop(v);
        assert_eq!(drops.get(), 15);
    }

    #[test]
    fn kvec_grows_with_spare_memory_without_allocating() {
        let drops = Cell::new(0);
        let mut v = KVec::new();
        for _ in 0..4 {
            v.try_push(Dropper(&drops), GFP_KERNEL).unwrap();
        }
        let old = v.as_ptr();
        let mut spare = KVec::try_with_capacity(16, GFP_KERNEL).unwrap();
        let new = spare.as_ptr();
        let before = live_blocks();
        fail_allocs_after(Some(0));
        let r = v.try_grow_with(&mut spare);
        fail_allocs_after(None);
        assert_eq!(r, Ok(()));
        assert_eq!(live_blocks(), before);
        assert_eq!((v.len(), v.capacity(), v.as_ptr()), (4, 16, new));
        assert_eq!((spare.len(), spare.as_ptr()), (0, old));
        assert_eq!(drops.get(), 0);
        drop(spare);
        assert_eq!(live_blocks(), before - 1);
        drop(v);
        assert_eq!(drops.get(), 4);

        // Values keep their order.
        let mut v = KVec::new();
        v.try_extend_from_slice(&[1u32, 2, 3], GFP_KERNEL).unwrap();
        let mut spare = KVec::try_with_capacity(8, GFP_KERNEL).unwrap();
        v.try_grow_with(&mut spare).unwrap();
        assert_eq!(&v[..], &[1, 2, 3]);
    }

    #[test]
    fn kvec_grow_with_refuses_a_full_or_small_spare() {
        let mut v = KVec::new();
        v.try_extend_from_slice(&[1u32, 2, 3, 4, 5], GFP_KERNEL)
            .unwrap();
        let mut small = KVec::try_with_capacity(4, GFP_KERNEL).unwrap();
        assert_eq!(v.try_grow_with(&mut small), Err(code::ENOMEM));
        let mut used = KVec::try_with_capacity(64, GFP_KERNEL).unwrap();
        used.try_push(9u32, GFP_KERNEL).unwrap();
        assert_eq!(v.try_grow_with(&mut used), Err(code::ENOMEM));
        assert_eq!(&v[..], &[1, 2, 3, 4, 5]);
        assert_eq!(&used[..], &[9]);
        assert!(small.is_empty());
        // An empty vector grows into any empty spare.
        let mut empty = KVec::<u32>::new();
        assert_eq!(empty.try_grow_with(&mut small), Ok(()));
        assert_eq!(empty.capacity(), 4);
    }

    #[test]
    fn kvec_keeps_alignment_when_growing() {
        let mut v = KVec::new();
        for i in 0..100 {
            v.try_push(Aligned64(i), GFP_KERNEL).unwrap();
            assert_eq!(v.as_ptr() as usize % 64, 0);
        }
    }
}
