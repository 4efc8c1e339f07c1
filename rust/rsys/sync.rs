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
//!
//! A panic while a guard is alive leaves the lock taken for good: the
//! kernel does not unwind, so no `Drop` runs, and the panicking task is
//! killed holding it (Rust-for-Linux's locks have the same hazard). Every
//! later caller then waits for ever: on a [`Mutex`] until it is killed
//! (`EINTR`), on a [`SpinLock`] spinning, until the soft-lockup detector
//! reports the CPU. Nothing that can panic belongs under a guard: use the
//! `checked_*` and `try_*` forms there, which return an error instead.

pub use core::sync::atomic;

use crate::bindings;
use crate::error::{code, Result};
use core::cell::UnsafeCell;
use core::ops::{Deref, DerefMut};
use core::ptr;
use core::sync::atomic::{AtomicPtr, Ordering};

/// The C side of a kind of lock: [`MutexBackend`] or [`SpinLockBackend`].
///
/// # Safety
///
/// Between a successful [`Backend::lock`] and the matching
/// [`Backend::unlock`] of a lock, no other `lock` of it may succeed: [`Lock`]
/// hands out its data on that promise.
pub unsafe trait Backend {
    /// The C type of the lock.
    type CLock;

    /// Allocates and initialises a lock; null if out of memory.
    fn alloc() -> *mut Self::CLock;

    /// Frees a lock of [`Backend::alloc`].
    ///
    /// # Safety
    ///
    /// `lock` comes from [`Backend::alloc`], is unlocked and is not used again.
    unsafe fn free(lock: *mut Self::CLock);

    /// Takes the lock, waiting for it.
    ///
    /// # Errors
    ///
    /// `EINTR` if the wait was cut short by a fatal signal.
    ///
    /// # Safety
    ///
    /// `lock` comes from [`Backend::alloc`] and is not freed while held.
    unsafe fn lock(lock: *mut Self::CLock) -> Result;

    /// Releases the lock.
    ///
    /// # Safety
    ///
    /// The caller holds `lock` (on this task, or for a spinlock this CPU).
    unsafe fn unlock(lock: *mut Self::CLock);
}

/// The C lock of a [`Mutex`] or [`SpinLock`], allocated on first use.
struct LazyLock<R: Backend> {
    ptr: AtomicPtr<R::CLock>,
    _kind: core::marker::PhantomData<R>,
}

