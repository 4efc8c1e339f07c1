// SPDX-License-Identifier: GPL-2.0

//! Errors as the kernel knows them: errno codes.
//!
//! An [`Error`] holds a positive errno value between 1 and `MAX_ERRNO`
//! (4095); [`code`] has the errno codes, with their values from the
//! kernel's headers.
//! A system call returns `-errno` for an error, which
//! [`syscall_return`] produces from a [`Result`].

use core::ffi::c_long;
use core::fmt;

/// The largest errno value (`MAX_ERRNO` in `include/linux/err.h`).
const MAX_ERRNO: u16 = 4095;

/// An errno code.
///
/// # Invariants
///
/// The value is in `1..=MAX_ERRNO`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Error(u16);

/// The errno codes of the kernel, with their values from the kernel's
/// headers (through [`crate::bindings`]).
pub mod code {
    use super::Error;
    use crate::bindings;

    macro_rules! declare_err {
        ($($name:ident: $doc:literal,)*) => {
            $(
                #[doc = $doc]
                pub const $name: Error = Error::from_code(bindings::$name as u16);
            )*
        };
    }

    declare_err! {
        EPERM: "Operation not permitted.",
        ENOENT: "No such file or directory.",
        ESRCH: "No such process.",
        EINTR: "Interrupted system call.",
        EIO: "I/O error.",
        ENXIO: "No such device or address.",
        E2BIG: "Argument list too long.",
        ENOEXEC: "Exec format error.",
        EBADF: "Bad file number.",
        ECHILD: "No child processes.",
        EAGAIN: "Try again.",
        ENOMEM: "Out of memory.",
        EACCES: "Permission denied.",
        EFAULT: "Bad address.",
        ENOTBLK: "Block device required.",
        EBUSY: "Device or resource busy.",
        EEXIST: "File exists.",
        EXDEV: "Cross-device link.",
        ENODEV: "No such device.",
        ENOTDIR: "Not a directory.",
        EISDIR: "Is a directory.",
        EINVAL: "Invalid argument.",
        ENFILE: "File table overflow.",
        EMFILE: "Too many open files.",
        ENOTTY: "Not a typewriter.",
        ETXTBSY: "Text file busy.",
        EFBIG: "File too large.",
        ENOSPC: "No space left on device.",
        ESPIPE: "Illegal seek.",
        EROFS: "Read-only file system.",
        EMLINK: "Too many links.",
        EPIPE: "Broken pipe.",
        EDOM: "Math argument out of domain of func.",
        ERANGE: "Math result not representable.",
        EDEADLK: "Resource deadlock would occur.",
        ENAMETOOLONG: "File name too long.",
        ENOSYS: "Invalid system call number.",
        ENOTEMPTY: "Directory not empty.",
        ENODATA: "No data available.",
        EOVERFLOW: "Value too large for defined data type.",
        EMSGSIZE: "Message too long.",
        EOPNOTSUPP: "Operation not supported on transport endpoint.",
        ETIMEDOUT: "Connection timed out.",
        EALREADY: "Operation already in progress.",
        EDQUOT: "Quota exceeded.",
        ECANCELED: "Operation Canceled.",
        ERESTARTSYS: "Restart the system call (never seen by user space).",
        ENOTSUPP: "Operation is not supported (never seen by user space).",
    }
}

impl Error {
    /// Makes an error from a positive errno value known at compile time.
    ///
    /// A value outside `1..=MAX_ERRNO` fails the build when used in a
    /// constant, as the generated [`code`] constants are.
    pub const fn from_code(errno: u16) -> Self {
        assert!(errno >= 1 && errno <= MAX_ERRNO);
        // INVARIANT: checked just above.
        Self(errno)
    }

    /// Makes an error from a negative errno, as C functions return them, with
    /// Rust-for-Linux's meaning: a value that is not one (0, positive, or
    /// below `-MAX_ERRNO`) is a bug of the caller, and becomes `EINVAL`.
    #[inline]
    pub fn from_errno(errno: i32) -> Self {
        Self::try_from_errno(errno).unwrap_or(code::EINVAL)
    }

    /// Makes an error from a negative errno; `None` if `errno` is not in
    /// `-MAX_ERRNO..=-1` (Rust-for-Linux's `try_from_errno()`).
    #[inline]
    pub fn try_from_errno(errno: i32) -> Option<Self> {
        let positive = errno.checked_neg()?;
        if (1..=i32::from(MAX_ERRNO)).contains(&positive) {
            // INVARIANT: checked just above; the cast cannot truncate.
            Some(Self(positive as u16))
        } else {
            None
        }
    }

    /// The negative errno, as C returns it (Rust-for-Linux's `to_errno()`).
    #[inline]
    pub const fn to_errno(self) -> i32 {
        -(self.0 as i32)
    }

    /// The value a system call returns for this error: `-errno`.
    #[inline]
    pub const fn to_syscall_ret(self) -> c_long {
        -(self.0 as c_long)
    }
}

