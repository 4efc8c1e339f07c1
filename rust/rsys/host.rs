// SPDX-License-Identifier: GPL-2.0

//! The C helpers, for unit tests on the build machine (`--cfg rsys_host`).
//!
//! `make check-unit` builds the crates with the host's `std` and runs their
//! `#[test]`s: the logic that needs no kernel (errors, buffers, vectors,
//! locks, the rate limiter, bounds of user slices). The helpers the code
//! calls are given here in host terms: `kmalloc()` is the host allocator
//! with `kmalloc()`'s alignment, a lock is a spinning flag, and "user
//! memory" is the test's own memory, where address 0 faults. Tests set what
//! the kernel would answer (`capable()`, `in_compat_syscall()`, the kuid,
//! `jiffies`) and read what was printed. Nothing here is built into the
//! kernel.

extern crate std;

use core::ffi::{c_char, c_int, c_long, c_uint, c_ulong, c_void};
use core::sync::atomic::{AtomicBool, AtomicI32, AtomicU64, Ordering};
use std::alloc::{alloc, dealloc, Layout};
use std::boxed::Box;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::string::String;
use std::sync::Mutex;
use std::vec::Vec;

/// Live kmalloc() blocks: address -> layout, and the gfp_t flags they were
/// allocated with.
static BLOCKS: Mutex<Option<HashMap<usize, (Layout, c_uint)>>> = Mutex::new(None);
static JIFFIES: AtomicU64 = AtomicU64::new(0);

std::thread_local! {
    static CAPABLE: Cell<bool> = const { Cell::new(true) };
    static COMPAT: Cell<bool> = const { Cell::new(false) };
    static KUID: Cell<c_uint> = const { Cell::new(0) };
    static FAIL_ALLOCS_AFTER: Cell<Option<usize>> = const { Cell::new(None) };
    static PRINTED: RefCell<Vec<(c_int, String)>> = const { RefCell::new(Vec::new()) };
    static LIVE: Cell<isize> = const { Cell::new(0) };
}

/// Makes `capable()` answer `yes` on this thread.
pub fn set_capable(yes: bool) {
    CAPABLE.with(|c| c.set(yes));
}

/// Makes `in_compat_syscall()` answer `yes` on this thread.
pub fn set_compat(yes: bool) {
    COMPAT.with(|c| c.set(yes));
}

/// Makes the caller's kuid (`rsys_current_owner()`) `kuid` on this thread;
/// the ids it sees from its namespace stay 0.
pub fn set_kuid(kuid: c_uint) {
    KUID.with(|c| c.set(kuid));
}

/// Sets `jiffies`.
pub fn set_jiffies(now: u64) {
    JIFFIES.store(now, Ordering::Relaxed);
}

/// Makes this thread's allocations fail after `n` more succeed (`None`:
/// never).
pub fn fail_allocs_after(n: Option<usize>) {
    FAIL_ALLOCS_AFTER.with(|c| c.set(n));
}

/// The messages this thread printed, with their levels, and forgets them.
pub fn take_printed() -> Vec<(c_int, String)> {
    PRINTED.with(|p| core::mem::take(&mut *p.borrow_mut()))
}

/// The gfp_t flags the live kmalloc() block at `p` was allocated with.
pub fn block_flags<T>(p: *const T) -> Option<c_uint> {
    BLOCKS
        .lock()
        .unwrap()
        .as_ref()
        .and_then(|b| b.get(&(p as usize)))
        .map(|&(_, flags)| flags)
}

/// kmalloc() blocks this thread allocated minus those it freed.
pub fn live_blocks() -> isize {
    LIVE.with(Cell::get)
}

fn may_alloc() -> bool {
    FAIL_ALLOCS_AFTER.with(|c| match c.get() {
        None => true,
        Some(0) => false,
        Some(n) => {
            c.set(Some(n - 1));
            true
        }
    })
}

/// kmalloc()'s alignment: 8, or the size for a power of two up to a page.
fn kmalloc_layout(size: usize) -> Layout {
    let align = if size.is_power_of_two() {
        size.clamp(8, 4096)
    } else {
        8
    };
    Layout::from_size_align(size.max(1), align).unwrap()
}