impl<R: Backend> LazyLock<R> {
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
    fn get(&self) -> Result<*mut R::CLock> {
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

impl<R: Backend> Drop for LazyLock<R> {
    fn drop(&mut self) {
        let lock = *self.ptr.get_mut();
        if !lock.is_null() {
            // SAFETY: `&mut self` means no guard is alive, so the lock is
            // unlocked, and it is not used again.
            unsafe { R::free(lock) };
        }
    }
}

/// The kernel's `struct mutex`: `mutex_lock_killable()`, which may sleep.
pub struct MutexBackend;

// SAFETY: a kernel mutex excludes every other holder.
unsafe impl Backend for MutexBackend {
    type CLock = bindings::mutex;

    fn alloc() -> *mut bindings::mutex {
        // SAFETY: allocates and initialises a new mutex; no precondition.
        unsafe { bindings::rsys_mutex_new() }
    }

    unsafe fn free(lock: *mut bindings::mutex) {
        // SAFETY: the caller's contract is the helper's.
        unsafe { bindings::rsys_mutex_free(lock) }
    }

    unsafe fn lock(lock: *mut bindings::mutex) -> Result {
        // SAFETY: the caller's contract is the helper's.
        if unsafe { bindings::rsys_mutex_lock(lock) } != 0 {
            return Err(code::EINTR);
        }
        Ok(())
    }

    unsafe fn unlock(lock: *mut bindings::mutex) {
        // SAFETY: the caller's contract is the helper's.
        unsafe { bindings::rsys_mutex_unlock(lock) }
    }
}

/// The kernel's `spinlock_t`: `spin_lock()`, which never fails.
pub struct SpinLockBackend;

// SAFETY: a kernel spinlock excludes every other holder.
unsafe impl Backend for SpinLockBackend {
    type CLock = bindings::spinlock_t;

    fn alloc() -> *mut bindings::spinlock_t {
        // SAFETY: allocates and initialises a new spinlock; no precondition.
        unsafe { bindings::rsys_spin_lock_new() }
    }

    unsafe fn free(lock: *mut bindings::spinlock_t) {
        // SAFETY: the caller's contract is the helper's.
        unsafe { bindings::rsys_spin_lock_free(lock) }
    }

    unsafe fn lock(lock: *mut bindings::spinlock_t) -> Result {
        // SAFETY: the caller's contract is the helper's.
        unsafe { bindings::rsys_spin_lock(lock) };
        Ok(())
    }

    unsafe fn unlock(lock: *mut bindings::spinlock_t) {
        // SAFETY: the caller's contract is the helper's.
        unsafe { bindings::rsys_spin_unlock(lock) }
    }
}

/// Data protected by a kernel lock of kind `B`; see [`Mutex`] and
/// [`SpinLock`].
pub struct Lock<T, B: Backend> {
    lock: LazyLock<B>,
    data: UnsafeCell<T>,
}

/// Data protected by a kernel mutex: taking it may sleep.
pub type Mutex<T> = Lock<T, MutexBackend>;

/// Data protected by a kernel spinlock: short critical sections that do
/// not sleep.
pub type SpinLock<T> = Lock<T, SpinLockBackend>;

// SAFETY: the lock hands out the data to one thread at a time, so sending
// or sharing it across threads needs only `T: Send`.
unsafe impl<T: Send, B: Backend> Send for Lock<T, B> {}
// SAFETY: as above.
unsafe impl<T: Send, B: Backend> Sync for Lock<T, B> {}

impl<T, B: Backend> Lock<T, B> {
    /// A lock holding `data`.
    pub const fn new(data: T) -> Self {
        Self {
            lock: LazyLock::new(),
            data: UnsafeCell::new(data),
        }
    }

    /// Takes the lock (`mutex_lock_killable()` or `spin_lock()`) and
    /// returns a guard that gives access to the data and unlocks when
    /// dropped.
    ///
    /// # Errors
    ///
    /// `ENOMEM` if the C lock could not be allocated (first use only);
    /// for a [`Mutex`], `EINTR` if a fatal signal came while waiting.
    pub fn lock(&self) -> Result<Guard<'_, T, B>> {
        let lock = self.lock.get()?;
        // SAFETY: `lock` is an initialised lock that lives as long as `self`.
        unsafe { B::lock(lock)? };
        Ok(Guard { owner: self, lock })
    }
}

/// Access to the data of a held [`Lock`]; releases it when dropped. It is
/// neither `Send` nor `Sync` (it holds a raw pointer): the task that took
/// the lock releases it.
pub struct Guard<'a, T, B: Backend> {
    owner: &'a Lock<T, B>,
    lock: *mut B::CLock,
}

/// The guard of a [`Mutex`].
pub type MutexGuard<'a, T> = Guard<'a, T, MutexBackend>;

/// The guard of a [`SpinLock`].
pub type SpinLockGuard<'a, T> = Guard<'a, T, SpinLockBackend>;

impl<T, B: Backend> Deref for Guard<'_, T, B> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: the lock is held for as long as the guard lives.
        unsafe { &*self.owner.data.get() }
    }
}

impl<T, B: Backend> DerefMut for Guard<'_, T, B> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: the lock is held, and `&mut self` makes the access unique.
        unsafe { &mut *self.owner.data.get() }
    }
}

impl<T, B: Backend> Drop for Guard<'_, T, B> {
    fn drop(&mut self) {
        // SAFETY: this guard's task holds the lock.
        unsafe { B::unlock(self.lock) };
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