// With CONFIG_RUST, a system call may use Rust-for-Linux's kernel crate: its
// errors and these are the same errno values, and `?` converts either way.
#[cfg(CONFIG_RUST)]
impl From<kernel::error::Error> for Error {
    #[inline]
    fn from(err: kernel::error::Error) -> Self {
        Self::from_errno(err.to_errno())
    }
}

#[cfg(CONFIG_RUST)]
impl From<Error> for kernel::error::Error {
    #[inline]
    fn from(err: Error) -> Self {
        Self::from_errno(err.to_errno())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error(-{})", self.0)
    }
}

/// The result of a fallible operation: `Ok(T)` or an errno.
pub type Result<T = (), E = Error> = core::result::Result<T, E>;

/// A value a system call can return on success.
///
/// The system call returns a `long`; a value that does not fit in one is
/// `EOVERFLOW`, as C system calls report a result too large for its type.
/// The generated entry points convert a call's result with
/// `result.and_then(SyscallValue::into_syscall_value)` before
/// [`syscall_return`]: converted there, where the value's type is known,
/// rather than in a generic `syscall_return`, the result stays in registers
/// (LLVM otherwise packs a `Result<u32>` into one and unpacks it again).
pub trait SyscallValue {
    /// The value as the `long` the system call returns.
    ///
    /// # Errors
    ///
    /// `EOVERFLOW` if the value does not fit in a `long`.
    fn into_syscall_value(self) -> Result<c_long>;
}

impl SyscallValue for () {
    #[inline]
    fn into_syscall_value(self) -> Result<c_long> {
        Ok(0)
    }
}

macro_rules! impl_syscall_value_from {
    ($($t:ty),*) => {$(
        impl SyscallValue for $t {
            #[inline]
            fn into_syscall_value(self) -> Result<c_long> {
                Ok(c_long::from(self))
            }
        }
    )*};
}
impl_syscall_value_from!(u8, u16, u32, i8, i16, i32, c_long);

macro_rules! impl_syscall_value_try_from {
    ($($t:ty),*) => {$(
        impl SyscallValue for $t {
            #[inline]
            fn into_syscall_value(self) -> Result<c_long> {
                c_long::try_from(self).map_err(|_| code::EOVERFLOW)
            }
        }
    )*};
}
impl_syscall_value_try_from!(u64, usize, isize);

/// Converts a system call's result into its return value: the value itself,
/// or `-errno`.
///
/// A success value must not look like an error: one in `-MAX_ERRNO..=-1`
/// would be read by user space as that errno, so it becomes `EINVAL`
/// instead: a bug in the system call never passes for another error.
#[inline]
pub fn syscall_return(result: Result<c_long>) -> c_long {
    match result {
        Ok(value) if (-c_long::from(MAX_ERRNO)..0).contains(&value) => {
            code::EINVAL.to_syscall_ret()
        }
        Ok(value) => value,
        Err(err) => err.to_syscall_ret(),
    }
}
// rsys-series: none

#[cfg(test)]
mod tests {
    use super::*;

    /// What a generated entry point returns for a call's result.
    fn ret<T: SyscallValue>(result: Result<T>) -> c_long {
        syscall_return(result.and_then(SyscallValue::into_syscall_value))
    }

    #[test]
    fn errno_conversions_mean_what_rust_for_linux_means() {
        // Negative in, negative out, as in Rust-for-Linux's kernel::error.
        assert_eq!(Error::from_errno(-1), code::EPERM);
        assert_eq!(code::EPERM.to_errno(), -1);
        assert_eq!(Error::from_errno(-4095).to_errno(), -4095);
        // Not an errno: EINVAL, or None from try_from_errno().
        for bad in [0, 1, 4095, -4096, i32::MIN, i32::MAX] {
            assert_eq!(Error::from_errno(bad), code::EINVAL);
            assert_eq!(Error::try_from_errno(bad), None);
        }
        assert_eq!(Error::try_from_errno(-2), Some(code::ENOENT));
    }

    #[test]
    fn syscall_return_passes_values_and_errors() {
        assert_eq!(ret(Ok(())), 0);
        assert_eq!(ret(Ok(42u32)), 42);
        assert_eq!(ret(Ok(u32::MAX)), c_long::from(u32::MAX));
        assert_eq!(ret::<()>(Err(code::ENOENT)), -2);
        assert_eq!(ret(Ok(c_long::MAX as u64)), c_long::MAX);
    }

    #[test]
    fn syscall_return_never_fakes_an_errno() {
        // A success that would read as -errno becomes EINVAL.
        assert_eq!(ret(Ok(-1i32)), -22);
        assert_eq!(ret(Ok(-4095 as c_long)), -22);
        assert_eq!(ret(Ok(-4096 as c_long)), -4096);
    }

    #[test]
    fn syscall_return_overflow_is_eoverflow() {
        assert_eq!(ret(Ok(u64::MAX)), code::EOVERFLOW.to_syscall_ret());
        assert_eq!(ret(Ok(usize::MAX)), code::EOVERFLOW.to_syscall_ret());
    }
}
