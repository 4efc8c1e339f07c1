// SPDX-License-Identifier: GPL-2.0

//! The user API: the structs and constants of `<linux/rsys.h>`, and those of
//! the upstream calls that rsys implements again (`struct cachestat` of
//! `<linux/mman.h>`), as bindgen translates them.
//!
//! bindgen runs on them with `--explicit-padding`, and the build fails if a
//! struct gets a padding field (`kernel/rsys/Makefile`): every byte of each
//! struct here is a field, which is what lets [`AsBytes`] copy it to user
//! space whole.

pub use rsys_bindings::uapi::*;
// rsys-series: calls

use crate::uaccess::{AsBytes, FromBytes};

macro_rules! impl_user_bytes {
    ($($t:ty),* $(,)?) => {
        $(
            // SAFETY: `$t` is `repr(C)` with integer fields only, and no
            // padding (the build checks it): all its bytes are initialised,
            // and any bytes are a valid value.
            unsafe impl AsBytes for $t {}
            // SAFETY: as for `AsBytes` above.
            unsafe impl FromBytes for $t {}
        )*
    };
}

impl_user_bytes!(rsys_info, rsys_whoami);
#[cfg(CONFIG_CACHESTAT_SYSCALL)]
impl_user_bytes!(cachestat_range, cachestat);
