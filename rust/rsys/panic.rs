// SPDX-License-Identifier: GPL-2.0

//! The panic handler.
//!
//! A panic in a Rust system call (a failed `assert!`, an overflow with
//! overflow checks on, an index out of bounds) prints its message and
//! location at `KERN_EMERG`, then calls `BUG()`: the calling task is oopsed
//! and killed, and the kernel carries on unless `panic_on_oops` is set.
//! Code on paths that user space controls returns errors instead.

use crate::bindings;
use core::panic::PanicInfo;

#[panic_handler]
fn panic(info: &PanicInfo<'_>) -> ! {
    match info.location() {
        Some(loc) => crate::pr_emerg!(
            "Rust panic at {}:{}:{}: {}",
            loc.file(),
            loc.line(),
            loc.column(),
            info.message()
        ),
        None => crate::pr_emerg!("Rust panic: {}", info.message()),
    };
    // SAFETY: rsys_bug() can be called from any task context.
    unsafe { bindings::rsys_bug() };
    trap()
}

/// Ends a function that cannot return with a trap instruction, so that
/// objtool (x86) does not see it fall through.
#[inline(always)]
fn trap() -> ! {
    // SAFETY: an undefined instruction touches no memory; it is reached
    // only if rsys_bug() returns, which it does not.
    #[cfg(target_arch = "x86_64")]
    unsafe {
        core::arch::asm!("ud2", options(noreturn))
    }
    // SAFETY: as above.
    #[cfg(target_arch = "aarch64")]
    unsafe {
        core::arch::asm!("udf #0", options(noreturn))
    }
}
