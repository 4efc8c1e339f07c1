// SPDX-License-Identifier: GPL-2.0

//! Shared state: [`Mutex`] and [`SpinLock`], wrapping the kernel's
//! `struct mutex` and `spinlock_t`, and the atomics of `core`.
//!
//! Each lock owns its data: the data is reached only through the guard that
//! [`Mutex::lock`] or [`SpinLock::lock`] returns, and the lock is released
//! when the guard is dropped, so safe code cannot touch the data unlocked
//! or forget to unlock. Both can be `static` ([`Mutex::new`] is `const`):
//! the C lock is allocated, in memory of its own so that it never moves, the
//! first time it is taken (hence the `Result` of `lock()`).
//!
//! A [`SpinLock`] guard must not be held across anything that sleeps: user
//! memory access, allocation ([`crate::alloc`]), a [`Mutex`]. Use a
//! [`Mutex`] for state that is updated with such calls.
//!
//! All rsys mutexes share one lockdep class, as do all rsys spinlocks:
//! nesting two of them is reported as a possible deadlock.

pub use core::sync::atomic;

use crate::bindings;
use crate::error::{code, Result};
use core::cell::UnsafeCell;
use core::ffi::c_void;
use core::ops::{Deref, DerefMut};
use core::ptr;
use core::sync::atomic::{AtomicPtr, Ordering};

/// The C side of a lock kind.
trait RawLock {
    /// Allocates and initialises a lock; null if out of memory.
    fn alloc() -> *mut c_void;
    /// Frees a lock of [`RawLock::alloc`].
    ///
    /// # Safety
    ///
    /// `lock` comes from [`RawLock::alloc`], is unlocked and is not used again.
    unsafe fn free(lock: *mut c_void);
}

/// The C lock of a [`Mutex`] or [`SpinLock`], allocated on first use.
struct LazyLock<R: RawLock> {
    ptr: AtomicPtr<c_void>,
    _kind: core::marker::PhantomData<R>,
}

impl<R: RawLock> LazyLock<R> {
    const fn new() -> Self {
        Self {
            ptr: AtomicPtr::new(ptr::null_mut()),
            _kind: core::marker::PhantomData,
        }
    }

    /// The C lock, allocated by the first caller; when two race, the loser
    /// frees its own.
    ///
    /// # Errors
    ///
    /// `ENOMEM` if the first allocation fails.
    fn get(&self) -> Result<*mut c_void> {
        let current = self.ptr.load(Ordering::Acquire);
        if !current.is_null() {
            return Ok(current);
        }
        let new = R::alloc();
        if new.is_null() {
            return Err(code::ENOMEM);
        }
        match self
            .ptr
            .compare_exchange(ptr::null_mut(), new, Ordering::AcqRel, Ordering::Acquire)
        {
            Ok(_) => Ok(new),
            Err(winner) => {
                // SAFETY: `new` is ours, was never shared and is unlocked.
                unsafe { R::free(new) };
                Ok(winner)
            }
        }
    }
}

impl<R: RawLock> Drop for LazyLock<R> {
    fn drop(&mut self) {
        let lock = *self.ptr.get_mut();
        if !lock.is_null() {
            // SAFETY: `&mut self` means no guard is alive, so the lock is
            // unlocked, and it is not used again.
            unsafe { R::free(lock) };
        }
    }
}

/// The kernel's `struct mutex`.
struct RawMutex;

impl RawLock for RawMutex {
    fn alloc() -> *mut c_void {
        // SAFETY: allocates and initialises a new mutex; no precondition.
        unsafe { bindings::rsys_mutex_new() }
    }

    unsafe fn free(lock: *mut c_void) {
        // SAFETY: the caller's contract is the helper's.
        unsafe { bindings::rsys_mutex_free(lock) }
    }
}

/// The kernel's `spinlock_t`.
struct RawSpinLock;

impl RawLock for RawSpinLock {
    fn alloc() -> *mut c_void {
        // SAFETY: allocates and initialises a new spinlock; no precondition.
        unsafe { bindings::rsys_spin_lock_new() }
    }

    unsafe fn free(lock: *mut c_void) {
        // SAFETY: the caller's contract is the helper's.
        unsafe { bindings::rsys_spin_lock_free(lock) }
    }
}

/// Data protected by a kernel mutex: taking it may sleep.
pub struct Mutex<T> {
    lock: LazyLock<RawMutex>,
    data: UnsafeCell<T>,
}

// SAFETY: the mutex hands out the data to one thread at a time, so sending
// or sharing it across threads needs only `T: Send`.
unsafe impl<T: Send> Send for Mutex<T> {}
// SAFETY: as above.
unsafe impl<T: Send> Sync for Mutex<T> {}

