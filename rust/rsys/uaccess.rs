// SPDX-License-Identifier: GPL-2.0

//! Access to user memory.
//!
//! Wraps `copy_from_user()`, `copy_to_user()` and `clear_user()` (through the
//! helpers in `kernel/rsys/helpers.c`). A user address is only a number: the
//! C functions check that the range is user memory (`access_ok()`) and turn a
//! fault into a short copy, which becomes `EFAULT` here. So reading or
//! writing user memory is safe whatever the address: a NULL, unmapped,
//! kernel or partly mapped range gives `EFAULT`, never an oops.
//!
//! As in C, user memory may change between two reads (another thread can
//! write it): read each value once, into kernel memory, and check it there.
//! The types keep to that by design, as Rust-for-Linux's `uaccess` does: a
//! [`UserSlice`] is not `Copy`, and [`UserSlice::reader`] consumes it, so
//! a reader moves forward over each byte once. Reading the same bytes again
//! takes an explicit [`UserSliceReader::clone_reader`], where the second
//! read must not trust the first.

use crate::bindings;
use crate::error::{code, Result};
use core::ffi::{c_char, c_long, c_ulong, c_void};
use core::mem::{size_of, MaybeUninit};

/// An address in user space, as a system call receives it.
///
/// It has the ABI of a C pointer (`void __user *`), so it can be a parameter
/// of a system call's `extern "C"` function.
#[repr(transparent)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UserPtr(usize);

impl UserPtr {
    /// Makes a user pointer from an address.
    #[inline]
    pub const fn new(addr: usize) -> Self {
        Self(addr)
    }

    /// The address.
    #[inline]
    pub const fn addr(self) -> usize {
        self.0
    }

    /// Copies the NUL-terminated string at this address into `buf`
    /// (`strncpy_from_user()`) and returns it, without its NUL.
    ///
    /// # Errors
    ///
    /// `ENAMETOOLONG` if the string and its NUL do not fit in `buf`;
    /// `EFAULT` if the memory cannot be read before the NUL. `buf` may then
    /// have been partly written.
    pub fn read_c_str(self, buf: &mut [u8]) -> Result<&[u8]> {
        let count = c_long::try_from(buf.len()).map_err(|_| code::ENAMETOOLONG)?;
        if count == 0 {
            return Err(code::ENAMETOOLONG);
        }
        // SAFETY: `buf` is valid for writes of `count` bytes; the user
        // address is checked by strncpy_from_user() itself.
        let ret = unsafe {
            bindings::rsys_strncpy_from_user(
                buf.as_mut_ptr().cast(),
                self.0 as *const c_char,
                count,
            )
        };
        match usize::try_from(ret) {
            Err(_) => Err(code::EFAULT),
            Ok(len) if len >= buf.len() => Err(code::ENAMETOOLONG),
            Ok(len) => Ok(&buf[..len]),
        }
    }
}

/// A range of user memory: `len` bytes from a [`UserPtr`].
///
/// Turn it into a [`UserSliceReader`] or a [`UserSliceWriter`] (or both,
/// [`UserSlice::reader_writer`]) to use it; either consumes it. It is not
/// `Copy` or `Clone`, so that the same bytes are not read twice by accident.
#[derive(Debug)]
pub struct UserSlice {
    ptr: UserPtr,
    len: usize,
}

impl UserSlice {
    /// Makes a user slice. Nothing is checked until it is read or written.
    #[inline]
    pub const fn new(ptr: UserPtr, len: usize) -> Self {
        Self { ptr, len }
    }

    /// A reader of the slice, from its start.
    #[inline]
    pub const fn reader(self) -> UserSliceReader {
        UserSliceReader {
            ptr: self.ptr.0,
            len: self.len,
        }
    }

    /// A writer into the slice, from its start.
    #[inline]
    pub const fn writer(self) -> UserSliceWriter {
        UserSliceWriter {
            ptr: self.ptr.0,
            len: self.len,
        }
    }

