// SPDX-License-Identifier: GPL-2.0

//! RCU read-side critical sections: `rcu_read_lock()` and
//! `rcu_read_unlock()` of `<linux/rcupdate.h>`.
//!
//! [`read_lock`] returns a [`Guard`]; the section ends when it is dropped.
//! What RCU protects (an xarray's entries, see [`crate::pagecache`]) is
//! handed out borrowing the guard, so it cannot be used after the section
//! ends. Nothing in the section may sleep: no user memory access, no
//! allocation, no [`crate::sync::Mutex`]. The guard stays on the task that
//! took it (it is neither `Send` nor `Sync`).

use crate::bindings;
use core::marker::PhantomData;

/// An RCU read-side critical section, ended when dropped.
pub struct Guard {
    _not_send: PhantomData<*mut ()>,
}

/// `rcu_read_lock()`: enters an RCU read-side critical section.
#[inline]
pub fn read_lock() -> Guard {
    // SAFETY: no precondition; the guard's drop ends the section.
    unsafe { bindings::rsys_rcu_read_lock() };
    Guard {
        _not_send: PhantomData,
    }
}

impl Drop for Guard {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: the section was entered by `read_lock()` on this task.
        unsafe { bindings::rsys_rcu_read_unlock() };
    }
}
// rsys-series: none

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::rcu_depth;

    #[test]
    fn guard_ends_the_section_when_dropped() {
        assert_eq!(rcu_depth(), 0);
        let outer = read_lock();
        assert_eq!(rcu_depth(), 1);
        {
            let _inner = read_lock();
            assert_eq!(rcu_depth(), 2);
        }
        assert_eq!(rcu_depth(), 1);
        drop(outer);
        assert_eq!(rcu_depth(), 0);
    }
}
