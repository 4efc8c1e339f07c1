// SPDX-License-Identifier: GPL-2.0

//! Shared state: [`Mutex`] and [`SpinLock`], wrapping the kernel's
//! `struct mutex` and `spinlock_t`, and the atomics of `core`.
//!
//! Each lock owns its data: the data is reached only through the guard that
//! [`Lock::lock`] returns, and the lock is released when the guard is
//! dropped, so safe code cannot touch the data unlocked or forget to unlock.
//!
//! A lock is a `static`, as a `DEFINE_MUTEX()` or `DEFINE_SPINLOCK()` lock
//! is in C: [`Lock::new`] is `const`, and [`Lock::lock`] takes
//! `&'static self`. The C lock is stored in the static itself, with a
//! lockdep class key of its own, and named by the name given to
//! [`Lock::new`]: lockdep tells two rsys locks apart, so taking one inside
//! another in a consistent order is not reported, and a wrong order is. A
//! Rust constant cannot hold the C initialisers, which point to the lock
//! itself, so the lock is initialised in place the first time it is taken
//! (`kernel/rsys/helpers.c`), which neither sleeps nor allocates: taking a
//! lock cannot fail, in any context. (A lock in memory leaked from the heap
//! is `'static` too, but its key is not in static storage, and lockdep
//! reports it.)
//!
//! A [`SpinLock`] guard must not be held across anything that sleeps: user
//! memory access, allocation ([`crate::alloc`]), a [`Mutex`]. Use a
//! [`Mutex`] for state that is updated with such calls.
//!
//! A panic while a guard is alive leaves the lock taken for good: the
//! kernel does not unwind, so no `Drop` runs, and the panicking task is
//! killed holding it (Rust-for-Linux's locks have the same hazard). Every
//! later caller then waits for ever: on a [`Mutex`] until it is killed
//! (with [`Lock::lock_killable`], `EINTR`), on a [`SpinLock`] spinning,
//! until the soft-lockup detector reports the CPU. Nothing that can panic
//! belongs under a guard: use the `checked_*` and `try_*` forms there,
//! which return an error instead.

pub use core::sync::atomic;

use crate::bindings;
use crate::error::{code, Result};
use core::cell::UnsafeCell;
use core::ffi::{c_char, c_int, CStr};
use core::mem::MaybeUninit;
use core::ops::{Deref, DerefMut};
use core::sync::atomic::{AtomicI32, Ordering};

/// The C side of a kind of lock: [`MutexBackend`] or [`SpinLockBackend`].
///
/// # Safety
///
/// Between a [`Backend::lock`] and the matching [`Backend::unlock`] of a
/// lock, no other `lock` of it may return: [`Lock`] hands out its data on
/// that promise.
pub unsafe trait Backend {
    /// The C type of the lock.
    type CLock;

    /// Initialises `lock` in the lockdep class `key` under `name`, unless
    /// `*ready` says it is done, and then sets `*ready`.
    ///
    /// # Safety
    ///
    /// All four point to static storage that lives for ever; `lock` is
    /// used only through this trait, and `*ready` is only set here.
    unsafe fn init_once(
        lock: *mut Self::CLock,
        ready: *mut c_int,
        name: *const c_char,
        key: *mut bindings::lock_class_key,
    );

    /// Takes the lock, waiting for it.
    ///
    /// # Safety
    ///
    /// `lock` was initialised by [`Backend::init_once`].
    unsafe fn lock(lock: *mut Self::CLock);

    /// Releases the lock.
    ///
    /// # Safety
    ///
    /// The caller holds `lock` (on this task, or for a spinlock this CPU).
    unsafe fn unlock(lock: *mut Self::CLock);
}

/// The kernel's `struct mutex`: `mutex_lock()`, which may sleep.
pub struct MutexBackend;

// SAFETY: a kernel mutex excludes every other holder.
unsafe impl Backend for MutexBackend {
    type CLock = bindings::mutex;

    unsafe fn init_once(
        lock: *mut bindings::mutex,
        ready: *mut c_int,
        name: *const c_char,
        key: *mut bindings::lock_class_key,
    ) {
        // SAFETY: the caller's contract is the helper's.
        unsafe { bindings::rsys_mutex_init_once(lock, ready, name, key) }
    }

    unsafe fn lock(lock: *mut bindings::mutex) {
        // SAFETY: the caller's contract is the helper's.
        unsafe { bindings::rsys_mutex_lock(lock) }
    }

    unsafe fn unlock(lock: *mut bindings::mutex) {
        // SAFETY: the caller's contract is the helper's.
        unsafe { bindings::rsys_mutex_unlock(lock) }
    }
}

/// The kernel's `spinlock_t`: `spin_lock()`.
pub struct SpinLockBackend;

// SAFETY: a kernel spinlock excludes every other holder.
unsafe impl Backend for SpinLockBackend {
    type CLock = bindings::spinlock_t;

    unsafe fn init_once(
        lock: *mut bindings::spinlock_t,
        ready: *mut c_int,
        name: *const c_char,
        key: *mut bindings::lock_class_key,
    ) {
        // SAFETY: the caller's contract is the helper's.
        unsafe { bindings::rsys_spin_lock_init_once(lock, ready, name, key) }
    }

    unsafe fn lock(lock: *mut bindings::spinlock_t) {
        // SAFETY: the caller's contract is the helper's.
        unsafe { bindings::rsys_spin_lock(lock) };
    }

