// SPDX-License-Identifier: GPL-2.0

//! Stand-ins for the compiler intrinsics that `core` refers to.
//!
//! `rustc` links every `no_std` crate against a `compiler_builtins` crate.
//! The real one implements 128-bit integer division and software floating
//! point, which the kernel has no use for. Here each such intrinsic stops
//! its caller, as Rust-for-Linux's do: returning would hand the caller
//! whatever is in the return registers as the result of a division or a
//! multiplication. The body is a panic, which rustc compiles as a trap
//! (`ud2`) in a `compiler_builtins` crate, since such a crate may not call
//! into another: the trap oopses the calling task. Better, the link of
//! `rsys_rust.o` fails when the code calls one, naming it and its callers
//! (`kernel/rsys/link-rust.sh`), so a stub is never reached at run time.
//!
//! Only the intrinsics that the linked code reaches end up in vmlinux; the
//! rest are dropped with the unused parts of `core`.

#![allow(internal_features)]
#![feature(compiler_builtins)]
#![compiler_builtins]
#![no_builtins]
#![no_std]

macro_rules! define_unsupported_builtins {
    ($($name:ident),* $(,)?) => {
        $(
            #[doc(hidden)]
            #[no_mangle]
            pub extern "C" fn $name() -> ! {
                panic!(concat!("unsupported compiler builtin ", stringify!($name), " called"));
            }
        )*
    };
}

// 128-bit integers.
define_unsupported_builtins!(
    __ashlti3,
    __ashrti3,
    __lshrti3,
    __multi3,
    __muloti4,
    __divti3,
    __modti3,
    __udivti3,
    __umodti3,
    __udivmodti4,
);

// `f32` and `f64`: the kernel does not save the FPU state for its own code.
define_unsupported_builtins!(
    __addsf3,
    __subsf3,
    __mulsf3,
    __divsf3,
    __eqsf2,
    __nesf2,
    __gesf2,
    __gtsf2,
    __lesf2,
    __ltsf2,
    __unordsf2,
    __adddf3,
    __subdf3,
    __muldf3,
    __divdf3,
    __eqdf2,
    __nedf2,
    __gedf2,
    __gtdf2,
    __ledf2,
    __ltdf2,
    __unorddf2,
    __floatsisf,
    __floatsidf,
    __floatdisf,
    __floatdidf,
    __floatunsisf,
    __floatunsidf,
    __floatundisf,
    __floatundidf,
    __fixsfsi,
    __fixdfsi,
    __fixsfdi,
    __fixdfdi,
    __fixunssfsi,
    __fixunsdfsi,
    __fixunssfdi,
    __fixunsdfdi,
    __extendsfdf2,
    __truncdfsf2,
);