/// `kmalloc()`, under `krealloc()`.
fn kmalloc(size: usize, flags: c_uint) -> *mut c_void {
    if !may_alloc() || size > isize::MAX as usize / 2 {
        return core::ptr::null_mut();
    }
    let layout = kmalloc_layout(size);
    // SAFETY: the layout's size is not zero.
    let p = unsafe { alloc(layout) };
    if !p.is_null() {
        BLOCKS
            .lock()
            .unwrap()
            .get_or_insert_with(HashMap::new)
            .insert(p as usize, (layout, flags));
        LIVE.with(|l| l.set(l.get() + 1));
    }
    p.cast()
}

#[no_mangle]
extern "C" fn kfree(p: *const c_void) {
    if p.is_null() {
        return;
    }
    let (layout, _) = BLOCKS
        .lock()
        .unwrap()
        .as_mut()
        .and_then(|b| b.remove(&(p as usize)))
        .expect("kfree() of a block kmalloc() did not return");
    LIVE.with(|l| l.set(l.get() - 1));
    // SAFETY: `p` was allocated with `layout` by kmalloc().
    unsafe { dealloc(p.cast_mut().cast(), layout) };
}

#[no_mangle]
extern "C" fn rsys_krealloc(p: *mut c_void, size: usize, flags: c_uint) -> *mut c_void {
    let new = kmalloc(size, flags);
    if new.is_null() || p.is_null() {
        return new;
    }
    let (old, _) = BLOCKS.lock().unwrap().as_ref().unwrap()[&(p as usize)];
    // SAFETY: both blocks are live and at least this long.
    unsafe { core::ptr::copy_nonoverlapping(p.cast::<u8>(), new.cast(), old.size().min(size)) };
    kfree(p);
    new
}

#[no_mangle]
extern "C" fn rsys_copy_from_user(to: *mut c_void, from: *const c_void, n: c_ulong) -> c_ulong {
    if from.is_null() {
        return n;
    }
    // SAFETY: the test passes a valid address of its own memory.
    unsafe { core::ptr::copy_nonoverlapping(from.cast::<u8>(), to.cast(), n as usize) };
    0
}

#[no_mangle]
extern "C" fn rsys_copy_to_user(to: *mut c_void, from: *const c_void, n: c_ulong) -> c_ulong {
    if to.is_null() {
        return n;
    }
    // SAFETY: as above.
    unsafe { core::ptr::copy_nonoverlapping(from.cast::<u8>(), to.cast::<u8>(), n as usize) };
    0
}

#[no_mangle]
extern "C" fn rsys_clear_user(to: *mut c_void, n: c_ulong) -> c_ulong {
    if to.is_null() {
        return n;
    }
    // SAFETY: as above.
    unsafe { core::ptr::write_bytes(to.cast::<u8>(), 0, n as usize) };
    0
}

#[no_mangle]
extern "C" fn rsys_strncpy_from_user(
    dst: *mut c_char,
    src: *const c_char,
    count: c_long,
) -> c_long {
    if src.is_null() {
        return -14; // -EFAULT
    }
    for i in 0..count as usize {
        // SAFETY: the test passes a NUL-terminated string or a long enough
        // buffer; `dst` has room for `count` bytes.
        unsafe {
            let c = *src.cast::<u8>().add(i);
            *dst.add(i) = c as c_char;
            if c == 0 {
                return i as c_long;
            }
        }
    }
    count
}

#[no_mangle]
extern "C" fn rsys_print(level: c_int, msg: *const c_char, len: usize) {
    // SAFETY: the caller passes `len` readable bytes.
    let bytes = unsafe { core::slice::from_raw_parts(msg.cast::<u8>(), len) };
    let text = String::from_utf8_lossy(bytes).into_owned();
    PRINTED.with(|p| p.borrow_mut().push((level, text)));
}

#[no_mangle]
extern "C" fn rsys_bug() {
    panic!("rsys_bug() called");
}

#[no_mangle]
extern "C" fn capable(_cap: c_int) -> bool {
    CAPABLE.with(Cell::get)
}

#[no_mangle]
extern "C" fn rsys_in_compat_syscall() -> bool {
    COMPAT.with(Cell::get)
}

