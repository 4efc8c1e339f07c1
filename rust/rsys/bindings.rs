// SPDX-License-Identifier: GPL-2.0

//! The C functions, constants and structs the Rust side uses.
//!
//! The functions are the helpers of `kernel/rsys/helpers.c` (declared in
//! `kernel/rsys/rsys.h`); the constants, and the structs of the user API
//! (`struct rsys_*` of `<linux/rsys.h>`, which can be copied to and from user
//! space), are generated at build time from the kernel's headers by
//! `kernel/rsys/gen-bindings.sh`. Everything here is raw: the other modules
//! wrap it in safe interfaces.

use core::ffi::{c_char, c_int, c_long, c_uint, c_ulong, c_void};

include!(concat!(env!("RSYS_GENERATED_DIR"), "/generated_consts.rs"));

extern "C" {
    /// `copy_from_user()`: returns the number of bytes not copied.
    pub fn rsys_copy_from_user(to: *mut c_void, from: usize, n: c_ulong) -> c_ulong;
    /// `copy_to_user()`: returns the number of bytes not copied.
    pub fn rsys_copy_to_user(to: usize, from: *const c_void, n: c_ulong) -> c_ulong;
    /// `clear_user()`: returns the number of bytes not cleared.
    pub fn rsys_clear_user(to: usize, n: c_ulong) -> c_ulong;
    /// `strncpy_from_user()`: the string's length, `count` if it has no NUL
    /// in `count` bytes, or `-EFAULT`.
    pub fn rsys_strncpy_from_user(dst: *mut c_char, src: usize, count: c_long) -> c_long;
    /// `kmalloc(size, GFP_KERNEL)`.
    pub fn rsys_kmalloc(size: usize) -> *mut c_void;
    /// `krealloc(p, size, GFP_KERNEL)`.
    pub fn rsys_krealloc(p: *mut c_void, size: usize) -> *mut c_void;
    /// `kfree()`.
    pub fn rsys_kfree(p: *mut c_void);
    /// A `struct mutex` in memory of its own, initialised; NULL if out of
    /// memory.
    pub fn rsys_mutex_new() -> *mut c_void;
    /// `mutex_destroy()` and frees a mutex of [`rsys_mutex_new`].
    pub fn rsys_mutex_free(lock: *mut c_void);
    /// `mutex_lock_killable()`: 0, or `-EINTR`.
    pub fn rsys_mutex_lock(lock: *mut c_void) -> c_int;
    /// `mutex_unlock()`.
    pub fn rsys_mutex_unlock(lock: *mut c_void);
    /// A `spinlock_t` in memory of its own, initialised; NULL if out of
    /// memory.
    pub fn rsys_spin_lock_new() -> *mut c_void;
    /// Frees a spinlock of [`rsys_spin_lock_new`].
    pub fn rsys_spin_lock_free(lock: *mut c_void);
    /// `spin_lock()`.
    pub fn rsys_spin_lock(lock: *mut c_void);
    /// `spin_unlock()`.
    pub fn rsys_spin_unlock(lock: *mut c_void);
    /// `task_pid_vnr(current)`.
    pub fn rsys_current_pid() -> c_int;
    /// `task_tgid_vnr(current)`.
    pub fn rsys_current_tgid() -> c_int;
    /// The caller's uid in its user namespace.
    pub fn rsys_current_uid() -> c_uint;
    /// The caller's gid in its user namespace.
    pub fn rsys_current_gid() -> c_uint;
    /// The caller's effective uid in its user namespace.
    pub fn rsys_current_euid() -> c_uint;
    /// The caller's effective gid in its user namespace.
    pub fn rsys_current_egid() -> c_uint;
    /// The caller's effective uid as a kuid, as the initial user namespace
    /// sees it (`__kuid_val(current_euid())`).
    pub fn rsys_current_owner() -> c_uint;
    /// `jiffies`.
    pub fn rsys_jiffies() -> c_ulong;
    /// Prints `len` bytes at `msg` at log level `level` (`LOGLEVEL_*`).
    pub fn rsys_print(level: c_int, msg: *const c_char, len: usize);
    /// `BUG()`: oopses the calling task and does not return. Declared as
    /// returning so that the caller can end with an explicit trap, which
    /// objtool needs to see (rustc emits none after a call to a `-> !`
    /// function).
    pub fn rsys_bug();
    /// `capable()`.
    pub fn rsys_capable(cap: c_int) -> bool;
    /// `in_compat_syscall()`.
    pub fn rsys_in_compat_syscall() -> bool;
    /// `fatal_signal_pending(current)`.
    pub fn rsys_fatal_signal_pending() -> bool;
    /// `cond_resched()`.
    pub fn rsys_cond_resched();
}
