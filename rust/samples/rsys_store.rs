// SPDX-License-Identifier: GPL-2.0

//! `rsys_store()`: a keyed store of small records in a locked map, one
//! allocation per record, each record private to the user who inserted it.
//!
//! A record belongs to its [`Owner`]: the caller's effective uid as the
//! initial user namespace sees it, so the root of a user namespace owns what
//! the user outside it owns, not what root owns. A caller sees only its own
//! records: another owner's key is `ENOENT`, exactly as a key nobody has
//! (so its existence does not leak), and two owners may each have a record
//! of the same key. An owner holds at most `RSYS_STORE_USER_MAX` records
//! (`EDQUOT`), so that no user can take every slot of the store, whose
//! total stays `rsys_store_limit()`'s (`ENOSPC`).
//!
//! The records are a [`KVec`] of [`Record`]s behind a [`Mutex`], searched
//! linearly: the store holds at most `RSYS_STORE_LIMIT_MAX` records. The
//! lock is never held across a user copy or an allocation, either of which
//! may sleep for as long as user space or memory reclaim makes it: an insert
//! copies the value in and allocates the record before taking it, and grows
//! the array with memory allocated while not holding it; a lookup copies the
//! record to the stack under the lock and to the caller after releasing it;
//! a delete frees the record after releasing it.
//!
//! A record's memory outlives the call that stores it, so it is allocated
//! with `GFP_KERNEL_ACCOUNT`: charged to the caller's memory cgroup, whose
//! limit then bounds what its users keep here. The array of records is the
//! store's own, bounded by the administrator's limit, and is allocated with
//! `GFP_KERNEL`, charged to no one caller.

use rsys::alloc::{KVec, GFP_KERNEL, GFP_KERNEL_ACCOUNT};
use rsys::sync::Mutex;
use rsys::task::{owner, Owner};
use rsys::uaccess::{UserPtr, UserSlice};
use rsys::uapi::{
    RSYS_STORE_DELETE, RSYS_STORE_INSERT, RSYS_STORE_LIMIT_DEFAULT, RSYS_STORE_LOOKUP,
    RSYS_STORE_USER_MAX, RSYS_STORE_VALUE_MAX,
};
use rsys::{check_flags, code, Result};

/// The longest record, in bytes.
const VALUE_MAX: usize = RSYS_STORE_VALUE_MAX as usize;

/// One record: its owner, its key and its bytes.
struct Record {
    owner: Owner,
    key: u64,
    value: KVec<u8>,
}

/// The records, and how many there may be (`rsys_store_limit()`).
pub(crate) struct Store {
    records: KVec<Record>,
    pub(crate) limit: u32,
}

impl Store {
    /// How many records the store holds, of all owners.
    pub(crate) fn len(&self) -> usize {
        self.records.len()
    }

    /// The index of `owner`'s record of `key`.
    fn find(&self, owner: Owner, key: u64) -> Option<usize> {
        self.records
            .iter()
            .position(|r| r.owner == owner && r.key == key)
    }

    /// Whether `owner` may add a record of `key`.
    ///
    /// # Errors
    ///
    /// `EEXIST` if it has one; `EDQUOT` if it holds `RSYS_STORE_USER_MAX`
    /// records; `ENOSPC` if the store holds its limit.
    fn check_insert(&self, owner: Owner, key: u64) -> Result {
        if self.find(owner, key).is_some() {
            return Err(code::EEXIST);
        }
        let owned = self.records.iter().filter(|r| r.owner == owner).count();
        if owned >= RSYS_STORE_USER_MAX as usize {
            return Err(code::EDQUOT);
        }
        if self.records.len() >= self.limit as usize {
            return Err(code::ENOSPC);
        }
        Ok(())
    }
}

