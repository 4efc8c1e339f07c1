// SPDX-License-Identifier: GPL-2.0

//! `rsys_store()`: a keyed store of small records in a locked map, one
//! allocation per record.
//!
//! The records are a [`KVec`] of [`Record`]s behind a [`Mutex`], searched
//! linearly: the store holds at most `RSYS_STORE_LIMIT_MAX` records. User
//! memory is copied in before the lock is taken; a lookup copies out while
//! holding it, which a mutex allows (copying may fault and sleep).

use rsys::alloc::KVec;
use rsys::bindings::{
    RSYS_STORE_DELETE, RSYS_STORE_INSERT, RSYS_STORE_LIMIT_DEFAULT, RSYS_STORE_LOOKUP,
    RSYS_STORE_VALUE_MAX,
};
use rsys::sync::Mutex;
use rsys::uaccess::{UserPtr, UserSlice};
use rsys::{check_flags, code, Result};

/// One record: a key and its bytes.
struct Record {
    key: u64,
    value: KVec<u8>,
}

/// The records, and how many there may be (`rsys_store_limit()`).
pub(crate) struct Store {
    records: KVec<Record>,
    pub(crate) limit: u32,
}

impl Store {
    /// How many records the store holds.
    pub(crate) fn len(&self) -> usize {
        self.records.len()
    }

    fn find(&self, key: u64) -> Option<usize> {
        self.records.iter().position(|r| r.key == key)
    }
}

/// The store, shared by all callers.
pub(crate) static STORE: Mutex<Store> = Mutex::new(Store {
    records: KVec::new(),
    limit: RSYS_STORE_LIMIT_DEFAULT,
});

/// Inserts, looks up or deletes the record of `key`.
///
/// # Errors
///
/// `EINVAL` for an unknown `op`, a delete with a buffer, or any flag;
/// `EEXIST`, `E2BIG`, `ENOSPC` or `ENOMEM` for an insert, `ERANGE` for a
/// lookup, `ENOENT` for a lookup or delete: see `include/uapi/linux/rsys.h`.
/// `EFAULT` if `buf` cannot be read or written; `EINTR` if killed while
/// waiting for the store.
pub(crate) fn rsys_store(op: u32, key: u64, buf: UserPtr, len: usize, flags: u32) -> Result<usize> {
    check_flags(flags, 0)?;
    match op {
        RSYS_STORE_INSERT => insert(key, buf, len).map(|()| 0),
        RSYS_STORE_LOOKUP => lookup(key, buf, len),
        RSYS_STORE_DELETE => {
            if buf.addr() != 0 || len != 0 {
                return Err(code::EINVAL);
            }
            let mut store = STORE.lock()?;
            let index = store.find(key).ok_or(code::ENOENT)?;
            // The record is freed here, with the lock held: kfree() does
            // not sleep.
            drop(store.records.swap_remove(index));
            Ok(0)
        }
        _ => Err(code::EINVAL),
    }
}

fn insert(key: u64, buf: UserPtr, len: usize) -> Result {
    if len > RSYS_STORE_VALUE_MAX as usize {
        return Err(code::E2BIG);
    }
    let mut value = KVec::try_with_capacity(len)?;
    let mut bytes = [0u8; RSYS_STORE_VALUE_MAX as usize];
    UserSlice::new(buf, len)
        .reader()
        .read_slice(&mut bytes[..len])?;
    value.try_extend_from_slice(&bytes[..len])?;

    let mut store = STORE.lock()?;
    if store.find(key).is_some() {
        return Err(code::EEXIST);
    }
    if store.records.len() >= store.limit as usize {
        return Err(code::ENOSPC);
    }
    store.records.try_push(Record { key, value })
}

fn lookup(key: u64, buf: UserPtr, len: usize) -> Result<usize> {
    let store = STORE.lock()?;
    let index = store.find(key).ok_or(code::ENOENT)?;
    let value = &store.records[index].value;
    if len < value.len() {
        return Err(code::ERANGE);
    }
    UserSlice::new(buf, len).writer().write_slice(value)?;
    Ok(value.len())
}