    /// A reader and a writer of the slice, both from its start: for a call
    /// that reads its argument and writes its result in the same memory.
    #[inline]
    pub const fn reader_writer(self) -> (UserSliceReader, UserSliceWriter) {
        (
            UserSliceReader {
                ptr: self.ptr.0,
                len: self.len,
            },
            UserSliceWriter {
                ptr: self.ptr.0,
                len: self.len,
            },
        )
    }
}

/// Fails to build if `T` is `Copy`: both impls apply then, and the use below
/// is ambiguous. Keeps [`UserSlice`] from becoming `Copy` again.
trait AmbiguousIfCopy<A> {
    fn check() {}
}
impl<T: ?Sized> AmbiguousIfCopy<()> for T {}
impl<T: Copy> AmbiguousIfCopy<u8> for T {}
const _: fn() = <UserSlice as AmbiguousIfCopy<_>>::check;

/// Types that can be read from any bytes: integers and `repr(C)` structs of
/// them.
///
/// # Safety
///
/// Every bit pattern of `size_of::<Self>()` bytes must be a valid value.
pub unsafe trait FromBytes: Sized {}

/// Types whose bytes can all be shown to user space.
///
/// # Safety
///
/// The type must have no padding and no pointers: its bytes are copied out
/// to user space as they are, and must not leak kernel data.
pub unsafe trait AsBytes: Sized {}

macro_rules! impl_plain {
    ($($t:ty),*) => {
        $(
            // SAFETY: integers have no padding, no pointers and no invalid
            // bit patterns.
            unsafe impl FromBytes for $t {}
            // SAFETY: as above.
            unsafe impl AsBytes for $t {}
        )*
    };
}

impl_plain!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

/// Reads a [`UserSlice`] front to back.
pub struct UserSliceReader {
    ptr: usize,
    len: usize,
}

impl UserSliceReader {
    /// Bytes left to read.
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    /// A second reader of the bytes this one has left; reading from it does
    /// not move this one. User space can change the bytes between the two
    /// reads: check again what the second read returns.
    #[inline]
    pub fn clone_reader(&self) -> Self {
        Self {
            ptr: self.ptr,
            len: self.len,
        }
    }

    /// Whether everything has been read.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Fills `out` from the slice and moves past the bytes read.
    ///
    /// # Errors
    ///
    /// `EFAULT` if fewer than `out.len()` bytes are left or if the memory
    /// cannot be read; `out` may then have been partly written.
    #[inline]
    pub fn read_slice(&mut self, out: &mut [u8]) -> Result {
        // SAFETY: `out` is valid for writes of `out.len()` bytes, and bytes
        // are always valid values of `u8`.
        unsafe { self.read_raw(out.as_mut_ptr().cast(), out.len()) }
    }

    /// Reads a `T` from the slice and moves past it.
    ///
    /// # Errors
    ///
    /// `EFAULT` as for [`Self::read_slice`].
    #[inline]
    pub fn read<T: FromBytes>(&mut self) -> Result<T> {
        let mut value = MaybeUninit::<T>::uninit();
        // SAFETY: `value` is valid for writes of `size_of::<T>()` bytes.
        unsafe { self.read_raw(value.as_mut_ptr().cast(), size_of::<T>())? };
        // SAFETY: all its bytes were written just above, and `T: FromBytes`
        // makes any bytes a valid `T`.
        Ok(unsafe { value.assume_init() })
    }

    /// # Safety
    ///
    /// `to` must be valid for writes of `n` bytes.
    #[inline]
    unsafe fn read_raw(&mut self, to: *mut c_void, n: usize) -> Result {
        if n > self.len {
            return Err(code::EFAULT);
        }
        // SAFETY: the caller guarantees `to` is writable for `n` bytes; the
        // user address is checked by copy_from_user() itself.
        let left =
            unsafe { bindings::rsys_copy_from_user(to, self.ptr as *const c_void, n as c_ulong) };
        if left != 0 {
            return Err(code::EFAULT);
        }
        self.ptr = self.ptr.wrapping_add(n);
        self.len -= n;
        Ok(())
    }
}

/// Writes a [`UserSlice`] front to back.
pub struct UserSliceWriter {
    ptr: usize,
    len: usize,
}