#[no_mangle]
extern "C" fn rsys_fatal_signal_pending() -> bool {
    false
}

#[no_mangle]
extern "C" fn rsys_cond_resched() {}

/// Lock initialisations: address of the C lock -> (times, name, key address).
type LockInits = HashMap<usize, (u32, String, usize)>;
static LOCK_INITS: Mutex<Option<LockInits>> = Mutex::new(None);

/// How the C lock at `lock` was initialised: how many times, under which
/// name, with which lockdep key.
pub fn lock_init(lock: *const c_void) -> Option<(u32, String, usize)> {
    LOCK_INITS
        .lock()
        .unwrap()
        .as_ref()
        .and_then(|m| m.get(&(lock as usize)).cloned())
}

/// `rsys_*_init_once()`: the lock's first byte becomes a free flag.
fn init_flag_once(lock: *mut c_void, ready: *mut c_int, name: *const c_char, key: *mut c_void) {
    let mut inits = LOCK_INITS.lock().unwrap();
    // SAFETY: `ready` is the lock's `AtomicI32`, which lives for ever.
    let ready = unsafe { &*ready.cast::<AtomicI32>() };
    if ready.load(Ordering::Relaxed) != 0 {
        return;
    }
    // SAFETY: the C lock's storage is larger than a flag, and lives for ever.
    unsafe { (*lock.cast::<AtomicBool>()).store(false, Ordering::Relaxed) };
    // SAFETY: `name` is the lock's NUL-terminated `&'static CStr`.
    let name = unsafe { core::ffi::CStr::from_ptr(name) }
        .to_string_lossy()
        .into_owned();
    inits
        .get_or_insert_with(HashMap::new)
        .entry(lock as usize)
        .or_insert((0, name, key as usize))
        .0 += 1;
    ready.store(1, Ordering::Release);
}

fn take_flag(lock: *mut c_void) {
    // SAFETY: initialised by init_flag_once(); locks live for ever.
    let flag = unsafe { &*lock.cast::<AtomicBool>() };
    while flag
        .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
        .is_err()
    {
        std::thread::yield_now();
    }
}

fn release_flag(lock: *mut c_void) {
    // SAFETY: as above.
    let flag = unsafe { &*lock.cast::<AtomicBool>() };
    assert!(flag.swap(false, Ordering::Release), "released a free lock");
}

#[no_mangle]
extern "C" fn rsys_mutex_init_once(
    lock: *mut c_void,
    ready: *mut c_int,
    name: *const c_char,
    key: *mut c_void,
) {
    init_flag_once(lock, ready, name, key);
}

#[no_mangle]
extern "C" fn rsys_mutex_lock(lock: *mut c_void) {
    take_flag(lock);
}

#[no_mangle]
extern "C" fn rsys_mutex_lock_killable(lock: *mut c_void) -> c_int {
    take_flag(lock);
    0
}

#[no_mangle]
extern "C" fn rsys_mutex_unlock(lock: *mut c_void) {
    release_flag(lock);
}

#[no_mangle]
extern "C" fn rsys_spin_lock_init_once(
    lock: *mut c_void,
    ready: *mut c_int,
    name: *const c_char,
    key: *mut c_void,
) {
    init_flag_once(lock, ready, name, key);
}

#[no_mangle]
extern "C" fn rsys_spin_lock(lock: *mut c_void) {
    take_flag(lock);
}

#[no_mangle]
extern "C" fn rsys_spin_unlock(lock: *mut c_void) {
    release_flag(lock);
}

#[no_mangle]
extern "C" fn rsys_current_pid() -> c_int {
    std::process::id() as c_int
}

#[no_mangle]
extern "C" fn rsys_current_tgid() -> c_int {
    std::process::id() as c_int
}

#[no_mangle]
extern "C" fn rsys_current_uid() -> c_uint {
    0
}

#[no_mangle]
extern "C" fn rsys_current_gid() -> c_uint {
    0
}

#[no_mangle]
extern "C" fn rsys_current_euid() -> c_uint {
    0
}

#[no_mangle]
extern "C" fn rsys_current_egid() -> c_uint {
    0
}

