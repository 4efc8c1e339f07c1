// SPDX-License-Identifier: GPL-2.0

//! `rsys_store_limit()`: a privileged call, which sets how many records
//! [`crate::rsys_store`] holds, all owners' together. (Each owner's own
//! quota, `RSYS_STORE_USER_MAX`, is fixed.)

use crate::rsys_store::STORE;
use rsys::task::{require, Capability};
use rsys::uapi::RSYS_STORE_LIMIT_MAX;
use rsys::{check_flags, code, Result};

/// Sets the store's limit of records; returns the previous one.
///
/// # Errors
///
/// `EPERM` without `CAP_SYS_ADMIN`; `EINVAL` for a limit of 0 or over
/// `RSYS_STORE_LIMIT_MAX`, or any flag; `EBUSY` if the store holds more
/// records than `limit`, of all owners; `EINTR` if killed while waiting for
/// the store.
pub(crate) fn rsys_store_limit(limit: u32, flags: u32) -> Result<u32> {
    check_flags(flags, 0)?;
    require(Capability::SYS_ADMIN)?;
    if limit == 0 || limit > RSYS_STORE_LIMIT_MAX {
        return Err(code::EINVAL);
    }
    let mut store = STORE.lock_killable()?;
    if store.len() > limit as usize {
        return Err(code::EBUSY);
    }
    Ok(core::mem::replace(&mut store.limit, limit))
}