/// The store, shared by all callers; each sees only its own records.
/// A system call waits for it killably (`lock_killable()`).
pub(crate) static STORE: Mutex<Store> = Mutex::new(
    c"rsys_store",
    Store {
        records: KVec::new(),
        limit: RSYS_STORE_LIMIT_DEFAULT,
    },
);

/// Inserts, looks up or deletes the caller's record of `key`.
///
/// # Errors
///
/// `EINVAL` for an unknown `op`, a delete with a buffer, or any flag;
/// `EEXIST`, `E2BIG`, `EDQUOT`, `ENOSPC` or `ENOMEM` for an insert, `ERANGE`
/// for a lookup, `ENOENT` for a lookup or delete of a key the caller has no
/// record of: see `include/uapi/linux/rsys.h`. `EFAULT` if `buf` cannot be
/// read or written; `EINTR` if killed while waiting for the store.
pub(crate) fn rsys_store(op: u32, key: u64, buf: UserPtr, len: usize, flags: u32) -> Result<usize> {
    check_flags(flags, 0)?;
    match op {
        RSYS_STORE_INSERT => insert(owner(), key, buf, len).map(|()| 0),
        RSYS_STORE_LOOKUP => lookup(owner(), key, buf, len),
        RSYS_STORE_DELETE => {
            if buf.addr() != 0 || len != 0 {
                return Err(code::EINVAL);
            }
            delete(owner(), key).map(|()| 0)
        }
        _ => Err(code::EINVAL),
    }
}

fn insert(owner: Owner, key: u64, buf: UserPtr, len: usize) -> Result {
    if len > VALUE_MAX {
        return Err(code::E2BIG);
    }
    let mut value = KVec::try_with_capacity(len, GFP_KERNEL_ACCOUNT)?;
    let mut bytes = [0u8; VALUE_MAX];
    UserSlice::new(buf, len)
        .reader()
        .read_slice(&mut bytes[..len])?;
    value.try_extend_from_slice(&bytes[..len], GFP_KERNEL_ACCOUNT)?;
    let record = Record { owner, key, value };

    // A larger array for the records, allocated without the lock when the
    // store's is full; the old one is freed with it, after the lock.
    let mut spare = KVec::new();
    loop {
        let mut store = STORE.lock_killable()?;
        store.check_insert(owner, key)?;
        let held = store.records.len();
        if held == store.records.capacity() {
            if spare.capacity() <= held {
                // Room for more than one, as a push would make; at most the
                // limit, which check_insert() found above `held`.
                let want = (held * 2).max(4).min(store.limit as usize);
                drop(store);
                spare = KVec::try_with_capacity(want, GFP_KERNEL)?;
                // Another caller may have changed the store meanwhile: check
                // again.
                continue;
            }
            store.records.try_grow_with(&mut spare)?;
        }
        // Within the capacity: this allocates nothing.
        return store.records.try_push(record, GFP_KERNEL);
    }
}

fn lookup(owner: Owner, key: u64, buf: UserPtr, len: usize) -> Result<usize> {
    let mut bytes = [0u8; VALUE_MAX];
    let n = {
        let store = STORE.lock_killable()?;
        let index = store.find(owner, key).ok_or(code::ENOENT)?;
        let value = &store.records[index].value;
        if len < value.len() {
            return Err(code::ERANGE);
        }
        // Never an error: insert keeps every value within VALUE_MAX bytes.
        let copy = bytes.get_mut(..value.len()).ok_or(code::ERANGE)?;
        copy.copy_from_slice(value);
        value.len()
    };
    // The lock is released: a fault on `buf`, however slow, delays only
    // this caller.
    UserSlice::new(buf, len).writer().write_slice(&bytes[..n])?;
    Ok(n)
}

fn delete(owner: Owner, key: u64) -> Result {
    let record = {
        let mut store = STORE.lock_killable()?;
        let index = store.find(owner, key).ok_or(code::ENOENT)?;
        store.records.swap_remove(index)
    };
    // Freed after the lock is released.
    drop(record);
    Ok(())
}