impl UserSliceWriter {
    /// Bytes left to write.
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the whole slice has been written.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Copies `data` into the slice and moves past it.
    ///
    /// # Errors
    ///
    /// `EFAULT` if fewer than `data.len()` bytes are left or if the memory
    /// cannot be written; part of `data` may then have been written.
    #[inline]
    pub fn write_slice(&mut self, data: &[u8]) -> Result {
        // SAFETY: `data` is valid for reads of `data.len()` bytes.
        unsafe { self.write_raw(data.as_ptr().cast(), data.len()) }
    }

    /// Writes `value` into the slice and moves past it.
    ///
    /// # Errors
    ///
    /// `EFAULT` as for [`Self::write_slice`].
    #[inline]
    pub fn write<T: AsBytes>(&mut self, value: &T) -> Result {
        // SAFETY: `value` is valid for reads of `size_of::<T>()` bytes, all
        // initialised since `T: AsBytes` has no padding.
        unsafe { self.write_raw((value as *const T).cast(), size_of::<T>()) }
    }

    /// Writes as much of `value` as the rest of the slice holds, then zeroes
    /// what is left of it: how a struct that grows by appending fields goes
    /// out (as `sched_getattr()`'s does), user space giving the size it
    /// knows.
    ///
    /// # Errors
    ///
    /// `EFAULT` if the memory cannot be written.
    pub fn write_extensible<T: AsBytes>(&mut self, value: &T) -> Result {
        let n = self.len.min(size_of::<T>());
        // SAFETY: `value` is valid for reads of `size_of::<T>()` bytes, all
        // initialised since `T: AsBytes` has no padding, and `n` is no more.
        unsafe { self.write_raw((value as *const T).cast(), n)? };
        if self.len > 0 {
            self.clear(self.len)?;
        }
        Ok(())
    }

    /// Zeroes the next `n` bytes of the slice and moves past them.
    ///
    /// # Errors
    ///
    /// `EFAULT` if fewer than `n` bytes are left or if the memory cannot be
    /// written.
    #[inline]
    pub fn clear(&mut self, n: usize) -> Result {
        if n > self.len {
            return Err(code::EFAULT);
        }
        // SAFETY: clear_user() checks the user address itself.
        let left = unsafe { bindings::rsys_clear_user(self.ptr as *mut c_void, n as c_ulong) };
        if left != 0 {
            return Err(code::EFAULT);
        }
        self.ptr = self.ptr.wrapping_add(n);
        self.len -= n;
        Ok(())
    }

    /// # Safety
    ///
    /// `from` must be valid for reads of `n` initialised bytes.
    #[inline]
    unsafe fn write_raw(&mut self, from: *const c_void, n: usize) -> Result {
        if n > self.len {
            return Err(code::EFAULT);
        }
        // SAFETY: the caller guarantees `from` is readable for `n` bytes;
        // the user address is checked by copy_to_user() itself.
        let left =
            unsafe { bindings::rsys_copy_to_user(self.ptr as *mut c_void, from, n as c_ulong) };
        if left != 0 {
            return Err(code::EFAULT);
        }
        self.ptr = self.ptr.wrapping_add(n);
        self.len -= n;
        Ok(())
    }
}
// rsys-series: none

#[cfg(test)]
mod tests {
    use super::*;

    fn user<T>(p: *const T) -> UserPtr {
        UserPtr::new(p as usize)
    }

    #[test]
    fn reader_reads_in_order_within_bounds() {
        let data = [1u8, 2, 3, 4, 5, 6, 7, 8, 9];
        let mut r = UserSlice::new(user(data.as_ptr()), 9).reader();
        let mut two = [0u8; 2];
        r.read_slice(&mut two).unwrap();
        assert_eq!(two, [1, 2]);
        assert_eq!(r.read::<u32>().unwrap(), u32::from_ne_bytes([3, 4, 5, 6]));
        assert_eq!(r.len(), 3);
        // Past the end of the slice: EFAULT, nothing consumed.
        assert_eq!(r.read::<u32>(), Err(code::EFAULT));
        assert_eq!(r.len(), 3);
    }