    unsafe fn unlock(lock: *mut bindings::spinlock_t) {
        // SAFETY: the caller's contract is the helper's.
        unsafe { bindings::rsys_spin_unlock(lock) }
    }
}

/// Data protected by a kernel lock of kind `B`; see [`Mutex`] and
/// [`SpinLock`].
pub struct Lock<T, B: Backend> {
    /// Non-zero once `clock` is initialised.
    ready: AtomicI32,
    name: &'static CStr,
    key: UnsafeCell<MaybeUninit<bindings::lock_class_key>>,
    clock: UnsafeCell<MaybeUninit<B::CLock>>,
    data: UnsafeCell<T>,
}

/// Data protected by a kernel mutex: taking it may sleep.
pub type Mutex<T> = Lock<T, MutexBackend>;

/// Data protected by a kernel spinlock: short critical sections that do
/// not sleep.
pub type SpinLock<T> = Lock<T, SpinLockBackend>;

// SAFETY: the lock hands out the data to one thread at a time, so sending
// or sharing it across threads needs only `T: Send`; the C lock and its key
// are made for use from any thread.
unsafe impl<T: Send, B: Backend> Send for Lock<T, B> {}
// SAFETY: as above.
unsafe impl<T: Send, B: Backend> Sync for Lock<T, B> {}

impl<T, B: Backend> Lock<T, B> {
    /// A lock holding `data`, which lockdep calls `name`: for a `static`.
    pub const fn new(name: &'static CStr, data: T) -> Self {
        Self {
            ready: AtomicI32::new(0),
            name,
            key: UnsafeCell::new(MaybeUninit::zeroed()),
            clock: UnsafeCell::new(MaybeUninit::zeroed()),
            data: UnsafeCell::new(data),
        }
    }

    /// The C lock, initialised.
    fn clock(&'static self) -> *mut B::CLock {
        let clock = self.clock.get().cast::<B::CLock>();
        if self.ready.load(Ordering::Acquire) == 0 {
            // SAFETY: `self` is `'static`, so are the four pointers; the
            // lock is used only through `B`, and `ready` is set only there.
            unsafe {
                B::init_once(
                    clock,
                    self.ready.as_ptr(),
                    self.name.as_ptr(),
                    self.key.get().cast(),
                )
            };
        }
        clock
    }

    /// Takes the lock (`mutex_lock()` or `spin_lock()`) and returns a guard
    /// that gives access to the data and unlocks when dropped.
    pub fn lock(&'static self) -> Guard<'static, T, B> {
        let lock = self.clock();
        // SAFETY: `lock` is initialised and lives for ever.
        unsafe { B::lock(lock) };
        Guard { owner: self, lock }
    }
}

impl<T> Lock<T, MutexBackend> {
    /// Takes the mutex as [`Lock::lock`] does, but gives up if a fatal
    /// signal comes while waiting (`mutex_lock_killable()`): what a system
    /// call should use, so that a task stuck behind the lock can be killed.
    ///
    /// # Errors
    ///
    /// `EINTR` if a fatal signal came while waiting.
    pub fn lock_killable(&'static self) -> Result<Guard<'static, T, MutexBackend>> {
        let lock = self.clock();
        // SAFETY: `lock` is initialised and lives for ever.
        if unsafe { bindings::rsys_mutex_lock_killable(lock) } != 0 {
            return Err(code::EINTR);
        }
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
// rsys-series: none

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::fail_allocs_after;

    #[test]
    fn mutex_counts_exactly_across_threads() {
        static COUNT: Mutex<u64> = Mutex::new(c"count", 0);
        let threads: std::vec::Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(|| {
                    for _ in 0..10_000 {
                        *COUNT.lock() += 1;
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(*COUNT.lock(), 40_000);
    }

    #[test]
    fn spinlock_counts_exactly_across_threads() {
        static COUNT: SpinLock<u64> = SpinLock::new(c"count", 0);
        let threads: std::vec::Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(|| {
                    for _ in 0..10_000 {
                        *COUNT.lock() += 1;
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(*COUNT.lock(), 40_000);
    }

    #[test]
    fn guard_unlocks_when_dropped() {
        static M: Mutex<u32> = Mutex::new(c"m", 1);
        {
            let mut g = M.lock_killable().unwrap();
            *g += 1;
        }
        // Would spin forever if the first guard had not unlocked.
        assert_eq!(*M.lock(), 2);
    }

    #[test]
    fn locking_does_not_allocate() {
        static M: Mutex<u32> = Mutex::new(c"m", 0);
        static S: SpinLock<u32> = SpinLock::new(c"s", 0);
        fail_allocs_after(Some(0));
        *M.lock() += 1;
        *S.lock() += 1;
        let killable = M.lock_killable().map(|g| *g);
        fail_allocs_after(None);
        assert_eq!(killable, Ok(1));
        assert_eq!(*S.lock(), 1);
    }

    #[test]
    fn each_lock_is_initialised_once_in_its_own_class() {
        static A: Mutex<u32> = Mutex::new(c"a", 0);
        static B: SpinLock<u32> = SpinLock::new(c"b", 0);
        let threads: std::vec::Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(|| {
                    let mut a = A.lock();
                    *B.lock() += 1;
                    *a += 1;
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!((*A.lock(), *B.lock()), (4, 4));
        let a = crate::host::lock_init(A.clock.get().cast());
        let b = crate::host::lock_init(B.clock.get().cast());
        assert_eq!(a, Some((1, "a".into(), A.key.get() as usize)));
        assert_eq!(b, Some((1, "b".into(), B.key.get() as usize)));
    }
}