#[no_mangle]
extern "C" fn rsys_current_owner() -> c_uint {
    KUID.with(Cell::get)
}

#[no_mangle]
extern "C" fn rsys_jiffies() -> c_ulong {
    JIFFIES.load(Ordering::Relaxed) as c_ulong
}

std::thread_local! {
    static RCU_DEPTH: Cell<isize> = const { Cell::new(0) };
    static OPEN_FD: Cell<Option<u32>> = const { Cell::new(None) };
    static LOOKED_UP: Cell<Option<u32>> = const { Cell::new(None) };
    static FDS_GOT: Cell<isize> = const { Cell::new(0) };
    static FILE_MODE: Cell<u32> = const { Cell::new(0) };
    static FILE_OWNER: Cell<bool> = const { Cell::new(false) };
    static FILE_PERMISSION: Cell<c_int> = const { Cell::new(0) };
}

/// The depth of this thread's RCU read-side sections.
pub fn rcu_depth() -> isize {
    RCU_DEPTH.with(Cell::get)
}

#[no_mangle]
extern "C" fn rsys_rcu_read_lock() {
    RCU_DEPTH.with(|d| d.set(d.get() + 1));
}

#[no_mangle]
extern "C" fn rsys_rcu_read_unlock() {
    RCU_DEPTH.with(|d| {
        assert!(d.get() > 0, "rcu_read_unlock() outside a section");
        d.set(d.get() - 1);
    });
}

/// Makes `fd` the one open descriptor of this thread, whose file has
/// `f_mode` `mode`, is owned by the caller if `owner`, and answers `mask`
/// permission checks with `permission` (0 or `-errno`).
pub fn set_open_file(fd: Option<u32>, mode: u32, owner: bool, permission: c_int) {
    OPEN_FD.with(|c| c.set(fd));
    FILE_MODE.with(|c| c.set(mode));
    FILE_OWNER.with(|c| c.set(owner));
    FILE_PERMISSION.with(|c| c.set(permission));
}

/// fdget() calls minus fdput() calls of a file on this thread.
pub fn fds_got() -> isize {
    FDS_GOT.with(Cell::get)
}

std::thread_local! {
    /// This thread's one file: a `struct file` of zeros, for ever.
    static HOST_FILE: *mut crate::bindings::file =
        // SAFETY: struct file is plain C data: all zeros is a valid value.
        Box::leak(Box::new(unsafe { core::mem::zeroed() }));
}

#[no_mangle]
extern "C" fn rsys_fdget(fd: c_uint) -> crate::bindings::fd {
    LOOKED_UP.with(|c| c.set(Some(fd)));
    if OPEN_FD.with(Cell::get) == Some(fd) {
        FDS_GOT.with(|c| c.set(c.get() + 1));
    }
    // SAFETY: struct fd is plain C data: all zeros is an empty one.
    unsafe { core::mem::zeroed() }
}

#[no_mangle]
extern "C" fn rsys_fd_file(_fd: crate::bindings::fd) -> *mut crate::bindings::file {
    let looked_up = LOOKED_UP.with(Cell::get);
    if looked_up.is_some() && looked_up == OPEN_FD.with(Cell::get) {
        let file = HOST_FILE.with(|f| *f);
        // SAFETY: the file is this thread's, valid for ever; f_mode is set
        // before each use.
        unsafe { (*file).f_mode = FILE_MODE.with(Cell::get) };
        file
    } else {
        core::ptr::null_mut()
    }
}

#[no_mangle]
extern "C" fn rsys_fdput(_fd: crate::bindings::fd) {
    FDS_GOT.with(|c| c.set(c.get() - 1));
}

#[no_mangle]
extern "C" fn rsys_file_owner_or_capable(_file: *mut crate::bindings::file) -> bool {
    FILE_OWNER.with(Cell::get)
}

#[no_mangle]
extern "C" fn rsys_file_permission(_file: *mut crate::bindings::file, _mask: c_int) -> c_int {
    FILE_PERMISSION.with(Cell::get)
}

#[no_mangle]
extern "C" fn rsys_is_file_hugepages(_file: *mut crate::bindings::file) -> bool {
    false
}