    #[test]
    fn second_read_takes_a_clone_reader() {
        let mut data = [1u8, 2, 3, 4];
        let mut first = UserSlice::new(user(data.as_ptr()), 4).reader();
        let mut again = first.clone_reader();
        assert_eq!(first.read::<u16>().unwrap(), u16::from_ne_bytes([1, 2]));
        // User space changes the bytes between the two reads: the second
        // read sees the new ones, from where the clone was made.
        core::hint::black_box(&mut data)[0] = 9;
        assert_eq!(again.read::<u16>().unwrap(), u16::from_ne_bytes([9, 2]));
        assert_eq!(first.len(), 2);
        assert_eq!(again.len(), 2);
    }

    #[test]
    fn reader_writer_share_the_slice() {
        let mut data = [5u8, 0, 0, 0];
        let (mut r, mut w) = UserSlice::new(user(data.as_mut_ptr()), 4).reader_writer();
        let v = r.read::<u32>().unwrap();
        w.write(&(v + 1)).unwrap();
        assert_eq!(u32::from_ne_bytes(data), v + 1);
    }

    #[test]
    fn null_is_efault() {
        let mut out = [0u8; 4];
        let mut r = UserSlice::new(UserPtr::new(0), 4).reader();
        assert_eq!(r.read_slice(&mut out), Err(code::EFAULT));
        let mut w = UserSlice::new(UserPtr::new(0), 4).writer();
        assert_eq!(w.write(&7u32), Err(code::EFAULT));
        assert_eq!(w.clear(4), Err(code::EFAULT));
    }

    #[test]
    fn writer_writes_and_clears_within_bounds() {
        let mut buf = [0xaau8; 8];
        let mut w = UserSlice::new(user(buf.as_mut_ptr()), 6).writer();
        w.write_slice(&[1, 2]).unwrap();
        w.clear(2).unwrap();
        assert_eq!(w.write(&0u32), Err(code::EFAULT));
        w.write_slice(&[5, 6]).unwrap();
        assert!(w.is_empty());
        assert_eq!(buf, [1, 2, 0, 0, 5, 6, 0xaa, 0xaa]);
    }

    #[test]
    fn write_extensible_cuts_or_zero_fills() {
        let value = u32::from_ne_bytes([1, 2, 3, 4]);
        let mut buf = [0xaau8; 8];
        let mut w = UserSlice::new(user(buf.as_mut_ptr()), 2).writer();
        w.write_extensible(&value).unwrap();
        assert_eq!(buf, [1, 2, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa]);
        let mut w = UserSlice::new(user(buf.as_mut_ptr()), 7).writer();
        w.write_extensible(&value).unwrap();
        assert!(w.is_empty());
        assert_eq!(buf, [1, 2, 3, 4, 0, 0, 0, 0xaa]);
    }

    #[test]
    fn read_c_str_takes_strings_that_fit() {
        let mut buf = [0u8; 8];
        assert_eq!(
            user(b"hello\0".as_ptr()).read_c_str(&mut buf),
            Ok(&b"hello"[..])
        );
        assert_eq!(user(b"\0".as_ptr()).read_c_str(&mut buf), Ok(&b""[..]));
        // Seven bytes and the NUL fill the buffer exactly.
        assert_eq!(
            user(b"1234567\0".as_ptr()).read_c_str(&mut buf),
            Ok(&b"1234567"[..])
        );
    }

    #[test]
    fn read_c_str_too_long_is_enametoolong() {
        let mut buf = [0u8; 8];
        let s = b"12345678\0";
        assert_eq!(
            user(s.as_ptr()).read_c_str(&mut buf),
            Err(code::ENAMETOOLONG)
        );
        assert_eq!(
            user(s.as_ptr()).read_c_str(&mut []),
            Err(code::ENAMETOOLONG)
        );
    }

    #[test]
    fn read_c_str_null_is_efault() {
        let mut buf = [0u8; 8];
        assert_eq!(UserPtr::new(0).read_c_str(&mut buf), Err(code::EFAULT));
    }
}