impl<T> Mutex<T> {
    /// A mutex holding `data`.
    pub const fn new(data: T) -> Self {
        Self {
            lock: LazyLock::new(),
            data: UnsafeCell::new(data),
        }
    }

    /// Waits for the mutex (`mutex_lock_killable()`) and returns a guard
    /// that gives access to the data and unlocks when dropped.
    ///
    /// # Errors
    ///
    /// `EINTR` if a fatal signal came while waiting; `ENOMEM` if the C mutex
    /// could not be allocated (first use only).
    pub fn lock(&self) -> Result<MutexGuard<'_, T>> {
        let lock = self.lock.get()?;
        // SAFETY: `lock` is an initialised mutex that lives as long as `self`.
        let ret = unsafe { bindings::rsys_mutex_lock(lock) };
        if ret != 0 {
            return Err(code::EINTR);
        }
        Ok(MutexGuard { mutex: self, lock })
    }
}

/// Access to the data of a locked [`Mutex`]; unlocks it when dropped.
pub struct MutexGuard<'a, T> {
    mutex: &'a Mutex<T>,
    lock: *mut c_void,
}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: the mutex is held for as long as the guard lives.
        unsafe { &*self.mutex.data.get() }
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: the mutex is held, and `&mut self` makes the access unique.
        unsafe { &mut *self.mutex.data.get() }
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        // SAFETY: this guard's task holds the mutex.
        unsafe { bindings::rsys_mutex_unlock(self.lock) };
    }
}

/// Data protected by a kernel spinlock: short critical sections that do
/// not sleep.
pub struct SpinLock<T> {
    lock: LazyLock<RawSpinLock>,
    data: UnsafeCell<T>,
}

// SAFETY: the lock hands out the data to one thread at a time.
unsafe impl<T: Send> Send for SpinLock<T> {}
// SAFETY: as above.
unsafe impl<T: Send> Sync for SpinLock<T> {}

impl<T> SpinLock<T> {
    /// A spinlock holding `data`.
    pub const fn new(data: T) -> Self {
        Self {
            lock: LazyLock::new(),
            data: UnsafeCell::new(data),
        }
    }

    /// Takes the spinlock (`spin_lock()`) and returns a guard that gives
    /// access to the data and unlocks when dropped.
    ///
    /// # Errors
    ///
    /// `ENOMEM` if the C spinlock could not be allocated (first use only).
    pub fn lock(&self) -> Result<SpinLockGuard<'_, T>> {
        let lock = self.lock.get()?;
        // SAFETY: `lock` is an initialised spinlock that lives as long as
        // `self`.
        unsafe { bindings::rsys_spin_lock(lock) };
        Ok(SpinLockGuard { spin: self, lock })
    }
}

/// Access to the data of a locked [`SpinLock`]; unlocks it when dropped.
pub struct SpinLockGuard<'a, T> {
    spin: &'a SpinLock<T>,
    lock: *mut c_void,
}

impl<T> Deref for SpinLockGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: the spinlock is held for as long as the guard lives.
        unsafe { &*self.spin.data.get() }
    }
}

impl<T> DerefMut for SpinLockGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: the spinlock is held, and `&mut self` makes the access
        // unique.
        unsafe { &mut *self.spin.data.get() }
    }
}

impl<T> Drop for SpinLockGuard<'_, T> {
    fn drop(&mut self) {
        // SAFETY: this guard's CPU holds the spinlock.
        unsafe { bindings::rsys_spin_unlock(self.lock) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::fail_allocs_after;

    #[test]
    fn mutex_counts_exactly_across_threads() {
        static COUNT: Mutex<u64> = Mutex::new(0);
        let threads: std::vec::Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(|| {
                    for _ in 0..10_000 {
                        *COUNT.lock().unwrap() += 1;
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(*COUNT.lock().unwrap(), 40_000);
    }

    #[test]
    fn spinlock_counts_exactly_across_threads() {
        static COUNT: SpinLock<u64> = SpinLock::new(0);
        let threads: std::vec::Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(|| {
                    for _ in 0..10_000 {
                        *COUNT.lock().unwrap() += 1;
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(*COUNT.lock().unwrap(), 40_000);
    }

    #[test]
    fn guard_unlocks_when_dropped() {
        let m = Mutex::new(1);
        {
            let mut g = m.lock().unwrap();
            *g += 1;
        }
        // Would spin forever if the first guard had not unlocked.
        assert_eq!(*m.lock().unwrap(), 2);
    }

    #[test]
    fn first_lock_without_memory_is_enomem() {
        let m = Mutex::new(0);
        fail_allocs_after(Some(0));
        let r = m.lock().map(|_| ());
        fail_allocs_after(None);
        assert_eq!(r, Err(code::ENOMEM));
        // The next try allocates and works.
        assert_eq!(*m.lock().unwrap(), 0);
    }
}
