// SPDX-License-Identifier: GPL-2.0

//! The kernel's C API: the `rsys_bindings` crate, which bindgen generates at
//! build time from the kernel's headers (`kernel/rsys/bindings_helper.h`)
//! and the helpers of `kernel/rsys/helpers.c`.
//!
//! Everything here is raw: the other modules wrap it in safe interfaces.
// rsys-series: none
//! In the unit tests on the build machine (`--cfg rsys_host`) the same
//! declarations are resolved by [`crate::host`].
// rsys-series: crate

pub use rsys_bindings::*;
