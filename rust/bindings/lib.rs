// SPDX-License-Identifier: GPL-2.0

//! The kernel's C API, as bindgen translates it at build time.
//!
//! `bindings_generated.rs` holds the functions, types and constants of the
//! headers that `kernel/rsys/bindings_helper.h` includes, generated with the
//! C flags of the kernel's own objects for the configuration being built;
//! `bindings_helpers_generated.rs` the `rsys_*()` functions of
//! `kernel/rsys/helpers.c`, which wrap the macros and inline functions that
//! have no symbol. Nothing here is written by hand, so a C interface that
//! changes breaks the Rust build where it is used.
//!
//! All of it is raw C: the `rsys` crate wraps what a system call needs in
//! safe interfaces.

#![no_std]
#![allow(
    clippy::all,
    missing_docs,
    non_camel_case_types,
    non_upper_case_globals,
    non_snake_case,
    improper_ctypes,
    unreachable_pub,
    unsafe_op_in_unsafe_fn
)]

// bindgen_parameters leaves these to be defined as Rust defines them.
type __kernel_size_t = usize;
type __kernel_ssize_t = isize;
type __kernel_ptrdiff_t = isize;

mod bindings_raw {
    use super::*;
    include!(concat!(
        env!("RSYS_GENERATED_DIR"),
        "/bindings_generated.rs"
    ));
}

pub use bindings_raw::*;

mod bindings_helper {
    use super::bindings_raw::*;
    include!(concat!(
        env!("RSYS_GENERATED_DIR"),
        "/bindings_helpers_generated.rs"
    ));
}

pub use bindings_helper::*;
// rsys-series: syscalls

/// The structs and constants of the rsys user API, `<linux/rsys.h>`, and of
/// the upstream calls that rsys reimplements (`struct cachestat`).
pub mod uapi {
    include!(concat!(env!("RSYS_GENERATED_DIR"), "/uapi_generated.rs"));
}
